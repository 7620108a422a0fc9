import "server-only";
import { randomInt, scrypt, type ScryptOptions } from "node:crypto";
import { promisify } from "node:util";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { fieldError, type ActionResult } from "@/lib/action-result";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { twoFactorWrapContext as wrapContext } from "@/lib/crypto/data-keys";
import { getMasterKeyProvider } from "@/lib/crypto/master-key";
import { db } from "@/lib/db";
import { hitRateLimits, resetRateLimit } from "@/lib/rate-limit";
import { proveExistingFactor, type FactorProof } from "./factor-proof";
import type { RelyingParty } from "./passkeys";
import { checkCurrentPassword } from "./password-change";
import { endAllSessions, inSessionChange } from "./session-change";

/**
 * Two-factor sign-in: a TOTP secret per person (RFC 6238, 30 s, six digits,
 * with otplib), wrapped by the master key like the project data keys, and ten
 * one-time recovery codes stored as SHA-256 hashes. A code is accepted once:
 * the time step of the last accepted code is kept, and only a later one
 * passes. Wrong codes are counted per person (SECOND_FACTOR_LIMIT) and, at
 * sign-in, toward the sign-in limits too. Every enrolment, removal, recovery
 * code use and failed code is an audit event, never with a code or a secret.
 */

/**
 * Wrong codes allowed in a window: `attempts` at sign-in per person and address (the password was right), or in
 * a signed-in session (turning it off) per session; `perAccount` for the person from everywhere, a higher ceiling,
 * so that a stolen cookie, or someone who knows the password, cannot lock the person out by failing on purpose.
 */
export const SECOND_FACTOR_LIMIT = { attempts: 5, perAccount: 20, windowSeconds: 15 * 60 };
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Enterprise AI Secrets";
/** One step either side: a phone's clock a little off, or a code typed as it changes. */
const EPOCH_TOLERANCE_SECONDS = 30;

async function wrapSecret(userId: string, secret: string) {
  const provider = getMasterKeyProvider();
  return { wrapped: new Uint8Array(await provider.wrapKey(Buffer.from(secret, "utf8"), wrapContext(userId))), keyId: provider.id };
}

async function unwrapSecret(userId: string, wrapped: Uint8Array): Promise<string> {
  return (await getMasterKeyProvider().unwrapKey(Buffer.from(wrapped), wrapContext(userId))).toString("utf8");
}

/** Recovery codes: ten characters of an alphabet without look-alikes, shown as xxxxx-xxxxx. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");
const scryptAsync = promisify(scrypt) as (password: string, salt: string, keylen: number, options: ScryptOptions) => Promise<Buffer>;
/**
 * A recovery code as stored: scrypt, salted with its person's id, so that a copy of the database does not give up
 * every person's codes in one pass (a code holds about 50 bits).
 */
const hashRecoveryCode = async (userId: string, code: string) =>
  (await scryptAsync(normalizeRecoveryCode(code), `recovery:${userId}`, 32, { N: 2 ** 14, r: 8, p: 1 })).toString("hex");

export type TwoFactorStatus = { enabledAt: Date | null; recoveryCodesLeft: number };

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [user, left] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db.userRecoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabledAt: user?.totpEnabledAt ?? null, recoveryCodesLeft: left };
}

/** Starts an enrolment: a new secret, kept aside until a code confirms it; the QR code is drawn here (SVG), offline. */
export async function startEnrolment(
  user: { id: string; email: string },
  sid: string,
  password: unknown,
  actor: Actor,
  proof: FactorProof = {},
  rp: RelyingParty | null = null,
): Promise<ActionResult<{ secret: string; uri: string; qrSvg: string }>> {
  // A copy of the session cookie alone cannot give the account a second factor its owner does not hold: the
  // password, and (when the person has a passkey already) that passkey.
  const checked = await checkCurrentPassword(user, sid, password, actor, { action: "auth.second_factor_enrol", field: "password" });
  if (checked.refusal) return checked.refusal;
  const unproven = await proveExistingFactor(user.id, sid, proof, rp, actor);
  if (unproven) return unproven;
  await checked.limits.release();
  if (await db.user.findFirst({ where: { id: user.id, totpEnabledAt: { not: null } }, select: { id: true } })) {
    return { ok: false, code: "invalid_state", message: "Two-factor sign-in is already on." };
  }
  const secret = generateSecret();
  const { wrapped } = await wrapSecret(user.id, secret);
  await db.user.update({ where: { id: user.id }, data: { totpPending: wrapped } });
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret });
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { ok: true, secret, uri, qrSvg };
}

const CODE_PATTERN = /^\d{6}$/;

/** Counts a wrong code, audits it, and says whether the person is now over the limit. */
async function countFailure(actor: Actor, userId: string, reason: string) {
  await recordAudit(db, actor, { action: "auth.second_factor", outcome: "DENIED", reason, targetType: "user", targetId: userId });
}

/** Where a code is tried: in a signed-in session (its id), or at sign-in from an address (its bucket). */
type CodeScope = { sid: string } | { address: string };

/**
 * The counters a try counts on: the narrow one (this session, or this person from this address) and the person's
 * across them, with a higher ceiling, so that nobody elsewhere — a stolen cookie, or someone who knows the
 * password — can lock the person out by failing on purpose.
 */
const limitKeys = (userId: string, scope: CodeScope) =>
  "sid" in scope
    ? [`second-factor:session:${scope.sid}`, `second-factor:sessions:${userId}`]
    : [`second-factor:${userId}|${scope.address}`, `second-factor:${userId}`];

/** Whether this person may try a code now, here; counts the try. */
async function underLimit(userId: string, scope: CodeScope) {
  const states = await hitRateLimits(db, limitKeys(userId, scope), SECOND_FACTOR_LIMIT.windowSeconds);
  const ceilings = [SECOND_FACTOR_LIMIT.attempts, SECOND_FACTOR_LIMIT.perAccount];
  const over = states.find((state, i) => state.count > ceilings[i]);
  return { ok: !over, retryAfterSeconds: over?.retryAfterSeconds ?? 0 };
}

/** A right code starts this scope's counting afresh. */
async function resetLimit(userId: string, scope: CodeScope) {
  await resetRateLimit(db, limitKeys(userId, scope)[0]);
}

const tooMany = (retryAfterSeconds: number) => {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
};

/** A TOTP code against a secret, accepted only for a time step after the last one accepted. */
async function checkTotp(
  secret: string,
  code: string,
  lastStep: number | null,
): Promise<{ ok: true; step: number } | { ok: false; reused: boolean }> {
  const result = await verify({ secret, token: code, epochTolerance: EPOCH_TOLERANCE_SECONDS });
  if (!result.valid) return { ok: false, reused: false };
  const step = (result as { timeStep: number }).timeStep;
  if (lastStep !== null && step <= lastStep) return { ok: false, reused: true };
  return { ok: true, step };
}

/** Refused when the user's sessions ended meanwhile (another change, "sign out everywhere"): nothing changed. */
const SESSION_CHANGED = {
  ok: false as const,
  code: "stale" as const,
  message: "Your sessions changed meanwhile (from another session). Sign in again, then retry.",
};

/**
 * Confirms an enrolment with a code from the new secret: two-factor sign-in is on, ten recovery codes are
 * made (returned once, kept only as hashes), and every session of the user ends (the session epoch is raised;
 * the caller gives this browser a new session with the returned epoch, lib/auth/session-cookie.ts).
 */
export async function confirmEnrolment(
  user: { id: string; email: string },
  session: { sid: string; epoch: number },
  code: unknown,
  actor: Actor,
): Promise<ActionResult<{ recoveryCodes: string[]; sessionEpoch: number }>> {
  const typed = typeof code === "string" ? code.replace(/\s/g, "") : "";
  if (!CODE_PATTERN.test(typed)) return fieldError("code", "Enter the six digits your authenticator app shows.");
  const scope = { sid: session.sid };
  const limit = await underLimit(user.id, scope);
  if (!limit.ok) {
    await countFailure(actor, user.id, "too many wrong codes");
    return { ok: false, code: "forbidden", message: tooMany(limit.retryAfterSeconds) };
  }
  const row = await db.user.findUnique({ where: { id: user.id }, select: { totpPending: true, totpEnabledAt: true } });
  if (row?.totpEnabledAt) return { ok: false, code: "invalid_state", message: "Two-factor sign-in is already on." };
  if (!row?.totpPending) return { ok: false, code: "invalid_state", message: "Start the set-up again: no code was asked for." };
  let secret: string;
  try {
    secret = await unwrapSecret(user.id, row.totpPending);
  } catch {
    return { ok: false, code: "invalid_state", message: "Start the set-up again: this set-up can no longer be read." };
  }
  const checked = await checkTotp(secret, typed, null);
  if (!checked.ok) {
    await countFailure(actor, user.id, "wrong code at enrolment");
    return fieldError("code", "That code is not right. Check the app's clock, then enter the code it shows now.");
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(recoveryCodes.map((c) => hashRecoveryCode(user.id, c)));
  const { wrapped, keyId } = await wrapSecret(user.id, secret);
  const changed = await inSessionChange(async (tx) => {
    // Only over the set-up just checked, not already on, from a session of the current epoch; changing the
    // second factor ends every session.
    const epoch = await endAllSessions(tx, user.id, session, {
      where: { totpEnabledAt: null, totpPending: row.totpPending },
      data: { totpSecret: wrapped, totpKeyId: keyId, totpEnabledAt: new Date(), totpLastStep: checked.step, totpPending: null },
    });
    await tx.userRecoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.userRecoveryCode.createMany({ data: recoveryCodes.map((c, i) => ({ userId: user.id, codeHash: hashes[i] })) });
    await recordAudit(tx, actor, {
      action: "auth.second_factor_enrol",
      targetType: "user",
      targetId: user.id,
      details: { method: "totp" },
    });
    return epoch;
  });
  if (!changed) return SESSION_CHANGED;
  await resetLimit(user.id, scope);
  return { ok: true, recoveryCodes, sessionEpoch: changed.sessionEpoch };
}

/**
 * A second factor at sign-in or for a change: a TOTP code (accepted once) or an unused recovery code (used up).
 * Counted per person; each failure and each recovery code use is audited.
 */
export async function verifySecondFactor(
  userId: string,
  code: string,
  actor: Actor,
  scope: CodeScope,
): Promise<{ ok: true; method: "totp" | "recovery_code" } | { ok: false; reason: "invalid" | "reused" | "locked"; message: string }> {
  const limit = await underLimit(userId, scope);
  if (!limit.ok) {
    await countFailure(actor, userId, "too many wrong codes");
    return { ok: false, reason: "locked", message: tooMany(limit.retryAfterSeconds) };
  }
  const typed = code.replace(/\s/g, "");
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpLastStep: true } });
  if (!user?.totpSecret) return { ok: false, reason: "invalid", message: "Two-factor sign-in is not on for this account." };
  if (CODE_PATTERN.test(typed)) {
    const checked = await checkTotp(await unwrapSecret(userId, user.totpSecret), typed, user.totpLastStep);
    if (checked.ok) {
      // Accepted once: only if no other request took this step (or a later one) meanwhile.
      const { count } = await db.user.updateMany({
        where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: checked.step } }] },
        data: { totpLastStep: checked.step },
      });
      if (count === 1) {
        await resetLimit(userId, scope);
        return { ok: true, method: "totp" };
      }
    }
    const reused = !checked.ok ? checked.reused : true;
    await countFailure(actor, userId, reused ? "code already used" : "wrong code");
    return reused
      ? { ok: false, reason: "reused", message: "That code was used already. Wait for the next one." }
      : { ok: false, reason: "invalid", message: "That code is not right." };
  }
  const { count } = await db.userRecoveryCode.updateMany({
    where: { userId, codeHash: await hashRecoveryCode(userId, typed), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count === 1) {
    const left = await db.userRecoveryCode.count({ where: { userId, usedAt: null } });
    await recordAudit(db, actor, { action: "auth.recovery_code_use", targetType: "user", targetId: userId, details: { left } });
    await resetLimit(userId, scope);
    return { ok: true, method: "recovery_code" };
  }
  await countFailure(actor, userId, "wrong or used recovery code");
  return { ok: false, reason: "invalid", message: "That code is not right." };
}

/** The second factors a person signs in with: an authenticator app (TOTP), passkeys (lib/auth/passkeys.ts). */
export async function secondFactors(userId: string): Promise<{ totp: boolean; passkey: boolean }> {
  const [user, passkeys] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db.userPasskey.count({ where: { userId } }),
  ]);
  return { totp: Boolean(user?.totpEnabledAt), passkey: passkeys > 0 };
}

/** Whether this person signs in with a second factor (an authenticator app or a passkey). */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  const factors = await secondFactors(userId);
  return factors.totp || factors.passkey;
}

/**
 * Whether this person must have a second factor and has none: their organization requires it of administrators
 * (Organization → Settings), and they administer the organization or a project. Such a person is sent to set it
 * up before anything else (lib/authz/session.ts).
 */
export async function mustSetUpSecondFactor(userId: string): Promise<boolean> {
  return !(await hasSecondFactor(userId)) && (await administersUnderRequirement(userId));
}

/**
 * The permissions that make a custom role's holder an administrator for the requirement: who grants others rights
 * (members, roles) or mints API tokens is held to it as a Project Administrator is.
 */
const ADMINISTRATIVE_PERMISSIONS = ["members.manage", "roles.manage", "tokens.manage"] as const;

/**
 * Whether this person administers the organization, or one of its projects (the Project Administrator role, or
 * a role with an administrative permission), and it requires a second factor.
 */
export async function administersUnderRequirement(userId: string): Promise<boolean> {
  const membership = await db.organizationMember.findFirst({
    where: {
      userId,
      organization: { requireAdminTwoFactor: true },
      OR: [
        { role: "ADMIN" },
        {
          user: {
            projectMemberships: {
              some: {
                roles: {
                  some: { role: { OR: [{ systemKey: "project_admin" }, { permissions: { hasSome: [...ADMINISTRATIVE_PERMISSIONS] } }] } },
                },
              },
            },
          },
        },
      ],
    },
    select: { id: true },
  });
  return Boolean(membership);
}

/**
 * Whether removing this factor would leave a person held by the requirement without any: refused then.
 * `removing`: the authenticator app, or one passkey.
 */
export async function lastRequiredFactor(userId: string, removing: "totp" | "passkey"): Promise<boolean> {
  if (!(await administersUnderRequirement(userId))) return false;
  const [user, passkeys] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db.userPasskey.count({ where: { userId } }),
  ]);
  const left = removing === "totp" ? passkeys : passkeys - 1 + (user?.totpEnabledAt ? 1 : 0);
  return left <= 0;
}

/**
 * Turns two-factor sign-in off, given a current code (or a recovery code); every session of the user ends (the
 * caller gives this browser a new session with the returned epoch).
 */
export async function disableTwoFactor(
  user: { id: string; email: string },
  session: { sid: string; epoch: number },
  input: unknown,
  actor: Actor,
): Promise<ActionResult<{ sessionEpoch: number }>> {
  const { code, password } = (input ?? {}) as { code?: unknown; password?: unknown };
  const typed = typeof code === "string" ? code.trim() : "";
  if (!typed || typed.length > 32) return fieldError("code", "Enter a code from your authenticator app, or a recovery code.");
  const checkedPassword = await checkCurrentPassword(user, session.sid, password, actor, {
    action: "auth.second_factor_remove",
    field: "password",
  });
  if (checkedPassword.refusal) return checkedPassword.refusal;
  await checkedPassword.limits.release();
  if (!(await secondFactors(user.id)).totp) return { ok: false, code: "invalid_state", message: "Two-factor sign-in is already off." };
  if (await lastRequiredFactor(user.id, "totp")) {
    return {
      ok: false,
      code: "forbidden",
      message: "Your organization requires a second factor for administrators: add a passkey before turning the authenticator app off.",
    };
  }
  const checked = await verifySecondFactor(user.id, typed, actor, { sid: session.sid });
  if (!checked.ok)
    return checked.reason === "locked" ? { ok: false, code: "forbidden", message: checked.message } : fieldError("code", checked.message);
  const changed = await inSessionChange(async (tx) => {
    const epoch = await endAllSessions(tx, user.id, session, {
      where: { totpEnabledAt: { not: null } },
      data: { totpSecret: null, totpKeyId: null, totpEnabledAt: null, totpLastStep: null, totpPending: null },
    });
    await tx.userRecoveryCode.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, actor, { action: "auth.second_factor_remove", targetType: "user", targetId: user.id });
    return epoch;
  });
  if (!changed) return SESSION_CHANGED;
  return { ok: true, sessionEpoch: changed.sessionEpoch };
}
