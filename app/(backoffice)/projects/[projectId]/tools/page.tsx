import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { requireProjectPage } from "@/lib/authz/session";
import { getProjectToolSettings } from "@/lib/tools/settings";
import { ToolsTable } from "./columns";

export const metadata: Metadata = { title: "Tools" };

export default async function ToolsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectPage(projectId, "tools.view");
  const tools = await getProjectToolSettings(project.id);
  return (
    <>
      <PageHeader
        title="Tools"
        description="The platform's public tools, preconfigured in every project. Confidential settings refer to a secret by name; tools get the value at run time through the REST API."
      />
      <Card>
        <ToolsTable
          projectId={project.id}
          tools={tools.map(({ tool, state, missing, broken }) => ({
            key: tool.key,
            name: tool.name,
            description: tool.description,
            state,
            attention: [...missing.map((m) => `${m} not set`), ...broken.map((b) => `${b} does not resolve`)].join(" · "),
          }))}
        />
      </Card>
    </>
  );
}
