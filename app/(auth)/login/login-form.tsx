"use client";
import { callAction } from "@/components/forms/call-action";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signInSchema } from "@/lib/auth/schema";
import { signInAction } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [message, setMessage] = useState<string | null>(null);
  // The account signs in with a second factor: the code is asked for once the password was right.
  const [askCode, setAskCode] = useState(false);
  const [pending, startTransition] = useTransition();
  const form = useForm<z.input<typeof signInSchema>, unknown, z.output<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "", code: "" },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setMessage(null);
    startTransition(async () => {
      const result = await callAction(() => signInAction(values, callbackUrl));
      if (result && !result.ok) {
        setMessage(result.message);
        if ("secondFactor" in result && result.secondFactor) {
          setAskCode(true);
          form.setValue("code", "");
          setTimeout(() => form.setFocus("code"));
          return;
        }
        setAskCode(false);
        form.setValue("password", "");
        form.setValue("code", "");
        form.setFocus("password");
      }
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <div role="status" aria-live="polite" className="empty:hidden">
        {message && <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>}
      </div>
      <FormField id="email" label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="username" autoFocus readOnly={askCode} {...form.register("email")} />
      </FormField>
      <FormField id="password" label="Password" error={errors.password?.message}>
        <Input type="password" autoComplete="current-password" readOnly={askCode} {...form.register("password")} />
      </FormField>
      {askCode && (
        <FormField
          id="code"
          label="Code"
          hint="Six digits from your authenticator app, or one of your recovery codes."
          error={errors.code?.message}
        >
          <Input autoComplete="one-time-code" inputMode="text" spellCheck={false} {...form.register("code")} />
        </FormField>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending && <Loader2 className="animate-spin" aria-hidden />}
        {pending ? "Signing in…" : askCode ? "Verify and sign in" : "Sign in"}
      </Button>
      {askCode && (
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            setAskCode(false);
            setMessage(null);
            form.reset({ email: "", password: "", code: "" });
            form.setFocus("email");
          }}
        >
          Sign in as someone else
        </Button>
      )}
    </form>
  );
}
