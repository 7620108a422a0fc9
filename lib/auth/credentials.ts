import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { hitRateLimit, peekRateLimit, resetRateLimit } from "@/lib/rate-limit";
import { signInSchema } from "@/lib/validation/auth";
import { burnPasswordCheck, verifyPassword } from "./passwords";

/** Failed sign-ins allowed per account, and per address, in one window. */
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 30, windowSeconds: 15 * 60 };

export type SignInResult =
  { ok: true; user: { id: string; email: string; name: string } } | { ok: false; reason: "invalid" | "locked"; retryAfterSeconds?: number };

/**
 * Checks an email and password. Unknown email and wrong password look the
 * same to the caller; repeated failures lock the account (and the address)
 * for the rest of the window. Every attempt is audited.
 */
export async function authenticate(input: unknown, meta: { ip: string; userAgent: string | null }): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const accountKey = `sign-in:account:${email}`;
  const addressKey = `sign-in:address:${meta.ip}`;
  const actor = { type: "USER" as const, id: null, label: email, ip: meta.ip, userAgent: meta.userAgent };

  const [account, address] = await Promise.all([
    peekRateLimit(db, accountKey, SIGN_IN_LIMITS.windowSeconds),
    peekRateLimit(db, addressKey, SIGN_IN_LIMITS.windowSeconds),
  ]);
  const locked = account.count >= SIGN_IN_LIMITS.perAccount ? account : address.count >= SIGN_IN_LIMITS.perAddress ? address : null;
  if (locked) {
    await recordAudit(db, actor, { action: "auth.sign_in", outcome: "DENIED", reason: "too many failed attempts" });
    return { ok: false, reason: "locked", retryAfterSeconds: locked.retryAfterSeconds };
  }

  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !valid) {
    await hitRateLimit(db, accountKey, SIGN_IN_LIMITS.windowSeconds);
    await hitRateLimit(db, addressKey, SIGN_IN_LIMITS.windowSeconds);
    await recordAudit(db, { ...actor, id: user?.id ?? null }, { action: "auth.sign_in", outcome: "DENIED", reason: "invalid credentials" });
    return { ok: false, reason: "invalid" };
  }
  await resetRateLimit(db, accountKey);
  await recordAudit(db, { ...actor, id: user.id }, { action: "auth.sign_in" });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
