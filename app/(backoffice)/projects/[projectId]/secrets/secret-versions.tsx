"use client";
import { callAction } from "@/components/forms/call-action";
import { History } from "lucide-react";
import { useRouter } from "next/navigation";
import { useContext } from "react";
import { toast } from "sonner";
import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { rollbackSecretAction } from "./actions";
import { UnsavedEditsContext } from "./unsaved-edits";

type Version = { version: number; createdAt: Date; createdBy: string | null; revoked: boolean };

/**
 * The stored versions of a secret, newest first, with a roll back to any
 * earlier one (its value becomes a new version). Values are never listed.
 */
export function SecretVersions({
  projectId,
  secret,
  versions,
  usedBy,
}: {
  projectId: string;
  secret: { id: string; name: string; version: number; revision: number; status: string };
  versions: Version[];
  usedBy: string[];
}) {
  const router = useRouter();
  const unsaved = useContext(UnsavedEditsContext);
  const revoked = secret.status === "REVOKED";
  return (
    <div className="grid gap-3">
      <ol className="max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm" aria-label="Versions">
        {versions.map((v) => (
          <li key={v.version} className="flex items-center justify-between gap-3 py-2">
            <div className="grid gap-0.5">
              <span className="flex items-center gap-2 font-medium tabular-nums text-slate-900">
                Version {v.version}
                {v.version === secret.version && <Badge tone="success">Current</Badge>}
                {v.revoked && (
                  <Badge
                    tone="danger"
                    title="This value was current when the secret was revoked (or came before): it is never served or brought back."
                  >
                    Revoked
                  </Badge>
                )}
              </span>
              <span className="text-xs text-slate-500" title={formatExact(v.createdAt)}>
                {formatRelative(v.createdAt)}
                {v.createdBy ? ` by ${v.createdBy}` : ""}
              </span>
            </div>
            {v.version < secret.version && !revoked && !v.revoked && (
              <div>
                <ConfirmDialog
                  destructive={false}
                  trigger={
                    <Button variant="outline" size="sm" aria-label={`Roll back to version ${v.version}`}>
                      <History aria-hidden /> Roll back
                    </Button>
                  }
                  title={`Roll back "${secret.name}" to version ${v.version}?`}
                  description={
                    `The value of version ${v.version} becomes version ${secret.version + 1}; version ${secret.version} stays in the history.` +
                    (usedBy.length ? ` ${usedBy.join(", ")} get it on their next resolution.` : "") +
                    (unsaved ? " The changes not saved in the editor are discarded." : "")
                  }
                  confirmLabel={`Roll back to version ${v.version}`}
                  onConfirm={async () => {
                    const result = await callAction(() =>
                      rollbackSecretAction(projectId, secret.id, { toVersion: v.version, revision: secret.revision }),
                    );
                    if (!result.ok) {
                      toast.error(result.message);
                      return false;
                    }
                    toast.success(`"${secret.name}" now holds the value of version ${v.version}, as version ${result.version}.`);
                    router.refresh();
                    return true;
                  }}
                />
              </div>
            )}
          </li>
        ))}
      </ol>
      {revoked && versions.length > 1 && (
        <p className="text-xs text-slate-500">A revoked secret cannot go back to an earlier value: enter a new one.</p>
      )}
      {!revoked && versions.some((v) => v.revoked) && (
        <p className="text-xs text-slate-500">
          Revoked versions were invalidated when the secret was revoked and can never be brought back.
        </p>
      )}
    </div>
  );
}
