import "server-only";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/record";
import { SYSTEM_ROLES } from "@/lib/authz/permissions";
import { canChangeRole, canGrantPermissions } from "@/lib/authz/policy";
import { db, isUniqueViolation } from "@/lib/db";
import { roleSchema } from "@/lib/members/schema";
import type { AuthorizedMember } from "@/lib/authz/context";

/**
 * A project's roles: the two system roles (read-only) and custom ones. The
 * caller checks roles.manage; the policy's delegation rule is kept here: a
 * role gets only permissions its editor holds, and a role carrying more than
 * the editor holds cannot be changed or deleted by them.
 */

type Ctx = AuthorizedMember;

const SYSTEM_NAMES = new Set(Object.values(SYSTEM_ROLES).map((r) => r.name.toLowerCase()));

export async function listRoles(projectId: string) {
  const roles = await db.role.findMany({
    where: { projectId },
    orderBy: [{ systemKey: "asc" }, { nameKey: "asc" }],
    select: { id: true, name: true, description: true, systemKey: true, permissions: true, _count: { select: { members: true } } },
  });
  return roles.map(({ _count, ...role }) => ({ ...role, memberCount: _count.members }));
}

export async function createRole(ctx: Ctx, input: unknown): Promise<ActionResult<{ roleId: string }>> {
  const parsed = roleSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { name, description, permissions } = parsed.data;
  if (SYSTEM_NAMES.has(name.toLowerCase())) return fieldError("name", `"${name}" is the name of a system role; choose another.`);
  const delegation = canGrantPermissions(ctx.grant, permissions);
  if (!delegation.ok) return fieldError("permissions", delegation.reason);
  try {
    const role = await db.$transaction(async (tx) => {
      const created = await tx.role.create({
        data: { projectId: ctx.projectId, name, nameKey: name.toLowerCase(), description, permissions: [...new Set(permissions)] },
        select: { id: true },
      });
      await recordAudit(tx, ctx.actor, {
        action: "role.create",
        projectId: ctx.projectId,
        targetType: "role",
        targetId: created.id,
        targetName: name,
        details: { permissions },
      });
      return created;
    });
    return { ok: true, roleId: role.id };
  } catch (error) {
    if (isUniqueViolation(error)) return fieldError("name", `A role named "${name}" already exists in this project.`);
    throw error;
  }
}

export async function updateRole(ctx: Ctx, roleId: string, input: unknown): Promise<ActionResult> {
  const parsed = roleSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { name, description, permissions } = parsed.data;
  const role = await db.role.findFirst({
    where: { id: roleId, projectId: ctx.projectId },
    select: { id: true, systemKey: true, name: true, permissions: true },
  });
  if (!role) return { ok: false, code: "not_found", message: "This role no longer exists." };
  if (role.systemKey) return { ok: false, code: "forbidden", message: `${role.name} is a system role and cannot be changed.` };
  const mayChange = canChangeRole(ctx.grant, role);
  if (!mayChange.ok) return { ok: false, code: "forbidden", message: mayChange.reason };
  const delegation = canGrantPermissions(ctx.grant, permissions);
  if (!delegation.ok) return fieldError("permissions", delegation.reason);
  if (SYSTEM_NAMES.has(name.toLowerCase())) return fieldError("name", `"${name}" is the name of a system role; choose another.`);
  try {
    await db.$transaction(async (tx) => {
      await tx.role.update({
        where: { id: roleId },
        data: { name, nameKey: name.toLowerCase(), description, permissions: [...new Set(permissions)] },
      });
      await recordAudit(tx, ctx.actor, {
        action: "role.update",
        projectId: ctx.projectId,
        targetType: "role",
        targetId: roleId,
        targetName: name,
        details: { previousName: role.name, from: role.permissions, to: permissions },
      });
    });
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error)) return fieldError("name", `A role named "${name}" already exists in this project.`);
    throw error;
  }
}

/** Deletes a custom role; refused while anyone holds it, naming who. */
export async function deleteRole(ctx: Ctx, roleId: string): Promise<ActionResult<{ name: string }>> {
  return db.$transaction(async (tx): Promise<ActionResult<{ name: string }>> => {
    const role = await tx.role.findFirst({
      where: { id: roleId, projectId: ctx.projectId },
      select: {
        id: true,
        name: true,
        systemKey: true,
        permissions: true,
        members: { select: { member: { select: { user: { select: { email: true } } } } } },
      },
    });
    if (!role) return { ok: false, code: "not_found", message: "This role no longer exists." };
    if (role.systemKey) return { ok: false, code: "forbidden", message: `${role.name} is a system role and cannot be deleted.` };
    const mayDelete = canChangeRole(ctx.grant, role);
    if (!mayDelete.ok) return { ok: false, code: "forbidden", message: mayDelete.reason };
    if (role.members.length > 0) {
      const who = role.members.map((m) => m.member.user.email);
      return { ok: false, code: "invalid_state", message: `"${role.name}" is still held by ${who.join(", ")}. Change their roles first.` };
    }
    await tx.role.delete({ where: { id: roleId } });
    await recordAudit(tx, ctx.actor, {
      action: "role.delete",
      projectId: ctx.projectId,
      targetType: "role",
      targetId: roleId,
      targetName: role.name,
    });
    return { ok: true, name: role.name };
  });
}
