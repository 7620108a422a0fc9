import type { Metadata } from "next";
import { KeyRound, Plus } from "lucide-react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { can, canPurge, secretRightsForUser } from "@/lib/authz/policy";
import { requireProjectPage } from "@/lib/authz/session";
import { listSecrets, purgeExpiredTrash } from "@/lib/secrets/queries";
import { getSecretUsage } from "@/lib/tools/settings";
import { galleryQuerySchema, TRASH_DAYS } from "@/lib/secrets/schema";
import { cn } from "@/lib/utils";
import { ImportDotenvDialog } from "./import-dotenv-dialog";
import { SecretsTable } from "./secrets-table";

export const metadata: Metadata = { title: "Secrets" };

export default async function SecretsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { projectId } = await params;
  const { grant, project } = await requireProjectPage(projectId, "secrets.list");
  const sp = await searchParams;
  const query = galleryQuerySchema.parse(sp);
  const canCreate = can(grant, "secrets.create");
  // Delete and rename come from permissions, never from a secret's Accesses entries: the same for every secret.
  const canPurgeTrash = canPurge(secretRightsForUser(grant, []));
  if (query.view === "trash") await purgeExpiredTrash(project.id);
  const { rows: page, total } = await listSecrets(project.id, query);
  // A page past the end (an old link, a hand-edited URL) opens the last page instead of an empty one.
  const lastPage = Math.max(1, Math.ceil(total / query.size));
  if (query.page > lastPage) {
    const params = new URLSearchParams(
      Object.entries(sp).flatMap(([key, value]) => (typeof value === "string" && key !== "page" ? [[key, value]] : [])),
    );
    if (lastPage > 1) params.set("page", String(lastPage));
    redirect(`/projects/${project.id}/secrets${params.size ? `?${params}` : ""}`);
  }
  const usage = await getSecretUsage(
    project.id,
    page.map((r) => r.name.toLowerCase()),
  );
  const rows = page.map((r) => ({ ...r, usedBy: [...new Set((usage.get(r.name.toLowerCase()) ?? []).map((u) => u.toolName))] }));
  const base = `/projects/${project.id}/secrets`;

  return (
    <>
      <div className="mb-6 flex flex-col gap-4">
        <div className="flex flex-wrap items-center gap-3">
          {canCreate && (
            <Button asChild>
              <Link href={`${base}/new`}>
                <Plus aria-hidden /> Create new
              </Link>
            </Button>
          )}
          {canCreate && <ImportDotenvDialog projectId={project.id} />}
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Secrets</h1>
        </div>
        <p className="max-w-3xl text-sm text-slate-600">
          Confidential values stored encrypted for this project. Tool settings refer to a secret by its exact name; values are never shown
          here.
        </p>
        <nav aria-label="Secrets views" className="flex gap-1 border-b border-slate-200">
          <ViewLink href={base} active={query.view === "active"}>
            Secrets
          </ViewLink>
          <ViewLink href={`${base}?view=trash`} active={query.view === "trash"}>
            Trash
          </ViewLink>
        </nav>
      </div>
      {query.view === "trash" && (
        <p className="mb-3 text-sm text-slate-600">Deleted secrets stay here for {TRASH_DAYS} days, then are purged for good.</p>
      )}
      <SecretsTable
        projectId={project.id}
        rows={rows}
        total={total}
        query={query}
        canManage={canCreate}
        canPurge={canPurgeTrash}
        emptyState={query.view === "trash" ? "The Trash is empty." : <EmptyGallery canCreate={canCreate} href={`${base}/new`} />}
      />
    </>
  );
}

function ViewLink({ href, active, children }: { href: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "-mb-px border-b-2 px-4 py-2 text-sm font-medium",
        active ? "border-primary text-primary" : "border-transparent text-slate-600 hover:text-slate-900",
      )}
    >
      {children}
    </Link>
  );
}

function EmptyGallery({ canCreate, href }: { canCreate: boolean; href: string }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-3">
      <span className="rounded-full bg-indigo-50 p-3 text-primary">
        <KeyRound className="size-6" aria-hidden />
      </span>
      <p className="text-base font-medium text-slate-900">No secrets yet</p>
      <p>
        A secret stores an API key, a client secret or a token encrypted. Tool settings refer to it by name — for example
        &quot;MyAPIkey&quot; — so everyone can see the settings while the value stays protected.
      </p>
      {canCreate ? (
        <Button asChild>
          <Link href={href}>
            <Plus aria-hidden /> Create new
          </Link>
        </Button>
      ) : (
        <p className="text-xs">Project administrators create secrets.</p>
      )}
    </div>
  );
}
