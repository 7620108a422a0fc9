/**
 * The REST API's errors: a status, a stable machine `code` and a message for
 * the program's author, answered as `{"error": {"code", "message"}}`.
 */
import { z } from "zod";

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
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** The codes any call may get, whatever its route. */
export const COMMON_ERRORS: readonly ApiErrorCode[] = [
  "missing_token",
  "invalid_token",
  "token_revoked",
  "token_expired",
  "rate_limited",
  "unavailable",
  "internal_error",
];

export const apiErrorSchema = z.object({
  error: z.object({ code: z.enum(Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]]), message: z.string() }),
});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    /** What the request-log event names as the call's target, when the refusal concerns a known thing. */
    readonly target?: LogTarget,
  ) {
    super(message);
  }
}

/** What a request-log event names as its target, and what it adds to its details. */
export type LogTarget = { type: string; id: string; name?: string; details?: Record<string, unknown> };

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function errorResponse(error: ApiError) {
  return apiJson({ error: { code: error.code, message: error.message } }, error.status, error.headers);
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
