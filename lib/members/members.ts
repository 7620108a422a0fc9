import "server-only";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/record";
import { canAssignRoles, canManageMember, type RoleData } from "@/lib/authz/policy";
import { db, Prisma, type Tx } from "@/lib/db";
import { addMemberSchema, memberRolesSchema } from "@/lib/members/schema";
import { roleEntriesWithin } from "@/lib/secrets/accesses";
import { createInvitation } from "./invitations";
import type { AuthorizedMember } from "@/lib/authz/context";
import { likeLiteral } from "@/lib/text";

/**
 * A project's members and their roles. The caller checks members.manage;
 * these keep the rules: roles of this project only, never no administrator,
 * and the policy's delegation rule (nobody gives roles beyond their own,
 * nor changes someone who holds more). Adding a person never hands out a
 * link that sets the password of an account that exists already: only the
 * project that created a pending account re-issues its link (or an
 * organization administrator, lib/organization/members.ts).
 */

type Ctx = AuthorizedMember;

export const MEMBER_PAGE_SIZE = 25;

export async function listMembers(projectId: string, query: { q: string; page: number }) {
  const term = likeLiteral(query.q);
  const where: Prisma.ProjectMemberWhereInput = {
    projectId,
    ...(query.q
      ? { user: { OR: [{ email: { contains: term, mode: "insensitive" } }, { name: { contains: term, mode: "insensitive" } }] } }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.projectMember.findMany({
      where,
      orderBy: { user: { email: "asc" } },
      skip: (query.page - 1) * MEMBER_PAGE_SIZE,
      take: MEMBER_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        user: { select: { id: true, name: true, email: true, passwordHash: true } },
        roles: { select: { role: { select: { id: true, name: true, systemKey: true } } } },
      },
    }),
    db.projectMember.count({ where }),
  ]);
  const pending = rows.filter((m) => m.user.passwordHash === null).map((m) => m.user.id);
  const firstInvitations = pending.length
    ? await db.invitation.findMany({
        where: { userId: { in: pending } },
        orderBy: { createdAt: "asc" },
        distinct: ["userId"],
        select: { userId: true, projectId: true },
      })
    : [];
  const invitedHere = new Set(firstInvitations.filter((i) => i.projectId === projectId).map((i) => i.userId));
  return {
    total,
    rows: rows.map((m) => ({
      memberId: m.id,
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      invited: m.user.passwordHash === null,
      /** Pending, and this project created the account: its administrators may re-issue the link. */
      invitedHere: invitedHere.has(m.user.id),
      joinedAt: m.createdAt,
      roles: m.roles.map((r) => r.role).sort((a, b) => a.name.localeCompare(b.name)),
    })),
  };
}

export async function listProjectRoles(projectId: string) {
  return db.role.findMany({
    where: { projectId },
    select: { id: true, name: true, systemKey: true },
    orderBy: [{ systemKey: "asc" }, { nameKey: "asc" }],
  });
}

/**
 * Adds a person by email: an existing account directly; a new person gets an
 * account without a password and a one-time invitation link (returned once).
 */
export async function addMember(
  ctx: Ctx,
  input: unknown,
): Promise<ActionResult<{ memberId: string; invitationToken: string | null; pending: boolean }>> {
  const parsed = addMemberSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { email, roleIds } = parsed.data;
  const refused = await refuseRoles(ctx, roleIds);
  if (refused) return refused;

  return db.$transaction(async (tx) => {
    await lockProject(tx, ctx.projectId);
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
    if (
      existing &&
      (await tx.projectMember.findUnique({ where: { projectId_userId: { projectId: ctx.projectId, userId: existing.id } } }))
    ) {
      return fieldError("email", "This person is already a member of the project.");
    }
    const user =
      existing ?? (await tx.user.create({ data: { email, name: email.split("@")[0] }, select: { id: true, passwordHash: true } }));
    await tx.organizationMember.upsert({
      where: { organizationId_userId: { organizationId: ctx.organizationId, userId: user.id } },
      create: { organizationId: ctx.organizationId, userId: user.id },
      update: {},
    });
    const member = await tx.projectMember.create({
      data: { projectId: ctx.projectId, userId: user.id, roles: { create: roleIds.map((roleId) => ({ roleId })) } },
      select: { id: true },
    });
    // A pending account that now belongs to a second project: the first project's links die with it.
    if (existing && !existing.passwordHash) await voidOpenInvitations(tx, existing.id);
    // Only an account created here gets a link: an existing one, even without a password yet, is someone else's to invite.
    const invitationToken = existing
      ? null
      : await createInvitation(tx, { userId: user.id, projectId: ctx.projectId, createdById: ctx.actor.id });
    await recordAudit(tx, ctx.actor, {
      action: "member.add",
      projectId: ctx.projectId,
      targetType: "user",
      targetId: user.id,
      targetName: email,
      details: { roleIds, invited: Boolean(invitationToken) },
    });
    return { ok: true, memberId: member.id, invitationToken, pending: !existing?.passwordHash };
  });
}

/**
 * A fresh invitation link for a member who has not set a password yet, from
 * the project that invited them only (their earlier links stop working).
 */
export async function reinviteMember(ctx: Ctx, memberId: string): Promise<ActionResult<{ invitationToken: string }>> {
  return db.$transaction(async (tx) => {
    const member = await tx.projectMember.findFirst({
      where: { id: memberId, projectId: ctx.projectId },
      select: { user: { select: { id: true, email: true, passwordHash: true } }, roles: { select: { role: true } } },
    });
    if (!member) return { ok: false, code: "not_found", message: "This person is no longer a member of the project." };
    if (member.user.passwordHash) return { ok: false, code: "invalid_state", message: `${member.user.email} has already set a password.` };
    if ((await invitingProjectId(tx, member.user.id)) !== ctx.projectId) {
      return {
        ok: false,
        code: "invalid_state",
        message: `${member.user.email} was invited by another project: a new link comes from that project, or from an organization administrator (Organization → Members).`,
      };
    }
    // Once the account belongs to other projects too, a link would open those: only an organization administrator issues one.
    if (await tx.projectMember.count({ where: { userId: member.user.id, projectId: { not: ctx.projectId } } })) {
      return {
        ok: false,
        code: "invalid_state",
        message: `${member.user.email} also belongs to other projects now: a new link comes from an organization administrator (Organization → Members).`,
      };
    }
    const delegation = canManageMember(
      ctx.grant,
      member.roles.map((r) => r.role),
    );
    if (!delegation.ok) return { ok: false, code: "forbidden", message: delegation.reason };
    await tx.invitation.updateMany({ where: { userId: member.user.id, usedAt: null }, data: { usedAt: new Date() } });
    const invitationToken = await createInvitation(tx, { userId: member.user.id, projectId: ctx.projectId, createdById: ctx.actor.id });
    await recordAudit(tx, ctx.actor, {
      action: "member.reinvite",
      projectId: ctx.projectId,
      targetType: "user",
      targetId: member.user.id,
      targetName: member.user.email,
    });
    return { ok: true, invitationToken };
  });
}

export async function updateMemberRoles(ctx: Ctx, memberId: string, input: unknown): Promise<ActionResult> {
  const parsed = memberRolesSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { roleIds } = parsed.data;
  const refused = await refuseRoles(ctx, roleIds);
  if (refused) return refused;
  return db
    .$transaction(async (tx): Promise<ActionResult> => {
      await lockProject(tx, ctx.projectId);
      const member = await tx.projectMember.findFirst({
        where: { id: memberId, projectId: ctx.projectId },
        select: { user: { select: { id: true, email: true } }, roles: { select: { roleId: true, role: true } } },
      });
      if (!member) return { ok: false, code: "not_found", message: "This person is no longer a member of the project." };
      const mayChange = canManageMember(
        ctx.grant,
        member.roles.map((r) => r.role),
      );
      if (!mayChange.ok) return { ok: false, code: "forbidden", message: mayChange.reason };
      await tx.projectMemberRole.deleteMany({ where: { memberId } });
      await tx.projectMemberRole.createMany({ data: roleIds.map((roleId) => ({ memberId, roleId })) });
      if ((await countAdministrators(tx, ctx.projectId)) === 0) {
        throw new LastAdministratorError();
      }
      await recordAudit(tx, ctx.actor, {
        action: "member.roles_change",
        projectId: ctx.projectId,
        targetType: "user",
        targetId: member.user.id,
        targetName: member.user.email,
        details: { from: member.roles.map((r) => r.roleId), to: roleIds },
      });
      return { ok: true };
    })
    .catch(lastAdministratorMessage);
}

export async function removeMember(ctx: Ctx, memberId: string): Promise<ActionResult<{ email: string }>> {
  return db
    .$transaction(async (tx): Promise<ActionResult<{ email: string }>> => {
      await lockProject(tx, ctx.projectId);
      const member = await tx.projectMember.findFirst({
        where: { id: memberId, projectId: ctx.projectId },
        select: { user: { select: { id: true, email: true } }, roles: { select: { role: true } } },
      });
      if (!member) return { ok: false, code: "not_found", message: "This person is no longer a member of the project." };
      const mayRemove = canManageMember(
        ctx.grant,
        member.roles.map((r) => r.role),
      );
      if (!mayRemove.ok) return { ok: false, code: "forbidden", message: mayRemove.reason };
      await tx.projectMember.delete({ where: { id: memberId } });
      if ((await countAdministrators(tx, ctx.projectId)) === 0) throw new LastAdministratorError();
      // Their own entries on this project's secrets go with them.
      await tx.secretAccess.deleteMany({ where: { userId: member.user.id, secret: { projectId: ctx.projectId } } });
      await recordAudit(tx, ctx.actor, {
        action: "member.remove",
        projectId: ctx.projectId,
        targetType: "user",
        targetId: member.user.id,
        targetName: member.user.email,
      });
      return { ok: true, email: member.user.email };
    })
    .catch(lastAdministratorMessage);
}

class LastAdministratorError extends Error {}

function lastAdministratorMessage(error: unknown): ActionResult<never> {
  if (error instanceof LastAdministratorError) {
    return {
      ok: false,
      code: "invalid_state",
      message: "A project needs at least one Project Administrator: make someone else an administrator first.",
    };
  }
  throw error;
}

async function countAdministrators(tx: Tx, projectId: string) {
  return tx.projectMember.count({ where: { projectId, roles: { some: { role: { systemKey: "project_admin" } } } } });
}

/** Serialises membership changes of one project, so two demotions cannot both pass the last-administrator check. */
async function lockProject(tx: Tx, projectId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"members:" + projectId}))`;
}

/**
 * Why the actor may not give these roles, or null: they must all be this
 * project's, and within the policy's delegation rule — their permissions, and
 * their entries in secrets' Accesses, no more than the actor holds.
 */
async function refuseRoles(ctx: Ctx, roleIds: string[]) {
  const roles = await projectRoles(ctx.projectId, roleIds);
  if (!roles) return fieldError("roleIds", "Choose roles of this project.");
  const delegation = canAssignRoles(ctx.grant, roles);
  if (!delegation.ok) return fieldError("roleIds", delegation.reason);
  const entries = await roleEntriesWithin(ctx.grant, roleIds);
  return entries.ok ? null : fieldError("roleIds", entries.reason);
}

/** The roles, when every one of them is this project's; null otherwise. */
async function projectRoles(projectId: string, roleIds: string[]): Promise<RoleData[] | null> {
  const roles = await db.role.findMany({
    where: { projectId, id: { in: roleIds } },
    select: { id: true, systemKey: true, permissions: true },
  });
  return roles.length === new Set(roleIds).size ? roles : null;
}

/** Spends every open invitation link of an account (it is someone else's to invite now, or it got a new link). */
export async function voidOpenInvitations(tx: Tx, userId: string) {
  await tx.invitation.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
}

/** The project whose administrator created this account (its first invitation's project); null when none did. */
export async function invitingProjectId(tx: Tx, userId: string): Promise<string | null> {
  const first = await tx.invitation.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select: { projectId: true } });
  return first?.projectId ?? null;
}
