import { cloneElement, type ReactElement } from "react";
import { Label } from "./label";

/**
 * A labelled control with its hint and error wired for assistive technology:
 * the control gets `id`, `aria-invalid` and `aria-describedby`.
 */
export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactElement<Record<string, unknown>>;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
      })}
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <p id={errorId} aria-live="polite" className="text-xs font-medium text-red-600 empty:hidden">
        {error}
      </p>
    </div>
  );
}
