"use client";
import { CurrentPassword } from "@/components/forms/current-password";
import { Copy, Download, Loader2, ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { callAction } from "@/components/forms/call-action";
import { passkeyAssertion } from "@/components/forms/passkey-assertion";
import { formatExact } from "@/components/format";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { confirmTwoFactorAction, disableTwoFactorAction, startTwoFactorAction } from "../actions";

type Step = { kind: "idle" } | { kind: "scan"; secret: string; qrSvg: string } | { kind: "codes"; recoveryCodes: string[] };

/**
 * The code field of a step (and the current password, for turning it off), each error next to its field; what
 * was typed stays on a failure.
 */
function CodeForm({
  id,
  label,
  hint,
  submitLabel,
  destructive,
  withPassword,
  onSubmit,
}: {
  id: string;
  label: string;
  hint: string;
  submitLabel: string;
  destructive?: boolean;
  withPassword?: boolean;
  onSubmit: (
    code: string,
    password: string,
  ) => Promise<{ ok: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined> }>;
}) {
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      method="post"
      noValidate
      className="grid max-w-sm gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          setError(null);
          setPasswordError(null);
          setMessage(null);
          const result = await onSubmit(code, password);
          if (result.ok) return;
          const field = result.fieldErrors?.code?.[0];
          const passwordField = result.fieldErrors?.password?.[0];
          if (field) setError(field);
          if (passwordField) setPasswordError(passwordField);
          if (!field && !passwordField) setMessage(result.message ?? "That did not work.");
        });
      }}
    >
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {message}
        </p>
      )}
      <FormField id={id} label={label} hint={hint} error={error ?? undefined}>
        <Input autoComplete="one-time-code" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />
      </FormField>
      {withPassword && <CurrentPassword id={`${id}-password`} error={passwordError} value={password} onChange={setPassword} />}
      <div>
        <Button type="submit" disabled={pending} variant={destructive ? "destructive" : "default"}>
          {pending && <Loader2 className="animate-spin" aria-hidden />}
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

export function TwoFactorPanel({
  enabledAt,
  recoveryCodesLeft,
  required,
  hasPasskey,
}: {
  enabledAt: string | null;
  recoveryCodesLeft: number;
  /** The organization requires it of this administrator: it cannot be turned off. */
  required: boolean;
  /** The person has a passkey: setting the app up asks for it too. */
  hasPasskey: boolean;
}) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [startPassword, setStartPassword] = useState("");
  const [startError, setStartError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (step.kind === "codes") {
    const text = step.recoveryCodes.join("\n");
    return (
      <div className="grid gap-4">
        <p className="flex items-center gap-2 font-medium text-emerald-800">
          <ShieldCheck className="size-5" aria-hidden /> Two-factor sign-in is on.
        </p>
        <p className="text-sm text-slate-700">
          Save these recovery codes somewhere safe, now: they are not shown again. Each signs you in once if your phone is lost.
        </p>
        <ul
          aria-label="Recovery codes"
          className="grid grid-cols-2 gap-2 rounded-md border border-slate-200 bg-slate-50 p-4 font-mono text-sm sm:grid-cols-5"
        >
          {step.recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" onClick={() => navigator.clipboard.writeText(text).then(() => toast.success("Recovery codes copied."))}>
            <Copy aria-hidden /> Copy
          </Button>
          <Button variant="outline" asChild>
            <a href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${text}\n`)}`} download="recovery-codes.txt">
              <Download aria-hidden /> Download
            </a>
          </Button>
          <Button
            onClick={() => {
              setStep({ kind: "idle" });
              router.refresh();
            }}
          >
            I have saved them
          </Button>
        </div>
      </div>
    );
  }

  if (enabledAt) {
    return (
      <div className="grid gap-4">
        <p className="flex items-center gap-2 font-medium text-emerald-800">
          <ShieldCheck className="size-5" aria-hidden /> On since {formatExact(new Date(enabledAt))}.
        </p>
        {required ? (
          <p className="text-sm text-slate-700">
            {recoveryCodesLeft} of 10 recovery codes left. Your organization requires a second factor for administrators, so it stays on
            (add a passkey to turn it off).
          </p>
        ) : (
          <p className="text-sm text-slate-700">
            {recoveryCodesLeft} of 10 recovery codes left. To turn two-factor sign-in off, enter a code.
          </p>
        )}
        {!required && (
          <CodeForm
            id="disable-code"
            label="Code"
            hint="Six digits from your authenticator app, or a recovery code."
            submitLabel="Turn off two-factor sign-in"
            destructive
            withPassword
            onSubmit={async (code, password) => {
              const result = await callAction(() => disableTwoFactorAction({ code, password }));
              if (result.ok) {
                toast.success("Two-factor sign-in is off. Your other sessions are signed out.");
                router.refresh();
              }
              return result;
            }}
          />
        )}
      </div>
    );
  }

  if (step.kind === "scan") {
    return (
      <div className="grid gap-5">
        <ol className="grid list-decimal gap-4 pl-5 text-sm text-slate-700">
          <li>
            Scan this QR code with your authenticator app.
            {/* eslint-disable-next-line @next/next/no-img-element -- an SVG drawn on the server for this secret, as a data URL */}
            <img
              src={`data:image/svg+xml;base64,${btoa(step.qrSvg)}`}
              alt="QR code with your two-factor key, for your authenticator app"
              width={192}
              height={192}
              className="mt-3 size-48 rounded-md border border-slate-200 bg-white p-2"
            />
            <p className="mt-2">
              Cannot scan it? Enter this key instead:{" "}
              <code data-testid="totp-key" className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-900">
                {step.secret}
              </code>
            </p>
          </li>
          <li>Enter the six-digit code the app shows.</li>
        </ol>
        <CodeForm
          id="confirm-code"
          label="Code from the app"
          hint="Six digits; a new one every 30 seconds."
          submitLabel="Turn on two-factor sign-in"
          onSubmit={async (code) => {
            const result = await callAction(() => confirmTwoFactorAction({ code }));
            if (result.ok) setStep({ kind: "codes", recoveryCodes: result.recoveryCodes });
            return result;
          }}
        />
      </div>
    );
  }

  return (
    <form
      method="post"
      noValidate
      className="grid max-w-sm gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          setStartError(null);
          // A person with a passkey proves it too (the browser asks for it).
          let passkey: string | undefined;
          if (hasPasskey) {
            const assertion = await passkeyAssertion();
            if (!assertion.ok) return void setStartError(assertion.message);
            passkey = assertion.passkey;
          }
          const result = await callAction(() => startTwoFactorAction({ password: startPassword, passkey }));
          if (!result.ok) return void setStartError(result.fieldErrors?.password?.[0] ?? result.fieldErrors?.code?.[0] ?? result.message);
          setStartPassword("");
          setStep({ kind: "scan", secret: result.secret, qrSvg: result.qrSvg });
        });
      }}
    >
      <p className="text-sm text-slate-700">Two-factor sign-in is off: your password alone signs you in.</p>
      <CurrentPassword
        id="start-password"
        hint="Asked again before any change to how you sign in."
        error={startError}
        value={startPassword}
        onChange={setStartPassword}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending && <Loader2 className="animate-spin" aria-hidden />}
          Set up two-factor sign-in
        </Button>
      </div>
    </form>
  );
}
