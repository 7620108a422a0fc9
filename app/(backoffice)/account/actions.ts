"use server";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { signOut } from "@/lib/auth";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { headers } from "next/headers";
import { changePassword } from "@/lib/auth/password-change";
import {
  finishPasskeyRegistration,
  NO_RELYING_PARTY,
  relyingPartyFrom,
  removePasskey,
  startPasskeyRegistration,
} from "@/lib/auth/passkeys";
import { issueSession } from "@/lib/auth/session-cookie";
import { signOutEverywhere, signOutSession } from "@/lib/auth/sessions";
import { confirmEnrolment, disableTwoFactor, startEnrolment } from "@/lib/auth/two-factor";
import { getCurrentUser, getSessionId, userActor } from "@/lib/authz/session";
import { UnauthenticatedError } from "@/lib/authz/errors";
import { isUuid } from "@/lib/ids";

/** The same words every action gives a caller without a session (lib/authz/errors.ts). */
const SIGNED_OUT: ActionResult<never> = { ok: false, code: "forbidden", message: new UnauthenticatedError().message };

/** Signs out another of the signed-in user's sessions (Sessions page); this one is signed out from the user menu. */
export async function signOutSessionAction(sid: unknown): Promise<ActionResult<object>> {
  return runAction("signOutSession", async () => {
    const [user, current] = await Promise.all([getCurrentUser(), getSessionId()]);
    if (!user || !current) return SIGNED_OUT;
    if (typeof sid !== "string" || !isUuid(sid) || sid === current.sid) {
      return { ok: false, code: "not_found", message: "This session is not one of yours, or it has already ended." };
    }
    const { ip, userAgent } = await userActor(user);
    if (!(await signOutSession(user.id, sid, { ip, userAgent }))) {
      return { ok: false, code: "not_found", message: "This session is not one of yours, or it has already ended." };
    }
    return { ok: true };
  });
}

/**
 * Signs out every session of the user, this one included, then shows the sign-in page. It takes the
 * confirmation the dialog gives (`{ confirm: true }`): a call without it changes nothing.
 */
export async function signOutEverywhereAction(input: unknown): Promise<ActionResult<object>> {
  const result = await runAction("signOutEverywhere", async () => {
    const user = await getCurrentUser();
    if (!user) return SIGNED_OUT;
    if ((input as { confirm?: unknown } | null)?.confirm !== true) {
      return { ok: false, code: "invalid_input", message: "Confirm to sign out everywhere." };
    }
    const { ip, userAgent } = await userActor(user);
    await signOutEverywhere(user.id, { ip, userAgent });
    return { ok: true };
  });
  if (result.ok) await signOut({ redirectTo: "/login" });
  return result;
}

/**
 * Changes the password (given the current one). Every session of the user ends, a copy of this browser's cookie
 * too; this browser gets a new session and goes on.
 */
export async function changePasswordAction(input: unknown): Promise<ActionResult<object>> {
  return runAction("changePassword", async () => {
    const [user, current] = await Promise.all([getCurrentUser(), getSessionId()]);
    if (!user || !current) return SIGNED_OUT;
    const { ip, userAgent } = await userActor(user);
    const result = await changePassword(user, current, input, { ip: ip ?? "unknown", userAgent: userAgent ?? null });
    if (!result.ok) return result;
    await issueSession(user, result.sessionEpoch, current.authTime);
    return { ok: true };
  });
}

/** Starts setting up two-factor sign-in, given the current password: a new secret and its QR code (drawn on the server). */
export async function startTwoFactorAction(input: unknown): Promise<ActionResult<{ secret: string; qrSvg: string }>> {
  return runAction("startTwoFactor", async () => {
    const [user, current] = await Promise.all([getCurrentUser(), getSessionId()]);
    if (!user || !current) return SIGNED_OUT;
    const { password, code, passkey } = (input ?? {}) as { password?: unknown; code?: unknown; passkey?: unknown };
    const rp = relyingPartyFrom(await headers());
    const result = await startEnrolment(user, current.sid, password, await userActor(user), { code, passkey }, rp);
    return result.ok ? { ok: true, secret: result.secret, qrSvg: result.qrSvg } : result;
  });
}

/** Confirms the set-up with a code from the app; answers the recovery codes, once. */
export async function confirmTwoFactorAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction("confirmTwoFactor", async () => {
    const [user, current] = await Promise.all([getCurrentUser(), getSessionId()]);
    if (!user || !current) return SIGNED_OUT;
    const result = await confirmEnrolment(user, current, (input as { code?: unknown } | null)?.code, await userActor(user));
    if (!result.ok) return result;
    // Every session ended with the change; this browser goes on with a new one.
    await issueSession(user, result.sessionEpoch, current.authTime);
    return { ok: true, recoveryCodes: result.recoveryCodes };
  });
}

/** Turns two-factor sign-in off, given a code and the current password. */
export async function disableTwoFactorAction(input: unknown): Promise<ActionResult<object>> {
  return runAction("disableTwoFactor", async () => {
    const [user, current] = await Promise.all([getCurrentUser(), getSessionId()]);
    if (!user || !current) return SIGNED_OUT;
    const result = await disableTwoFactor(user, current, input, await userActor(user));
    if (!result.ok) return result;
    await issueSession(user, result.sessionEpoch, current.authTime);
    return { ok: true };
  });
}

/** Given the current password, the options for this browser to create a passkey (WebAuthn), and the challenge's id. */
export async function startPasskeyAction(
  input: unknown,
): Promise<ActionResult<{ options: PublicKeyCredentialCreationOptionsJSON; challengeId: string }>> {
  return runAction("startPasskey", async () => {
    const [user, current] = await Promise.all([getCurrentUser(), getSessionId()]);
    if (!user || !current) return SIGNED_OUT;
    const rp = relyingPartyFrom(await headers());
    if (!rp) return { ok: false, code: "invalid_state", message: NO_RELYING_PARTY };
    const { password, code, passkey } = (input ?? {}) as { password?: unknown; code?: unknown; passkey?: unknown };
    return startPasskeyRegistration(user, current.sid, password, rp, await userActor(user), { code, passkey });
  });
}

/** Keeps the passkey the browser created; every session ends, this browser goes on with a new one. */
export async function finishPasskeyAction(input: unknown): Promise<ActionResult<object>> {
  return runAction("finishPasskey", async () => {
    const [user, current] = await Promise.all([getCurrentUser(), getSessionId()]);
    if (!user || !current) return SIGNED_OUT;
    const rp = relyingPartyFrom(await headers());
    if (!rp) return { ok: false, code: "invalid_state", message: NO_RELYING_PARTY };
    const result = await finishPasskeyRegistration(user, current, input, rp, await userActor(user));
    if (!result.ok) return result;
    await issueSession(user, result.sessionEpoch, current.authTime);
    return { ok: true };
  });
}

/** Removes one of the person's passkeys, given the current password; every session ends, this browser goes on. */
export async function removePasskeyAction(input: unknown): Promise<ActionResult<object>> {
  return runAction("removePasskey", async () => {
    const [user, current] = await Promise.all([getCurrentUser(), getSessionId()]);
    if (!user || !current) return SIGNED_OUT;
    const result = await removePasskey(user, current, input, await userActor(user), relyingPartyFrom(await headers()));
    if (!result.ok) return result;
    await issueSession(user, result.sessionEpoch, current.authTime);
    return { ok: true };
  });
}
