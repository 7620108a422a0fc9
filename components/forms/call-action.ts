import { unstable_rethrow } from "next/navigation";
import type { ActionFailure } from "@/lib/action-result";

/** A failure the server never answered (a dropped connection, a crashed request): trying again may work. */
export type UnreachedFailure = ActionFailure & { unreached: true };

export const UNREACHED_MESSAGE =
  "The server could not be reached, or did not answer. Nothing was saved, and what you typed is still here: try again.";

/**
 * Calls a server action from a form. A request that fails on the way (no
 * network, the server stopped, a 500 outside the action's own handling)
 * becomes an ordinary failed result instead of an exception, so the page
 * stays, with every typed value, and says what happened next to the form.
 */
export async function callAction<T extends { ok: boolean }>(run: () => Promise<T>): Promise<T | UnreachedFailure> {
  try {
    const result = await run();
    // A response that is not an action result (an error page instead of the action's answer).
    if (!result || typeof result !== "object" || typeof result.ok !== "boolean") throw new Error("unexpected action response");
    return result;
  } catch (error) {
    // A redirect (a sign-in that succeeded) is Next's to follow, not a failure.
    unstable_rethrow(error);
    console.error("server action failed", error);
    return { ok: false, code: "unavailable", unreached: true, message: UNREACHED_MESSAGE };
  }
}
