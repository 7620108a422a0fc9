import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { SESSION_MAX_AGE_SECONDS, withinLifetime } from "@/lib/auth/config";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

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

/**
 * A session token as it may go on being used: within its lifetime, not signed out, and not signed in before
 * its user's "sign out everywhere"; otherwise null.
 */
export async function checkSessionToken<T extends object>(token: T): Promise<T | null> {
  const { sid, sub, authTime } = token as { sid?: unknown; sub?: unknown; authTime?: unknown };
  if (!withinLifetime(token) || typeof sid !== "string" || typeof sub !== "string" || !isUuid(sub)) return null;
  const [revoked, user] = await Promise.all([
    isSessionRevoked(sid),
    db.user.findUnique({ where: { id: sub }, select: { sessionsValidAfter: true, sessionKeptId: true } }),
  ]);
  return revoked || !user || signedOutByUser(user, sid, authTime as number) ? null : token;
}

/** Whether a session id was signed out. */
export async function isSessionRevoked(sid: string): Promise<boolean> {
  return Boolean(await db.revokedSession.findUnique({ where: { id: sid }, select: { id: true } }));
}

/** The longest user agent kept for the Sessions page. */
const MAX_USER_AGENT = 512;

/**
 * Records a session on its first request and keeps its last-seen time and address current, at most once a
 * minute (one statement, most often changing nothing). Called with every signed-in request (getCurrentUser).
 */
export async function touchSession(session: { sid: string; userId: string; authTime: number; ip: string; userAgent: string | null }) {
  const userAgent = session.userAgent?.slice(0, MAX_USER_AGENT) ?? null;
  await db.$executeRaw`
    INSERT INTO "UserSession" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent")
    VALUES (${session.sid}, ${session.userId}::uuid, to_timestamp(${session.authTime}), now(),
            to_timestamp(${session.authTime + SESSION_MAX_AGE_SECONDS}), ${session.ip}, ${userAgent})
    ON CONFLICT ("id") DO UPDATE SET "lastSeenAt" = now(), "ip" = EXCLUDED."ip"
    WHERE "UserSession"."lastSeenAt" < now() - interval '1 minute' AND "UserSession"."userId" = EXCLUDED."userId"`;
}

export type SessionEntry = { id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null };

/** A user's sessions still signed in: not signed out, not past their lifetime, not before "sign out everywhere". */
export async function listSessions(userId: string): Promise<SessionEntry[]> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionsValidAfter: true, sessionKeptId: true } });
  const sessions = await db.userSession.findMany({
    where: {
      userId,
      endedAt: null,
      expiresAt: { gt: new Date() },
      ...(user?.sessionsValidAfter
        ? { OR: [{ createdAt: { gte: user.sessionsValidAfter } }, ...(user.sessionKeptId ? [{ id: user.sessionKeptId }] : [])] }
        : {}),
    },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
  const revoked = new Set(
    (await db.revokedSession.findMany({ where: { id: { in: sessions.map((s) => s.id) } }, select: { id: true } })).map((r) => r.id),
  );
  return sessions.filter((s) => !revoked.has(s.id));
}

/**
 * Signs out one of the user's own sessions (another device's): refused from its next request on, on every
 * instance. False when the user has no such session.
 */
export async function signOutSession(userId: string, sid: string, actor: { ip?: string | null; userAgent?: string | null }) {
  const session = await db.userSession.findFirst({ where: { id: sid, userId, endedAt: null }, select: { createdAt: true } });
  if (!session) return false;
  await revokeSession(userId, sid, Math.floor(session.createdAt.getTime() / 1000));
  await db.userSession.updateMany({ where: { id: sid, userId }, data: { endedAt: new Date() } });
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  await recordAudit(
    db,
    { type: "USER", id: userId, label: user?.email ?? userId, ...actor },
    { action: "auth.session_sign_out", targetType: "user", targetId: userId, details: { session: sid.slice(0, 8) } },
  );
  return true;
}

/**
 * Signs out every session of the user, this one included: any token signed in before now is refused from its
 * next request on, on every instance (the time is rounded up to the second, as a token's sign-in time is).
 */
export async function signOutEverywhere(userId: string, actor: { ip?: string | null; userAgent?: string | null }) {
  const now = new Date(Math.ceil(Date.now() / 1000) * 1000);
  await db.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: { sessionsValidAfter: now, sessionKeptId: null },
      select: { email: true },
    });
    await tx.userSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now } });
    await recordAudit(
      tx,
      { type: "USER", id: userId, label: user.email, ...actor },
      { action: "auth.sign_out_everywhere", targetType: "user", targetId: userId },
    );
  });
}

/**
 * Whether a session was signed out by its user's "sign out everywhere" or password change: signed in (seconds)
 * before that time, and not the session kept (the one that changed the password).
 */
export function signedOutByUser(user: { sessionsValidAfter: Date | null; sessionKeptId: string | null }, sid: string, authTime: number) {
  return Boolean(user.sessionsValidAfter) && authTime * 1000 < user.sessionsValidAfter!.getTime() && sid !== user.sessionKeptId;
}
