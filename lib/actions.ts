import "server-only";
import type { ActionResult } from "@/lib/action-result";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/authz/errors";
import { isDatabaseUnavailable } from "@/lib/db";

/**
 * Runs a server action's body and turns the policy's refusals into the one
 * result shape. Anything unexpected is logged here with its detail and the
 * user gets a message they can act on; no input value is logged.
 */
export async function runAction<T extends object>(name: string, body: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UnauthenticatedError || error instanceof ForbiddenError || error instanceof NotFoundError) {
      return { ok: false, code: error instanceof NotFoundError ? "not_found" : "forbidden", message: error.message };
    }
    if (isDatabaseUnavailable(error)) {
      console.error(JSON.stringify({ level: "error", action: name, msg: "database unavailable", error: (error as Error).message }));
      return {
        ok: false,
        code: "unavailable",
        message: "The database cannot be reached right now. Nothing was changed; try again in a moment.",
      };
    }
    console.error(
      JSON.stringify({
        level: "error",
        action: name,
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      }),
    );
    return {
      ok: false,
      code: "failed",
      message: "The server could not complete this. Nothing was changed; try again, and contact an administrator if it keeps happening.",
    };
  }
}
