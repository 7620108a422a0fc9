import type { Metadata } from "next";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatExact, formatRelative } from "@/components/format";
import { ActivityList } from "@/components/activity/activity-list";
import { ExpiryBadge } from "@/components/secrets/expiry-badge";
import { StatusBadge } from "@/components/secrets/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { isUuid } from "@/lib/ids";
import { requireProjectPage } from "@/lib/authz/session";
import { listPrincipalOptions, listSecretAccesses } from "@/lib/secrets/accesses";
import { getSecretRights } from "@/lib/secrets/guard";
import { dayOfExpiry } from "@/lib/secrets/rules";
import { secretHistory } from "@/lib/audit/activity";
import { getSecretMetadata, listSecretVersions } from "@/lib/secrets/queries";
import { getSecretUsage } from "@/lib/tools/settings";
import { RevealSecret } from "../reveal-secret";
import { DeleteSecretButton } from "../delete-secret-button";
import { SecretEditor } from "../secret-editor";
import { SecretVersions } from "../secret-versions";

export const metadata: Metadata = { title: "Secret" };

export default async function SecretPage({ params }: { params: Promise<{ projectId: string; secretId: string }> }) {
  const { projectId, secretId } = await params;
  const context = await requireProjectPage(projectId, "secrets.list");
  const { project } = context;
  if (!isUuid(secretId)) notFound();
  const [secret, rights] = await Promise.all([getSecretMetadata(project.id, secretId), getSecretRights(context, secretId)]);
  if (!secret || !rights) notFound();
  const canEdit = rights.write;
  const canDelete = rights.delete;
  const readOnly = !canEdit && !rights.manageAccesses;
  const [history, versions, accesses, options, usage] = await Promise.all([
    canEdit ? secretHistory(project.id, secret.id) : [],
    canEdit ? listSecretVersions(project.id, secret.id) : [],
    listSecretAccesses(project.id, secret.id),
    rights.manageAccesses ? listPrincipalOptions(project.id) : [],
    getSecretUsage(project.id, [secret.name.toLowerCase()]),
  ]);
  const usedBy = usage.get(secret.name.toLowerCase()) ?? [];
  const gallery = `/projects/${project.id}/secrets`;

  return (
    <>
      <Link href={gallery} className="mb-3 inline-flex items-center gap-1 text-sm text-primary hover:underline">
        <ArrowLeft className="size-4" aria-hidden /> Go to Secrets
      </Link>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        {/* Someone who can change nothing here is not offered an editor. */}
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{readOnly ? "Secret" : "Secret Editor"}</h1>
        <span className="text-lg text-slate-500">{secret.name}</span>
        {readOnly && <Badge>Read only</Badge>}
        <StatusBadge status={secret.status} />
        <ExpiryBadge expiresAt={secret.expiresAt} />
        {canDelete && !secret.deletedAt && (
          <div className="ml-auto">
            <DeleteSecretButton
              projectId={project.id}
              secretId={secret.id}
              name={secret.name}
              usedBy={usedBy.map((u) => `${u.toolName} (${u.parameter})`)}
            />
          </div>
        )}
      </div>
      {secret.deletedAt ? (
        <Card>
          <CardContent>
            <p className="text-sm text-slate-700">
              &quot;{secret.name}&quot; is in the Trash since {formatExact(secret.deletedAt)}. It resolves for nothing until it is restored.{" "}
              <Link href={`${gallery}?view=trash`} className="text-primary hover:underline">
                Open the Trash
              </Link>
            </p>
          </CardContent>
        </Card>
      ) : (
        <SecretEditor
          projectId={project.id}
          secret={secret}
          canEdit={canEdit}
          canReveal={rights.read}
          canRename={rights.rename}
          canManageAccesses={rights.manageAccesses}
          usedBy={usedBy}
          accesses={accesses}
          options={options}
          aside={
            canEdit ? (
              <>
                <UsedBy projectId={project.id} usedBy={usedBy} />
                <Card>
                  <CardHeader>
                    <CardTitle>Versions</CardTitle>
                  </CardHeader>
                  <CardContent>
                    <SecretVersions
                      projectId={project.id}
                      secret={secret}
                      versions={versions}
                      usedBy={usedBy.map((u) => `${u.toolName} (${u.parameter})`)}
                    />
                  </CardContent>
                </Card>
                <Card>
                  <CardHeader>
                    <CardTitle>History</CardTitle>
                  </CardHeader>
                  <CardContent className="p-0">
                    <ActivityList entries={history} label="History" empty="No history yet." />
                  </CardContent>
                </Card>
              </>
            ) : (
              <UsedBy projectId={project.id} usedBy={usedBy} />
            )
          }
          readOnly={
            <ReadOnlyDetails
              secret={secret}
              reveal={rights.read && secret.status !== "REVOKED" ? { projectId: project.id, secretId: secret.id } : null}
            />
          }
        />
      )}
    </>
  );
}

function ReadOnlyDetails({
  secret,
  reveal,
}: {
  secret: NonNullable<Awaited<ReturnType<typeof getSecretMetadata>>>;
  reveal: { projectId: string; secretId: string } | null;
}) {
  return (
    <div className="grid max-w-2xl gap-4 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-sm">
      <dl className="grid gap-4 sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">Name</dt>
          <dd className="font-medium">{secret.name}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Status</dt>
          <dd>
            <StatusBadge status={secret.status} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Version</dt>
          <dd className="font-medium tabular-nums">{secret.version}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Expires</dt>
          <dd>{secret.expiresAt ? `${dayOfExpiry(secret.expiresAt)} (UTC)` : "Never"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Updated</dt>
          <dd title={formatExact(secret.updatedAt)}>
            {formatRelative(secret.updatedAt)}
            {secret.updatedByName ? ` by ${secret.updatedByName}` : ""}
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-slate-500">Description</dt>
          <dd>{secret.description || "—"}</dd>
        </div>
      </dl>
      {reveal ? (
        <RevealSecret projectId={reveal.projectId} secretId={reveal.secretId} />
      ) : (
        <p className="text-xs text-slate-500">
          The value is not shown. Only people the secret&apos;s Accesses allow can reveal it; project administrators can change it.
        </p>
      )}
    </div>
  );
}

function UsedBy({ projectId, usedBy }: { projectId: string; usedBy: { toolKey: string; toolName: string; parameter: string }[] }) {
  return (
    <Card className="max-w-2xl">
      <CardHeader>
        <CardTitle>Used by</CardTitle>
      </CardHeader>
      <CardContent>
        {usedBy.length === 0 ? (
          <p className="text-sm text-slate-500">No tool setting refers to this secret.</p>
        ) : (
          <ul className="grid gap-1 text-sm" aria-label="Used by">
            {usedBy.map((u) => (
              <li key={`${u.toolKey}-${u.parameter}`}>
                <Link href={`/projects/${projectId}/tools/${u.toolKey}`} className="text-primary hover:underline">
                  {u.toolName}
                </Link>{" "}
                — {u.parameter}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
