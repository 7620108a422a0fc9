/**
 * The REST API's errors: a status, a stable machine `code` and a message for
 * the program's author, answered as `{"error": {"code", "message"}}`.
 */
import { z } from "zod";
import { MAX_BODY_BYTES } from "@/lib/http/limits";

/** Every error code the API answers, with its status. */
export const API_ERROR_STATUS = {
  missing_token: 401,
  invalid_token: 401,
  token_revoked: 401,
  token_expired: 401,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
  method_not_allowed: 405,
  not_found: 404,
  forbidden: 403,
  secret_inactive: 403,
  secret_revoked: 403,
  secret_expired: 403,
  decryption_failed: 500,
  invalid_request: 422,
  conflict: 409,
  malformed_json: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  bad_request: 400,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** What each code's message says: the message itself for the token's refusals, an example of it for the others (whose messages name the detail). */
export const API_ERROR_EXAMPLES: Record<ApiErrorCode, string> = {
  missing_token: "Send a project API token: Authorization: Bearer <token>.",
  invalid_token: "This API token is not valid.",
  token_revoked: "This API token was revoked.",
  token_expired: "This API token has expired.",
  rate_limited: "More than 600 requests in a minute; retry after 12 s.",
  unavailable: "The server cannot reach its database right now; nothing was changed. Retry later.",
  internal_error: "The server could not complete this request; nothing was changed. Retry later.",
  method_not_allowed: "DELETE is not allowed here.",
  not_found: "No secret with this id in the token's project.",
  forbidden: "This token has no read access to this secret.",
  secret_inactive: "This secret is inactive; its value is not served.",
  secret_revoked: "This secret is revoked; its value is not served.",
  secret_expired: "This secret expired on 2026-10-31; its value is not served.",
  decryption_failed: "The stored value could not be decrypted; an administrator has to enter a new value.",
  invalid_request: "count is 1 to 100 (count)",
  conflict: "This secret is at version 4, not the version 3 your If-Match names; read it again and retry.",
  malformed_json: "The body is not valid JSON.",
  unsupported_media_type: "Send the body as application/json.",
  body_too_large: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`,
  bad_request: "Bad request: malformed percent-escape in the path.",
};

/** The headers some codes come with. */
export const API_ERROR_HEADERS: Partial<Record<ApiErrorCode, Record<string, { description: string; schema: { type: "string" } }>>> = {
  rate_limited: { "Retry-After": { description: "Seconds to wait before the next call", schema: { type: "string" } } },
  unavailable: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "string" } } },
  missing_token: { "WWW-Authenticate": { description: 'Bearer realm="v1"', schema: { type: "string" } } },
};

/** The codes any call may get, whatever its route. */
export const COMMON_ERRORS: readonly ApiErrorCode[] = [
  "missing_token",
  "invalid_token",
  "token_revoked",
  "token_expired",
  "rate_limited",
  "unavailable",
  "internal_error",
  // The front listener's refusal of a request line or header no server should act on (server/front-server.ts).
  "bad_request",
];

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]]).meta({ description: "Stable; branch on it" }),
      message: z.string().meta({ description: "For the program's author; may change" }),
      currentVersion: z.number().int().optional().meta({ description: "With conflict on a write with If-Match: the secret's version now" }),
    }),
  })
  .meta({ id: "Error" });

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    /** What the request-log event names as the call's target, when the refusal concerns a known thing. */
    readonly target?: LogTarget,
    /** Fields the error's body carries besides code and message (a conflict's currentVersion). */
    readonly extra: { currentVersion?: number } = {},
  ) {
    super(message);
  }
}

/** What a request-log event names as its target, and what it adds to its details. */
export type LogTarget = { type: string; id?: string; name?: string; details?: Record<string, unknown> };

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function errorResponse(error: ApiError) {
  return apiJson({ error: { code: error.code, message: error.message, ...error.extra } }, error.status, error.headers);
}

/** The answer whenever the database cannot be reached: nothing served, nothing changed by this call; retry. */
export const RETRY_AFTER_SECONDS = 2;
export function unavailable(what = "reach its database") {
  return new ApiError(503, "unavailable", `The server cannot ${what} right now; nothing was changed. Retry later.`, {
    "Retry-After": String(RETRY_AFTER_SECONDS),
  });
}

export const internalError = (message = "The server could not complete this request; nothing was changed. Retry later.") =>
  new ApiError(500, "internal_error", message);
