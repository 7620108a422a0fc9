import "server-only";
import { invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { z } from "zod";
import { db } from "@/lib/db";
import { createInvitation } from "@/lib/members/invitations";
import { invitingProjectId, voidOpenInvitations } from "@/lib/members/members";
import { makeProjectAdminSchema } from "@/lib/members/schema";

/**
 * The organization's people with their organization role; for organization
 * administrators also whether each has set a password and their projects
 * with roles. Others see people and roles only (their own projects are in
 * the project selector).
 */
export async function listOrganizationMembers(organizationId: string, options: { detailed: boolean }) {
  const members = await db.organizationMember.findMany({
    where: { organizationId },
    orderBy: { user: { email: "asc" } },
    select: {
      role: true,
      user: {
        select: {
          id: true,
          name: true,
          email: true,
          passwordHash: true,
          projectMemberships: {
            where: { project: { organizationId } },
            select: { project: { select: { id: true, name: true } }, roles: { select: { role: { select: { systemKey: true } } } } },
          },
        },
      },
    },
  });
  return members.map(({ role, user }) => ({
    userId: user.id,
    name: user.name,
    email: user.email,
    isOrgAdmin: role === "ADMIN",
    invited: options.detailed ? user.passwordHash === null : false,
    projects: options.detailed
      ? user.projectMemberships.map((m) => ({
          id: m.project.id,
          name: m.project.name,
          isAdmin: m.roles.some((r) => r.role.systemKey === "project_admin"),
        }))
      : [],
  }));
}

/**
 * Organization administrators: a fresh one-time link for a person who has not
 * set a password yet, whichever project invited them. Their earlier links
 * stop working. Never for an account that has a password.
 */
export async function reissueInvitation(
  organizationId: string,
  input: unknown,
  actor: Actor,
): Promise<ActionResult<{ invitationToken: string }>> {
  const parsed = z.object({ userId: z.uuid("Choose a person.") }).safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { userId } = parsed.data;
  return db.$transaction(async (tx) => {
    const person = await tx.organizationMember.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: { user: { select: { email: true, passwordHash: true } } },
    });
    if (!person) return { ok: false, code: "not_found", message: "This person is not a member of the organization." };
    if (person.user.passwordHash) return { ok: false, code: "invalid_state", message: `${person.user.email} has already set a password.` };
    await voidOpenInvitations(tx, userId);
    const invitationToken = await createInvitation(tx, {
      userId,
      projectId: await invitingProjectId(tx, userId),
      createdById: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "member.reinvite",
      organizationId,
      targetType: "user",
      targetId: userId,
      targetName: person.user.email,
      details: { by: "organization" },
    });
    return { ok: true, invitationToken };
  });
}

/** Makes an organization member a Project Administrator of any project of the organization. */
export async function makeProjectAdministrator(organizationId: string, input: unknown, actor: Actor): Promise<ActionResult> {
  const parsed = makeProjectAdminSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { userId, projectId } = parsed.data;
  return db.$transaction(async (tx): Promise<ActionResult> => {
    const [person, project] = await Promise.all([
      tx.organizationMember.findUnique({
        where: { organizationId_userId: { organizationId, userId } },
        select: { user: { select: { email: true, passwordHash: true } } },
      }),
      tx.project.findFirst({
        where: { id: projectId, organizationId },
        select: { name: true, roles: { where: { systemKey: "project_admin" }, select: { id: true } } },
      }),
    ]);
    if (!person) return { ok: false, code: "not_found", message: "This person is not a member of the organization." };
    if (!project) return { ok: false, code: "not_found", message: "This project does not exist in the organization." };
    const adminRoleId = project.roles[0].id;
    const member = await tx.projectMember.upsert({
      where: { projectId_userId: { projectId, userId } },
      create: { projectId, userId },
      update: {},
      select: { id: true },
    });
    await tx.projectMemberRole.createMany({ data: [{ memberId: member.id, roleId: adminRoleId }], skipDuplicates: true });
    if (!person.user.passwordHash) await voidOpenInvitations(tx, userId);
    await recordAudit(tx, actor, {
      action: "member.make_admin",
      organizationId,
      projectId,
      targetType: "user",
      targetId: userId,
      targetName: person.user.email,
      details: { project: project.name },
    });
    return { ok: true };
  });
}
