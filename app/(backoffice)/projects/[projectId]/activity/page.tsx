import type { Metadata } from "next";
import { ActivityList } from "@/components/activity/activity-list";
import { PageHeader } from "@/components/page-header";
import { UrlPager } from "@/components/ui/data-table/url-pager";
import { ACTIVITY_KINDS, ACTIVITY_PAGE_SIZE, listActivity, parseActivityQuery } from "@/lib/audit/activity";
import { type LogPageProps, openLogPage, setFilters } from "../log-page";
import { ActivityFilters } from "./activity-filters";

export const metadata: Metadata = { title: "Activity" };

const KINDS = [...Object.entries(ACTIVITY_KINDS).map(([key, kind]) => ({ key, label: kind.label })), { key: "refused", label: "Refused" }];

export default async function ActivityPage(props: LogPageProps) {
  const { project, sp, query } = await openLogPage(props, parseActivityQuery);
  const { entries, total, people } = await listActivity(project.id, query);
  const values = { person: query.person, kind: query.kind, secret: query.secret, from: sp.from, to: sp.to };
  const filters = setFilters(values);
  const filtered = filters.size > 0;

  return (
    <>
      <PageHeader
        title="Activity"
        description="What people did in this project, one entry per change, from the audit log. Calls made with API tokens are in Requests."
      />
      <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <ActivityFilters
          key={filters.toString()}
          people={people}
          kinds={KINDS}
          values={values}
          exportHref={`/projects/${project.id}/activity/export${filtered ? `?${filters}` : ""}`}
        />
        <ActivityList
          entries={entries}
          label="Activity"
          empty={filtered ? "Nothing matches these filters." : "Nothing has happened in this project yet."}
        />
        <UrlPager page={query.page} total={total} size={ACTIVITY_PAGE_SIZE} />
      </div>
    </>
  );
}
