import type { Metadata } from "next";
import { formatExact, formatRelative } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { requireProjectPage } from "@/lib/authz/session";
import { listApiTokens } from "@/lib/tokens/tokens";
import { SCOPE_LABELS } from "@/lib/tokens/schema";
import { CreateTokenDialog } from "./create-token-dialog";
import { RevokeTokenButton } from "./revoke-token-button";
import { HeaderCell, TableHeader, scrollRegion } from "@/components/ui/table";

export const metadata: Metadata = { title: "API Tokens" };

const STATE_TONES = { active: "success", expired: "warning", revoked: "danger" } as const;

export default async function ApiTokensPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectPage(projectId, "tokens.manage");
  const tokens = await listApiTokens(project.id);
  return (
    <>
      <PageHeader
        title="API Tokens"
        description="Tools and scripts call the REST API (/v1) with a project token: Authorization: Bearer <token>. A token is shown once, when it is created; only its hash is kept."
        actions={<CreateTokenDialog projectId={project.id} />}
      />
      <Card className="overflow-x-auto" {...scrollRegion("API tokens")}>
        <table className="w-full text-left text-sm">
          <TableHeader>
            <tr>
              <HeaderCell>Name</HeaderCell>
              <HeaderCell>Token</HeaderCell>
              <HeaderCell>Scope</HeaderCell>
              <HeaderCell>State</HeaderCell>
              <HeaderCell>Expires</HeaderCell>
              <HeaderCell>Last used</HeaderCell>
              <HeaderCell>
                <span className="sr-only">Actions</span>
              </HeaderCell>
            </tr>
          </TableHeader>
          <tbody className="divide-y divide-slate-100">
            {tokens.length === 0 && (
              <tr>
                <td colSpan={7} className="px-4 py-10 text-center text-slate-500">
                  No API token yet. Create one for each tool or script that resolves secrets, so each can be revoked on its own.
                </td>
              </tr>
            )}
            {tokens.map((token) => (
              <tr key={token.id}>
                <td className="px-4 py-3 font-medium">{token.name}</td>
                <td className="px-4 py-3 font-mono text-xs text-slate-600">{token.prefix}…</td>
                <td className="px-4 py-3">{SCOPE_LABELS[token.scope]}</td>
                <td className="px-4 py-3">
                  <Badge tone={STATE_TONES[token.state]}>{token.state[0].toUpperCase() + token.state.slice(1)}</Badge>
                </td>
                <td className="px-4 py-3 text-slate-600">
                  {token.expiresAt ? <span title={formatExact(token.expiresAt)}>{formatRelative(token.expiresAt)}</span> : "Never"}
                </td>
                <td className="px-4 py-3 text-slate-600">
                  {token.lastUsedAt ? <span title={formatExact(token.lastUsedAt)}>{formatRelative(token.lastUsedAt)}</span> : "Never"}
                </td>
                <td className="px-4 py-3 text-right">
                  {token.state !== "revoked" && <RevokeTokenButton projectId={project.id} tokenId={token.id} name={token.name} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
