"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import { startPasskeySignInAction } from "@/app/(auth)/login/actions";
import { callAction } from "./call-action";
import { webAuthnFailure } from "./webauthn-failure";

/**
 * Asks the browser for an assertion from one of this site's passkeys (to sign in, or to prove a passkey before a
 * change); answers it as JSON with its challenge's id, or a message for the person.
 */
export async function passkeyAssertion(): Promise<{ ok: true; passkey: string } | { ok: false; message: string }> {
  const started = await callAction(() => startPasskeySignInAction());
  if (!started.ok) return { ok: false, message: started.message };
  try {
    const response = await startAuthentication({ optionsJSON: started.options });
    return { ok: true, passkey: JSON.stringify({ challengeId: started.challengeId, response }) };
  } catch (failure) {
    return { ok: false, message: webAuthnFailure(failure, "sign-in") };
  }
}
