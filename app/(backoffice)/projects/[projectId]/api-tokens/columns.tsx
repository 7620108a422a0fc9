"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { DataTable, listFeatures } from "@/components/ui/data-table/data-table";
import { SCOPE_LABELS } from "@/lib/tokens/schema";
import type { listApiTokens } from "@/lib/tokens/tokens";
import { RevokeTokenButton } from "./revoke-token-button";

export type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];
const helper = createColumnHelper<typeof listFeatures, TokenRow>();
const STATE_TONES = { active: "success", expired: "warning", revoked: "danger" } as const;

const when = (date: Date | null) => (date ? <span title={formatExact(date)}>{formatRelative(date)}</span> : "Never");

function tokenColumns(projectId: string) {
  return helper.columns([
    helper.accessor("name", { header: "Name", cell: ({ row }) => <span className="font-medium">{row.original.name}</span> }),
    helper.accessor("prefix", {
      header: "Token",
      cell: ({ row }) => <span className="font-mono text-xs text-slate-600">{row.original.prefix}…</span>,
    }),
    helper.accessor("scope", { header: "Scope", cell: ({ row }) => SCOPE_LABELS[row.original.scope] }),
    helper.accessor("state", {
      header: "State",
      cell: ({ row: { original: token } }) => (
        <Badge tone={STATE_TONES[token.state]}>{token.state[0].toUpperCase() + token.state.slice(1)}</Badge>
      ),
    }),
    helper.accessor("expiresAt", {
      header: "Expires",
      cell: ({ row }) => <span className="text-slate-600">{when(row.original.expiresAt)}</span>,
    }),
    helper.accessor("lastUsedAt", {
      header: "Last used",
      cell: ({ row }) => <span className="text-slate-600">{when(row.original.lastUsedAt)}</span>,
    }),
    helper.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { align: "right" },
      cell: ({ row: { original: token } }) =>
        token.state !== "revoked" && <RevokeTokenButton projectId={projectId} tokenId={token.id} name={token.name} />,
    }),
  ]);
}

/** The project's API tokens: never the token itself, only its prefix. */
export function TokensTable({ projectId, tokens }: { projectId: string; tokens: TokenRow[] }) {
  return (
    <DataTable
      label="API tokens"
      columns={tokenColumns(projectId)}
      rows={tokens}
      rowId={(token) => token.id}
      empty="No API token yet. Create one for each tool or script that resolves secrets, so each can be revoked on its own."
    />
  );
}
