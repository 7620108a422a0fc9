import type { Metadata } from "next";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { can } from "@/lib/authz/policy";
import { requireProjectPage } from "@/lib/authz/session";
import { listPrincipalOptions } from "@/lib/secrets/accesses";
import { DEFAULT_ACCESS_ENTRIES } from "@/lib/secrets/schema";
import { SecretEditor } from "../secret-editor";

export const metadata: Metadata = { title: "New secret" };

export default async function NewSecretPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ name?: string; returnTo?: string }>;
}) {
  const { projectId } = await params;
  const { project, grant } = await requireProjectPage(projectId, "secrets.create");
  const canManageAccesses = can(grant, "secrets.accesses");
  const options = canManageAccesses ? await listPrincipalOptions(project.id) : [];
  const { name, returnTo } = await searchParams;
  // Back to a page of this project only: no other host, no path that climbs out of it.
  const safeReturn =
    typeof returnTo === "string" && returnTo.startsWith(`/projects/${project.id}/`) && !/\\|\/\/|\/\.\.?(?:\/|$)|%/.test(returnTo)
      ? returnTo
      : undefined;
  return (
    <>
      <Link href={`/projects/${project.id}/secrets`} className="mb-3 inline-flex items-center gap-1 text-sm text-primary hover:underline">
        <ArrowLeft className="size-4" aria-hidden /> Go to Secrets
      </Link>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight text-slate-900">Secret Editor</h1>
      <SecretEditor
        projectId={project.id}
        initialName={typeof name === "string" ? name.slice(0, 100) : ""}
        returnTo={safeReturn}
        canEdit
        canManageAccesses={canManageAccesses}
        accesses={DEFAULT_ACCESS_ENTRIES}
        options={options}
      />
    </>
  );
}
