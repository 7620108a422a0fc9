import { z } from "zod";

/** The one result shape of every server action and domain command. */
export type ActionResult<T extends object = object> =
  | ({ ok: true } & T)
  | {
      ok: false;
      message: string;
      fieldErrors?: Record<string, string[] | undefined>;
      /** Someone saved in between: what this one was based on changed (reload, then apply again). */
      conflict?: boolean;
    };

export type ActionFailure = Extract<ActionResult, { ok: false }>;

/** A validation failure, with each message next to its field. */
export function invalidInput(error: z.ZodError, message = "Check the highlighted fields."): ActionFailure {
  return { ok: false, message, fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]> };
}

export function fieldError(field: string, message: string): ActionFailure {
  return { ok: false, message: "Check the highlighted fields.", fieldErrors: { [field]: [message] } };
}
