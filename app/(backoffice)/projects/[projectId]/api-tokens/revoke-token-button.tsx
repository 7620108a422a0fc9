"use client";
import { callAction } from "@/components/forms/call-action";
import { Ban } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { revokeApiTokenAction } from "./actions";

export function RevokeTokenButton({ projectId, tokenId, name }: { projectId: string; tokenId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-red-700" aria-label={`Revoke ${name}`}>
          <Ban aria-hidden /> Revoke
        </Button>
      }
      title={`Revoke "${name}"?`}
      description="Every call with this token is refused from now on. This cannot be undone; create a new token instead."
      confirmLabel="Revoke token"
      onConfirm={async () => {
        const result = await callAction(() => revokeApiTokenAction(projectId, tokenId));
        // Refused: said inside the dialog, which stays open.
        if (!result.ok) return result.message;
        toast.success(`"${result.name}" revoked.`);
        router.refresh();
        return true;
      }}
    />
  );
}
