import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { SESSION_MAX_AGE_SECONDS, withinLifetime } from "@/lib/auth/config";
import { db } from "@/lib/db";

/**
 * Revokes one session: its JWT is refused from now on (a JWT cannot be
 * recalled otherwise), by every page, action and the session endpoint.
 * The revocation is kept as long as any token of that session could be
 * valid: tokens die SESSION_MAX_AGE_SECONDS after their sign-in however often
 * they are re-signed (lib/auth/config.ts), so that is when it is pruned.
 */
export async function revokeSession(userId: string, sid: string, authTime: number) {
  const expiresAt = new Date((authTime + SESSION_MAX_AGE_SECONDS + 60) * 1000);
  await db.$transaction(async (tx) => {
    await tx.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await tx.revokedSession.upsert({ where: { id: sid }, create: { id: sid, userId, expiresAt }, update: {} });
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    await recordAudit(
      tx,
      { type: "USER", id: userId, label: user?.email ?? userId },
      { action: "auth.sign_out", targetType: "user", targetId: userId },
    );
  });
}

/** A session token as it may go on being used: within its lifetime and not signed out; otherwise null. */
export async function checkSessionToken<T extends object>(token: T): Promise<T | null> {
  const { sid } = token as { sid?: unknown };
  if (!withinLifetime(token) || typeof sid !== "string") return null;
  return (await isSessionRevoked(sid)) ? null : token;
}

/** Whether a session id was signed out. */
export async function isSessionRevoked(sid: string): Promise<boolean> {
  return Boolean(await db.revokedSession.findUnique({ where: { id: sid }, select: { id: true } }));
}
