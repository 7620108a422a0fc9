"use client";
import { callAction } from "@/components/forms/call-action";
import { passkeyAssertion } from "@/components/forms/passkey-assertion";
import { zodResolver } from "@hookform/resolvers/zod";
import { Fingerprint, KeyRound, Loader2 } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signInSchema } from "@/lib/auth/schema";
import { signInAction, ssoSignInAction } from "./actions";

type Methods = { totp: boolean; passkey: boolean };

export function LoginForm({
  callbackUrl,
  sso,
  notice,
}: {
  callbackUrl?: string;
  /** The single sign-on provider's name, when one is set up. */
  sso: { name: string } | null;
  /** Why the last single sign-on came back refused. */
  notice: string | null;
}) {
  const [message, setMessage] = useState<string | null>(notice);
  // The account signs in with a second factor: asked for once the password was right, with the ones it offers.
  const [secondStep, setSecondStep] = useState<Methods | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<z.input<typeof signInSchema>, unknown, z.output<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "", code: "" },
  });
  const { errors } = form.formState;

  const submit = (values: z.output<typeof signInSchema>) => {
    setMessage(null);
    startTransition(async () => {
      const result = await callAction(() => signInAction(values, callbackUrl));
      if (result && !result.ok) {
        setMessage(result.message);
        if ("secondFactor" in result && result.secondFactor) {
          setSecondStep(result.methods);
          form.setValue("code", "");
          if (result.methods.totp) setTimeout(() => form.setFocus("code"));
          return;
        }
        setSecondStep(null);
        form.setValue("password", "");
        form.setValue("code", "");
        form.setFocus("password");
      }
    });
  };
  const onSubmit = form.handleSubmit(submit);

  /** Signs in with a passkey: alone, or as the second step after the password (`withPassword`). */
  const signInWithPasskey = (withPassword: boolean) =>
    startTransition(async () => {
      setMessage(null);
      const assertion = await passkeyAssertion();
      if (!assertion.ok) return void setMessage(assertion.message);
      const { email, password } = form.getValues();
      const input = withPassword ? { email, password, passkey: assertion.passkey } : { passkey: assertion.passkey };
      const result = await callAction(() => signInAction(input, callbackUrl));
      if (result && !result.ok) setMessage(result.message);
    });

  /** Off to the identity provider (the action redirects there). */
  const signInWithSso = () =>
    startTransition(async () => {
      setMessage(null);
      const result = await callAction(() => ssoSignInAction(callbackUrl));
      if (result && !result.ok) setMessage(result.message);
    });

  return (
    <div className="grid gap-4">
      <form method="post" onSubmit={onSubmit} noValidate className="grid gap-4">
        <div role="status" aria-live="polite" className="empty:hidden">
          {message && <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>}
        </div>
        <FormField id="email" label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="username webauthn" autoFocus readOnly={Boolean(secondStep)} {...form.register("email")} />
        </FormField>
        <FormField id="password" label="Password" error={errors.password?.message}>
          <Input type="password" autoComplete="current-password" readOnly={Boolean(secondStep)} {...form.register("password")} />
        </FormField>
        {secondStep?.totp && (
          <FormField
            id="code"
            label="Code"
            hint="Six digits from your authenticator app, or one of your recovery codes."
            error={errors.code?.message}
          >
            <Input autoComplete="one-time-code" inputMode="text" spellCheck={false} {...form.register("code")} />
          </FormField>
        )}
        {(!secondStep || secondStep.totp) && (
          <Button type="submit" disabled={pending} className="w-full">
            {pending && <Loader2 className="animate-spin" aria-hidden />}
            {pending ? "Signing in…" : secondStep ? "Verify and sign in" : "Sign in"}
          </Button>
        )}
        {secondStep?.passkey && (
          <Button
            type="button"
            variant={secondStep.totp ? "outline" : "default"}
            disabled={pending}
            onClick={() => signInWithPasskey(true)}
          >
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Fingerprint aria-hidden />}
            Use your passkey
          </Button>
        )}
        {secondStep && (
          <Button
            type="button"
            variant="ghost"
            onClick={() => {
              setSecondStep(null);
              setMessage(null);
              form.reset({ email: "", password: "", code: "" });
              form.setFocus("email");
            }}
          >
            Sign in as someone else
          </Button>
        )}
      </form>
      {!secondStep && (
        <>
          <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500" aria-hidden>
            <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button type="button" variant="outline" disabled={pending} onClick={() => signInWithPasskey(false)}>
            <Fingerprint aria-hidden /> Use a passkey
          </Button>
          {sso && (
            <Button type="button" variant="outline" disabled={pending} onClick={signInWithSso}>
              <KeyRound aria-hidden /> Sign in with {sso.name}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
