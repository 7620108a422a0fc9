"use client";
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

export function PasskeysPanel({ passkeys, unavailable }: { passkeys: PasskeyRow[]; unavailable: string | null }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const add = () =>
    startTransition(async () => {
      setError(null);
      setPasswordError(null);
      if (!name.trim()) return void setError("Name this passkey, so that you can tell it from others later.");
      const started = await callAction(() => startPasskeyAction({ password }));
      if (!started.ok) {
        const wrongPassword = started.fieldErrors?.password?.[0];
        return void (wrongPassword ? setPasswordError(wrongPassword) : setError(started.message));
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
              <RemovePasskey passkey={passkey} onRemoved={() => router.refresh()} />
            </li>
          ))}
        </ul>
      )}
      <form
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
        <FormField
          id="passkey-password"
          label="Your password"
          hint="Asked again before any change to how you sign in."
          error={passwordError ?? undefined}
        >
          <Input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            disabled={Boolean(unavailable)}
          />
        </FormField>
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
function RemovePasskey({ passkey, onRemoved }: { passkey: PasskeyRow; onRemoved: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
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
          <FormField id={`remove-${passkey.id}-password`} label="Your password" error={error ?? undefined}>
            <Input type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
          </FormField>
        </>
      }
      confirmLabel="Remove passkey"
      onConfirm={async () => {
        setError(null);
        const result = await callAction(() => removePasskeyAction({ passkeyId: passkey.id, password }));
        if (!result.ok) {
          setError(result.fieldErrors?.password?.[0] ?? result.message);
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
