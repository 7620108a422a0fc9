import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { ToolStateBadge } from "@/components/tools/tool-state-badge";
import { Card } from "@/components/ui/card";
import { requireProjectPage } from "@/lib/authz/session";
import { getProjectToolSettings } from "@/lib/tools/settings";
import { HeaderCell, TableHeader, scrollRegion } from "@/components/ui/table";

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
      <Card className="overflow-x-auto" {...scrollRegion("Tools")}>
        <table className="w-full text-left text-sm">
          <TableHeader>
            <tr>
              <HeaderCell className="px-5 py-3">Tool</HeaderCell>
              <HeaderCell className="px-5 py-3">State</HeaderCell>
              <HeaderCell className="px-5 py-3">Needs attention</HeaderCell>
            </tr>
          </TableHeader>
          <tbody className="divide-y divide-slate-100">
            {tools.map(({ tool, state, missing, broken }) => (
              <tr key={tool.key}>
                <td className="px-5 py-3">
                  <Link href={`/projects/${project.id}/tools/${tool.key}`} className="font-medium text-primary hover:underline">
                    {tool.name}
                  </Link>
                  <span className="block text-xs text-slate-500">{tool.description}</span>
                </td>
                <td className="px-5 py-3">
                  <ToolStateBadge state={state} />
                </td>
                <td className="px-5 py-3 text-slate-600">
                  {[...missing.map((m) => `${m} not set`), ...broken.map((b) => `${b} does not resolve`)].join(" · ") || "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
