import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/audit/record";
import { recordAuditNow } from "@/lib/audit/record-now";
import type { TokenGrant } from "@/lib/authz/policy";
import { clientAddressFrom } from "@/lib/http/client-address";
import { MAX_BODY_BYTES } from "@/lib/http/limits";
import { db, isDatabaseUnavailable } from "@/lib/db";
import { hitRateLimit } from "@/lib/rate-limit";
import { authenticateApiCall, type AuthenticatedToken, type TokenCheck } from "@/lib/tokens/tokens";

/**
 * The REST API's plumbing: bearer-token authentication, the per-token rate
 * limit (counters in PostgreSQL, so it holds across instances), JSON bodies,
 * JSON errors with a stable code, and one request-log event per call.
 */

export type ApiContext = {
  token: AuthenticatedToken;
  grant: TokenGrant;
  actor: Actor;
  /** What the request-log event names as its target, once known. */
  target: { type?: string; id?: string; name?: string; details?: Record<string, unknown> };
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** The answer whenever the database cannot be reached: nothing served, nothing changed by this call; retry. */
export const RETRY_AFTER_SECONDS = 2;
function unavailable(what = "reach its database") {
  return new ApiError(503, "unavailable", `The server cannot ${what} right now; nothing was changed. Retry later.`, {
    "Retry-After": String(RETRY_AFTER_SECONDS),
  });
}

function errorResponse(error: ApiError) {
  return json({ error: { code: error.code, message: error.message } }, error.status, error.headers);
}

const TOKEN_ERRORS = {
  missing_token: "Send a project API token: Authorization: Bearer <token>.",
  invalid_token: "This API token is not valid.",
  token_revoked: "This API token was revoked.",
  token_expired: "This API token has expired.",
} as const;

const limitPerMinute = () => Number(process.env.API_RATE_LIMIT_PER_MINUTE ?? 600);

/** Reads a JSON body within the size limit and validates it; unknown fields are refused. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new ApiError(413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new ApiError(413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(400, "malformed_json", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` (${issue.path.join(".")})` : "";
    throw new ApiError(422, "invalid_request", `${issue.message}${where}`);
  }
  return parsed.data;
}

function outcomeOf(status: number) {
  return status < 400
    ? ("ALLOWED" as const)
    : status === 401 || status === 403 || status === 429
      ? ("DENIED" as const)
      : ("FAILED" as const);
}

/**
 * Wraps a route handler: authenticates the token, applies the rate limit,
 * runs the handler, turns ApiErrors into JSON, and logs the request.
 */
export function apiHandler<P>(operation: string, handler: (context: ApiContext, request: Request, params: P) => Promise<Response>) {
  return async (request: Request, { params }: { params: Promise<P> }): Promise<Response> => {
    const url = new URL(request.url);
    const meta = {
      ip: clientAddressFrom(request.headers),
      userAgent: request.headers.get("user-agent"),
    };
    let check: TokenCheck;
    try {
      check = await authenticateApiCall(request.headers.get("authorization"));
    } catch (error) {
      // The database cannot check the token (it is down, say): nothing is served, and nothing can be logged there.
      logFailure(operation, url.pathname, error);
      return errorResponse(unavailable("check API tokens"));
    }
    if (!check.ok) {
      const error = new ApiError(401, check.code, TOKEN_ERRORS[check.code], { "WWW-Authenticate": 'Bearer realm="v1"' });
      try {
        // Refused tokens are counted per address: past the limit they get 429 and are no longer logged one by one.
        const refused = await countRefusedToken(meta.ip);
        if (refused.count > REFUSED_TOKENS_PER_MINUTE) {
          return errorResponse(
            new ApiError(
              429,
              "rate_limited",
              `Too many calls with unusable tokens from this address; retry after ${refused.retryAfterSeconds} s.`,
              {
                "Retry-After": String(refused.retryAfterSeconds),
              },
            ),
          );
        }
        if (check.token) {
          // A known but revoked or expired token: its project's request log shows the refusal.
          await recordAuditNow(
            { type: "TOKEN", id: check.token.id, label: `${check.token.name} (${check.token.prefix}…)`, ...meta },
            {
              action: `api.${operation}`,
              outcome: "DENIED",
              projectId: check.token.projectId,
              reason: check.code,
              details: {
                method: request.method,
                path: url.pathname,
                status: 401,
                // The last event logged for this address in this window says how many more are only counted.
                ...(refused.count === REFUSED_TOKENS_PER_MINUTE ? { furtherRefusalsCountedNotLogged: true } : {}),
              },
            },
          );
        }
      } catch (failure) {
        if (!isDatabaseUnavailable(failure)) throw failure;
        logFailure(operation, url.pathname, failure);
        return errorResponse(unavailable());
      }
      return errorResponse(error);
    }
    const { token } = check;
    const context: ApiContext = {
      token,
      grant: { tokenId: token.id, projectId: token.projectId, scope: token.scope },
      actor: { type: "TOKEN", id: token.id, label: `${token.name} (${token.prefix}…)`, ...meta },
      target: {},
    };
    let response: Response;
    let failure: ApiError | null = null;
    try {
      const window = check.calls;
      if (window.count > limitPerMinute()) {
        throw new ApiError(
          429,
          "rate_limited",
          `More than ${limitPerMinute()} requests in a minute; retry after ${window.retryAfterSeconds} s.`,
          {
            "Retry-After": String(window.retryAfterSeconds),
          },
        );
      }
      response = await handler(context, request, await params);
    } catch (error) {
      if (error instanceof ApiError) {
        failure = error;
      } else {
        logFailure(operation, url.pathname, error);
        failure = isDatabaseUnavailable(error)
          ? unavailable()
          : new ApiError(500, "internal_error", "The server could not complete this request; nothing was changed. Retry later.");
      }
      response = errorResponse(failure);
    }
    try {
      await recordAuditNow(context.actor, {
        action: `api.${operation}`,
        outcome: outcomeOf(response.status),
        projectId: token.projectId,
        targetType: context.target.type,
        targetId: context.target.id,
        targetName: context.target.name,
        reason: failure?.code,
        details: { method: request.method, path: url.pathname, status: response.status, ...(context.target.details ?? {}) } as never,
      });
    } catch (error) {
      // Without its request-log event nothing leaves: not a value, not an answer that hides a lost event.
      logFailure(operation, url.pathname, error);
      return errorResponse(
        isDatabaseUnavailable(error)
          ? unavailable()
          : new ApiError(500, "internal_error", "The server could not record this request; retry later."),
      );
    }
    return response;
  };
}

/** A server-side failure, with detail, for the server's log only. */
function logFailure(operation: string, path: string, error: unknown) {
  console.error(
    JSON.stringify({
      level: "error",
      msg: "API request failed",
      operation,
      path,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    }),
  );
}

/** A path id that is not a UUID names nothing. */
export function requireUuidParam(value: string, what = "secret"): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    throw new ApiError(404, "not_found", `No ${what} with this id in the token's project.`);
  }
  return value;
}

/** Calls with missing, unknown, revoked or expired tokens one address may make in a minute before they get 429. */
export const REFUSED_TOKENS_PER_MINUTE = Number(process.env.API_REFUSED_TOKENS_PER_MINUTE ?? 60);

function countRefusedToken(ip: string) {
  return hitRateLimit(db, `api:refused:${ip}`, 60);
}
