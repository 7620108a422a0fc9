import { randomUUID } from "node:crypto";
import { decode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";

/**
 * The session a browser is given after a change that ended every session (lib/auth/session-cookie.ts): minted on
 * the server, with a new id and epoch, and the sign-in time of the session it replaces — a change neither makes a
 * sign-in look recent (a passwordless person's recent sign-in stands for their password) nor lengthens the
 * 12 hours a session lasts from sign-in.
 */
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    set: (name: string, value: string) => void jar.set(name, value),
    get: (name: string) => (jar.has(name) ? { value: jar.get(name) } : undefined),
  }),
  headers: async () => new Headers(),
}));

describe("issueSession", () => {
  it("keeps the sign-in time of the session it replaces, with a new id and the new epoch", async () => {
    process.env.AUTH_SECRET ??= "session-cookie-test-secret-of-enough-length";
    const { issueSession } = await import("@/lib/auth/session-cookie");
    const signedInAt = Math.floor(Date.now() / 1000) - 3 * 60 * 60;
    const person = { id: randomUUID(), email: "keeps@example.com", name: "Keeps Time" };
    const session = await issueSession(person, 4, signedInAt);
    expect(session.authTime).toBe(signedInAt);
    const token = await decode({ token: jar.get("authjs.session-token")!, secret: process.env.AUTH_SECRET!, salt: "authjs.session-token" });
    expect(token).toMatchObject({ sub: person.id, sid: session.sid, authTime: signedInAt, epoch: 4 });
  });
});
