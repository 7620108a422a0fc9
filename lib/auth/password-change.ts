import "server-only";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { hitRateLimits, resetRateLimit } from "@/lib/rate-limit";
import { changePasswordSchema } from "./schema";
import { hashPassword, verifyPassword } from "./passwords";

/** Wrong current passwords allowed per account in a window, as for one account from one address at sign-in. */
export const PASSWORD_CHANGE_LIMIT = { attempts: 5, windowSeconds: 15 * 60 };

/**
 * Changes the signed-in user's password, given the current one, and signs out every other session: a token
 * signed in before now is refused on its next request, on every instance, except this session's (kept). Wrong
 * current passwords are counted like sign-in attempts; every attempt is audited, never with a password.
 */
export async function changePassword(
  user: { id: string; email: string },
  sid: string,
  input: unknown,
  meta: { ip: string; userAgent: string | null },
): Promise<ActionResult> {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const actor = { type: "USER" as const, id: user.id, label: user.email, ...meta };
  const key = `password-change:${user.id}`;
  const [attempts] = await hitRateLimits(db, [key], PASSWORD_CHANGE_LIMIT.windowSeconds);
  if (attempts.count > PASSWORD_CHANGE_LIMIT.attempts) {
    await recordAudit(db, actor, { action: "auth.password_change", outcome: "DENIED", reason: "too many failed attempts" });
    const minutes = Math.max(1, Math.ceil(attempts.retryAfterSeconds / 60));
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
  // Rounded up to the second, as a token's sign-in time is: every session signed in until now is before it.
  const now = new Date(Math.ceil(Date.now() / 1000) * 1000);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionsValidAfter: now, sessionKeptId: sid } });
    await tx.userSession.updateMany({ where: { userId: user.id, endedAt: null, id: { not: sid } }, data: { endedAt: now } });
    await recordAudit(tx, actor, { action: "auth.password_change", targetType: "user", targetId: user.id });
  });
  await resetRateLimit(db, key);
  return { ok: true };
}
