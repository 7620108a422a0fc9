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
const token = (userId: string, sid: string, authTime = now()) => ({ sub: userId, sid, authTime });
const meta = { ip: "192.0.2.1", userAgent: "vitest" };

describe("sessions", () => {
  it("records a session on its first request and lists it; a sid cannot be taken over by another user", async () => {
    const sid = randomUUID();
    await sessions.touchSession({ sid, userId: database.admin.id, authTime: now(), ip: "192.0.2.7", userAgent: "Firefox/120" });
    // Another user presenting the same sid (impossible with a signed JWT, but the row must not move).
    await database.prisma.userSession.update({ where: { id: sid }, data: { lastSeenAt: new Date(Date.now() - 120_000) } });
    await sessions.touchSession({ sid, userId: otherUserId, authTime: now(), ip: "198.51.100.1", userAgent: "x" });
    const listed = await sessions.listSessions(database.admin.id);
    expect(listed.find((s) => s.id === sid)).toMatchObject({ ip: "192.0.2.7", userAgent: "Firefox/120" });
    expect(await sessions.listSessions(otherUserId)).toEqual([]);
  });

  it("signs out only the user's own session, which is then refused and no longer listed", async () => {
    const sid = randomUUID();
    await sessions.touchSession({ sid, userId: database.admin.id, authTime: now(), ...meta });
    expect(await sessions.signOutSession(otherUserId, sid, meta)).toBe(false);
    expect(await sessions.checkSessionToken(token(database.admin.id, sid))).not.toBeNull();
    expect(await sessions.signOutSession(database.admin.id, sid, meta)).toBe(true);
    expect(await sessions.checkSessionToken(token(database.admin.id, sid))).toBeNull();
    expect((await sessions.listSessions(database.admin.id)).map((s) => s.id)).not.toContain(sid);
    expect(await sessions.signOutSession(database.admin.id, sid, meta)).toBe(false);
  });

  it("signs out everywhere: every token signed in before is refused, one signed in after is accepted", async () => {
    const before = randomUUID();
    await sessions.touchSession({ sid: before, userId: otherUserId, authTime: now() - 5, ...meta });
    await sessions.signOutEverywhere(otherUserId, meta);
    expect(await sessions.checkSessionToken(token(otherUserId, before, now() - 5))).toBeNull();
    // A token of that user that never reached a page (no row) is refused too.
    expect(await sessions.checkSessionToken(token(otherUserId, randomUUID(), now() - 5))).toBeNull();
    expect(await sessions.listSessions(otherUserId)).toEqual([]);
    // Another user's sessions are untouched.
    const adminSid = randomUUID();
    await sessions.touchSession({ sid: adminSid, userId: database.admin.id, authTime: now() - 5, ...meta });
    expect(await sessions.checkSessionToken(token(database.admin.id, adminSid, now() - 5))).not.toBeNull();
    // Signing in again afterwards works.
    const after = now() + 2;
    expect(await sessions.checkSessionToken(token(otherUserId, randomUUID(), after))).not.toBeNull();
    const events = await database.prisma.auditEvent.findMany({ where: { actorId: otherUserId, action: { startsWith: "auth." } } });
    expect(events.map((e) => e.action)).toEqual(["auth.sign_out_everywhere"]);
  });

  it("refuses a token whose subject is not a user id", async () => {
    expect(await sessions.checkSessionToken({ sub: "not-a-uuid", sid: randomUUID(), authTime: now() })).toBeNull();
  });

  it("changes the password only with the current one, counts wrong ones, and signs out every other session", async () => {
    const { hashPassword, verifyPassword } = await import("@/lib/auth/passwords");
    const { changePassword, PASSWORD_CHANGE_LIMIT } = await import("@/lib/auth/password-change");
    const person = await database.prisma.user.create({
      data: { email: "changer@example.com", name: "Changer", passwordHash: await hashPassword("the-old-password") },
    });
    const [mine, other] = [randomUUID(), randomUUID()];
    for (const sid of [mine, other]) await sessions.touchSession({ sid, userId: person.id, authTime: now() - 5, ...meta });
    const change = (input: object) => changePassword(person, mine, input, meta);

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
    expect(await change(good)).toEqual({ ok: true });
    const changed = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(await verifyPassword(changed.passwordHash!, "a-brand-new-password")).toBe(true);
    // The other session is out, this one goes on, a later sign-in is in.
    expect(await sessions.checkSessionToken(token(person.id, other, now() - 5))).toBeNull();
    expect(await sessions.checkSessionToken(token(person.id, mine, now() - 5))).not.toBeNull();
    expect(await sessions.checkSessionToken(token(person.id, randomUUID(), now() + 2))).not.toBeNull();
    expect((await sessions.listSessions(person.id)).map((s) => s.id)).toEqual([mine]);

    // Wrong current passwords are counted: past the limit even the right one waits.
    for (let i = 0; i < PASSWORD_CHANGE_LIMIT.attempts; i++) {
      await change({ current: "wrong-password", password: "yet-another-password", confirm: "yet-another-password" });
    }
    const locked = await change({ current: "a-brand-new-password", password: "yet-another-password", confirm: "yet-another-password" });
    expect(locked).toMatchObject({ ok: false, code: "forbidden" });
    const events = await database.prisma.auditEvent.findMany({
      where: { actorId: person.id, action: "auth.password_change" },
      select: { outcome: true, reason: true, details: true, actorLabel: true },
    });
    expect(events.map((e) => e.outcome)).toContain("ALLOWED");
    expect(events.filter((e) => e.outcome === "DENIED").length).toBeGreaterThanOrEqual(PASSWORD_CHANGE_LIMIT.attempts + 1);
    expect(JSON.stringify(events)).not.toMatch(/password-?[a-z]*password|the-old|brand-new|wrong-password/);
  });
});
