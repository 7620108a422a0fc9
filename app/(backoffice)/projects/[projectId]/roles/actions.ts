"use server";
import { projectAction } from "@/lib/actions";
import { createRole, deleteRole, updateRole } from "@/lib/roles/roles";

const ROLE = { type: "role", missing: "This role no longer exists." };

export const createRoleAction = projectAction(
  { name: "createRole", permission: "roles.manage", audit: "role.create" },
  (ctx, input: unknown) => createRole(ctx, input),
);

export const updateRoleAction = projectAction(
  { name: "updateRole", permission: "roles.manage", audit: "role.update", id: ROLE },
  (ctx, roleId: string, input: unknown) => updateRole(ctx, roleId, input),
);

export const deleteRoleAction = projectAction(
  { name: "deleteRole", permission: "roles.manage", audit: "role.delete", id: ROLE },
  (ctx, roleId: string) => deleteRole(ctx, roleId),
);
