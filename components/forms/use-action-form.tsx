"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm, type DefaultValues, type FieldValues, type Resolver, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { applyFieldErrors } from "./apply-field-errors";
import { callAction } from "./call-action";
import { FormAlert } from "./form-alert";
import { useUnsavedChanges } from "./use-unsaved-changes";

/**
 * One form bound to one server action: the schema checks in the browser
 * (react-hook-form with zod), the action is called through callAction (a
 * failure on the way is a result), a refusal puts each message next to its
 * field and the rest in an alert with Try again, and nothing typed is lost.
 * While `guarding` (a dialog is open, say) and the form has changes, leaving
 * asks first (useUnsavedChanges).
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, T extends object>(options: {
  schema: S;
  defaultValues: z.input<S>;
  action: (values: z.output<S>) => Promise<ActionResult<T>>;
  onSuccess: (result: Extract<ActionResult<T>, { ok: true }>, values: z.output<S>) => void;
  guarding?: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<{ message: string; retry: boolean } | null>(null);
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(options.schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues: options.defaultValues as DefaultValues<z.input<S>>,
    // While the save is on its way the fields are read-only: these forms close or empty on success, which
    // would drop anything typed meanwhile.
    disabled: pending,
  });
  const guard = useUnsavedChanges(Boolean(options.guarding ?? true) && form.formState.isDirty);

  const submit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await callAction(() => options.action(values));
      setFailure(null);
      if (!result.ok) {
        applyFieldErrors(form as unknown as UseFormReturn<z.input<S>>, result.fieldErrors);
        setFailure({ message: result.message, retry: "unreached" in result });
        return;
      }
      options.onSuccess(result as Extract<ActionResult<T>, { ok: true }>, values);
    }),
  );

  const alert = failure ? (
    <FormAlert message={failure.message} pending={pending} onRetry={failure.retry ? () => void submit() : undefined} />
  ) : null;
  return { form, errors: form.formState.errors, submit, pending, alert, guard, clearFailure: () => setFailure(null) };
}
