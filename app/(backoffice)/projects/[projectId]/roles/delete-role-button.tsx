"use client";
import { callAction } from "@/components/forms/call-action";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteRoleAction } from "./actions";

export function DeleteRoleButton({ projectId, roleId, name }: { projectId: string; roleId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-red-700" aria-label={`Delete role ${name}`}>
          <Trash2 aria-hidden />
        </Button>
      }
      title={`Delete role "${name}"?`}
      description="Secrets' Accesses entries for this role are removed with it. A role still held by someone cannot be deleted."
      confirmLabel="Delete role"
      onConfirm={async () => {
        const result = await callAction(() => deleteRoleAction(projectId, roleId));
        // Refused: said inside the dialog, which stays open.
        if (!result.ok) return result.message;
        toast.success(`Role "${result.name}" deleted.`);
        router.refresh();
        return true;
      }}
    />
  );
}
