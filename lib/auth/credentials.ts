import "server-only";
import { isIPv6 } from "node:net";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { firstOver, hitRateLimits, pruneStaleRateLimits, resetRateLimit, undoRateLimitHit } from "@/lib/rate-limit";
import { signInSchema } from "@/lib/auth/schema";
import { burnPasswordCheck, verifyPassword } from "./passwords";
import { checkPasskeyAssertion, type RelyingParty } from "./passkeys";
import { secondFactors, verifySecondFactor } from "./two-factor";

/**
 * Sign-in attempts allowed in one window: per account and address pair (the
 * lock a person meets), per address (one address trying many accounts), and
 * per account from anywhere — a much higher ceiling, in the spirit of NIST SP
 * 800-63B's 100 failures, so that someone elsewhere cannot lock a person out
 * of their own address by failing on purpose.
 */
export const SIGN_IN_LIMITS = { perPair: 5, perAddress: 30, perAccount: 100, windowSeconds: 15 * 60 };

export const signInKeys = (email: string, ip: string) => {
  const from = addressBucket(ip);
  return { pair: `sign-in:pair:${email}|${from}`, address: `sign-in:address:${from}`, account: `sign-in:account:${email}` };
};

/**
 * Where attempts are counted from: an IPv4 address, or an IPv6 /64 (one
 * subscriber usually holds a whole /64, so counting by full address would
 * let one attacker rotate through millions of them).
 */
export function addressBucket(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head, tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionEpoch: number } }
  | { ok: false; reason: "invalid" | "locked"; retryAfterSeconds?: number }
  /** The password was right; this account signs in with a second factor too (none given, or a wrong one). */
  /** The password was right; this account signs in with a second factor too (none given, or a wrong one). */
  | { ok: false; reason: "second_factor"; refusal?: "invalid" | "reused"; methods: SecondFactorMethods };

/** The second factors an account offers, told only once its password was right. */
export type SecondFactorMethods = { totp: boolean; passkey: boolean };

/** Where the request came from, and the relying party a passkey must be for (null: reached by an IP address). */
export type SignInMeta = { ip: string; userAgent: string | null; rp?: RelyingParty | null };

/**
 * Checks an email and password. Unknown email and wrong password look the
 * same to the caller. The attempt is counted before the password is checked,
 * in one atomic statement, so parallel attempts cannot all slip under the
 * limit; a success gives its count back. Every attempt is audited.
 */
export async function authenticate(input: unknown, meta: SignInMeta): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password, code, passkey } = parsed.data;
  const keys = signInKeys(email, meta.ip);
  const actor = { type: "USER" as const, id: null, label: email, ip: meta.ip, userAgent: meta.userAgent };

  await pruneStaleRateLimits(db);
  const [pair, address, account] = await hitRateLimits(db, [keys.pair, keys.address, keys.account], SIGN_IN_LIMITS.windowSeconds);
  const over = firstOver([pair, address, account], [SIGN_IN_LIMITS.perPair, SIGN_IN_LIMITS.perAddress, SIGN_IN_LIMITS.perAccount]);
  if (over) {
    await recordAudit(db, actor, { action: "auth.sign_in", outcome: "DENIED", reason: "too many failed attempts" });
    return { ok: false, reason: "locked", retryAfterSeconds: over.retryAfterSeconds };
  }

  // The session epoch is read with the password: a password change or "sign out everywhere" committing while
  // this sign-in goes on leaves the new token with the old epoch, refused on its first request.
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionEpoch: true },
  });
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !valid) {
    await recordAudit(db, { ...actor, id: user?.id ?? null }, { action: "auth.sign_in", outcome: "DENIED", reason: "invalid credentials" });
    return { ok: false, reason: "invalid" };
  }
  let secondFactor: "totp" | "recovery_code" | "passkey" | undefined;
  const methods = await secondFactors(user.id);
  if (methods.totp || methods.passkey) {
    if (!code && !passkey) {
      // Not a failure: the password was right, the second factor comes next.
      await undoRateLimitHit(db, [keys.pair, keys.address, keys.account]);
      return { ok: false, reason: "second_factor", methods };
    }
    // A wrong second factor keeps this attempt's count toward the sign-in limits, and counts toward its own.
    const checked = passkey
      ? await secondFactorPasskey(user.id, passkey, methods.passkey ? (meta.rp ?? null) : null, { ...actor, id: user.id })
      : await verifySecondFactor(user.id, code!, { ...actor, id: user.id }, { address: addressBucket(meta.ip) });
    if (!checked.ok) {
      return checked.reason === "locked"
        ? { ok: false, reason: "locked" }
        : { ok: false, reason: "second_factor", refusal: checked.reason, methods };
    }
    secondFactor = checked.method;
  }
  // A success is not a failure: this pair starts afresh, and the wider counters get their hit back.
  await resetRateLimit(db, keys.pair);
  await undoRateLimitHit(db, [keys.address, keys.account]);
  await recordAudit(db, { ...actor, id: user.id }, { action: "auth.sign_in", ...(secondFactor ? { details: { secondFactor } } : {}) });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionEpoch: user.sessionEpoch } };
}

/** A passkey as the second factor after the password: it must be one of this person's. Audited when refused. */
export async function secondFactorPasskey(
  userId: string,
  passkey: string,
  rp: RelyingParty | null,
  actor: { type: "USER"; id: string; label: string; ip: string; userAgent: string | null },
): Promise<{ ok: true; method: "passkey" } | { ok: false; reason: "invalid" }> {
  const checked =
    rp && passkey.length <= MAX_ASSERTION_LENGTH
      ? await checkPasskeyAssertion(parseJson(passkey), rp, userId)
      : ({ ok: false, reason: "invalid" } as const);
  if (checked.ok) return { ok: true, method: "passkey" };
  await recordAudit(db, actor, {
    action: "auth.second_factor",
    outcome: "DENIED",
    reason: `passkey ${checked.reason}`,
    targetType: "user",
    targetId: userId,
  });
  return { ok: false, reason: "invalid" };
}

/** The longest passkey assertion taken (JSON), as the sign-in form's schema says. */
const MAX_ASSERTION_LENGTH = 16_384;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Signs in with a passkey alone (the authenticator verified the person). Counted like password attempts: per
 * address before anything is checked, per account once the passkey names one; a refused assertion (unknown,
 * expired or used challenge, bad signature, counter gone back) is audited. The session epoch is read after the
 * assertion was taken, as the password's is.
 */
export async function authenticateWithPasskey(input: unknown, meta: SignInMeta): Promise<SignInResult> {
  const from = addressBucket(meta.ip);
  const addressKey = `sign-in:address:${from}`;
  const anonymous = { type: "USER" as const, id: null, label: "passkey", ip: meta.ip, userAgent: meta.userAgent };
  await pruneStaleRateLimits(db);
  const [address] = await hitRateLimits(db, [addressKey], SIGN_IN_LIMITS.windowSeconds);
  if (address.count > SIGN_IN_LIMITS.perAddress) {
    await recordAudit(db, anonymous, { action: "auth.sign_in", outcome: "DENIED", reason: "too many failed attempts" });
    return { ok: false, reason: "locked", retryAfterSeconds: address.retryAfterSeconds };
  }
  // The assertion as JSON, bounded: also reached by a POST straight to Auth.js's callback, without the action's schema.
  const text = typeof input === "string" && input.length <= MAX_ASSERTION_LENGTH ? input : "";
  const checked = meta.rp ? await checkPasskeyAssertion(parseJson(text), meta.rp) : null;
  const owner = checked?.userId
    ? await db.user.findUnique({ where: { id: checked.userId }, select: { id: true, email: true, name: true, sessionEpoch: true } })
    : null;
  const accountKey = owner ? signInKeys(owner.email, meta.ip).account : null;
  const [account] = accountKey ? await hitRateLimits(db, [accountKey], SIGN_IN_LIMITS.windowSeconds) : [];
  const actor = owner ? { ...anonymous, id: owner.id, label: owner.email } : anonymous;
  if (account && account.count > SIGN_IN_LIMITS.perAccount) {
    await recordAudit(db, actor, { action: "auth.sign_in", outcome: "DENIED", reason: "too many failed attempts" });
    return { ok: false, reason: "locked", retryAfterSeconds: account.retryAfterSeconds };
  }
  if (!checked?.ok || !owner) {
    const reason = !checked ? "passkey without a relying party" : checked.ok ? "passkey of no user" : `passkey ${checked.reason}`;
    await recordAudit(db, actor, { action: "auth.sign_in", outcome: "DENIED", reason, details: { method: "passkey" } });
    return { ok: false, reason: "invalid" };
  }
  await undoRateLimitHit(db, [addressKey, accountKey!]);
  await recordAudit(db, actor, { action: "auth.sign_in", details: { method: "passkey" } });
  return { ok: true, user: owner };
}
