import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireProjectPage } from "@/lib/authz/session";
import { TOOLS } from "@/lib/tools/catalog";
import { listApiTokens } from "@/lib/tokens/tokens";
import { PlaygroundForm } from "./playground-form";

export const metadata: Metadata = { title: "Playground" };

export default async function PlaygroundPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ tool?: string }>;
}) {
  const { projectId } = await params;
  const { project } = await requireProjectPage(projectId, "tokens.manage");
  const { tool } = await searchParams;
  const tokens = (await listApiTokens(project.id)).filter((t) => t.state === "active");
  return (
    <>
      <PageHeader
        title="Playground"
        description="Resolve a tool's settings exactly as one of this project's API tokens would at run time. Secret values stay masked; each run is audited."
      />
      <PlaygroundForm
        projectId={project.id}
        tools={TOOLS.map((t) => ({ key: t.key, name: t.name }))}
        tokens={tokens.map((t) => ({ id: t.id, name: `${t.name} (${t.prefix}…)` }))}
        initialTool={TOOLS.some((t) => t.key === tool) ? tool : undefined}
      />
    </>
  );
}
