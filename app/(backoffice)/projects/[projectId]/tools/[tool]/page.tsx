import type { Metadata } from "next";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { ToolStateBadge } from "@/components/tools/tool-state-badge";
import { can } from "@/lib/authz/policy";
import { requireProjectPage } from "@/lib/authz/session";
import { listReferenceOptions } from "@/lib/tools/secret-options";
import { getToolSettings } from "@/lib/tools/settings";
import { ToolSettingsForm } from "./tool-settings-form";

export const metadata: Metadata = { title: "Tool settings" };

export default async function ToolSettingsPage({ params }: { params: Promise<{ projectId: string; tool: string }> }) {
  const { projectId, tool: toolKey } = await params;
  const { grant, project } = await requireProjectPage(projectId, "tools.view");
  const settings = await getToolSettings(project.id, toolKey);
  if (!settings) notFound();
  const secrets = await listReferenceOptions(project.id);
  return (
    <>
      <Link href={`/projects/${project.id}/tools`} className="mb-3 inline-flex items-center gap-1 text-sm text-primary hover:underline">
        <ArrowLeft className="size-4" aria-hidden /> Go to Tools
      </Link>
      <PageHeader title={settings.tool.name} description={settings.tool.description} />
      <p className="-mt-3 mb-5 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <ToolStateBadge state={settings.state} />
        {[...settings.missing.map((m) => `${m} not set`), ...settings.broken.map((b) => `${b} does not resolve`)].join(" · ")}
      </p>
      <ToolSettingsForm
        projectId={project.id}
        tool={settings.tool}
        parameters={settings.parameters}
        secrets={secrets}
        canEdit={can(grant, "tools.edit")}
        canCreateSecret={can(grant, "secrets.create")}
      />
    </>
  );
}
