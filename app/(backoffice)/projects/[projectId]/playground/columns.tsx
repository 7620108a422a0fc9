"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable, listFeatures } from "@/components/ui/data-table/data-table";
import type { PlaygroundParameter } from "@/lib/tools/playground";

const helper = createColumnHelper<typeof listFeatures, PlaygroundParameter>();
const TONES: Record<string, "success" | "warning" | "danger" | "neutral"> = {
  ok: "success",
  unset: "neutral",
  missing: "warning",
  inactive: "warning",
};

const columns = helper.columns([
  helper.accessor("key", {
    header: "Parameter",
    meta: { rowHeader: true },
    cell: ({ row }) => <span className="font-mono text-xs">{row.original.key}</span>,
  }),
  helper.accessor("secretName", { header: "Secret", cell: ({ row }) => row.original.secretName ?? "—" }),
  helper.accessor("status", {
    header: "Outcome",
    cell: ({ row }) => <Badge tone={TONES[row.original.status] ?? "danger"}>{row.original.status}</Badge>,
  }),
  // A secret's value masked, never shown; a plain setting as it is.
  helper.accessor("shown", { header: "Value", cell: ({ row }) => <span className="font-mono text-xs">{row.original.shown}</span> }),
]);

/** One tool's settings as a token resolves them. */
export function ResolutionTable({ parameters }: { parameters: PlaygroundParameter[] }) {
  return (
    <DataTable
      label="Resolution"
      caption="Resolution"
      columns={columns}
      rows={parameters}
      rowId={(p) => p.key}
      empty="This tool has no settings."
    />
  );
}
