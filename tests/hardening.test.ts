import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAuthorized, createSeededAppDatabase } from "./helpers/database";

/**
 * Issue 9, one `describe` per numbered defect, against a real PostgreSQL.
 * Each of these failed before its fix (see the note).
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let members: typeof import("@/lib/members/members");
let organization: typeof import("@/lib/organization/members");
let roles: typeof import("@/lib/roles/roles");
let tokens: typeof import("@/lib/tokens/tokens");
let accesses: typeof import("@/lib/secrets/accesses");
let commands: typeof import("@/lib/secrets/commands");
let queries: typeof import("@/lib/secrets/queries");
let policy: typeof import("@/lib/authz/policy");
let projects: typeof import("@/lib/projects/projects");

beforeAll(async () => {
  database = await createSeededAppDatabase("hardening");
  members = await import("@/lib/members/members");
  organization = await import("@/lib/organization/members");
  roles = await import("@/lib/roles/roles");
  tokens = await import("@/lib/tokens/tokens");
  accesses = await import("@/lib/secrets/accesses");
  commands = await import("@/lib/secrets/commands");
  queries = await import("@/lib/secrets/queries");
  policy = await import("@/lib/authz/policy");
  projects = await import("@/lib/projects/projects");
});

afterAll(() => database?.drop());

const roleId = async (projectId: string, systemKey: string) =>
  (await database.prisma.role.findFirstOrThrow({ where: { projectId, systemKey } })).id;

/** A snapshot of everything a refused call must leave as it was. */
async function snapshot() {
  const p = database.prisma;
  const [users, members_, memberRoles, roles_, tokens_, accesses_, secrets, versions, invitations] = await Promise.all([
    p.user.findMany({ orderBy: { id: "asc" } }),
    p.projectMember.findMany({ orderBy: { id: "asc" } }),
    p.projectMemberRole.findMany({ orderBy: [{ memberId: "asc" }, { roleId: "asc" }] }),
    p.role.findMany({ orderBy: { id: "asc" } }),
    p.apiToken.findMany({ orderBy: { id: "asc" } }),
    p.secretAccess.findMany({ orderBy: { id: "asc" } }),
    p.secret.findMany({ orderBy: { id: "asc" } }),
    p.secretVersion.findMany({ orderBy: { id: "asc" }, select: { id: true, version: true } }),
    p.invitation.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify([users, members_, memberRoles, roles_, tokens_, accesses_, secrets, versions, invitations]);
}

/** A member of the seeded project holding one custom role with exactly these permissions, and their context. */
async function delegate(name: string, permissions: string[]) {
  const { projectId, organizationId } = database;
  const role = await database.prisma.role.create({
    data: { projectId, name: `Holds ${name}`, nameKey: `holds ${name}`.toLowerCase(), permissions },
  });
  const user = await database.prisma.user.create({ data: { email: `${name.replace(/\W/g, "-")}@example.com`, name, passwordHash: "x" } });
  const member = await database.prisma.projectMember.create({
    data: { projectId, userId: user.id, roles: { create: [{ roleId: role.id }] } },
  });
  const grant = policy.grantFromRoles(projectId, user.id, [role]);
  const actor = { type: "USER" as const, id: user.id, label: user.email, ip: "127.0.0.1", userAgent: "vitest" };
  return { user, member, role, grant, ctx: asAuthorized({ projectId, organizationId, actor, grant, user }) };
}

describe("2. a pending account of another project cannot be taken over", () => {
  it("adding it never hands out a link; only its own project or an organization administrator re-issues one", async () => {
    // Project B is created for a new person: they get an account without a password and a link.
    const created = await projects.createProject(
      database.organizationId,
      { name: "Victim", adminEmail: "pending-b@example.com" },
      database.actor,
    );
    if (!created.ok) throw new Error(created.message);
    expect(created.invitationToken).toBeTruthy();
    const victimProject = created.projectId;

    // The administrator of project A adds that pending account to A.
    const added = await members.addMember(database.adminCtx(database.projectId), {
      email: "pending-b@example.com",
      roleIds: [await roleId(database.projectId, "project_member")],
    });
    expect(added).toMatchObject({ ok: true, invitationToken: null, pending: true });

    // …and cannot re-issue its link from A either.
    const before = await snapshot();
    const reinvited = await members.reinviteMember(database.adminCtx(database.projectId), added.ok ? added.memberId : "");
    expect(reinvited).toMatchObject({ ok: false, message: expect.stringContaining("invited by another project") });
    expect(await snapshot()).toBe(before);

    // The account belongs to two projects now: not even project B re-issues its link (it would open A too) —
    // an organization administrator does.
    const victimMember = await database.prisma.projectMember.findFirstOrThrow({
      where: { projectId: victimProject, user: { email: "pending-b@example.com" } },
    });
    expect(await members.reinviteMember(database.adminCtx(victimProject), victimMember.id)).toMatchObject({
      ok: false,
      message: expect.stringContaining("organization administrator"),
    });
    const user = await database.prisma.user.findUniqueOrThrow({ where: { email: "pending-b@example.com" } });
    expect(await organization.reissueInvitation(database.organizationId, { userId: user.id }, database.actor)).toMatchObject({ ok: true });
    // Never for an account that has a password.
    expect(await organization.reissueInvitation(database.organizationId, { userId: database.admin.id }, database.actor)).toMatchObject({
      ok: false,
    });
  });

  it("a pending account that joins a second project loses its first project's links, and only an organization administrator re-issues one", async () => {
    const a = database.adminCtx(database.projectId);
    const added = await members.addMember(a, {
      email: "kept-link@example.com",
      roleIds: [await roleId(database.projectId, "project_member")],
    });
    if (!added.ok || !added.invitationToken) throw new Error("expected a link");
    const { findUsableInvitation } = await import("@/lib/members/invitations");
    expect(await findUsableInvitation(added.invitationToken)).not.toBeNull();
    // Another project's administrator adds the same pending account…
    const other = await members.addMember(database.adminCtx(database.otherProjectId), {
      email: "kept-link@example.com",
      roleIds: [await roleId(database.otherProjectId, "project_member")],
    });
    expect(other).toMatchObject({ ok: true, invitationToken: null });
    // …and the link kept from the first project no longer opens anything.
    expect(await findUsableInvitation(added.invitationToken)).toBeNull();
    expect(await members.reinviteMember(a, added.memberId)).toMatchObject({
      ok: false,
      message: expect.stringContaining("other projects"),
    });
  });

  it("naming an existing pending account as a new project's first administrator hands out no link either", async () => {
    const created = await projects.createProject(
      database.organizationId,
      { name: "Second", adminEmail: "pending-b@example.com" },
      database.actor,
    );
    expect(created).toMatchObject({ ok: true, invitationToken: null });
  });

  it("Organization Members shows pending state and projects to organization administrators only", async () => {
    const detailed = await organization.listOrganizationMembers(database.organizationId, { detailed: true });
    const plain = await organization.listOrganizationMembers(database.organizationId, { detailed: false });
    expect(detailed.find((m) => m.email === "pending-b@example.com")).toMatchObject({ invited: true });
    expect(detailed.find((m) => m.email === "pending-b@example.com")!.projects.length).toBeGreaterThan(0);
    expect(plain.every((m) => m.invited === false && m.projects.length === 0)).toBe(true);
  });
});

describe("3. delegated permissions do not climb", () => {
  it("members.manage cannot give Project Administrator, a bigger role, or change an administrator", async () => {
    const holder = await delegate("member manager", ["members.manage"]);
    const adminRole = await roleId(database.projectId, "project_admin");
    const editors = await database.prisma.role.create({
      data: { projectId: database.projectId, name: "Editors", nameKey: "editors", permissions: ["secrets.edit"] },
    });
    const adminMember = await database.prisma.projectMember.findFirstOrThrow({
      where: { projectId: database.projectId, userId: database.admin.id },
    });
    const before = await snapshot();
    expect(await members.updateMemberRoles(holder.ctx, holder.member.id, { roleIds: [adminRole] })).toMatchObject({ ok: false });
    expect(await members.updateMemberRoles(holder.ctx, holder.member.id, { roleIds: [holder.role.id, editors.id] })).toMatchObject({
      ok: false,
    });
    expect(await members.addMember(holder.ctx, { email: "sock-puppet@example.com", roleIds: [adminRole] })).toMatchObject({ ok: false });
    expect(await members.addMember(holder.ctx, { email: "sock-puppet@example.com", roleIds: [editors.id] })).toMatchObject({ ok: false });
    expect(await members.updateMemberRoles(holder.ctx, adminMember.id, { roleIds: [holder.role.id] })).toMatchObject({ ok: false });
    expect(await members.removeMember(holder.ctx, adminMember.id)).toMatchObject({ ok: false });
    expect(await snapshot()).toBe(before);
    // What it holds, it may give.
    expect(await members.addMember(holder.ctx, { email: "helper@example.com", roleIds: [holder.role.id] })).toMatchObject({ ok: true });
  });

  it("members.manage cannot give a role whose entries in secrets' Accesses go beyond its own rights", async () => {
    const holder = await delegate("entry climber", ["members.manage"]);
    const created = await commands.createSecret(database.adminCtx(database.projectId), { name: "Payments key", value: "pay" });
    if (!created.ok) throw new Error(created.message);
    const payments = await database.prisma.role.create({
      data: { projectId: database.projectId, name: "Payments", nameKey: "payments", permissions: [] },
    });
    await database.prisma.secretAccess.create({
      data: { secretId: created.secretId, principalType: "ROLE", principalKey: `role:${payments.id}`, roleId: payments.id, level: "WRITE" },
    });
    const before = await snapshot();
    expect(await members.updateMemberRoles(holder.ctx, holder.member.id, { roleIds: [holder.role.id, payments.id] })).toMatchObject({
      ok: false,
      fieldErrors: { roleIds: [expect.stringContaining("Payments key")] },
    });
    expect(await snapshot()).toBe(before);
  });

  it("tools.edit cannot point a tool at a secret its holder cannot read", async () => {
    const holder = await delegate("tool editor", ["tools.edit", "tools.view"]);
    const settings = await import("@/lib/tools/settings");
    const { findTool } = await import("@/lib/tools/catalog");
    const before = await snapshot();
    const result = await settings.saveToolSettings(holder.ctx, findTool("http-api")!, {
      baseUrl: "https://collector.invalid",
      authScheme: "Bearer",
      token: "Payments key",
      timeoutSeconds: "30",
    });
    expect(result).toMatchObject({ ok: false, fieldErrors: { token: [expect.stringContaining("cannot read")] } });
    expect(await snapshot()).toBe(before);
  });

  it("tools.edit cannot reach a secret through a name saved before the secret existed: it resolves only while its saver can read it", async () => {
    const holder = await delegate("tool binder", ["tools.edit", "tools.view"]);
    const settings = await import("@/lib/tools/settings");
    const { resolveToolConfig } = await import("@/lib/tools/resolve");
    const { findTool } = await import("@/lib/tools/catalog");
    const httpApi = findTool("http-api")!;
    const bound = { baseUrl: "https://collector.invalid", authScheme: "Bearer", token: "Future key", timeoutSeconds: "30" };
    // The bookmark flow still saves a name with no secret yet.
    expect(await settings.saveToolSettings(holder.ctx, httpApi, bound)).toMatchObject({ ok: true });
    const created = await commands.createSecret(database.adminCtx(database.projectId), { name: "Future key", value: "future-value" });
    if (!created.ok) throw new Error(created.message);
    const tool = {
      grant: { tokenId: "00000000-0000-4000-8000-000000000001", projectId: database.projectId, scope: "READ" as const },
      actor: { type: "TOKEN" as const, id: "00000000-0000-4000-8000-000000000001", label: "a tool", ip: "127.0.0.1" },
    };
    const tokenParameter = async () => {
      const resolved = await resolveToolConfig(tool, "http-api");
      if (!resolved.ok) throw new Error(resolved.message);
      return resolved.parameters.find((p) => p.key === "token")!;
    };
    const shownState = async () =>
      (await settings.getToolSettings(database.projectId, "http-api"))!.parameters.find((p) => p.key === "token")!.reference!.state;

    // The administrator's new secret is not sent where the tool editor pointed the tool: they cannot read it.
    expect(await tokenParameter()).toMatchObject({ status: "unconfirmed", value: null });
    expect(await shownState()).toBe("unconfirmed");
    const events = await database.prisma.auditEvent.findMany({ where: { action: "secret.resolve", targetId: created.secretId } });
    expect(events.map((e) => [e.outcome, e.reason])).toEqual([["DENIED", "unconfirmed"]]);

    // While the person who saved it can read the secret, it resolves; not once they no longer can.
    const entry = await database.prisma.secretAccess.create({
      data: {
        secretId: created.secretId,
        principalType: "USER",
        principalKey: `user:${holder.user.id}`,
        userId: holder.user.id,
        level: "READ",
      },
    });
    expect(await tokenParameter()).toMatchObject({ status: "ok", value: "future-value" });
    expect(await shownState()).toBe("ok");
    await database.prisma.secretAccess.delete({ where: { id: entry.id } });
    expect(await tokenParameter()).toMatchObject({ status: "unconfirmed", value: null });

    // An administrator's save confirms the reference for good.
    expect(await settings.saveToolSettings(database.adminCtx(database.projectId), httpApi, bound)).toMatchObject({ ok: true });
    expect(await tokenParameter()).toMatchObject({ status: "ok", value: "future-value" });
    expect(await shownState()).toBe("ok");
  });

  it("roles.manage cannot add permissions it lacks, to its own role or any other", async () => {
    const holder = await delegate("role manager", ["roles.manage"]);
    const before = await snapshot();
    expect(
      await roles.updateRole(holder.ctx, holder.role.id, { name: holder.role.name, permissions: ["roles.manage", "secrets.reveal"] }),
    ).toMatchObject({ ok: false, fieldErrors: { permissions: [expect.stringContaining("secrets.reveal")] } });
    expect(await roles.createRole(holder.ctx, { name: "Everything", permissions: ["secrets.reveal", "members.manage"] })).toMatchObject({
      ok: false,
    });
    const bigger = await database.prisma.role.findFirstOrThrow({ where: { projectId: database.projectId, name: "Editors" } });
    expect(await roles.updateRole(holder.ctx, bigger.id, { name: "Editors", permissions: [] })).toMatchObject({ ok: false });
    expect(await roles.deleteRole(holder.ctx, bigger.id)).toMatchObject({ ok: false });
    expect(await snapshot()).toBe(before);
  });

  it("tokens.manage alone makes no token: a Read token needs reveal, a Manage token create, edit, reveal and Accesses", async () => {
    const holder = await delegate("token manager", ["tokens.manage"]);
    const before = await snapshot();
    expect(await tokens.createApiToken(holder.ctx, { name: "t", scope: "MANAGE", expiresInDays: 0 })).toMatchObject({ ok: false });
    expect(await tokens.createApiToken(holder.ctx, { name: "t", scope: "READ", expiresInDays: 0 })).toMatchObject({ ok: false });
    expect(await snapshot()).toBe(before);
    const reader = await delegate("token reader", ["tokens.manage", "secrets.reveal"]);
    expect(await tokens.createApiToken(reader.ctx, { name: "t", scope: "READ", expiresInDays: 0 })).toMatchObject({ ok: true });
    expect(await tokens.createApiToken(reader.ctx, { name: "t2", scope: "MANAGE", expiresInDays: 0 })).toMatchObject({ ok: false });
  });

  it("secrets.accesses gives no level its holder lacks on that secret", async () => {
    const holder = await delegate("access manager", ["secrets.accesses"]);
    const created = await commands.createSecret(database.adminCtx(database.projectId), { name: "Guarded key", value: "v1" });
    if (!created.ok) throw new Error(created.message);
    const entries = (await database.prisma.secretAccess.findMany({ where: { secretId: created.secretId } })).map((e) => ({ ...e }));
    const rights = policy.secretRightsForUser(holder.grant, entries);
    const ctx = { ...holder.ctx, rights };
    const before = await snapshot();
    expect(await accesses.addSecretAccess(ctx, created.secretId, { principal: `user:${holder.user.id}`, level: "READ" })).toMatchObject({
      ok: false,
    });
    expect(await accesses.addSecretAccess(ctx, created.secretId, { principal: `role:${holder.role.id}`, level: "WRITE" })).toMatchObject({
      ok: false,
    });
    const [allTools] = entries;
    expect(await accesses.changeSecretAccess(ctx, created.secretId, allTools.id, { level: "WRITE" })).toMatchObject({ ok: false });
    expect(await snapshot()).toBe(before);
  });

  it("secrets.edit says that it includes reveal, and the policy reads it so", () => {
    const editor = policy.grantFromRoles("p", "u", [{ id: "r", systemKey: null, permissions: ["secrets.edit"] }]);
    expect(policy.can(editor, "secrets.reveal")).toBe(true);
    expect(policy.canGrantPermissions(editor, ["secrets.reveal"]).ok).toBe(true);
    expect(policy.canGrantPermissions(editor, ["secrets.accesses"]).ok).toBe(false);
  });
});

describe("4. a revoked value never comes back", () => {
  it("rollback to a version current at revocation, or before it, is refused; later versions stay usable", async () => {
    const ctx = database.adminCtx(database.projectId);
    const created = await commands.createSecret(ctx, { name: "Leaked key", value: "leaked-1" });
    if (!created.ok) throw new Error(created.message);
    const id = created.secretId;
    const base = { name: "Leaked key", description: "", expiresOn: "" };
    expect(await commands.updateSecret(ctx, id, { ...base, value: "", status: "REVOKED", revision: 1 })).toMatchObject({ ok: true });
    expect(await commands.updateSecret(ctx, id, { ...base, value: "fresh-2", status: "ACTIVE", revision: 2 })).toMatchObject({
      ok: true,
      version: 2,
    });
    const before = await snapshot();
    expect(await commands.rollbackSecret(ctx, id, { toVersion: 1, revision: 3 })).toMatchObject({ ok: false, code: "version_revoked" });
    expect(await snapshot()).toBe(before);
    expect(await commands.revealSecret(ctx, id, "reveal")).toEqual({ ok: true, value: "fresh-2" });

    const versions = await queries.listSecretVersions(database.projectId, id);
    expect(versions.map((v) => [v.version, v.revoked])).toEqual([
      [2, false],
      [1, true],
    ]);
    // A third value, then back to the second: allowed, it was never revoked.
    expect(await commands.updateSecret(ctx, id, { ...base, value: "third-3", status: "ACTIVE", revision: 3 })).toMatchObject({ ok: true });
    expect(await commands.rollbackSecret(ctx, id, { toVersion: 2, revision: 4 })).toMatchObject({ ok: true, version: 4 });
    expect(await commands.revealSecret(ctx, id, "reveal")).toEqual({ ok: true, value: "fresh-2" });
  });

  it("a secret created revoked never serves its first value", async () => {
    const ctx = database.adminCtx(database.projectId);
    const created = await commands.createSecret(ctx, { name: "Born revoked", value: "bad", status: "REVOKED" });
    if (!created.ok) throw new Error(created.message);
    await commands.updateSecret(ctx, created.secretId, {
      name: "Born revoked",
      description: "",
      expiresOn: "",
      value: "good",
      status: "ACTIVE",
      revision: 1,
    });
    expect(await commands.rollbackSecret(ctx, created.secretId, { toVersion: 1, revision: 2 })).toMatchObject({
      ok: false,
      code: "version_revoked",
    });
  });

  it("a value entered while revoked is revoked too", async () => {
    const ctx = database.adminCtx(database.projectId);
    const created = await commands.createSecret(ctx, { name: "Twice", value: "a" });
    if (!created.ok) throw new Error(created.message);
    const base = { name: "Twice", description: "", expiresOn: "" };
    await commands.updateSecret(ctx, created.secretId, { ...base, value: "b", status: "REVOKED", revision: 1 });
    await commands.updateSecret(ctx, created.secretId, { ...base, value: "c", status: "ACTIVE", revision: 2 });
    expect(await commands.rollbackSecret(ctx, created.secretId, { toVersion: 2, revision: 3 })).toMatchObject({ ok: false });
  });
});

describe("5. CSV cells are defused whatever the separator", () => {
  it("quotes and defuses formula triggers after ; , tab and |", async () => {
    const { csvCell } = await import("@/lib/audit/log-views");
    expect(csvCell('1.2.3.4;=HYPERLINK("http://x")')).toBe(`"'1.2.3.4;=HYPERLINK(""http://x"")"`);
    expect(csvCell("a\t+1")).toBe(`"'a\t+1"`);
    expect(csvCell("=1+1")).toBe(`"'=1+1"`);
    expect(csvCell("x|@SUM(1)")).toBe(`"'x|@SUM(1)"`);
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("GET")).toBe("GET");
  });
});

describe("6. sign-in limits", () => {
  const meta = (ip: string) => ({ ip, userAgent: "vitest" });
  const wrongChecks = async (email: string) =>
    database.prisma.auditEvent.count({ where: { action: "auth.sign_in", actorLabel: email, reason: "invalid credentials" } });

  it("count each attempt before the password is checked: 60 parallel wrong passwords get 5 checks", async () => {
    const { authenticate } = await import("@/lib/auth/credentials");
    await database.prisma.user.update({ where: { id: database.admin.id }, data: {} });
    const results = await Promise.all(
      Array.from({ length: 60 }, () => authenticate({ email: "admin@example.com", password: "wrong-password" }, meta("198.51.100.7"))),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(55);
    expect(await wrongChecks("admin@example.com")).toBe(5);
  });

  it("lock the attacker's address for that account, not the account's owner elsewhere", async () => {
    const { authenticate } = await import("@/lib/auth/credentials");
    // The attacker (198.51.100.7) is locked; the administrator at their own address signs in.
    expect(await authenticate({ email: "admin@example.com", password: "long-enough" }, meta("198.51.100.7"))).toMatchObject({
      ok: false,
      reason: "locked",
    });
    expect(await authenticate({ email: "admin@example.com", password: "long-enough" }, meta("192.0.2.1"))).toMatchObject({ ok: true });
  });

  it("stop an account at its account-wide ceiling, wherever the attempts come from", async () => {
    const { authenticate, SIGN_IN_LIMITS, signInKeys } = await import("@/lib/auth/credentials");
    const key = signInKeys("admin@example.com", "x").account;
    await database.prisma.rateLimitBucket.upsert({
      where: { key },
      create: { key, windowStart: new Date(), count: SIGN_IN_LIMITS.perAccount },
      update: { windowStart: new Date(), count: SIGN_IN_LIMITS.perAccount },
    });
    expect(await authenticate({ email: "admin@example.com", password: "long-enough" }, meta("192.0.2.99"))).toMatchObject({
      ok: false,
      reason: "locked",
    });
  });

  it("delete stale counters", async () => {
    const { pruneStaleRateLimits } = await import("@/lib/rate-limit");
    const { db } = await import("@/lib/db");
    await database.prisma.rateLimitBucket.create({ data: { key: "stale", windowStart: new Date(Date.now() - 3 * 86400_000), count: 9 } });
    await pruneStaleRateLimits(db, Date.now() + 3600_000);
    expect(await database.prisma.rateLimitBucket.findUnique({ where: { key: "stale" } })).toBeNull();
  });
});

describe("7. a signed-out session stays out", () => {
  it("is refused for its whole lifetime, and its revocation is kept that long", async () => {
    const { checkSessionToken, revokeSession } = await import("@/lib/auth/sessions");
    const { SESSION_MAX_AGE_SECONDS } = await import("@/lib/auth/config");
    const authTime = Math.floor(Date.now() / 1000) - 60;
    const token = { sub: database.admin.id, sid: "a-session-id", authTime };
    expect(await checkSessionToken(token)).toEqual(token);
    await revokeSession(database.admin.id, "a-session-id", authTime);
    expect(await checkSessionToken(token)).toBeNull();
    const row = await database.prisma.revokedSession.findUniqueOrThrow({ where: { id: "a-session-id" } });
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual((authTime + SESSION_MAX_AGE_SECONDS) * 1000);
    // A token past its lifetime from sign-in is refused whatever it says of its expiry; one without a sign-in time too.
    expect(await checkSessionToken({ ...token, sid: "other", authTime: authTime - SESSION_MAX_AGE_SECONDS })).toBeNull();
    expect(await checkSessionToken({ sub: database.admin.id, sid: "other" })).toBeNull();
  });
});

describe("8. master key rotation and serving instances", () => {
  it("refuses to rotate while an instance serves, and an instance refuses to start while a rotation runs", async () => {
    const { holdServingLock, withNoInstanceServing, InstanceLockError } = await import("@/server/instance-lock");
    const serving = await holdServingLock(database.url, () => {});
    await expect(withNoInstanceServing(database.url, async () => "rotated")).rejects.toThrow(/1 instance\(s\) of the app are serving/);
    await serving.stop();
    let during: unknown;
    const result = await withNoInstanceServing(database.url, async () => {
      during = await holdServingLock(database.url, () => {}).catch((error) => error);
      return "rotated";
    });
    expect(result).toBe("rotated");
    expect(during).toBeInstanceOf(InstanceLockError);
  });
});

describe("5. the client address the app reads", () => {
  it("is believed only with the front listener's proof", async () => {
    const { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_PROOF_HEADER, clientAddressFrom, clientAddressProof } =
      await import("@/lib/http/client-address");
    const headers = (entries: Record<string, string>) => new Headers(entries);
    expect(clientAddressFrom(headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.5" }))).toBe("unknown");
    expect(clientAddressFrom(headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.5", [CLIENT_ADDRESS_PROOF_HEADER]: "guess" }))).toBe("unknown");
    expect(
      clientAddressFrom(headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.5", [CLIENT_ADDRESS_PROOF_HEADER]: clientAddressProof() })),
    ).toBe("203.0.113.5");
  });
});

describe("9. smaller ones", () => {
  it("the Playground shows no value's length", async () => {
    const { MASKED } = await import("@/lib/tools/playground");
    expect(MASKED).not.toMatch(/\d/);
  });
});

describe("10. the database down is 503, not 500", () => {
  it("recognizes the errors of a stopped or unreachable PostgreSQL", async () => {
    const { isDatabaseUnavailable } = await import("@/lib/db");
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error("x", { cause: Object.assign(new Error("the database system is starting up"), { code: "57P03" }) })),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
  });
});

describe("6. sign-in limits count IPv6 by /64", () => {
  it("puts every address of one /64 in one bucket", async () => {
    const { addressBucket } = await import("@/lib/auth/credentials");
    expect(addressBucket("2001:db8:0:1::1")).toBe("2001:db8:0:1::/64");
    expect(addressBucket("2001:0db8:0000:0001:ffff:1:2:3")).toBe("2001:db8:0:1::/64");
    expect(addressBucket("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("192.0.2.1")).toBe("192.0.2.1");
  });
});
