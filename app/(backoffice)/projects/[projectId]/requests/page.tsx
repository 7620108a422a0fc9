import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireProjectPage } from "@/lib/authz/session";
import { listRequests, parseRequestQuery, REQUEST_PAGE_SIZE } from "@/lib/requests/requests";
import { UrlPager } from "@/components/ui/data-table/url-pager";
import { RequestsTable } from "./columns";
import { RequestFilters } from "./request-filters";

export const metadata: Metadata = { title: "Requests" };

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
        <RequestsTable
          rows={rows.map((r) => ({
            id: r.id,
            createdAt: r.createdAt,
            actorLabel: r.actorLabel,
            action: r.action,
            method: r.method,
            path: r.path,
            tool: r.tool,
            parameter: r.parameter,
            targetName: r.targetName,
            outcome: r.outcome,
            status: r.status,
            reason: r.reason,
          }))}
        />
        <UrlPager page={page} total={total} size={REQUEST_PAGE_SIZE} />
      </div>
    </>
  );
}
