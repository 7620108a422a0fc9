import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { listRequests, parseRequestQuery, REQUEST_PAGE_SIZE } from "@/lib/requests/requests";
import { UrlPager } from "@/components/ui/data-table/url-pager";
import { type LogPageProps, openLogPage, setFilters } from "../log-page";
import { RequestsTable } from "./columns";
import { RequestFilters } from "./request-filters";

export const metadata: Metadata = { title: "Requests" };

export default async function RequestsPage(props: LogPageProps) {
  const { project, sp, query } = await openLogPage(props, parseRequestQuery);
  const { outcome, token, secret, page } = query;
  const { rows, total, tokens } = await listRequests(project.id, query);
  const values = { outcome, token, secret, from: sp.from, to: sp.to };
  const filters = setFilters(values);

  return (
    <>
      <PageHeader
        title="Requests"
        description="Every REST API call and every secret resolution made with this project's API tokens — the audit log's view for machines."
      />
      <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <RequestFilters
          tokens={tokens}
          values={values}
          exportHref={`/projects/${project.id}/requests/export${filters.size ? `?${filters}` : ""}`}
        />
        <RequestsTable
          filtered={filters.size > 0}
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
