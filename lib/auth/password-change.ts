import "server-only";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { firstOver, hitRateLimits, resetRateLimit, undoRateLimitHit } from "@/lib/rate-limit";
import { SIGN_IN_LIMITS, signInKeys } from "./credentials";
import { endAllSessions, inSessionChange } from "./session-change";
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
  const checked = await checkCurrentPassword(user, session.sid, parsed.data.current, actor, {
    action: "auth.password_change",
    field: "current",
  });
  if (checked.refusal) return checked.refusal;
  const { stored, limits } = checked;
  if (!stored.passwordHash) {
    return { ok: false, code: "invalid_state", message: "You sign in with single sign-on: you have no password here to change." };
  }
  const passwordHash = await hashPassword(parsed.data.password);
  const changed = await inSessionChange(async (tx) => {
    // Only over the password just checked, and only from a session of the current epoch that is not signed out.
    const epoch = await endAllSessions(tx, user.id, session, { where: { passwordHash: stored.passwordHash }, data: { passwordHash } });
    await recordAudit(tx, actor, { action: "auth.password_change", targetType: "user", targetId: user.id });
    return epoch;
  });
  if (!changed) {
    await recordAudit(db, actor, { action: "auth.password_change", outcome: "DENIED", reason: "session ended meanwhile" });
    return {
      ok: false,
      code: "stale",
      message: "Your password or sessions changed meanwhile (from another session). Sign in again, then retry.",
    };
  }
  await limits.release();
  return { ok: true, sessionEpoch: changed.sessionEpoch };
}

/**
 * The current password, asked again before any change to how a person signs in (the password itself, a second
 * factor, a passkey): a copy of the session cookie alone changes none of them. Wrong ones are counted per session
 * and per account (PASSWORD_CHANGE_LIMIT) and toward the account's sign-in ceiling, and audited under `action`.
 * `refusal` is set when the password is wrong, missing or over the limit; otherwise `limits.release()` gives the
 * hits back once the change is made.
 */
export async function checkCurrentPassword(
  user: { id: string; email: string },
  sid: string,
  password: unknown,
  actor: Actor,
  audit: { action: string; field: string },
): Promise<
  | { refusal: Extract<ActionResult, { ok: false }> }
  | { refusal: null; stored: { passwordHash: string }; limits: { release: () => Promise<void> } }
> {
  const passwordless = await recentSignInOfPasswordless(user.id, sid);
  if (passwordless === "recent") {
    return { refusal: null, stored: { passwordHash: "" }, limits: { release: async () => {} } };
  }
  if (passwordless === "stale") {
    await recordAudit(db, actor, { action: audit.action, outcome: "DENIED", reason: "sign-in not recent" });
    return {
      refusal: {
        ok: false,
        code: "forbidden",
        message: `You sign in with single sign-on: sign out and sign in again, then make this change within ${RECENT_SIGN_IN_MINUTES} minutes.`,
      },
    };
  }
  if (typeof password !== "string" || password.length === 0) return { refusal: fieldErrorOf(audit.field, "Enter your current password.") };
  if (password.length > 200) return { refusal: fieldErrorOf(audit.field, "A password has at most 200 characters.") };
  const limits = keys(user, sid);
  const [perSession, perAccount, signIn] = await hitRateLimits(
    db,
    [limits.session, limits.account, limits.signIn],
    PASSWORD_CHANGE_LIMIT.windowSeconds,
  );
  const over = firstOver(
    [perSession, perAccount, signIn],
    [PASSWORD_CHANGE_LIMIT.perSession, PASSWORD_CHANGE_LIMIT.perAccount, SIGN_IN_LIMITS.perAccount],
  );
  if (over) {
    await recordAudit(db, actor, { action: audit.action, outcome: "DENIED", reason: "too many failed attempts" });
    const minutes = Math.max(1, Math.ceil(over.retryAfterSeconds / 60));
    return {
      refusal: {
        ok: false,
        code: "forbidden",
        message: `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      },
    };
  }
  const stored = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!stored?.passwordHash || !(await verifyPassword(stored.passwordHash, password))) {
    await recordAudit(db, actor, { action: audit.action, outcome: "DENIED", reason: "wrong current password" });
    return { refusal: fieldErrorOf(audit.field, "This is not your current password.") };
  }
  return {
    refusal: null,
    stored: { passwordHash: stored.passwordHash },
    limits: {
      release: async () => {
        await resetRateLimit(db, limits.session);
        await undoRateLimitHit(db, [limits.account, limits.signIn]);
      },
    },
  };
}

/** Whether the person has a password (one who signs in with single sign-on only has none). */
export async function hasPassword(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}

/** How recent a sign-in must be to stand for the password, for a person who has none (single sign-on only). */
export const RECENT_SIGN_IN_MINUTES = 10;

/**
 * For a person without a password (they sign in with single sign-on only), a recent sign-in of this very session
 * stands for the password: "recent" within RECENT_SIGN_IN_MINUTES, "stale" otherwise. Null for a person with a
 * password, who is asked for it.
 */
async function recentSignInOfPasswordless(userId: string, sid: string): Promise<"recent" | "stale" | null> {
  const [user, session] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
    db.userSession.findUnique({ where: { id: sid }, select: { userId: true, createdAt: true, endedAt: true } }),
  ]);
  if (!user || user.passwordHash) return null;
  const recent =
    session?.userId === userId && !session.endedAt && Date.now() - session.createdAt.getTime() < RECENT_SIGN_IN_MINUTES * 60_000;
  return recent ? "recent" : "stale";
}

function fieldErrorOf(field: string, message: string): Extract<ActionResult, { ok: false }> {
  return fieldError(field, message) as Extract<ActionResult, { ok: false }>;
}
