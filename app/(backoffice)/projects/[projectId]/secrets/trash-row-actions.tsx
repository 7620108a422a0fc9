"use client";
import { callAction } from "@/components/forms/call-action";
import { RotateCcw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { GalleryRow } from "@/lib/secrets/queries";
import { purgeSecretAction, restoreSecretAction } from "./actions";

/** Restore, and Purge for who may (it takes Edit secrets too: lib/authz/policy.ts PURGE_NEEDS). */
export function TrashRowActions({ projectId, secret, canPurge }: { projectId: string; secret: GalleryRow; canPurge: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex justify-end gap-2">
      <Button
        variant="outline"
        size="sm"
        disabled={pending}
        aria-label={`Restore ${secret.name}`}
        onClick={() =>
          startTransition(async () => {
            const result = await callAction(() => restoreSecretAction(projectId, secret.id));
            if (result.ok) toast.success(`"${result.name}" restored.`);
            else toast.error(result.message);
            router.refresh();
          })
        }
      >
        <RotateCcw aria-hidden /> Restore
      </Button>
      {canPurge && (
        <ConfirmDialog
          trigger={
            <Button variant="outline" size="sm" aria-label={`Purge ${secret.name}`} className="text-red-700">
              <Trash2 aria-hidden /> Purge
            </Button>
          }
          title={`Purge "${secret.name}"?`}
          description={`"${secret.name}" and all ${secret.version} version(s) of its value are deleted for good. Its name can then be used again. This cannot be undone.`}
          confirmLabel="Purge for good"
          onConfirm={async () => {
            const result = await callAction(() => purgeSecretAction(projectId, secret.id));
            if (result.ok) toast.success(`"${result.name}" purged.`);
            else toast.error(result.message);
            router.refresh();
            return result.ok;
          }}
        />
      )}
    </div>
  );
}
