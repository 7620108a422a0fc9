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
 * A session token as it may go on being used: within its lifetime, not signed out, and issued under its user's
 * current session epoch (not before a "sign out everywhere" or a password change); otherwise null.
 */
export async function checkSessionToken<T extends object>(token: T): Promise<T | null> {
  const { sid, sub, epoch } = token as { sid?: unknown; sub?: unknown; epoch?: unknown };
  if (!withinLifetime(token) || typeof sid !== "string" || typeof sub !== "string" || !isUuid(sub)) return null;
  const [revoked, user] = await Promise.all([
    isSessionRevoked(sid),
    db.user.findUnique({ where: { id: sub }, select: { sessionEpoch: true } }),
  ]);
  return revoked || !user || !ofCurrentEpoch(user, epoch) ? null : token;
}

/**
 * Whether a token's session epoch (read with the password at its sign-in; none on tokens from before epochs, 0)
 * is its user's current one. "Sign out everywhere" and a password change raise the user's: every token issued
 * before, and any sign-in that read the password before the change committed, is refused from its next request.
 */
export function ofCurrentEpoch(user: { sessionEpoch: number }, epoch: unknown): boolean {
  return (typeof epoch === "number" ? epoch : 0) === user.sessionEpoch;
}

/** Whether a session id was signed out. */
export async function isSessionRevoked(sid: string): Promise<boolean> {
  return Boolean(await db.revokedSession.findUnique({ where: { id: sid }, select: { id: true } }));
}

/** The longest user agent kept for the Sessions page. */
const MAX_USER_AGENT = 512;

/** How often a session's last-seen time and address are written, at most. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * When this process last wrote each session's row, and from which address: most requests then write nothing
 * and lock nothing. Forgotten in bulk when large (the cost is one more write per session).
 */
const touched = new Map<string, { at: number; ip: string }>();
const MAX_TOUCHED = 10_000;

/**
 * Records a session on its first request and keeps its last-seen time and address current, at most once a
 * minute per process (and in the database, across processes). Called with every signed-in request
 * (getCurrentUser). A new session also clears its user's rows past their lifetime.
 */
export async function touchSession(session: {
  sid: string;
  userId: string;
  authTime: number;
  epoch: number;
  ip: string;
  userAgent: string | null;
}) {
  const last = touched.get(session.sid);
  const now = Date.now();
  if (last && now - last.at < TOUCH_INTERVAL_MS && last.ip === session.ip) return;
  const userAgent = session.userAgent?.slice(0, MAX_USER_AGENT) ?? null;
  const inserted = await db.$executeRaw`
    INSERT INTO "UserSession" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent", "epoch")
    VALUES (${session.sid}, ${session.userId}::uuid, to_timestamp(${session.authTime}), now(),
            to_timestamp(${session.authTime + SESSION_MAX_AGE_SECONDS}), ${session.ip}, ${userAgent}, ${session.epoch})
    ON CONFLICT ("id") DO NOTHING`;
  if (inserted > 0) {
    await db.userSession.deleteMany({ where: { userId: session.userId, expiresAt: { lt: new Date() } } });
  } else {
    await db.$executeRaw`
      UPDATE "UserSession" SET "lastSeenAt" = now(), "ip" = ${session.ip}
      WHERE "id" = ${session.sid} AND "userId" = ${session.userId}::uuid
        AND ("lastSeenAt" < now() - interval '1 minute' OR "ip" IS DISTINCT FROM ${session.ip})`;
  }
  if (touched.size >= MAX_TOUCHED) touched.clear();
  touched.set(session.sid, { at: now, ip: session.ip });
}

/** Forgets which sessions this process wrote lately (tests). */
export function forgetTouchedSessions() {
  touched.clear();
}

export type SessionEntry = { id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null };

/** A user's sessions still signed in: not signed out, not past their lifetime, of the user's current epoch. */
export async function listSessions(userId: string): Promise<SessionEntry[]> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionEpoch: true } });
  if (!user) return [];
  const sessions = await db.userSession.findMany({
    where: { userId, endedAt: null, expiresAt: { gt: new Date() }, epoch: user.sessionEpoch },
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
 * Signs out every session of the user, this one included: the user's session epoch is raised, so every token
 * issued before (and any sign-in that read the password before this committed) is refused from its next request
 * on, on every instance.
 */
export async function signOutEverywhere(userId: string, actor: { ip?: string | null; userAgent?: string | null }) {
  await db.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: { sessionEpoch: { increment: 1 } },
      select: { email: true },
    });
    await tx.userSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: new Date() } });
    await recordAudit(
      tx,
      { type: "USER", id: userId, label: user.email, ...actor },
      { action: "auth.sign_out_everywhere", targetType: "user", targetId: userId },
    );
  });
}
