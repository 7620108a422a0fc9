"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { DataTable, listFeatures } from "@/components/ui/data-table/data-table";
import type { listRequests } from "@/lib/requests/requests";

/** What a row shows, and no more: the page sends only these to the browser (not the caller's address, not the raw details). */
export type RequestRow = Pick<
  Awaited<ReturnType<typeof listRequests>>["rows"][number],
  "id" | "createdAt" | "actorLabel" | "action" | "method" | "path" | "tool" | "parameter" | "targetName" | "outcome" | "status" | "reason"
>;
const helper = createColumnHelper<typeof listFeatures, RequestRow>();
const TONES = { ALLOWED: "success", DENIED: "danger", FAILED: "warning" } as const;

/** Each column on one line: the log is read across, and scrolls sideways on a narrow screen. */
const columns = helper.columns([
  helper.accessor("createdAt", {
    header: "Time",
    cell: ({ row }) => (
      <time
        dateTime={row.original.createdAt.toISOString()}
        title={formatExact(row.original.createdAt)}
        className="whitespace-nowrap text-slate-600"
      >
        {formatRelative(row.original.createdAt)}
      </time>
    ),
  }),
  helper.accessor("actorLabel", {
    header: "Token",
    cell: ({ row }) => <span className="whitespace-nowrap">{row.original.actorLabel}</span>,
  }),
  helper.display({
    id: "request",
    header: "Request",
    cell: ({ row: { original: r } }) => (
      <span className="whitespace-nowrap font-mono text-xs">
        {r.method ? `${r.method} ${r.path}` : r.action === "secret.resolve" ? `resolve ${r.tool}.${r.parameter}` : r.action}
      </span>
    ),
  }),
  helper.accessor("targetName", {
    header: "Secret or tool",
    cell: ({ row }) => <span className="whitespace-nowrap">{row.original.targetName ?? "—"}</span>,
  }),
  helper.accessor("outcome", {
    header: "Outcome",
    cell: ({ row: { original: r } }) => (
      <span className="whitespace-nowrap">
        <Badge tone={TONES[r.outcome]}>
          {r.status ? `${r.status} ` : ""}
          {r.outcome.toLowerCase()}
        </Badge>
        {r.reason && <span className="ml-2 text-xs text-slate-500">{r.reason}</span>}
      </span>
    ),
  }),
]);

/** One page of the requests log, newest first. */
export function RequestsTable({ rows, filtered }: { rows: RequestRow[]; filtered: boolean }) {
  return (
    <DataTable
      label="Requests"
      columns={columns}
      rows={rows}
      rowId={(row) => String(row.id)}
      empty={
        filtered
          ? "No request matches these filters."
          : "No request yet. Calls to /v1 with this project's tokens, and the tools' resolutions, appear here."
      }
    />
  );
}
