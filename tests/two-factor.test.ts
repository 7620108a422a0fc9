import { randomUUID } from "node:crypto";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * Two-factor sign-in (lib/auth/two-factor.ts, lib/auth/credentials.ts): enrolment, a code accepted once,
 * recovery codes used up, wrong codes counted, and sign-in asking for the code after the password.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let twoFactor: typeof import("@/lib/auth/two-factor");
let person: { id: string; email: string };
const actor = () => ({ type: "USER" as const, id: person.id, label: person.email, ip: "192.0.2.9", userAgent: "vitest" });
/** A session of the person at their current epoch, as a signed-in browser holds it. */
const sessionOf = async (sid: string) => ({
  sid,
  epoch: (await database.prisma.user.findUniqueOrThrow({ where: { id: person.id }, select: { sessionEpoch: true } })).sessionEpoch,
});
const codeAt = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

beforeAll(async () => {
  database = await createSeededAppDatabase("twofactor");
  twoFactor = await import("@/lib/auth/two-factor");
  const { hashPassword } = await import("@/lib/auth/passwords");
  const user = await database.prisma.user.create({
    data: { email: "second@example.com", name: "Second", passwordHash: await hashPassword("second-factor-pw") },
  });
  person = { id: user.id, email: user.email };
});
afterAll(() => database.drop());

describe("two-factor sign-in", () => {
  let secret: string;
  let recoveryCodes: string[];
  const sid = randomUUID();

  it("enrols with a code from the new secret; the secret is stored wrapped, the recovery codes hashed", async () => {
    // A copy of the session cookie alone does not start a set-up: the password is asked again.
    expect(await twoFactor.startEnrolment(person, sid, "not-the-password", actor())).toMatchObject({
      ok: false,
      fieldErrors: { password: ["This is not your current password."] },
    });
    expect((await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } })).totpPending).toBeNull();
    const started = await twoFactor.startEnrolment(person, sid, "second-factor-pw", actor());
    if (!started.ok) throw new Error(started.message);
    secret = started.secret;
    expect(started.qrSvg).toMatch(/^<svg/);
    expect(started.uri).toContain(`secret=${secret}`);
    expect(await twoFactor.confirmEnrolment(person, await sessionOf(sid), "000000", actor())).toMatchObject({
      ok: false,
      fieldErrors: { code: [expect.any(String)] },
    });
    // A set-up confirmed from a session whose epoch is gone (signed out everywhere meanwhile) changes nothing.
    expect(await twoFactor.confirmEnrolment(person, { sid, epoch: 7 }, await codeAt(secret), actor())).toMatchObject({
      ok: false,
      code: "stale",
    });
    expect(await twoFactor.hasSecondFactor(person.id)).toBe(false);
    await database.prisma.user.update({ where: { id: person.id }, data: { totpLastStep: null } });
    const confirmed = await twoFactor.confirmEnrolment(person, await sessionOf(sid), await codeAt(secret), actor());
    if (!confirmed.ok) throw new Error(confirmed.message);
    expect(confirmed.sessionEpoch).toBe(1);
    recoveryCodes = confirmed.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const row = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(row.totpEnabledAt).not.toBeNull();
    expect(Buffer.from(row.totpSecret!).toString("latin1")).not.toContain(secret);
    const stored = await database.prisma.userRecoveryCode.findMany({ where: { userId: person.id } });
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]);
    // Not a bare SHA-256 of the code (one pass over a database copy would give every code up): salted scrypt.
    const { createHash } = await import("node:crypto");
    const bare = createHash("sha256")
      .update(`recovery:${recoveryCodes[0].replace("-", "")}`)
      .digest("hex");
    expect(stored.map((r) => r.codeHash)).not.toContain(bare);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0].replace("-", ""));
    const events = await database.prisma.auditEvent.findMany({
      where: { actorId: person.id },
      select: { action: true, details: true, reason: true },
    });
    expect(events.map((e) => e.action)).toEqual(["auth.second_factor_enrol", "auth.second_factor", "auth.second_factor_enrol"]);
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it("signs in only with the password and then a code; a code is accepted once", async () => {
    const { authenticate } = await import("@/lib/auth/credentials");
    const meta = { ip: "192.0.2.10", userAgent: "vitest" };
    expect(await authenticate({ email: person.email, password: "second-factor-pw" }, meta)).toEqual({
      ok: false,
      reason: "second_factor",
      methods: { totp: true, passkey: false },
    });
    expect(await authenticate({ email: person.email, password: "wrong-password", code: await codeAt(secret) }, meta)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    // The enrolment's own step is spent: the next step's code is accepted, once.
    const next = await codeAt(secret, 30);
    expect(await authenticate({ email: person.email, password: "second-factor-pw", code: next }, meta)).toMatchObject({ ok: true });
    expect(await authenticate({ email: person.email, password: "second-factor-pw", code: next }, meta)).toEqual({
      ok: false,
      reason: "second_factor",
      refusal: "reused",
      methods: { totp: true, passkey: false },
    });
    expect(await authenticate({ email: person.email, password: "second-factor-pw", code: "123456" }, meta)).toMatchObject({
      refusal: "invalid",
    });
  });

  it("takes a recovery code once, in any case and spacing", async () => {
    const { authenticate } = await import("@/lib/auth/credentials");
    const meta = { ip: "192.0.2.11", userAgent: "vitest" };
    const typed = ` ${recoveryCodes[3].toUpperCase()} `;
    expect(await authenticate({ email: person.email, password: "second-factor-pw", code: typed }, meta)).toMatchObject({ ok: true });
    expect(await authenticate({ email: person.email, password: "second-factor-pw", code: typed }, meta)).toMatchObject({
      refusal: "invalid",
    });
    expect((await twoFactor.twoFactorStatus(person.id)).recoveryCodesLeft).toBe(9);
    const used = await database.prisma.auditEvent.findMany({ where: { actorId: person.id, action: "auth.recovery_code_use" } });
    expect(used).toHaveLength(1);
    expect(JSON.stringify(used, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(recoveryCodes[3]);
  });

  it("counts wrong codes per address: past the limit even a right code is refused there, and sign-in says locked", async () => {
    const there = { address: "192.0.2.12" };
    for (let i = 0; i < twoFactor.SECOND_FACTOR_LIMIT.attempts; i++) {
      await twoFactor.verifySecondFactor(person.id, "999999", actor(), there);
    }
    expect(await twoFactor.verifySecondFactor(person.id, recoveryCodes[8], actor(), there)).toMatchObject({ ok: false, reason: "locked" });
    const { authenticate } = await import("@/lib/auth/credentials");
    expect(
      await authenticate(
        { email: person.email, password: "second-factor-pw", code: recoveryCodes[8] },
        { ip: "192.0.2.12", userAgent: null },
      ),
    ).toEqual({ ok: false, reason: "locked" });
    // Someone failing on purpose from one address does not lock the person out from theirs.
    expect(
      await authenticate(
        { email: person.email, password: "second-factor-pw", code: recoveryCodes[8] },
        { ip: "198.51.100.7", userAgent: null },
      ),
    ).toMatchObject({ ok: true });
    await database.prisma.rateLimitBucket.deleteMany({ where: { key: { startsWith: `second-factor:${person.id}` } } });
  });

  it("a stolen cookie cannot turn it off without the password, nor lock its owner out by failing on purpose", async () => {
    const thief = randomUUID();
    for (let i = 0; i < 5; i++) {
      expect(
        await twoFactor.disableTwoFactor(person, await sessionOf(thief), { code: recoveryCodes[6], password: "guess" }, actor()),
      ).toMatchObject({
        ok: false,
        fieldErrors: { password: ["This is not your current password."] },
      });
    }
    expect(
      await twoFactor.disableTwoFactor(person, await sessionOf(thief), { code: recoveryCodes[6], password: "guess" }, actor()),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await twoFactor.hasSecondFactor(person.id)).toBe(true);
    // The owner still signs in with a code.
    const { authenticate } = await import("@/lib/auth/credentials");
    expect(
      await authenticate(
        { email: person.email, password: "second-factor-pw", code: recoveryCodes[7] },
        { ip: "192.0.2.14", userAgent: null },
      ),
    ).toMatchObject({ ok: true });
  });

  it("turns off only with a code, and ends every session, a copy of this one's token too", async () => {
    const sessions = await import("@/lib/auth/sessions");
    const other = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const before = await sessionOf(sid);
    await sessions.forgetTouchedSessions();
    await sessions.touchSession({
      sid: other,
      userId: person.id,
      authTime: now - 5,
      epoch: before.epoch,
      ip: "192.0.2.1",
      userAgent: null,
    });
    expect(await sessions.checkSessionToken({ sub: person.id, sid: other, authTime: now - 5, epoch: before.epoch })).not.toBeNull();
    expect(await twoFactor.disableTwoFactor(person, before, { code: "", password: "second-factor-pw" }, actor())).toMatchObject({
      ok: false,
    });
    expect(await twoFactor.disableTwoFactor(person, before, { code: recoveryCodes[5], password: "second-factor-pw" }, actor())).toEqual({
      ok: true,
      sessionEpoch: before.epoch + 1,
    });
    expect(await twoFactor.hasSecondFactor(person.id)).toBe(false);
    expect(await database.prisma.userRecoveryCode.count({ where: { userId: person.id } })).toBe(0);
    expect(await sessions.checkSessionToken({ sub: person.id, sid: other, authTime: now - 5, epoch: before.epoch })).toBeNull();
    expect(await sessions.checkSessionToken({ sub: person.id, sid, authTime: now - 5, epoch: before.epoch })).toBeNull();
    const { authenticate } = await import("@/lib/auth/credentials");
    expect(await authenticate({ email: person.email, password: "second-factor-pw" }, { ip: "192.0.2.13", userAgent: null })).toMatchObject({
      ok: true,
    });
  });

  it("keeps working after a master key rotation: the secret is re-wrapped, a set-up in progress is dropped", async () => {
    const { hashPassword } = await import("@/lib/auth/passwords");
    const other = await database.prisma.user.create({
      data: { email: "rotating@example.com", name: "Rotating", passwordHash: await hashPassword("rotating-password") },
    });
    const started = await twoFactor.startEnrolment(person, randomUUID(), "second-factor-pw", actor());
    if (!started.ok) throw new Error(started.message);
    const confirmed = await twoFactor.confirmEnrolment(person, await sessionOf(randomUUID()), await codeAt(started.secret), actor());
    expect(confirmed.ok).toBe(true);
    expect((await twoFactor.startEnrolment({ id: other.id, email: other.email }, randomUUID(), "rotating-password", actor())).ok).toBe(
      true,
    );
    const { randomBytes } = await import("node:crypto");
    const { LocalMasterKeyProvider, getMasterKeyProvider } = await import("@/lib/crypto/master-key");
    const { rotateMasterKey } = await import("@/lib/crypto/rotation");
    const next = new LocalMasterKeyProvider(randomBytes(32));
    await rotateMasterKey(database.prisma, getMasterKeyProvider(), next, () => {});
    const row = await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(row.totpKeyId).toBe(next.id);
    expect((await next.unwrapKey(Buffer.from(row.totpSecret!), `totp:${person.id}`)).toString()).toBe(started.secret);
    expect((await database.prisma.user.findUniqueOrThrow({ where: { id: other.id } })).totpPending).toBeNull();
  });
});

describe("an organization requiring a second factor of administrators", () => {
  it("is turned on only by an administrator who has one; then administrators without one must set it up and cannot turn it off", async () => {
    const { setOrganizationSecurity, getOrganizationSecurity } = await import("@/lib/organization/settings");
    const orgId = database.organizationId;
    const admin = database.admin;
    const adminActor = { ...database.actor };
    // The seeded administrator (organization and project administrator) has no second factor.
    expect(await setOrganizationSecurity(orgId, { requireAdminTwoFactor: "yes" }, adminActor)).toMatchObject({ code: "invalid_input" });
    expect(await setOrganizationSecurity(orgId, { requireAdminTwoFactor: true }, adminActor)).toMatchObject({
      ok: false,
      code: "invalid_state",
    });
    expect(await getOrganizationSecurity(orgId)).toEqual({ requireAdminTwoFactor: false });
    expect(await twoFactor.mustSetUpSecondFactor(admin.id)).toBe(false);

    // `person` (set up above) is made organization administrator, and turns it on.
    await database.prisma.organizationMember.create({ data: { organizationId: orgId, userId: person.id, role: "ADMIN" } });
    expect(await twoFactor.hasSecondFactor(person.id)).toBe(true); // set up again by the rotation test above
    expect(await setOrganizationSecurity(orgId, { requireAdminTwoFactor: true }, actor())).toEqual({
      ok: true,
      requireAdminTwoFactor: true,
    });
    const events = await database.prisma.auditEvent.findMany({
      where: { action: "org.security_change" },
      select: { details: true, actorId: true },
    });
    expect(events).toEqual([{ details: { requireAdminTwoFactor: true }, actorId: person.id }]);

    // The seeded administrator must now set one up; a plain member need not; one who has it is through.
    expect(await twoFactor.mustSetUpSecondFactor(admin.id)).toBe(true);
    expect(await twoFactor.mustSetUpSecondFactor(person.id)).toBe(false);
    const member = await database.prisma.user.create({ data: { email: "plain-member@example.com", name: "Plain", passwordHash: null } });
    await database.prisma.organizationMember.create({ data: { organizationId: orgId, userId: member.id, role: "MEMBER" } });
    expect(await twoFactor.mustSetUpSecondFactor(member.id)).toBe(false);
    // A Project Administrator who is a plain organization member must too.
    const adminRole = await database.prisma.role.findFirstOrThrow({ where: { projectId: database.projectId, systemKey: "project_admin" } });
    await database.prisma.projectMember.create({
      data: { projectId: database.projectId, userId: member.id, roles: { create: [{ roleId: adminRole.id }] } },
    });
    expect(await twoFactor.mustSetUpSecondFactor(member.id)).toBe(true);

    // A custom role that manages members (or roles, or API tokens) holds its holder to it as well.
    const delegate = await database.prisma.user.create({ data: { email: "delegate@example.com", name: "Delegate", passwordHash: null } });
    await database.prisma.organizationMember.create({ data: { organizationId: orgId, userId: delegate.id, role: "MEMBER" } });
    const managers = await database.prisma.role.create({
      data: {
        projectId: database.projectId,
        name: "Member managers",
        nameKey: "member managers",
        permissions: ["project.view", "members.manage"],
      },
    });
    await database.prisma.projectMember.create({
      data: { projectId: database.projectId, userId: delegate.id, roles: { create: [{ roleId: managers.id }] } },
    });
    expect(await twoFactor.mustSetUpSecondFactor(delegate.id)).toBe(true);

    // Required: it cannot be turned off.
    const off = await twoFactor.disableTwoFactor(
      person,
      await sessionOf(randomUUID()),
      { code: "999999", password: "second-factor-pw" },
      actor(),
    );
    expect(off).toMatchObject({ ok: false, code: "forbidden" });
    expect(await twoFactor.hasSecondFactor(person.id)).toBe(true);

    // Turned off again: nobody is held.
    expect(await setOrganizationSecurity(orgId, { requireAdminTwoFactor: false }, actor())).toEqual({
      ok: true,
      requireAdminTwoFactor: false,
    });
    expect(await twoFactor.mustSetUpSecondFactor(admin.id)).toBe(false);
  });
});
