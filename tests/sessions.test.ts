import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * The Sessions page's domain (lib/auth/sessions.ts): what is listed, who may
 * sign out what, and when a token stops being accepted.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let sessions: typeof import("@/lib/auth/sessions");
let otherUserId: string;

beforeAll(async () => {
  database = await createSeededAppDatabase("sessions");
  sessions = await import("@/lib/auth/sessions");
  otherUserId = (await database.prisma.user.create({ data: { email: "other-sessions@example.com", name: "Other", passwordHash: null } }))
    .id;
});
afterAll(() => database.drop());

const now = () => Math.floor(Date.now() / 1000);
const token = (userId: string, sid: string, authTime = now(), epoch = 0) => ({ sub: userId, sid, authTime, epoch });
const meta = { ip: "192.0.2.1", userAgent: "vitest" };
const touch = (sid: string, userId: string, extra: { authTime?: number; epoch?: number; ip?: string; userAgent?: string } = {}) => {
  sessions.forgetTouchedSessions();
  return sessions.touchSession({ sid, userId, authTime: now() - 5, epoch: 0, ...meta, ...extra });
};

describe("sessions", () => {
  it("records a session on its first request and lists it; a sid cannot be taken over by another user", async () => {
    const sid = randomUUID();
    await touch(sid, database.admin.id, { ip: "192.0.2.7", userAgent: "Firefox/120" });
    // Another user presenting the same sid (impossible with a signed JWT, but the row must not move).
    await database.prisma.userSession.update({ where: { id: sid }, data: { lastSeenAt: new Date(Date.now() - 120_000) } });
    await touch(sid, otherUserId, { ip: "198.51.100.1", userAgent: "x" });
    const listed = await sessions.listSessions(database.admin.id);
    expect(listed.find((s) => s.id === sid)).toMatchObject({ ip: "192.0.2.7", userAgent: "Firefox/120" });
    expect(await sessions.listSessions(otherUserId)).toEqual([]);
  });

  it("signs out only the user's own session, which is then refused and no longer listed", async () => {
    const sid = randomUUID();
    await touch(sid, database.admin.id);
    expect(await sessions.signOutSession(otherUserId, sid, meta)).toBe(false);
    expect(await sessions.checkSessionToken(token(database.admin.id, sid))).not.toBeNull();
    expect(await sessions.signOutSession(database.admin.id, sid, meta)).toBe(true);
    expect(await sessions.checkSessionToken(token(database.admin.id, sid))).toBeNull();
    expect((await sessions.listSessions(database.admin.id)).map((s) => s.id)).not.toContain(sid);
    expect(await sessions.signOutSession(database.admin.id, sid, meta)).toBe(false);
  });

  it("signs out everywhere: every token of the old epoch is refused, one from a sign-in afterwards is accepted", async () => {
    const before = randomUUID();
    await touch(before, otherUserId);
    await sessions.signOutEverywhere(otherUserId, meta);
    expect(await sessions.checkSessionToken(token(otherUserId, before, now() - 5))).toBeNull();
    // A token of that user that never reached a page (no row) is refused too, even one signed in "later".
    expect(await sessions.checkSessionToken(token(otherUserId, randomUUID(), now() - 5))).toBeNull();
    expect(await sessions.checkSessionToken(token(otherUserId, randomUUID(), now() + 2))).toBeNull();
    expect(await sessions.listSessions(otherUserId)).toEqual([]);
    // Another user's sessions are untouched.
    const adminSid = randomUUID();
    await touch(adminSid, database.admin.id);
    expect(await sessions.checkSessionToken(token(database.admin.id, adminSid, now() - 5))).not.toBeNull();
    // Signing in again afterwards works: the sign-in reads the new epoch with the password.
    const { sessionEpoch } = await database.prisma.user.findUniqueOrThrow({ where: { id: otherUserId } });
    expect(sessionEpoch).toBe(1);
    const after = randomUUID();
    expect(await sessions.checkSessionToken(token(otherUserId, after, now(), sessionEpoch))).not.toBeNull();
    await touch(after, otherUserId, { epoch: sessionEpoch });
    expect((await sessions.listSessions(otherUserId)).map((s) => s.id)).toEqual([after]);
    const events = await database.prisma.auditEvent.findMany({ where: { actorId: otherUserId, action: { startsWith: "auth." } } });
    expect(events.map((e) => e.action)).toEqual(["auth.sign_out_everywhere"]);
  });

  it("refuses a token whose subject is not a user id", async () => {
    expect(await sessions.checkSessionToken({ sub: "not-a-uuid", sid: randomUUID(), authTime: now() })).toBeNull();
  });

  async function createPerson(email: string, password: string) {
    const { hashPassword } = await import("@/lib/auth/passwords");
    return database.prisma.user.create({ data: { email, name: "Changer", passwordHash: await hashPassword(password) } });
  }

  it("changes the password only with the current one; every session ends, a copy of this one's token too", async () => {
    const { verifyPassword } = await import("@/lib/auth/passwords");
    const { changePassword } = await import("@/lib/auth/password-change");
    const person = await createPerson("changer@example.com", "the-old-password");
    const [mine, other] = [randomUUID(), randomUUID()];
    for (const sid of [mine, other]) await touch(sid, person.id);
    const change = (input: object) => changePassword(person, { sid: mine, epoch: 0 }, input, meta);

    expect(await change({ current: "the-old-password", password: "short", confirm: "short" })).toMatchObject({
      ok: false,
      fieldErrors: { password: ["Use at least 12 characters."] },
    });
    expect(await change({ current: "the-old-password", password: "the-old-password", confirm: "the-old-password" })).toMatchObject({
      ok: false,
      fieldErrors: { password: ["Choose a password other than your current one."] },
    });
    expect(await change({ current: "not-the-password", password: "a-brand-new-password", confirm: "a-brand-new-password" })).toMatchObject({
      ok: false,
      fieldErrors: { current: ["This is not your current password."] },
    });
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(await verifyPassword(stored.passwordHash!, "the-old-password")).toBe(true);
    expect(await sessions.checkSessionToken(token(person.id, other, now() - 5))).not.toBeNull();

    const good = { current: "the-old-password", password: "a-brand-new-password", confirm: "a-brand-new-password" };
    expect(await change(good)).toEqual({ ok: true, sessionEpoch: 1 });
    const changed = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(await verifyPassword(changed.passwordHash!, "a-brand-new-password")).toBe(true);
    // Every token issued before is out — this session's own too (a copy of its cookie would be), and it is not
    // listed; the browser that changed goes on with a new session of the new epoch (lib/auth/session-cookie.ts).
    expect(await sessions.checkSessionToken(token(person.id, other, now() - 5))).toBeNull();
    expect(await sessions.checkSessionToken(token(person.id, mine, now() - 5))).toBeNull();
    expect(await sessions.listSessions(person.id)).toEqual([]);
    const renewed = randomUUID();
    expect(await sessions.checkSessionToken(token(person.id, renewed, now(), 1))).not.toBeNull();
    await touch(renewed, person.id, { epoch: 1 });
    expect((await sessions.listSessions(person.id)).map((s) => s.id)).toEqual([renewed]);
    // A change from a token of the old epoch is refused, changing nothing.
    const stale = await changePassword(
      person,
      { sid: mine, epoch: 0 },
      { ...good, current: "a-brand-new-password", password: "x-another-password", confirm: "x-another-password" },
      meta,
    );
    expect(stale).toMatchObject({ ok: false, code: "stale" });
    const after = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(after.sessionEpoch).toBe(1);
    expect(await verifyPassword(after.passwordHash!, "a-brand-new-password")).toBe(true);
  });

  it("refuses a sign-in that read the password before a change committed, whatever its sign-in time", async () => {
    const { authenticate } = await import("@/lib/auth/credentials");
    const { changePassword } = await import("@/lib/auth/password-change");
    const person = await createPerson("racer@example.com", "racer-old-password");
    const signIn = await authenticate(
      { email: "racer@example.com", password: "racer-old-password" },
      { ip: "192.0.2.50", userAgent: null },
    );
    expect(signIn).toMatchObject({ ok: true, user: { sessionEpoch: 0 } });
    const mine = randomUUID();
    await touch(mine, person.id);
    const changed = await changePassword(
      person,
      { sid: mine, epoch: 0 },
      { current: "racer-old-password", password: "racer-new-password", confirm: "racer-new-password" },
      meta,
    );
    expect(changed.ok).toBe(true);
    // The racing sign-in's token is minted after the change (a later sign-in time), with the epoch it read.
    const epoch = signIn.ok ? signIn.user.sessionEpoch : -1;
    expect(await sessions.checkSessionToken(token(person.id, randomUUID(), now() + 1, epoch))).toBeNull();
  });

  it("lets one of two concurrent changes win; the other changes nothing", async () => {
    const { verifyPassword } = await import("@/lib/auth/passwords");
    const { changePassword } = await import("@/lib/auth/password-change");
    const person = await createPerson("concurrent@example.com", "concurrent-old-password");
    const [one, two] = [randomUUID(), randomUUID()];
    const results = await Promise.all(
      [
        [one, "first-new-password"],
        [two, "second-new-password"],
      ].map(([sid, password]) =>
        changePassword(person, { sid, epoch: 0 }, { current: "concurrent-old-password", password, confirm: password }, meta),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ code: "stale" });
    const winner = results[0].ok ? "first-new-password" : "second-new-password";
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(await verifyPassword(stored.passwordHash!, winner)).toBe(true);
    expect(stored.sessionEpoch).toBe(1);
  });

  it("a change racing a sign-out everywhere is refused, changing nothing", async () => {
    const { verifyPassword } = await import("@/lib/auth/passwords");
    const { changePassword } = await import("@/lib/auth/password-change");
    const person = await createPerson("raced-out@example.com", "raced-old-password");
    const mine = randomUUID();
    await sessions.signOutEverywhere(person.id, meta);
    // The token was checked (epoch 0) before the sign-out committed; the change comes after.
    const result = await changePassword(
      person,
      { sid: mine, epoch: 0 },
      { current: "raced-old-password", password: "raced-new-password", confirm: "raced-new-password" },
      meta,
    );
    expect(result).toMatchObject({ ok: false, code: "stale" });
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(await verifyPassword(stored.passwordHash!, "raced-old-password")).toBe(true);
  });

  it("a change from a session signed out meanwhile is refused and rolled back whole", async () => {
    const { verifyPassword } = await import("@/lib/auth/passwords");
    const { changePassword } = await import("@/lib/auth/password-change");
    const person = await createPerson("signed-out-changer@example.com", "signed-out-old-password");
    const mine = randomUUID();
    await touch(mine, person.id);
    // Signed out (from the Sessions page, say) after the request's session check, before its change.
    await sessions.revokeSession(person.id, mine, now() - 5);
    const result = await changePassword(
      person,
      { sid: mine, epoch: 0 },
      { current: "signed-out-old-password", password: "signed-out-new-password", confirm: "signed-out-new-password" },
      meta,
    );
    expect(result).toMatchObject({ ok: false, code: "stale" });
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(stored.sessionEpoch).toBe(0);
    expect(await verifyPassword(stored.passwordHash!, "signed-out-old-password")).toBe(true);
    const allowed = await database.prisma.auditEvent.count({
      where: { actorId: person.id, action: "auth.password_change", outcome: "ALLOWED" },
    });
    expect(allowed).toBe(0);
  });

  it("counts wrong current passwords per session: a stolen cookie failing on purpose does not lock its owner out", async () => {
    const { changePassword, PASSWORD_CHANGE_LIMIT } = await import("@/lib/auth/password-change");
    const person = await createPerson("locked-out@example.com", "locked-old-password");
    const [owner, thief] = [randomUUID(), randomUUID()];
    const attempt = (sid: string, current: string) =>
      changePassword(person, { sid, epoch: 0 }, { current, password: "locked-new-password", confirm: "locked-new-password" }, meta);
    for (let i = 0; i < PASSWORD_CHANGE_LIMIT.perSession; i++) {
      expect(await attempt(thief, "wrong-password")).toMatchObject({ fieldErrors: { current: ["This is not your current password."] } });
    }
    // The thief's session is stopped, even with the right password…
    expect(await attempt(thief, "locked-old-password")).toMatchObject({ ok: false, code: "forbidden" });
    // …the owner's is not.
    expect(await attempt(owner, "locked-old-password")).toMatchObject({ ok: true });
    const events = await database.prisma.auditEvent.findMany({
      where: { actorId: person.id, action: "auth.password_change" },
      select: { outcome: true, reason: true, details: true, actorLabel: true },
    });
    expect(events.filter((e) => e.outcome === "ALLOWED")).toHaveLength(1);
    expect(events.filter((e) => e.outcome === "DENIED").length).toBe(PASSWORD_CHANGE_LIMIT.perSession + 1);
    expect(JSON.stringify(events)).not.toMatch(/wrong-password|locked-old|locked-new/);
  });

  it("caps wrong current passwords per account across sessions", async () => {
    const { changePassword, PASSWORD_CHANGE_LIMIT } = await import("@/lib/auth/password-change");
    const person = await createPerson("capped@example.com", "capped-old-password");
    const attempt = (current: string) =>
      changePassword(
        person,
        { sid: randomUUID(), epoch: 0 },
        { current, password: "capped-new-password", confirm: "capped-new-password" },
        meta,
      );
    for (let i = 0; i < PASSWORD_CHANGE_LIMIT.perAccount; i++) await attempt("wrong-password");
    expect(await attempt("capped-old-password")).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("writes a session's row at most once a minute per process, and clears its user's expired rows", async () => {
    const person = await createPerson("toucher@example.com", "toucher-password");
    const expired = randomUUID();
    await database.prisma.userSession.create({
      data: {
        id: expired,
        userId: person.id,
        createdAt: new Date(Date.now() - 13 * 3600_000),
        lastSeenAt: new Date(Date.now() - 12.5 * 3600_000),
        expiresAt: new Date(Date.now() - 3600_000),
      },
    });
    const sid = randomUUID();
    await touch(sid, person.id);
    expect(await database.prisma.userSession.findUnique({ where: { id: expired } })).toBeNull();
    const earlier = new Date(Date.now() - 120_000);
    await database.prisma.userSession.update({ where: { id: sid }, data: { lastSeenAt: earlier } });
    // The same process, within the minute, from the same address: no write at all.
    await sessions.touchSession({ sid, userId: person.id, authTime: now() - 5, epoch: 0, ...meta });
    expect((await database.prisma.userSession.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt).toEqual(earlier);
    // From another address: written at once.
    await sessions.touchSession({ sid, userId: person.id, authTime: now() - 5, epoch: 0, ...meta, ip: "203.0.113.9" });
    const row = await database.prisma.userSession.findUniqueOrThrow({ where: { id: sid } });
    expect(row.ip).toBe("203.0.113.9");
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(earlier.getTime());
  });
});
