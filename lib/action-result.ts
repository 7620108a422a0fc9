import { z } from "zod";

/**
 * Why a command or action was refused, for machines: the UI and the REST API
 * each map it (to an alert, to a status and error code) without reading the
 * message, which is for people.
 */
export type FailureCode =
  /** Input that breaks a rule; `fieldErrors` says where. */
  | "invalid_input"
  /** Nothing with this id (in this project, for this caller). */
  | "not_found"
  /** The caller may not do this (a permission, a delegation rule). */
  | "forbidden"
  /** Someone saved in between: what this one was based on changed (reload, then apply again). */
  | "stale"
  /** The name is held by another secret (or one in the Trash). */
  | "name_taken"
  /** Not possible in the thing's present state (already restored, nothing to save…). */
  | "invalid_state"
  /** The secret, or the version asked for, was revoked: its values are never served again. */
  | "secret_revoked"
  | "version_revoked"
  /** A stored value does not open (altered, or sealed with another key). */
  | "decryption_failed"
  /** The database cannot be reached; nothing was changed. */
  | "unavailable"
  /** Anything else on the server's side (detail in its log only). */
  | "failed";

/** The one result shape of every server action and domain command. */
export type ActionResult<T extends object = object> =
  | ({ ok: true } & T)
  | {
      ok: false;
      code: FailureCode;
      message: string;
      fieldErrors?: Record<string, string[] | undefined>;
    };

export type ActionFailure = Extract<ActionResult, { ok: false }>;

export function failure(code: FailureCode, message: string): ActionFailure {
  return { ok: false, code, message };
}

/** A validation failure, with each message next to its field. */
export function invalidInput(error: z.ZodError, message = "Check the highlighted fields."): ActionFailure {
  return { ok: false, code: "invalid_input", message, fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]> };
}

export function fieldError(field: string, message: string, code: FailureCode = "invalid_input"): ActionFailure {
  return { ok: false, code, message: "Check the highlighted fields.", fieldErrors: { [field]: [message] } };
}
