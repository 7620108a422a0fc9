import "server-only";
import type { Actor } from "@/lib/audit/record";
import { ForbiddenError, NotFoundError, SecondFactorRequiredError, UnauthenticatedError } from "@/lib/authz/errors";
import { recordDenial } from "@/lib/authz/guard";
import { authorizeProject, userActor } from "@/lib/authz/session";
import { isDatabaseUnavailable } from "@/lib/db";

/**
 * A project's CSV export as a route handler (the Requests log, the
 * Activity): the session and the requests.view permission checked from the
 * database, a 404 to non-members, a refusal audited, the export itself
 * audited by `build`, and a 503 while the database is away.
 */
export function csvExportRoute(options: {
  /** "the requests log", "the activity": for the messages. */
  what: string;
  auditAction: string;
  filename: string;
  build: (projectId: string, query: Record<string, string>, actor: Actor) => Promise<string>;
}) {
  async function exportCsv(request: Request, { params }: { params: Promise<{ projectId: string }> }) {
    const { projectId } = await params;
    let context;
    try {
      context = await authorizeProject(projectId, "requests.view");
    } catch (error) {
      if (error instanceof UnauthenticatedError) return new Response(`Sign in to export ${options.what}.\n`, { status: 401 });
      if (error instanceof NotFoundError)
        return new Response("This project does not exist or you are not a member of it.\n", { status: 404 });
      if (error instanceof SecondFactorRequiredError) {
        await recordDenial(projectId, options.auditAction, "second factor not set up");
        return new Response(`${error.message}\n`, { status: 403 });
      }
      if (error instanceof ForbiddenError) {
        await recordDenial(projectId, options.auditAction, "missing permission requests.view");
        return new Response(`You do not have permission to export ${options.what}.\n`, { status: 403 });
      }
      throw error;
    }
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const csv = await options.build(context.project.id, query, await userActor(context.user));
    const day = new Date().toISOString().slice(0, 10);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${options.filename}-${day}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  }

  return async function GET(request: Request, context: { params: Promise<{ projectId: string }> }) {
    try {
      return await exportCsv(request, context);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      console.error(
        JSON.stringify({ level: "error", msg: `${options.auditAction}: database unavailable`, error: (error as Error).message }),
      );
      return new Response("The database cannot be reached right now; retry in a moment.\n", {
        status: 503,
        headers: { "Retry-After": "2" },
      });
    }
  };
}
