import "server-only";
import { isIP } from "node:net";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { publicOriginFrom } from "@/lib/http/client-address";
import { publicUrl } from "@/lib/http/security-headers";
import { isUuid } from "@/lib/ids";
import { proveExistingFactor, type FactorProof } from "./factor-proof";
import { checkCurrentPassword } from "./password-change";
import { endAllSessions, inSessionChange, SessionChanged } from "./session-change";
import { lastRequiredFactor } from "./two-factor";

/**
 * Passkeys (WebAuthn, with @simplewebauthn/server): a person registers one or more from their account, then
 * signs in with one alone (the authenticator verifies the person: a fingerprint, a face, a PIN), or uses one as
 * the second factor after their password. Each ceremony's challenge is stored here for five minutes and taken
 * once: a replayed assertion finds no challenge, and the authenticator's signature counter must go up. Every
 * registration, removal and refused assertion is an audit event, never with key material.
 */

const RP_NAME = "Enterprise AI Secrets";
const CHALLENGE_SECONDS = 5 * 60;
export const MAX_PASSKEYS = 10;
const KNOWN_TRANSPORTS = new Set(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

class TooManyPasskeys extends Error {}

/** The relying party: this app's host name and origin, from PUBLIC_URL, else as the browser addressed it. */
export type RelyingParty = { id: string; origin: string };

/** WebAuthn takes a host name, never an IP address: null when the app is reached by one (or the origin is unknown). */
export function relyingPartyFrom(headers: { get(name: string): string | null }): RelyingParty | null {
  const configured = publicUrl();
  let origin: string;
  let id: string;
  try {
    // A Host the front listener let through may still not make a URL (a port past 65535, say): no passkeys then.
    const url = new URL(configured ? configured.origin : (publicOriginFrom(headers) ?? ""));
    origin = url.origin;
    id = url.hostname;
  } catch {
    return null;
  }
  if (isIP(id.replace(/^\[|\]$/g, ""))) return null;
  return { id, origin };
}

export const NO_RELYING_PARTY =
  "Passkeys work only when the app is opened by a host name (such as localhost or your domain), not by an IP address.";

type Purpose = "register" | "sign-in";

async function saveChallenge(challenge: string, purpose: Purpose, userId: string | null): Promise<string> {
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const row = await db.webAuthnChallenge.create({
    data: { challenge, purpose, userId, expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000) },
    select: { id: true },
  });
  return row.id;
}

/** Takes a challenge once: gone afterwards, whether the response checks out or not. */
async function takeChallenge(id: unknown, purpose: Purpose, userId: string | null): Promise<string | null> {
  if (typeof id !== "string" || !isUuid(id)) return null;
  const rows = await db.$queryRaw<{ challenge: string }[]>`
    DELETE FROM "WebAuthnChallenge"
    WHERE "id" = ${id}::uuid AND "purpose" = ${purpose} AND "expiresAt" > now()
      AND "userId" IS NOT DISTINCT FROM ${userId}::uuid
    RETURNING "challenge"`;
  return rows[0]?.challenge ?? null;
}

export type PasskeyEntry = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; backedUp: boolean };

export async function listPasskeys(userId: string): Promise<PasskeyEntry[]> {
  return db.userPasskey.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
  });
}

export async function hasPasskey(userId: string): Promise<boolean> {
  return (await db.userPasskey.count({ where: { userId } })) > 0;
}

/** The options for the browser's navigator.credentials.create(), and the challenge's id to send back. */
export async function startPasskeyRegistration(
  user: { id: string; email: string; name: string },
  sid: string,
  password: unknown,
  rp: RelyingParty,
  actor: Actor,
  proof: FactorProof = {},
): Promise<ActionResult<{ options: PublicKeyCredentialCreationOptionsJSON; challengeId: string }>> {
  // A copy of the session cookie alone cannot add a way into the account: the challenge is made after the
  // password, and after proof of the second factor the person has already, if any.
  const checked = await checkCurrentPassword(user, sid, password, actor, { action: "auth.passkey_add", field: "password" });
  if (checked.refusal) return checked.refusal;
  const unproven = await proveExistingFactor(user.id, sid, proof, rp, actor);
  if (unproven) return unproven;
  await checked.limits.release();
  const existing = await db.userPasskey.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } });
  if (existing.length >= MAX_PASSKEYS) {
    return { ok: false, code: "invalid_state", message: `You have ${MAX_PASSKEYS} passkeys, the most an account holds. Remove one first.` };
  }
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name || user.email,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return { ok: true, options, challengeId: await saveChallenge(options.challenge, "register", user.id) };
}

/** What the browser sends back: only the shape is checked here; the library checks the rest. */
const credentialResponse = z
  .object({ id: z.string().min(1).max(1024), rawId: z.string().min(1).max(1024), type: z.literal("public-key") })
  .passthrough();

const registrationSchema = z.strictObject({
  challengeId: z.string(),
  name: z.string().trim().min(1, "Name this passkey.").max(60, "Use at most 60 characters."),
  response: credentialResponse,
});

/**
 * Verifies a new passkey and keeps its public key. Adding a way to sign in ends every session of the user (the
 * session epoch is raised; the caller gives this browser a new session with the returned epoch).
 */
export async function finishPasskeyRegistration(
  user: { id: string },
  session: { sid: string; epoch: number },
  input: unknown,
  rp: RelyingParty,
  actor: Actor,
): Promise<ActionResult<{ sessionEpoch: number }>> {
  const parsed = registrationSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const expectedChallenge = await takeChallenge(parsed.data.challengeId, "register", user.id);
  if (!expectedChallenge) return { ok: false, code: "invalid_state", message: "This passkey request expired. Add the passkey again." };
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: parsed.data.response as unknown as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (error) {
    verified = { verified: false };
    console.error(JSON.stringify({ level: "warn", msg: "passkey registration refused", error: String(error) }));
  }
  if (!verified.verified || !verified.registrationInfo) {
    await recordAudit(db, actor, {
      action: "auth.passkey_add",
      outcome: "DENIED",
      reason: "registration not verified",
      targetType: "user",
      targetId: user.id,
    });
    return { ok: false, code: "invalid_input", message: "This passkey could not be verified. Try again." };
  }
  const { credential, credentialBackedUp, credentialDeviceType } = verified.registrationInfo;
  // What the authenticator chose is kept only within bounds: a credential id of at most 1,023 bytes (WebAuthn's
  // limit) that is the one the response named, and known transports.
  if (credential.id.length > 1366 || credential.id !== parsed.data.response.id) {
    return { ok: false, code: "invalid_input", message: "This passkey could not be verified. Try again." };
  }
  const transports = (Array.isArray(credential.transports) ? credential.transports : [])
    .filter((t): t is AuthenticatorTransportFuture => typeof t === "string" && KNOWN_TRANSPORTS.has(t))
    .slice(0, 8);
  if (await db.userPasskey.findUnique({ where: { credentialId: credential.id }, select: { id: true } })) {
    return fieldError("name", "This passkey is registered already.");
  }
  const changed = await inSessionChange(async (tx) => {
    const epoch = await endAllSessions(tx, user.id, session);
    // Counted again here (the row lock on the person is held): registrations started side by side stay within it.
    if ((await tx.userPasskey.count({ where: { userId: user.id } })) >= MAX_PASSKEYS) throw new TooManyPasskeys();
    const passkey = await tx.userPasskey.create({
      data: {
        userId: user.id,
        name: parsed.data.name,
        credentialId: credential.id,
        publicKey: new Uint8Array(credential.publicKey),
        counter: BigInt(credential.counter),
        transports,
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "auth.passkey_add",
      targetType: "user",
      targetId: user.id,
      details: { passkey: passkey.id, name: parsed.data.name },
    });
    return epoch;
  }).catch((error: unknown) => {
    if (error instanceof TooManyPasskeys) return "too-many" as const;
    throw error;
  });
  if (changed === "too-many") {
    return { ok: false, code: "invalid_state", message: `You have ${MAX_PASSKEYS} passkeys, the most an account holds. Remove one first.` };
  }
  if (!changed) {
    return { ok: false, code: "stale", message: "Your sessions changed meanwhile (from another session). Sign in again, then retry." };
  }
  return { ok: true, sessionEpoch: changed.sessionEpoch };
}

/**
 * Removes one of the user's passkeys; every session of the user ends (the caller renews this browser's). Refused
 * when it is the person's last second factor and their organization requires one of them.
 */
export async function removePasskey(
  user: { id: string; email: string },
  session: { sid: string; epoch: number },
  input: unknown,
  actor: Actor,
  rp: RelyingParty | null,
): Promise<ActionResult<{ sessionEpoch: number }>> {
  const notFound = {
    ok: false as const,
    code: "not_found" as const,
    message: "This passkey is not one of yours, or it was removed already.",
  };
  const {
    passkeyId,
    password,
    code,
    passkey: assertion,
  } = (input ?? {}) as {
    passkeyId?: unknown;
    password?: unknown;
    code?: unknown;
    passkey?: unknown;
  };
  if (typeof passkeyId !== "string" || !isUuid(passkeyId)) return notFound;
  const passkey = await db.userPasskey.findFirst({ where: { id: passkeyId, userId: user.id }, select: { id: true, name: true } });
  if (!passkey) return notFound;
  // A copy of the session cookie alone cannot take a way in away from its owner.
  const checked = await checkCurrentPassword(user, session.sid, password, actor, { action: "auth.passkey_remove", field: "password" });
  if (checked.refusal) return checked.refusal;
  // And proof of a second factor (this passkey itself, another, or the app's code): the password alone takes none away.
  const unproven = await proveExistingFactor(user.id, session.sid, { code, passkey: assertion }, rp, actor);
  if (unproven) return unproven;
  await checked.limits.release();
  if (await lastRequiredFactor(user.id, "passkey")) {
    return {
      ok: false,
      code: "forbidden",
      message: "Your organization requires a second factor for administrators: keep this passkey, or set up an authenticator app first.",
    };
  }
  const changed = await inSessionChange(async (tx) => {
    const { count } = await tx.userPasskey.deleteMany({ where: { id: passkey.id, userId: user.id } });
    // Removed by another request meanwhile: nothing of this one is kept.
    if (count !== 1) throw new SessionChanged();
    const epoch = await endAllSessions(tx, user.id, session);
    await recordAudit(tx, actor, {
      action: "auth.passkey_remove",
      targetType: "user",
      targetId: user.id,
      details: { passkey: passkey.id, name: passkey.name },
    });
    return epoch;
  });
  if (!changed) {
    return (await db.userPasskey.findFirst({ where: { id: passkey.id, userId: user.id }, select: { id: true } }))
      ? { ok: false, code: "stale", message: "Your sessions changed meanwhile (from another session). Sign in again, then retry." }
      : notFound;
  }
  return { ok: true, sessionEpoch: changed.sessionEpoch };
}

/** The options for navigator.credentials.get() at sign-in (any of this site's passkeys), and the challenge's id. */
export async function startPasskeySignIn(
  rp: RelyingParty,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; challengeId: string }> {
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: "required" });
  return { options, challengeId: await saveChallenge(options.challenge, "sign-in", null) };
}

/** A passkey assertion as the sign-in form sends it (JSON of { challengeId, response }). */
export const passkeyAssertionSchema = z.strictObject({ challengeId: z.string().max(64), response: credentialResponse });

export type PasskeyCheck =
  { ok: true; userId: string } | { ok: false; reason: "expired" | "unknown" | "invalid" | "replayed"; userId?: string };

/**
 * Checks a passkey assertion: its challenge (taken once), the passkey (of `userId` when given: a second factor),
 * the signature, user verification, and a counter that went up (taken atomically, so one assertion signs in once).
 */
export async function checkPasskeyAssertion(input: unknown, rp: RelyingParty, userId?: string): Promise<PasskeyCheck> {
  const parsed = passkeyAssertionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const expectedChallenge = await takeChallenge(parsed.data.challengeId, "sign-in", null);
  const passkey = await db.userPasskey.findUnique({
    where: { credentialId: parsed.data.response.id },
    select: { id: true, userId: true, credentialId: true, publicKey: true, counter: true, transports: true },
  });
  if (!passkey || (userId && passkey.userId !== userId)) return { ok: false, reason: "unknown", userId: passkey?.userId };
  if (!expectedChallenge) return { ok: false, reason: "expired", userId: passkey.userId };
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response: parsed.data.response as unknown as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
      requireUserVerification: true,
    });
  } catch (error) {
    console.error(JSON.stringify({ level: "warn", msg: "passkey assertion refused", error: String(error) }));
    return { ok: false, reason: "invalid", userId: passkey.userId };
  }
  if (!verified.verified) return { ok: false, reason: "invalid", userId: passkey.userId };
  const { newCounter } = verified.authenticationInfo;
  // Taken once: the counter moves from the value this check read (a copy of the assertion, raced, finds it moved).
  const { count } = await db.userPasskey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: new Date() },
  });
  if (count !== 1) return { ok: false, reason: "replayed", userId: passkey.userId };
  return { ok: true, userId: passkey.userId };
}
