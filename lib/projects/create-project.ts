import "server-only";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { SYSTEM_ROLES, type SystemRoleKey } from "@/lib/authz/permissions";
import { createProjectDataKey } from "@/lib/crypto/data-keys";
import type { MasterKeyProvider } from "@/lib/crypto/master-key";
import type { Tx } from "@/lib/db";

/**
 * Creates a project with everything it needs to work: its two system roles,
 * its wrapped data key and its first administrator. Call inside a transaction.
 */
export async function createProjectRecords(
  tx: Tx,
  provider: MasterKeyProvider,
  input: { organizationId: string; name: string; description?: string; adminUserId: string },
  actor: Actor,
) {
  const project = await tx.project.create({
    data: {
      organizationId: input.organizationId,
      name: input.name,
      nameKey: input.name.toLowerCase(),
      description: input.description ?? "",
    },
    select: { id: true, name: true },
  });
  const roleIds = {} as Record<SystemRoleKey, string>;
  for (const [key, role] of Object.entries(SYSTEM_ROLES) as [SystemRoleKey, (typeof SYSTEM_ROLES)[SystemRoleKey]][]) {
    const created = await tx.role.create({
      data: {
        projectId: project.id,
        name: role.name,
        nameKey: role.name.toLowerCase(),
        description: role.description,
        systemKey: key,
        permissions: [...role.permissions],
      },
      select: { id: true },
    });
    roleIds[key] = created.id;
  }
  await createProjectDataKey(tx, provider, project.id);
  await tx.projectMember.create({
    data: { projectId: project.id, userId: input.adminUserId, roles: { create: [{ roleId: roleIds.project_admin }] } },
  });
  await recordAudit(tx, actor, {
    action: "project.create",
    organizationId: input.organizationId,
    projectId: project.id,
    targetType: "project",
    targetId: project.id,
    targetName: project.name,
    details: { adminUserId: input.adminUserId },
  });
  return project;
}
