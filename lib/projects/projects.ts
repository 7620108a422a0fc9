import "server-only";
import type { Actor } from "@/lib/audit/record";
import { getMasterKeyProvider } from "@/lib/crypto/master-key";
import { grantFromRoles } from "@/lib/authz/policy";
import { db, isUniqueViolation } from "@/lib/db";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { createProjectSchema } from "@/lib/projects/schema";
import { createInvitation } from "@/lib/members/invitations";
import { voidOpenInvitations } from "@/lib/members/members";
import { createProjectRecords } from "./create-project";

/** The projects a user is a member of, for the project selector. */
export async function listUserProjects(userId: string) {
  const projects = await db.project.findMany({
    where: { members: { some: { userId } } },
    select: { id: true, name: true, organization: { select: { name: true } } },
    orderBy: { nameKey: "asc" },
  });
  return projects.map(({ organization, ...project }) => ({ ...project, organization: organization.name }));
}

/** Each of the user's projects with the permissions the policy grants there (for the sidebar). */
export async function listUserProjectPermissions(userId: string) {
  const memberships = await db.projectMember.findMany({
    where: { userId },
    select: { projectId: true, roles: { select: { role: { select: { id: true, systemKey: true, permissions: true } } } } },
  });
  return Object.fromEntries(
    memberships.map((m) => [
      m.projectId,
      [
        ...grantFromRoles(
          m.projectId,
          userId,
          m.roles.map((r) => r.role),
        ).permissions,
      ],
    ]),
  );
}

/** Every project of the organization, with counts, for ORGANIZATION OPTIONS → Projects. */
export async function listOrganizationProjects(organizationId: string, userId: string) {
  const [projects, memberships] = await Promise.all([
    db.project.findMany({
      where: { organizationId },
      orderBy: { nameKey: "asc" },
      select: {
        id: true,
        name: true,
        description: true,
        createdAt: true,
        _count: { select: { members: true, secrets: { where: { deletedAt: null } } } },
        members: {
          where: { roles: { some: { role: { systemKey: "project_admin" } } } },
          select: { user: { select: { email: true, name: true } } },
        },
      },
    }),
    db.projectMember.findMany({ where: { userId, project: { organizationId } }, select: { projectId: true } }),
  ]);
  const mine = new Set(memberships.map((m) => m.projectId));
  return projects.map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    createdAt: p.createdAt,
    memberCount: p._count.members,
    secretCount: p._count.secrets,
    administrators: p.members.map((m) => m.user.name || m.user.email),
    isMember: mine.has(p.id),
  }));
}

/**
 * Creates a project in an organization and names its first administrator: an
 * existing account joins at once; for a new email an account is created with
 * a one-time invitation link (returned, shown once) to choose a password.
 */
export async function createProject(
  organizationId: string,
  input: unknown,
  actor: Actor,
): Promise<ActionResult<{ projectId: string; invitationToken: string | null }>> {
  const parsed = createProjectSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { name, description, adminEmail } = parsed.data;
  const provider = getMasterKeyProvider();
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: adminEmail }, select: { id: true, passwordHash: true } });
      // A pending account joining a second project: its first project's links die; an organization administrator issues a new one.
      if (existing && !existing.passwordHash) await voidOpenInvitations(tx, existing.id);
      const admin =
        existing ?? (await tx.user.create({ data: { email: adminEmail, name: adminEmail.split("@")[0] }, select: { id: true } }));
      // An administrator of a project is a member of its organization.
      await tx.organizationMember.upsert({
        where: { organizationId_userId: { organizationId, userId: admin.id } },
        create: { organizationId, userId: admin.id },
        update: {},
      });
      const project = await createProjectRecords(tx, provider, { organizationId, name, description, adminUserId: admin.id }, actor);
      // Only an account created here gets a link; a pending one already has its own (re-issued from Organization → Members).
      const invitationToken = existing
        ? null
        : await createInvitation(tx, { userId: admin.id, projectId: project.id, createdById: actor.id });
      return { ok: true as const, projectId: project.id, invitationToken };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return fieldError("name", "A project with this name already exists.");
    }
    throw error;
  }
}
