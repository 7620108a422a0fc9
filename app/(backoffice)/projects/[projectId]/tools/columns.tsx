"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { ToolStateBadge } from "@/components/tools/tool-state-badge";
import { DataTable, listFeatures } from "@/components/ui/data-table/data-table";

export type ToolRow = {
  key: string;
  name: string;
  description: string;
  state: "configured" | "incomplete" | "broken";
  /** What a person has to do: settings not set, references that do not resolve. */
  attention: string;
};
const helper = createColumnHelper<typeof listFeatures, ToolRow>();

function toolColumns(projectId: string) {
  return helper.columns([
    helper.accessor("name", {
      header: "Tool",
      cell: ({ row: { original: tool } }) => (
        <>
          <Link href={`/projects/${projectId}/tools/${tool.key}`} className="font-medium text-primary hover:underline">
            {tool.name}
          </Link>
          <span className="block text-xs text-slate-500">{tool.description}</span>
        </>
      ),
    }),
    helper.accessor("state", { header: "State", cell: ({ row }) => <ToolStateBadge state={row.original.state} /> }),
    helper.accessor("attention", {
      header: "Needs attention",
      cell: ({ row }) => <span className="text-slate-600">{row.original.attention || "—"}</span>,
    }),
  ]);
}

/** The project's tools and whether each can run as configured. */
export function ToolsTable({ projectId, tools }: { projectId: string; tools: ToolRow[] }) {
  return <DataTable label="Tools" columns={toolColumns(projectId)} rows={tools} rowId={(tool) => tool.key} empty="No tools." />;
}
