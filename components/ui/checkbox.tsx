"use client";
import { Check } from "lucide-react";
import { Checkbox as CheckboxPrimitive } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export function Checkbox({ className, ...props }: ComponentProps<typeof CheckboxPrimitive.Root>) {
  return (
    <CheckboxPrimitive.Root
      className={cn(
        "flex size-4 shrink-0 items-center justify-center rounded border border-slate-400 bg-white focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:opacity-50 data-[state=checked]:border-primary data-[state=checked]:bg-primary data-[state=checked]:text-white",
        className,
      )}
      {...props}
    >
      <CheckboxPrimitive.Indicator>
        <Check className="size-3" aria-hidden />
      </CheckboxPrimitive.Indicator>
    </CheckboxPrimitive.Root>
  );
}

/** A group of labelled checkboxes over a list of values. */
export function CheckboxGroup({
  legend,
  options,
  value,
  onChange,
  error,
  idPrefix,
}: {
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  idPrefix: string;
}) {
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      {options.map((option) => {
        const id = `${idPrefix}-${option.value}`;
        return (
          <div key={option.value} className="flex items-start gap-2">
            <Checkbox
              id={id}
              checked={value.includes(option.value)}
              onCheckedChange={(checked) => onChange(checked ? [...value, option.value] : value.filter((v) => v !== option.value))}
              className="mt-0.5"
              aria-describedby={option.hint ? `${id}-hint` : undefined}
            />
            <div className="grid text-sm">
              <label htmlFor={id}>{option.label}</label>
              {option.hint && (
                <span id={`${id}-hint`} className="text-xs text-slate-500">
                  {option.hint}
                </span>
              )}
            </div>
          </div>
        );
      })}
      <p id={`${idPrefix}-error`} aria-live="polite" className="text-xs font-medium text-red-600 empty:hidden">
        {error}
      </p>
    </fieldset>
  );
}
