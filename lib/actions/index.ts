import "server-only";
import { revalidatePath } from "next/cache";
import { failure, type ActionResult } from "@/lib/action-result";
import type { AuthorizedMember, AuthorizedSecret } from "@/lib/authz/context";
import type { Actor } from "@/lib/audit/record";
import { authorizeProjectAction } from "@/lib/authz/guard";
import { authorizeOrgAdmin, userActor } from "@/lib/authz/session";
import type { Permission } from "@/lib/authz/permissions";
import { isUuid } from "@/lib/ids";
import { authorizeSecretAction, type SecretNeed } from "@/lib/secrets/guard";
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

const PROJECT_NOT_FOUND = "This project does not exist or you are not a member of it.";

/** Refreshes the project's pages after a change (their server components read again); reads pass `refresh: false`. */
function refresh(projectId: string) {
  revalidatePath(`/projects/${projectId}`, "layout");
}

type IdCheck = { type: string; missing: string };

/**
 * A server action on a project: `(projectId, ...args)`. Checks the ids
 * (the project's, and the first argument's when `id` says what it names),
 * authorizes `permission` from the database (a refusal is an audit event),
 * runs `fn` with the member's authorized context, turns failures into the
 * one result shape, and refreshes the project's pages after a change.
 */
export function projectAction<A extends unknown[], T extends object>(
  spec: { name: string; permission: Permission; audit: string; id?: IdCheck; target?: string; refresh?: boolean },
  fn: (ctx: AuthorizedMember, ...args: A) => Promise<ActionResult<T>>,
) {
  return async (projectId: string, ...args: A): Promise<ActionResult<T>> => {
    if (!isUuid(projectId)) return failure("not_found", PROJECT_NOT_FOUND);
    const id = spec.id ? args[0] : undefined;
    if (spec.id && !isUuid(id)) return failure("not_found", spec.id.missing);
    // What a refusal's audit event names: the thing the first argument identifies, or just its kind.
    const target = spec.id ? { type: spec.id.type, id: id as string } : spec.target ? { type: spec.target } : undefined;
    const result = await runAction(spec.name, async () =>
      fn(await authorizeProjectAction(projectId, spec.permission, spec.audit, target), ...args),
    );
    if (result.ok && spec.refresh !== false) refresh(projectId);
    return result;
  };
}

const NO_SECRET = "This secret does not exist in this project.";
type Needs<A extends unknown[]> = SecretNeed | readonly SecretNeed[] | ((...args: A) => readonly SecretNeed[]);
type AuditName<A extends unknown[]> = string | ((...args: A) => string);

/**
 * A server action on one secret: `(projectId, secretId, ...args)`. As
 * projectAction, with the member's rights on that secret (each of `needs`
 * required; they may depend on the arguments, as the Secret Editor's save
 * needs write only when General changed).
 */
export function secretAction<A extends unknown[], T extends object>(
  spec: { name: string; needs: Needs<A>; audit: AuditName<A>; refresh?: boolean },
  fn: (ctx: AuthorizedSecret, secretId: string, ...args: A) => Promise<ActionResult<T>>,
) {
  return async (projectId: string, secretId: string, ...args: A): Promise<ActionResult<T>> => {
    if (!isUuid(projectId)) return failure("not_found", PROJECT_NOT_FOUND);
    if (!isUuid(secretId)) return failure("not_found", NO_SECRET);
    const needs = typeof spec.needs === "function" ? spec.needs(...args) : spec.needs;
    if (Array.isArray(needs) && needs.length === 0) return failure("invalid_state", "Nothing to save.");
    const audit = typeof spec.audit === "function" ? spec.audit(...args) : spec.audit;
    const result = await runAction(spec.name, async () =>
      fn(await authorizeSecretAction(projectId, needs, audit, secretId), secretId, ...args),
    );
    if (result.ok && spec.refresh !== false) refresh(projectId);
    return result;
  };
}

/** A server action that creates secrets in a project: `(projectId, ...args)`, with the rights a new secret gives its creator. */
export function newSecretAction<A extends unknown[], T extends object>(
  spec: { name: string; needs?: Needs<A>; audit: string; refresh?: boolean },
  fn: (ctx: AuthorizedSecret, ...args: A) => Promise<ActionResult<T>>,
) {
  return async (projectId: string, ...args: A): Promise<ActionResult<T>> => {
    if (!isUuid(projectId)) return failure("not_found", PROJECT_NOT_FOUND);
    const needs = typeof spec.needs === "function" ? spec.needs(...args) : (spec.needs ?? "create");
    const result = await runAction(spec.name, async () => fn(await authorizeSecretAction(projectId, needs, spec.audit), ...args));
    if (result.ok && spec.refresh !== false) refresh(projectId);
    return result;
  };
}

/** A server action of an organization administrator: `(...args)`, refreshing every page after a change. */
export function orgAction<A extends unknown[], T extends object>(
  spec: { name: string; refresh?: boolean },
  fn: (ctx: { organizationId: string; actor: Actor }, ...args: A) => Promise<ActionResult<T>>,
) {
  return async (...args: A): Promise<ActionResult<T>> => {
    const result = await runAction(spec.name, async () => {
      const { user, org } = await authorizeOrgAdmin();
      return fn({ organizationId: org.organizationId, actor: await userActor(user) }, ...args);
    });
    if (result.ok && spec.refresh !== false) revalidatePath("/", "layout");
    return result;
  };
}
