import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_PROOF_HEADER, clientAddressProof } from "@/lib/http/client-address";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * Single sign-on (lib/auth/sso.ts): who a verified identity is here (linked, linked now by verified email, a
 * newcomer from an admitted domain, or no one), how the provider's answers are counted toward the sign-in
 * limits and audited, and the organization's sign-up domains (lib/organization/settings.ts). The protocol
 * itself (state, PKCE, nonce, the ID token's claims) is Auth.js's, tested against a real provider in
 * e2e/sso.spec.ts.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let sso: typeof import("@/lib/auth/sso");
let settings: typeof import("@/lib/organization/settings");
const config = { issuer: "https://idp.example.test", clientId: "app", clientSecret: "secret", name: "Example SSO" };
let organizationId: string;
let ip = 0;

beforeAll(async () => {
  database = await createSeededAppDatabase("sso");
  sso = await import("@/lib/auth/sso");
  settings = await import("@/lib/organization/settings");
  organizationId = (await database.prisma.organization.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
});
afterAll(() => database.drop());

/** Headers of a request through the front listener from `address`. */
const from = (address: string, extra: Record<string, string> = {}) => ({
  [CLIENT_ADDRESS_HEADER]: address,
  [CLIENT_ADDRESS_PROOF_HEADER]: clientAddressProof(),
  // Auth.js's state cookie: this browser started a sign-in (each call its own).
  cookie: `authjs.state=started-${randomUUID()}`,
  ...extra,
});

/** An administrator of the organization with an address at `domain` (whose domain it may then admit). */
async function administratorAt(domain: string, organization = organizationId) {
  const user = await database.prisma.user.upsert({
    where: { email: `boss@${domain}` },
    update: {},
    create: { email: `boss@${domain}`, name: "Boss" },
  });
  await database.prisma.organizationMember.upsert({
    where: { organizationId_userId: { organizationId: organization, userId: user.id } },
    update: {},
    create: { organizationId: organization, userId: user.id, role: "ADMIN" },
  });
}

/** A provider's answer reaching the callback from its own address, admitted or refused by `profile`. */
async function answer(profile: Record<string, unknown>, address = `198.51.100.${++ip}`) {
  const request = new Request("http://app.test/api/auth/callback/oidc?code=c&state=s", {
    headers: from(address, { "user-agent": "vitest" }),
  });
  let result: Awaited<ReturnType<typeof sso.admitSsoSignIn>> | undefined;
  const response = await sso.ssoCallback(request, async () => {
    result = await sso.admitSsoSignIn(profile, config);
    return new Response(null, {
      status: 302,
      headers: { location: result.ok ? "http://app.test/" : `http://app.test/login?sso=${result.reason}` },
    });
  });
  return { result, response, address };
}

const addressCount = async (address: string) =>
  (await database.prisma.rateLimitBucket.findUnique({ where: { key: `sign-in:address:${address}` } }))?.count ?? 0;

const lastEvent = () => database.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

describe("who a single sign-on is", () => {
  it("links an existing person by verified email, spends their pending invitation, then signs in by the link", async () => {
    const user = await database.prisma.user.create({ data: { email: "invited@example.com", name: "" } });
    await database.prisma.invitation.create({
      data: { tokenHash: "h-invited", userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const first = await answer({ sub: "sub-1", email: "Invited@Example.com", email_verified: true, name: "Ina Vited" });
    expect(first.result).toMatchObject({ ok: true, person: { id: user.id, email: "invited@example.com", name: "Ina Vited" } });
    expect(first.response.headers.get("location")).toBe("http://app.test/");
    expect(await database.prisma.userIdentity.findMany({ where: { userId: user.id }, select: { issuer: true, subject: true } })).toEqual([
      { issuer: config.issuer, subject: "sub-1" },
    ]);
    expect((await database.prisma.invitation.findFirstOrThrow({ where: { userId: user.id } })).usedAt).not.toBeNull();
    // Admitted: the attempt's count is given back.
    expect(await addressCount(first.address)).toBe(0);

    // The provider's email changed since: the link (issuer and subject) still says who it is.
    const second = await answer({ sub: "sub-1", email: "renamed@example.com", email_verified: true });
    expect(second.result).toMatchObject({ ok: true, person: { id: user.id } });
    expect((await lastEvent()).details).toEqual({ method: "sso", identity: "linked" });
  });

  it("refuses an unverified email, an answer without one, and another identity claiming a linked person's email", async () => {
    const user = await database.prisma.user.create({ data: { email: "linked@example.com", name: "Lin Ked" } });
    const unverified = await answer({ sub: "sub-2", email: "linked@example.com", email_verified: false });
    expect(unverified.result).toEqual({ ok: false, reason: "unverified" });
    expect(unverified.response.headers.get("location")).toBe("http://app.test/login?sso=unverified");
    // The unverified email is no actor: anyone can write one at their provider.
    expect(await lastEvent()).toMatchObject({
      action: "auth.sign_in",
      outcome: "DENIED",
      reason: "sso email not verified",
      actorLabel: "single sign-on",
      details: { method: "sso", unverifiedEmail: "linked@example.com" },
    });
    expect(await addressCount(unverified.address)).toBe(1);
    expect((await answer({ sub: "sub-2", email_verified: true })).result).toEqual({ ok: false, reason: "unverified" });
    expect(await database.prisma.userIdentity.count({ where: { userId: user.id } })).toBe(0);

    expect((await answer({ sub: "sub-2", email: "linked@example.com", email_verified: "true" })).result).toMatchObject({ ok: true });
    // A second account at the provider with the same email (a reissued address) does not take this person over.
    const other = await answer({ sub: "sub-3", email: "linked@example.com", email_verified: true });
    expect(other.result).toEqual({ ok: false, reason: "linked_elsewhere" });
    expect(await database.prisma.userIdentity.findMany({ where: { userId: user.id }, select: { subject: true } })).toEqual([
      { subject: "sub-2" },
    ]);
  });

  it("links one identity when two first sign-ins with the same email race", async () => {
    const user = await database.prisma.user.create({ data: { email: "racer@example.com", name: "Racer" } });
    const results = await Promise.all(
      ["sub-race-1", "sub-race-2", "sub-race-3"].map((sub) => answer({ sub, email: user.email, email_verified: true })),
    );
    expect(results.filter((r) => r.result?.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.result?.ok).map((r) => r.result)).toEqual([
      { ok: false, reason: "linked_elsewhere" },
      { ok: false, reason: "linked_elsewhere" },
    ]);
    expect(await database.prisma.userIdentity.count({ where: { userId: user.id } })).toBe(1);
  });

  it("takes only a plain, valid email: a Unicode look-alike of a person's address matches no one", async () => {
    const kate = await database.prisma.user.create({ data: { email: "kate@example.com", name: "Kate" } });
    expect((await answer({ sub: "sub-kelvin", email: "\u212Aate@example.com", email_verified: true })).result).toEqual({
      ok: false,
      reason: "unverified",
    });
    expect((await answer({ sub: "sub-bad", email: "not an email", email_verified: true })).result).toEqual({
      ok: false,
      reason: "unverified",
    });
    expect(await database.prisma.userIdentity.count({ where: { userId: kate.id } })).toBe(0);
  });

  it("refuses an unknown email unless an organization admits its domain, then makes a member of it", async () => {
    const unknown = await answer({ sub: "sub-4", email: "new@admitted.example", email_verified: true, name: "New Comer" });
    expect(unknown.result).toEqual({ ok: false, reason: "unknown" });
    expect(await database.prisma.user.findUnique({ where: { email: "new@admitted.example" } })).toBeNull();
    expect(await lastEvent()).toMatchObject({ action: "auth.sign_in", outcome: "DENIED", reason: "sso email unknown" });

    const actor = { type: "USER" as const, id: null, label: "admin@example.com" };
    await administratorAt("admitted.example");
    await administratorAt("other.example");
    expect(await settings.setSsoSignUpDomains(organizationId, { domains: "Admitted.example, @other.example" }, actor)).toEqual({
      ok: true,
      domains: ["admitted.example", "other.example"],
    });
    const admitted = await answer({ sub: "sub-4", email: "new@admitted.example", email_verified: true, name: "New Comer" });
    expect(admitted.result).toMatchObject({ ok: true, person: { email: "new@admitted.example", name: "New Comer" } });
    const created = await database.prisma.user.findUniqueOrThrow({
      where: { email: "new@admitted.example" },
      select: { passwordHash: true, orgMemberships: { select: { organizationId: true, role: true } } },
    });
    expect(created).toEqual({ passwordHash: null, orgMemberships: [{ organizationId, role: "MEMBER" }] });
    // A subdomain is another domain.
    expect((await answer({ sub: "sub-5", email: "x@sub.admitted.example", email_verified: true })).result).toEqual({
      ok: false,
      reason: "unknown",
    });
  });

  it("admits no one outside a callback it counts", async () => {
    const user = await database.prisma.user.create({ data: { email: "outside@example.com", name: "Out Side" } });
    expect(await sso.admitSsoSignIn({ sub: "sub-6", email: user.email, email_verified: true }, config)).toEqual({
      ok: false,
      reason: "failed",
    });
    expect(await database.prisma.userIdentity.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("the provider's answers, counted and audited", () => {
  it("audits a refused protocol check with the check's words and lands on the sign-in page", async () => {
    const request = new Request("http://app.test/api/auth/callback/oidc?code=c&state=s", { headers: from("203.0.113.7") });
    const response = await sso.ssoCallback(request, async () => {
      // As Auth.js logs it: a CallbackRouteError around oauth4webapi's error.
      const inner = new Error('unexpected JWT "aud" (audience) claim value');
      sso.noteSsoFailure(Object.assign(new Error("Callback route error"), { cause: { err: inner } }));
      return new Response(null, { status: 302, headers: { location: "http://app.test/login?error=Configuration" } });
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://app.test/login?sso=failed");
    expect(await lastEvent()).toMatchObject({
      action: "auth.sign_in",
      outcome: "DENIED",
      reason: 'sso answer refused: unexpected JWT "aud" (audience) claim value',
    });
    expect(await addressCount("203.0.113.7")).toBe(1);
  });

  it("does not count an answer this browser never asked for (another site making it fetch the callback)", async () => {
    const address = "203.0.113.9";
    const request = new Request("http://app.test/api/auth/callback/oidc?error=<script>", {
      headers: { [CLIENT_ADDRESS_HEADER]: address, [CLIENT_ADDRESS_PROOF_HEADER]: clientAddressProof() },
    });
    const response = await sso.ssoCallback(
      request,
      async () => new Response(null, { status: 302, headers: { location: "http://app.test/login?error=x" } }),
    );
    expect(response.headers.get("location")).toBe("http://app.test/login?sso=failed");
    expect(await addressCount(address)).toBe(0);
    // The provider's error is audited only as a known code.
    expect(await lastEvent()).toMatchObject({ outcome: "DENIED", reason: "sso provider answered another error" });
  });

  it("counts one started sign-in once, however often its answer comes back", async () => {
    const address = "203.0.113.10";
    const headers = from(address);
    const refused = async () => new Response(null, { status: 302, headers: { location: "http://app.test/login?error=x" } });
    for (let i = 0; i < 5; i++)
      await sso.ssoCallback(new Request("http://app.test/api/auth/callback/oidc?code=c&state=s", { headers }), refused);
    expect(await addressCount(address)).toBe(1);
    // Another cookie name (not the one this app's Auth.js sets) is no started sign-in.
    const planted = { ...from(address), cookie: "authjs.statex=1; other=authjs.state" };
    await sso.ssoCallback(new Request("http://app.test/api/auth/callback/oidc?code=c&state=s", { headers: planted }), refused);
    expect(await addressCount(address)).toBe(1);
  });

  it("refuses an address over the sign-in limit before anything is checked", async () => {
    const address = "203.0.113.8";
    const run = vi.fn(async () => new Response(null, { status: 302, headers: { location: "http://app.test/login?error=Configuration" } }));
    const request = () => new Request("http://app.test/api/auth/callback/oidc?error=access_denied", { headers: from(address) });
    for (let i = 0; i < 30; i++) await sso.ssoCallback(request(), run);
    expect(run).toHaveBeenCalledTimes(30);
    const locked = await sso.ssoCallback(request(), run);
    expect(run).toHaveBeenCalledTimes(30);
    expect(locked.headers.get("location")).toBe("http://app.test/login?sso=locked");
    expect(await lastEvent()).toMatchObject({ outcome: "DENIED", reason: "too many failed attempts" });
  });
});

describe("the second factor after the provider", () => {
  it("asks a person with a second factor for it: no session until then, a wrong code keeps the step, a step signs in once", async () => {
    process.env.AUTH_SECRET ??= "sso-test-auth-secret-of-enough-length";
    const twoFactor = await import("@/lib/auth/two-factor");
    const { hashPassword } = await import("@/lib/auth/passwords");
    const { generate } = await import("otplib");
    const user = await database.prisma.user.create({
      data: { email: "twostep@example.com", name: "Two Step", passwordHash: await hashPassword("two-step-password") },
    });
    const person = { id: user.id, email: user.email };
    const actor = { type: "USER" as const, id: user.id, label: user.email, ip: "192.0.2.1", userAgent: "vitest" };
    const started = await twoFactor.startEnrolment(person, "sid-1", "two-step-password", actor);
    if (!started.ok) throw new Error(started.message);
    const confirmed = await twoFactor.confirmEnrolment(
      person,
      { sid: "sid-1", epoch: 0 },
      await generate({ secret: started.secret }),
      actor,
    );
    if (!confirmed.ok) throw new Error(confirmed.message);

    const { result, response } = await answer({ sub: "sub-twostep", email: user.email, email_verified: true });
    expect(result).toEqual({ ok: false, reason: "second_factor" });
    expect(response.headers.get("location")).toBe("http://app.test/login?sso=second_factor");
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${sso.ssoTicketCookieName()}=`))!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax; Max-Age=300/);
    const ticket = sso.ssoTicketFrom(cookie.split(";")[0]);
    expect(await sso.readSsoTicket(ticket)).toMatchObject({ userId: user.id });
    // Nothing signed in, and nothing linked, for the provider's part alone.
    expect(await database.prisma.userIdentity.count({ where: { userId: user.id } })).toBe(0);

    const meta = { ip: "192.0.2.1", userAgent: "vitest", rp: null };
    expect(await sso.completeSsoSignIn(ticket, { code: "000000" }, meta, config)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await database.prisma.userIdentity.count({ where: { userId: user.id } })).toBe(0);
    expect(await sso.completeSsoSignIn("forged", { code: "000000" }, meta, config)).toEqual({ ok: false, reason: "expired" });
    const code = await generate({ secret: started.secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect(await sso.completeSsoSignIn(ticket, { code }, meta, config)).toMatchObject({ ok: true, user: { id: user.id }, method: "totp" });
    expect(await database.prisma.userIdentity.findMany({ where: { userId: user.id }, select: { subject: true } })).toEqual([
      { subject: "sub-twostep" },
    ]);
    expect(await lastEvent()).toMatchObject({ action: "auth.sign_in", details: { method: "sso", secondFactor: "totp" } });
    // Used: the same ticket signs in no one, with any code.
    const later = await generate({ secret: started.secret, epoch: Math.floor(Date.now() / 1000) + 60 });
    expect(await sso.completeSsoSignIn(ticket, { code: later }, meta, config)).toEqual({ ok: false, reason: "expired" });
    expect(await sso.readSsoTicket(ticket)).toBeNull();

    // A ticket from before "sign out everywhere" (the session epoch moved) is no ticket.
    const next = await answer({ sub: "sub-twostep", email: user.email, email_verified: true });
    const fresh = sso.ssoTicketFrom(
      next.response.headers
        .getSetCookie()
        .find((c) => c.startsWith(`${sso.ssoTicketCookieName()}=`))!
        .split(";")[0],
    );
    expect(await sso.readSsoTicket(fresh)).not.toBeNull();
    await database.prisma.user.update({ where: { id: user.id }, data: { sessionEpoch: { increment: 1 } } });
    expect(await sso.readSsoTicket(fresh)).toBeNull();
  });
});

describe("a person without a password (single sign-on only)", () => {
  it("changes how they sign in within 10 minutes of this session's sign-in, not later, and never from another person's session", async () => {
    const twoFactor = await import("@/lib/auth/two-factor");
    const user = await database.prisma.user.create({ data: { email: "ssoonly@example.com", name: "Sso Only" } });
    const other = await database.prisma.user.create({ data: { email: "someone@example.com", name: "Some One" } });
    const session = (id: string, userId: string, minutesAgo: number) =>
      database.prisma.userSession.create({
        data: {
          id,
          userId,
          createdAt: new Date(Date.now() - minutesAgo * 60_000),
          lastSeenAt: new Date(),
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      });
    await session("sid-recent", user.id, 2);
    await session("sid-old", user.id, 20);
    await session("sid-other", other.id, 1);
    const person = { id: user.id, email: user.email };
    const actor = { type: "USER" as const, id: user.id, label: user.email, ip: "192.0.2.2", userAgent: "vitest" };
    expect(await twoFactor.startEnrolment(person, "sid-old", undefined, actor)).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringContaining("sign in again"),
    });
    expect(await twoFactor.startEnrolment(person, "sid-other", undefined, actor)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await twoFactor.startEnrolment(person, "sid-unknown", "any", actor)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await twoFactor.startEnrolment(person, "sid-recent", undefined, actor)).toMatchObject({ ok: true });
    // No password to change: said so, rather than "your sessions changed meanwhile".
    const { changePassword } = await import("@/lib/auth/password-change");
    expect(
      await changePassword(
        person,
        { sid: "sid-recent", epoch: 0 },
        { current: "x", password: "a-new-long-password", confirm: "a-new-long-password" },
        actor,
      ),
    ).toEqual({ ok: false, code: "invalid_state", message: "You sign in with single sign-on: you have no password here to change." });
  });
});

describe("the callback's path", () => {
  it("is recognised as Auth.js reads it, empty segments and a trailing slash included", () => {
    for (const path of ["/api/auth/callback/oidc", "/api/auth/callback//oidc", "/api/auth/callback/oidc/"]) {
      expect(sso.isSsoCallback(new URL(`http://app.test${path}?code=c`))).toBe(true);
    }
    expect(sso.isSsoCallback(new URL("http://app.test/api/auth/callback/passkey"))).toBe(false);
  });
});

describe("configuration", () => {
  it("is off unless issuer, client id and secret are all set, and the issuer is https (http only on loopback)", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(sso.ssoConfig({})).toBeNull();
    expect(sso.ssoConfig({ OIDC_ISSUER: "https://idp.example" })).toBeNull();
    expect(sso.ssoConfig({ OIDC_ISSUER: "http://idp.example", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toBeNull();
    expect(sso.ssoConfig({ OIDC_ISSUER: "not a url", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toBeNull();
    expect(error).toHaveBeenCalledTimes(3);
    expect(sso.ssoConfig({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toEqual({
      issuer: "https://idp.example",
      clientId: "a",
      clientSecret: "b",
      name: "single sign-on",
    });
    expect(
      sso.ssoConfig({ OIDC_ISSUER: "http://127.0.0.1:9", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b", OIDC_NAME: "Okta" })?.name,
    ).toBe("Okta");
    error.mockRestore();
  });
});

describe("sign-up domains", () => {
  it("takes domain names only, and one domain belongs to one organization", async () => {
    const actor = { type: "USER" as const, id: null, label: "admin@example.com" };
    expect(await settings.setSsoSignUpDomains(organizationId, { domains: "example.com, not a domain" }, actor)).toMatchObject({
      ok: false,
      code: "invalid_input",
      fieldErrors: { domains: ["“not” is not a domain name, such as example.com."] },
    });
    expect(await settings.setSsoSignUpDomains(organizationId, { domains: 7 }, actor)).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await settings.setSsoSignUpDomains(organizationId, { domains: "gmail.com" }, actor)).toMatchObject({
      fieldErrors: { domains: ["gmail.com is a public mail service: anyone can have an address there."] },
    });
    // Not a domain of its administrators: an organization cannot take in another company's people.
    expect(await settings.setSsoSignUpDomains(organizationId, { domains: "bigcorp.example" }, actor)).toMatchObject({
      fieldErrors: { domains: [expect.stringContaining("bigcorp.example is not the domain of an administrator of this organization")] },
    });
    const other = await database.prisma.organization.create({ data: { name: "Other" } });
    await administratorAt("admitted.example", other.id);
    expect(await settings.setSsoSignUpDomains(other.id, { domains: "admitted.example" }, actor)).toMatchObject({
      ok: false,
      fieldErrors: { domains: ["admitted.example is already admitted by another organization."] },
    });
    expect(await settings.getSsoSignUpDomains(other.id)).toEqual([]);
    expect(await settings.setSsoSignUpDomains(organizationId, { domains: "" }, actor)).toEqual({ ok: true, domains: [] });
    expect(await settings.setSsoSignUpDomains(other.id, { domains: "admitted.example" }, actor)).toEqual({
      ok: true,
      domains: ["admitted.example"],
    });
  });
});
