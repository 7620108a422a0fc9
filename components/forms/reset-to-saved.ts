import type { FieldValues, Path, PathValue, UseFormReturn } from "react-hook-form";

/**
 * After a save: what was saved becomes the form's starting point, and what
 * was typed while the save was on its way (a field that no longer holds what
 * was sent) stays in its field, as an unsaved change. A plain reset would
 * put the sent values back over it.
 */
export function resetToSaved<T extends FieldValues>(form: UseFormReturn<T>, sent: T, saved: T) {
  const now = form.getValues();
  form.reset(saved);
  for (const key of Object.keys(now) as Path<T>[]) {
    const typed = now[key as keyof T];
    if (JSON.stringify(typed) !== JSON.stringify(sent[key as keyof T])) {
      form.setValue(key, typed as PathValue<T, Path<T>>, { shouldDirty: true });
    }
  }
}
