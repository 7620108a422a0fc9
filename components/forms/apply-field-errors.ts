import type { FieldValues, Path, UseFormReturn } from "react-hook-form";

/** Puts a server action's field errors next to their fields, as the client-side schema would. */
export function applyFieldErrors<T extends FieldValues>(
  form: UseFormReturn<T>,
  fieldErrors: Record<string, string[] | undefined> | undefined,
) {
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (messages?.[0]) form.setError(field as Path<T>, { message: messages[0] });
  }
}
