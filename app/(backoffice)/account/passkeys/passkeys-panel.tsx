"use client";
import { CurrentPassword } from "@/components/forms/current-password";
import { startRegistration } from "@simplewebauthn/browser";
import { Fingerprint, Loader2, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { callAction } from "@/components/forms/call-action";
import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { passkeyAssertion } from "@/components/forms/passkey-assertion";
import { webAuthnFailure } from "@/components/forms/webauthn-failure";
import { finishPasskeyAction, removePasskeyAction, startPasskeyAction } from "../actions";

export type PasskeyRow = { id: string; name: string; createdAt: string; lastUsedAt: string | null; backedUp: boolean };

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatExact(new Date(iso))}>
      {formatRelative(new Date(iso))}
    </time>
  );
}

/**
 * Proof of a second factor the person has, for a change to them: the app's code when they have the app (typed),
 * otherwise one of their passkeys (asked of the browser). Null when they have none yet.
 */
async function proofOf(
  hasTotp: boolean,
  hasPasskey: boolean,
  code: string,
): Promise<{ ok: true; proof: object } | { ok: false; message: string }> {
  if (hasTotp) return { ok: true, proof: { code } };
  if (!hasPasskey) return { ok: true, proof: {} };
  const assertion = await passkeyAssertion();
  return assertion.ok ? { ok: true, proof: { passkey: assertion.passkey } } : assertion;
}

export function PasskeysPanel({
  passkeys,
  unavailable,
  hasTotp,
}: {
  passkeys: PasskeyRow[];
  unavailable: string | null;
  /** The person has the authenticator app: its code proves them before a change. */
  hasTotp: boolean;
}) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const add = () =>
    startTransition(async () => {
      setError(null);
      setPasswordError(null);
      setCodeError(null);
      if (!name.trim()) return void setError("Name this passkey, so that you can tell it from others later.");
      const proven = await proofOf(hasTotp, passkeys.length > 0, code);
      if (!proven.ok) return void setCodeError(proven.message);
      const started = await callAction(() => startPasskeyAction({ password, ...proven.proof }));
      if (!started.ok) {
        const wrongPassword = started.fieldErrors?.password?.[0];
        const wrongCode = started.fieldErrors?.code?.[0];
        if (wrongPassword) setPasswordError(wrongPassword);
        if (wrongCode) setCodeError(wrongCode);
        return void (!wrongPassword && !wrongCode && setError(started.message));
      }
      let response: unknown;
      try {
        response = await startRegistration({ optionsJSON: started.options });
      } catch (failure) {
        return void setError(webAuthnFailure(failure, "register"));
      }
      const finished = await callAction(() => finishPasskeyAction({ challengeId: started.challengeId, name, response }));
      if (!finished.ok) return void setError(Object.values(finished.fieldErrors ?? {})[0]?.[0] ?? finished.message);
      toast.success(`Passkey "${name.trim()}" added. Your other sessions are signed out.`);
      setName("");
      setPassword("");
      setCode("");
      router.refresh();
    });

  return (
    <div className="grid gap-6">
      {passkeys.length === 0 ? (
        <p className="text-sm text-slate-700">You have no passkey yet.</p>
      ) : (
        <ul aria-label="Your passkeys" className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
              <Fingerprint className="size-5 shrink-0 text-slate-400" aria-hidden />
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  <span className="break-words">{passkey.name}</span>
                  {passkey.backedUp && <Badge>Synced</Badge>}
                </p>
                <p className="text-sm text-slate-600">
                  Added <When iso={passkey.createdAt} /> ·{" "}
                  {passkey.lastUsedAt ? (
                    <>
                      last used <When iso={passkey.lastUsedAt} />
                    </>
                  ) : (
                    "never used"
                  )}
                </p>
              </div>
              <RemovePasskey passkey={passkey} hasTotp={hasTotp} onRemoved={() => router.refresh()} />
            </li>
          ))}
        </ul>
      )}
      <form
        method="post"
        noValidate
        className="grid gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <h2 className="text-base font-semibold text-slate-900">Add a passkey</h2>
        {unavailable && <p className="text-sm text-amber-800">{unavailable}</p>}
        <FormField id="passkey-name" label="Name" hint="To tell it from others: “Work laptop”, “Phone”." error={error ?? undefined}>
          <Input value={name} maxLength={60} onChange={(event) => setName(event.target.value)} disabled={Boolean(unavailable)} />
        </FormField>
        <CurrentPassword
          id="passkey-password"
          hint="Asked again before any change to how you sign in."
          error={passwordError}
          value={password}
          onChange={setPassword}
          disabled={Boolean(unavailable)}
        />
        {hasTotp ? (
          <FormField id="passkey-code" label="Code from your authenticator app" hint="Or a recovery code." error={codeError ?? undefined}>
            <Input autoComplete="one-time-code" spellCheck={false} value={code} onChange={(event) => setCode(event.target.value)} />
          </FormField>
        ) : (
          passkeys.length > 0 && (
            <p className={codeError ? "text-sm text-red-700" : "text-sm text-slate-600"}>
              {codeError ?? "Your browser asks for one of your passkeys first, to confirm it is you."}
            </p>
          )
        )}
        <div>
          <Button type="submit" disabled={pending || Boolean(unavailable)}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Fingerprint aria-hidden />}
            Add a passkey
          </Button>
        </div>
      </form>
    </div>
  );
}

/** Removing a passkey asks for the current password, in the confirmation itself; a refusal keeps the dialog open. */
function RemovePasskey({ passkey, hasTotp, onRemoved }: { passkey: PasskeyRow; hasTotp: boolean; onRemoved: () => void }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={`Remove passkey ${passkey.name}`}>
          <Trash2 aria-hidden /> Remove
        </Button>
      }
      title="Remove this passkey?"
      description={
        <>
          <span>&ldquo;{passkey.name}&rdquo; no longer signs you in. Your other sessions are signed out.</span>
          <CurrentPassword id={`remove-${passkey.id}-password`} error={error} value={password} onChange={setPassword} />
          {hasTotp ? (
            <FormField id={`remove-${passkey.id}-code`} label="Code from your authenticator app" error={codeError ?? undefined}>
              <Input autoComplete="one-time-code" spellCheck={false} value={code} onChange={(event) => setCode(event.target.value)} />
            </FormField>
          ) : (
            <span className={codeError ? "text-red-700" : undefined}>
              {codeError ?? "Your browser then asks for one of your passkeys, to confirm it is you."}
            </span>
          )}
        </>
      }
      confirmLabel="Remove passkey"
      onConfirm={async () => {
        setError(null);
        setCodeError(null);
        const proven = await proofOf(hasTotp, true, code);
        if (!proven.ok) {
          setCodeError(proven.message);
          return false;
        }
        const result = await callAction(() => removePasskeyAction({ passkeyId: passkey.id, password, ...proven.proof }));
        if (!result.ok) {
          const wrongPassword = result.fieldErrors?.password?.[0];
          const wrongCode = result.fieldErrors?.code?.[0];
          setError(wrongPassword ?? (wrongCode ? null : result.message));
          setCodeError(wrongCode ?? null);
          return false;
        }
        toast.success(`Passkey "${passkey.name}" removed.`);
        setPassword("");
        onRemoved();
        return true;
      }}
    />
  );
}
