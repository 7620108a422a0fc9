"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeProjectAction } from "@/lib/authz/guard";
import { isUuid } from "@/lib/authz/session";
import { createRole, deleteRole, updateRole } from "@/lib/roles/roles";

const GONE = { ok: false, code: "not_found", message: "This role no longer exists." } as const;

export async function createRoleAction(projectId: string, input: unknown): Promise<ActionResult<{ roleId: string }>> {
  const result = await runAction("createRole", async () =>
    createRole(await authorizeProjectAction(projectId, "roles.manage", "role.create"), input),
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function updateRoleAction(projectId: string, roleId: string, input: unknown): Promise<ActionResult> {
  if (!isUuid(roleId)) return GONE;
  const result = await runAction("updateRole", async () =>
    updateRole(await authorizeProjectAction(projectId, "roles.manage", "role.update", { type: "role", id: roleId }), roleId, input),
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function deleteRoleAction(projectId: string, roleId: string): Promise<ActionResult<{ name: string }>> {
  if (!isUuid(roleId)) return GONE;
  const result = await runAction("deleteRole", async () =>
    deleteRole(await authorizeProjectAction(projectId, "roles.manage", "role.delete", { type: "role", id: roleId }), roleId),
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}
