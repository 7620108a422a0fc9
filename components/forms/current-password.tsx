"use client";
import { createContext, useContext, type ReactNode } from "react";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/** Whether the signed-in person has a password (one who signs in with single sign-on only has none). */
const HasPassword = createContext(true);

export function HasPasswordProvider({ value, children }: { value: boolean; children: ReactNode }) {
  return <HasPassword.Provider value={value}>{children}</HasPassword.Provider>;
}

/**
 * The current password, asked again before a change to how the person signs in. A person without one (single
 * sign-on only) is told that a recent sign-in stands for it (lib/auth/password-change.ts).
 */
export function CurrentPassword({
  id,
  hint,
  error,
  value,
  onChange,
  disabled,
}: {
  id: string;
  hint?: string;
  error?: string | null;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  if (!useContext(HasPassword)) {
    return (
      <p id={id} className="text-sm text-slate-600">
        You sign in with single sign-on, so no password is asked: a change here needs a sign-in within the last 10 minutes.
        {error && <span className="mt-1 block font-medium text-red-700">{error}</span>}
      </p>
    );
  }
  return (
    <FormField id={id} label="Your password" hint={hint} error={error ?? undefined}>
      <Input
        type="password"
        autoComplete="current-password"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
      />
    </FormField>
  );
}
