"use client";
import { Fingerprint, Loader2 } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { callAction } from "@/components/forms/call-action";
import { passkeyAssertion } from "@/components/forms/passkey-assertion";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signInAction } from "./actions";

/**
 * The second step after the identity provider signed the person in: their app code (or a recovery code), or
 * their passkey. A wrong code keeps the step, with what was typed; an expired step offers to start again.
 */
export function SsoSecondStep({
  email,
  methods,
  notice,
  callbackUrl,
}: {
  email: string;
  methods: { totp: boolean; passkey: boolean };
  notice: string | null;
  callbackUrl?: string;
}) {
  const [message, setMessage] = useState<string | null>(notice);
  const [expired, setExpired] = useState(false);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const send = (input: { code?: string; passkey?: string }) =>
    startTransition(async () => {
      setMessage(null);
      setCodeError(null);
      const result = await callAction(() => signInAction({ sso: true, ...input }, callbackUrl));
      if (result && !result.ok) {
        if (result.code === "stale") setExpired(true);
        if (input.code !== undefined && "secondFactor" in result) setCodeError(result.message);
        else setMessage(result.message);
      }
    });

  return (
    <div className="grid gap-4">
      <div role="status" aria-live="polite" className="empty:hidden">
        {message && (
          <p
            className={`rounded-md border px-3 py-2 text-sm ${expired ? "border-red-200 bg-red-50 text-red-700" : "border-slate-200 bg-slate-50 text-slate-700"}`}
          >
            {message}
          </p>
        )}
      </div>
      <p className="text-sm text-slate-600">
        Signing in as <strong className="font-medium text-slate-900">{email}</strong>.
      </p>
      {expired ? (
        <Button asChild>
          <Link href="/login">Sign in again</Link>
        </Button>
      ) : (
        <>
          {methods.totp && (
            <form
              method="post"
              noValidate
              className="grid gap-4"
              onSubmit={(event) => {
                event.preventDefault();
                if (!code.trim()) return void setCodeError("Enter the code.");
                send({ code });
              }}
            >
              <FormField
                id="code"
                label="Code"
                hint="Six digits from your authenticator app, or one of your recovery codes."
                error={codeError ?? undefined}
              >
                <Input
                  autoComplete="one-time-code"
                  spellCheck={false}
                  autoFocus
                  value={code}
                  onChange={(event) => setCode(event.target.value)}
                />
              </FormField>
              <Button type="submit" disabled={pending}>
                {pending && <Loader2 className="animate-spin" aria-hidden />}
                {pending ? "Signing in…" : "Verify and sign in"}
              </Button>
            </form>
          )}
          {methods.passkey && (
            <Button
              type="button"
              variant={methods.totp ? "outline" : "default"}
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const assertion = await passkeyAssertion();
                  if (!assertion.ok) return void setMessage(assertion.message);
                  send({ passkey: assertion.passkey });
                })
              }
            >
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Fingerprint aria-hidden />}
              Use your passkey
            </Button>
          )}
          <Button asChild variant="ghost">
            <Link href="/login">Sign in as someone else</Link>
          </Button>
        </>
      )}
    </div>
  );
}
