import { cloneElement, type ReactElement, type ReactNode } from "react";
import { Label } from "./label";

export type ControlProps = { id: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

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
  /** The control, or a function that renders it with the wiring props (for controlled widgets). */
  children: ReactElement<Record<string, unknown>> | ((control: ControlProps) => ReactNode);
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control: ControlProps = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
  };
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {typeof children === "function" ? children(control) : cloneElement(children, control)}
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
