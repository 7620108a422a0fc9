"use client";
import { callAction } from "@/components/forms/call-action";
import { useLeavePage } from "@/components/forms/use-unsaved-changes";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteSecretAction } from "./actions";

export function DeleteSecretButton({
  projectId,
  secretId,
  name,
  usedBy = [],
}: {
  projectId: string;
  secretId: string;
  name: string;
  usedBy?: string[];
}) {
  const leavePage = useLeavePage();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" className="text-red-700 hover:bg-red-50">
          <Trash2 aria-hidden /> Delete
        </Button>
      }
      title={`Delete "${name}"?`}
      description={
        `"${name}" moves to the Trash for 30 days. Until it is restored, no tool or person can use it, and its name stays taken.` +
        (usedBy.length ? ` It is used by ${usedBy.join(", ")}: those settings will stop resolving.` : "")
      }
      confirmLabel={`Delete "${name}"`}
      onConfirm={async () => {
        const result = await callAction(() => deleteSecretAction(projectId, secretId));
        // Refused: said inside the dialog, which stays open.
        if (!result.ok) return result.message;
        toast.success(`"${result.name}" moved to the Trash.`);
        // Confirmed: edits not saved in the editor go with the secret, and so does the page's extra history entry.
        leavePage(`/projects/${projectId}/secrets`, { ask: false });
        return true;
      }}
    />
  );
}
