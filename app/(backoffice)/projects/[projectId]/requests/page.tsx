import type { Metadata } from "next";
import { formatExact, formatRelative } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { requireProjectPage } from "@/lib/authz/session";
import { listRequests, parseRequestQuery, REQUEST_PAGE_SIZE } from "@/lib/requests/requests";
import { UrlPager } from "@/components/ui/data-table/url-pager";
import { RequestFilters } from "./request-filters";
import { HeaderCell, TableHeader, scrollRegion } from "@/components/ui/table";

export const metadata: Metadata = { title: "Requests" };

const TONES = { ALLOWED: "success", DENIED: "danger", FAILED: "warning" } as const;

export default async function RequestsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { projectId } = await params;
  const { project } = await requireProjectPage(projectId, "requests.view");
  const sp = await searchParams;
  const query = parseRequestQuery(sp);
  const { outcome, token, secret, page } = query;
  const { rows, total, tokens } = await listRequests(project.id, query);
  const filters = new URLSearchParams(
    Object.entries({ outcome, token, secret, from: sp.from, to: sp.to }).filter((e): e is [string, string] => Boolean(e[1])),
  );

  return (
    <>
      <PageHeader
        title="Requests"
        description="Every REST API call and every secret resolution made with this project's API tokens — the audit log's view for machines."
      />
      <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <RequestFilters
          tokens={tokens}
          values={{ outcome, token, secret, from: sp.from, to: sp.to }}
          exportHref={`/projects/${project.id}/requests/export${filters.size ? `?${filters}` : ""}`}
        />
        <div className="overflow-x-auto" {...scrollRegion("Requests")}>
          <table className="w-full text-left text-sm">
            <TableHeader>
              <tr>
                <HeaderCell>Time</HeaderCell>
                <HeaderCell>Token</HeaderCell>
                <HeaderCell>Request</HeaderCell>
                <HeaderCell>Secret or tool</HeaderCell>
                <HeaderCell>Outcome</HeaderCell>
              </tr>
            </TableHeader>
            <tbody className="divide-y divide-slate-100">
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} className="px-4 py-10 text-center text-slate-500">
                    No request matches. Calls to /v1 with this project&apos;s tokens appear here.
                  </td>
                </tr>
              )}
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="whitespace-nowrap px-4 py-2.5 text-slate-600">
                    <time dateTime={row.createdAt.toISOString()} title={formatExact(row.createdAt)}>
                      {formatRelative(row.createdAt)}
                    </time>
                  </td>
                  <td className="whitespace-nowrap px-4 py-2.5">{row.actorLabel}</td>
                  <td className="whitespace-nowrap px-4 py-2.5">
                    <span className="font-mono text-xs">
                      {row.method
                        ? `${row.method} ${row.path}`
                        : row.action === "secret.resolve"
                          ? `resolve ${row.tool}.${row.parameter}`
                          : row.action}
                    </span>
                  </td>
                  <td className="whitespace-nowrap px-4 py-2.5">{row.targetName ?? "—"}</td>
                  <td className="whitespace-nowrap px-4 py-2.5">
                    <Badge tone={TONES[row.outcome]}>
                      {row.status ? `${row.status} ` : ""}
                      {row.outcome.toLowerCase()}
                    </Badge>
                    {row.reason && <span className="ml-2 text-xs text-slate-500">{row.reason}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <UrlPager page={page} total={total} size={REQUEST_PAGE_SIZE} />
      </div>
    </>
  );
}
