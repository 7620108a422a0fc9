import { csvExportRoute } from "@/lib/exports/csv-route";
import { exportRequestsCsv, parseRequestQuery } from "@/lib/requests/requests";

/** GET /projects/{projectId}/requests/export?outcome&token&secret&from&to — the requests log as CSV, with the page's filters. */
export const GET = csvExportRoute({
  what: "the requests log",
  auditAction: "requests.export",
  filename: "requests",
  build: (projectId, query, actor) => exportRequestsCsv(projectId, parseRequestQuery(query), actor),
});
