import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededAppDatabase } from "./helpers/database";

/** Members, roles, invitations and Accesses entries against a real PostgreSQL. */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let members: typeof import("@/lib/members/members");
let invitations: typeof import("@/lib/members/invitations");
let roles: typeof import("@/lib/roles/roles");
let accesses: typeof import("@/lib/secrets/accesses");
let commands: typeof import("@/lib/secrets/commands");
let projectId: string;
let otherProjectId: string;
const ctx = () => database.adminCtx(projectId);

beforeAll(async () => {
  database = await createSeededAppDatabase("members");
  ({ projectId, otherProjectId } = database);
  members = await import("@/lib/members/members");
  invitations = await import("@/lib/members/invitations");
  roles = await import("@/lib/roles/roles");
  accesses = await import("@/lib/secrets/accesses");
  commands = await import("@/lib/secrets/commands");
});

afterAll(() => database.drop());

const roleId = async (project: string, systemKey: string) =>
  (await database.prisma.role.findFirstOrThrow({ where: { projectId: project, systemKey } })).id;

describe("invitations", () => {
  it("work once, and not after they expire", async () => {
    const added = await members.addMember(ctx(), { email: "invitee@example.com", roleIds: [await roleId(projectId, "project_member")] });
    if (!added.ok || !added.invitationToken) throw new Error("expected an invitation");
    const token = added.invitationToken;
    expect(await database.prisma.invitation.count({ where: { tokenHash: token } })).toBe(0); // stored only hashed

    const accepted = await invitations.acceptInvitation(
      token,
      { name: "In Vitee", password: "long-password-1", confirm: "long-password-1" },
      { ip: "t", userAgent: null },
    );
    expect(accepted).toEqual({ ok: true, email: "invitee@example.com" });
    expect(
      await invitations.acceptInvitation(
        token,
        { name: "Again", password: "long-password-2", confirm: "long-password-2" },
        { ip: "t", userAgent: null },
      ),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining("expired or was already used"),
    });

    const late = await members.addMember(ctx(), { email: "late@example.com", roleIds: [await roleId(projectId, "project_member")] });
    if (!late.ok || !late.invitationToken) throw new Error("expected an invitation");
    await database.prisma.invitation.updateMany({
      where: { user: { email: "late@example.com" } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await invitations.findUsableInvitation(late.invitationToken)).toBeNull();
    const user = await database.prisma.user.findUniqueOrThrow({ where: { email: "late@example.com" } });
    expect(user.passwordHash).toBeNull();
  });
});

describe("membership rules", () => {
  it("refuses roles of another project and duplicates", async () => {
    expect(
      await members.addMember(ctx(), { email: "x@example.com", roleIds: [await roleId(otherProjectId, "project_member")] }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { roleIds: ["Choose roles of this project."] },
    });
    expect(await database.prisma.user.findUnique({ where: { email: "x@example.com" } })).toBeNull();
    expect(
      await members.addMember(ctx(), { email: "admin@example.com", roleIds: [await roleId(projectId, "project_member")] }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { email: ["This person is already a member of the project."] },
    });
  });

  it("takes the same role twice (in any case) as one choice, never as a failed insert", async () => {
    const member = await roleId(projectId, "project_member");
    const added = await members.addMember(ctx(), { email: "twice@example.com", roleIds: [member, member.toUpperCase()] });
    expect(added).toMatchObject({ ok: true });
    const row = await database.prisma.projectMember.findFirstOrThrow({ where: { projectId, user: { email: "twice@example.com" } } });
    expect(await database.prisma.projectMemberRole.findMany({ where: { memberId: row.id }, select: { roleId: true } })).toEqual([
      { roleId: member },
    ]);
    const admin = await roleId(projectId, "project_admin");
    expect(await members.updateMemberRoles(ctx(), row.id, { roleIds: [admin, member, admin] })).toMatchObject({ ok: true });
    const held = await database.prisma.projectMemberRole.findMany({ where: { memberId: row.id }, select: { roleId: true } });
    expect(held.map((r) => r.roleId).sort()).toEqual([admin, member].sort());
    // Leaves the project as it was: one administrator, for the tests after this one.
    expect(await members.removeMember(ctx(), row.id)).toMatchObject({ ok: true });
  });

  it("searches people by the text typed, % and _ included, not as wildcards", async () => {
    const all = await members.listMembers(projectId, { q: "", page: 1 });
    expect(all.total).toBeGreaterThan(1);
    expect((await members.listMembers(projectId, { q: "_", page: 1 })).total).toBe(0);
    expect((await members.listMembers(projectId, { q: "%", page: 1 })).total).toBe(0);
    await members.addMember(ctx(), { email: "under_score@example.com", roleIds: [await roleId(projectId, "project_member")] });
    const found = await members.listMembers(projectId, { q: "r_s", page: 1 });
    expect(found.rows.map((r) => r.email)).toEqual(["under_score@example.com"]);
  });

  it("never leaves a project without an administrator", async () => {
    const admin = await database.prisma.projectMember.findFirstOrThrow({ where: { projectId, user: { email: "admin@example.com" } } });
    const before = await database.prisma.projectMemberRole.findMany({ where: { memberId: admin.id } });
    expect(await members.updateMemberRoles(ctx(), admin.id, { roleIds: [await roleId(projectId, "project_member")] })).toMatchObject({
      ok: false,
      message: expect.stringContaining("at least one Project Administrator"),
    });
    expect(await members.removeMember(ctx(), admin.id)).toMatchObject({ ok: false });
    expect(await database.prisma.projectMemberRole.findMany({ where: { memberId: admin.id } })).toEqual(before);
  });

  it("removes a member's own Accesses entries with them", async () => {
    const added = await members.addMember(ctx(), { email: "leaver@example.com", roleIds: [await roleId(projectId, "project_member")] });
    if (!added.ok) throw new Error(added.message);
    const created = await commands.createSecret(database.adminCtx(projectId), {
      name: "Leaver secret",
      value: "v",
      status: "ACTIVE",
      description: "",
    });
    if (!created.ok) throw new Error(created.message);
    const user = await database.prisma.user.findUniqueOrThrow({ where: { email: "leaver@example.com" } });
    expect(
      await accesses.addSecretAccess(database.adminCtx(projectId), created.secretId, { principal: `user:${user.id}`, level: "READ" }),
    ).toMatchObject({ ok: true });
    expect(await members.removeMember(ctx(), added.memberId)).toEqual({ ok: true, email: "leaver@example.com" });
    expect(await database.prisma.secretAccess.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("Accesses entries", () => {
  it("accept only principals of the secret's project, once each", async () => {
    const created = await commands.createSecret(database.adminCtx(projectId), {
      name: "Guarded",
      value: "v",
      status: "ACTIVE",
      description: "",
    });
    if (!created.ok) throw new Error(created.message);
    const foreignRole = await roleId(otherProjectId, "project_member");
    expect(
      await accesses.addSecretAccess(database.adminCtx(projectId), created.secretId, { principal: `role:${foreignRole}`, level: "READ" }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { principal: ["This member, role or token is not part of this project."] },
    });
    const outsider = await database.prisma.user.create({ data: { email: "outsider@example.com", name: "Out" } });
    expect(
      await accesses.addSecretAccess(database.adminCtx(projectId), created.secretId, { principal: `user:${outsider.id}`, level: "WRITE" }),
    ).toMatchObject({ ok: false });
    expect(
      await accesses.addSecretAccess(database.adminCtx(projectId), created.secretId, { principal: "all_tools", level: "READ" }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { principal: ["All project tools already has an entry; change its level instead."] },
    });
    expect(
      await accesses.addSecretAccess(database.adminCtx(otherProjectId), created.secretId, { principal: "all_tools", level: "WRITE" }),
    ).toMatchObject({
      ok: false,
      message: "This secret does not exist in this project.",
    });
    const entries = await accesses.listSecretAccesses(projectId, created.secretId);
    expect(entries.map((e) => [e.label, e.level])).toEqual([["All project tools", "READ"]]);
    expect(await database.prisma.auditEvent.count({ where: { action: { startsWith: "secret.access_" } } })).toBe(1); // the leaver's
  });
});

describe("custom roles", () => {
  it("cannot take a system role's name, and cannot be deleted while held", async () => {
    expect(await roles.createRole(database.adminCtx(projectId), { name: "Project Administrator", permissions: [] })).toMatchObject({
      ok: false,
    });
    expect(await roles.createRole(database.adminCtx(projectId), { name: "Bad", permissions: ["root.everything"] })).toMatchObject({
      ok: false,
    });
    const created = await roles.createRole(database.adminCtx(projectId), { name: "Auditors", permissions: ["secrets.reveal"] });
    if (!created.ok) throw new Error(created.message);
    const added = await members.addMember(ctx(), { email: "auditor@example.com", roleIds: [created.roleId] });
    expect(added.ok).toBe(true);
    expect(await roles.deleteRole(database.adminCtx(projectId), created.roleId)).toEqual({
      ok: false,
      code: "invalid_state",
      message: '"Auditors" is still held by auditor@example.com. Change their roles first.',
    });
    expect(await roles.deleteRole(database.adminCtx(projectId), await roleId(projectId, "project_admin"))).toMatchObject({ ok: false });
    expect(
      await roles.updateRole(database.adminCtx(projectId), await roleId(projectId, "project_member"), { name: "Renamed", permissions: [] }),
    ).toMatchObject({ ok: false });
  });
});
