import { exportActivityCsv, parseActivityQuery } from "@/lib/audit/activity";
import { csvExportRoute } from "@/lib/exports/csv-route";

/** GET /projects/{projectId}/activity/export?person&kind&secret&from&to — the Activity as CSV, with the page's filters. */
export const GET = csvExportRoute({
  what: "the activity",
  auditAction: "activity.export",
  filename: "activity",
  build: (projectId, query, actor) => exportActivityCsv(projectId, parseActivityQuery(query), actor),
});
