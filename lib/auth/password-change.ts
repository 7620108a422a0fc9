import "server-only";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { hitRateLimits, resetRateLimit, undoRateLimitHit } from "@/lib/rate-limit";
import { SIGN_IN_LIMITS, signInKeys } from "./credentials";
import { changePasswordSchema } from "./schema";
import { hashPassword, verifyPassword } from "./passwords";

/**
 * Wrong current passwords allowed in a window: per session (the person at this browser, or whoever holds a copy
 * of its cookie), and per account from all its sessions together, a higher ceiling, so that a stolen cookie
 * cannot stop its owner from changing their password by failing on purpose. Each also counts toward the
 * account's sign-in ceiling (lib/auth/credentials.ts).
 */
export const PASSWORD_CHANGE_LIMIT = { perSession: 5, perAccount: 20, windowSeconds: 15 * 60 };

const keys = (user: { id: string; email: string }, sid: string) => ({
  session: `password-change:session:${sid}`,
  account: `password-change:account:${user.id}`,
  signIn: signInKeys(user.email, "").account,
});

/**
 * Changes the signed-in user's password, given the current one, and ends every session of the user, this one
 * included: the user's session epoch is raised, so every token issued before (a copy of this browser's cookie
 * too) is refused on its next request, on every instance. The caller gives this browser a new session with the
 * returned epoch (lib/auth/session-cookie.ts). Refused, changing nothing, when the password or the epoch changed
 * meanwhile (another change, "sign out everywhere") or this session was signed out. Wrong current passwords are
 * counted like sign-in attempts; every attempt is audited, never with a password.
 */
export async function changePassword(
  user: { id: string; email: string },
  session: { sid: string; epoch: number },
  input: unknown,
  meta: { ip: string; userAgent: string | null },
): Promise<ActionResult<{ sessionEpoch: number }>> {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const actor = { type: "USER" as const, id: user.id, label: user.email, ...meta };
  const limits = keys(user, session.sid);
  const [perSession, perAccount, signIn] = await hitRateLimits(
    db,
    [limits.session, limits.account, limits.signIn],
    PASSWORD_CHANGE_LIMIT.windowSeconds,
  );
  const over =
    perSession.count > PASSWORD_CHANGE_LIMIT.perSession
      ? perSession
      : perAccount.count > PASSWORD_CHANGE_LIMIT.perAccount
        ? perAccount
        : signIn.count > SIGN_IN_LIMITS.perAccount
          ? signIn
          : null;
  if (over) {
    await recordAudit(db, actor, { action: "auth.password_change", outcome: "DENIED", reason: "too many failed attempts" });
    const minutes = Math.max(1, Math.ceil(over.retryAfterSeconds / 60));
    return {
      ok: false,
      code: "forbidden",
      message: `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    };
  }
  const stored = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!stored?.passwordHash || !(await verifyPassword(stored.passwordHash, parsed.data.current))) {
    await recordAudit(db, actor, { action: "auth.password_change", outcome: "DENIED", reason: "wrong current password" });
    return fieldError("current", "This is not your current password.");
  }
  const passwordHash = await hashPassword(parsed.data.password);
  const changed = await db.$transaction(async (tx) => {
    // Only over the password just checked, and only from a session of the current epoch that is not signed out.
    const updated = await tx.user.updateMany({
      where: { id: user.id, passwordHash: stored.passwordHash, sessionEpoch: session.epoch },
      data: { passwordHash, sessionEpoch: { increment: 1 } },
    });
    if (updated.count !== 1 || (await tx.revokedSession.findUnique({ where: { id: session.sid }, select: { id: true } }))) {
      return null;
    }
    await tx.userSession.updateMany({ where: { userId: user.id, endedAt: null }, data: { endedAt: new Date() } });
    await recordAudit(tx, actor, { action: "auth.password_change", targetType: "user", targetId: user.id });
    return tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionEpoch: true } });
  });
  if (!changed) {
    await recordAudit(db, actor, { action: "auth.password_change", outcome: "DENIED", reason: "session ended meanwhile" });
    return {
      ok: false,
      code: "stale",
      message: "Your password or sessions changed meanwhile (from another session). Sign in again, then retry.",
    };
  }
  await resetRateLimit(db, limits.session);
  await undoRateLimitHit(db, [limits.account, limits.signIn]);
  return { ok: true, sessionEpoch: changed.sessionEpoch };
}
