import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/authz/errors";
import { recordDenial } from "@/lib/authz/guard";
import { authorizeProject, userActor } from "@/lib/authz/session";
import { exportActivityCsv, parseActivityQuery } from "@/lib/audit/activity";
import { isDatabaseUnavailable } from "@/lib/db";

/**
 * GET /projects/{projectId}/activity/export?person&kind&secret&from&to — the
 * Activity as CSV, with the page's filters. Needs the session and the
 * requests.view permission, checked here from the database; audited.
 */
export async function GET(request: Request, context: { params: Promise<{ projectId: string }> }) {
  try {
    return await exportCsv(request, context);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    console.error(JSON.stringify({ level: "error", msg: "activity export: database unavailable", error: (error as Error).message }));
    return new Response("The database cannot be reached right now; retry in a moment.\n", { status: 503, headers: { "Retry-After": "2" } });
  }
}

async function exportCsv(request: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  let context;
  try {
    context = await authorizeProject(projectId, "requests.view");
  } catch (error) {
    if (error instanceof UnauthenticatedError) return new Response("Sign in to export the activity.\n", { status: 401 });
    if (error instanceof NotFoundError)
      return new Response("This project does not exist or you are not a member of it.\n", { status: 404 });
    if (error instanceof ForbiddenError) {
      await recordDenial(projectId, "activity.export", "missing permission requests.view");
      return new Response("You do not have permission to export the activity.\n", { status: 403 });
    }
    throw error;
  }
  const query = parseActivityQuery(Object.fromEntries(new URL(request.url).searchParams));
  const csv = await exportActivityCsv(context.project.id, query, await userActor(context.user));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="activity-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
