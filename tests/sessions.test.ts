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
});
