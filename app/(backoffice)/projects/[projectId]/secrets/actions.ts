"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { isUuid } from "@/lib/authz/session";
import {
  createSecret,
  deleteSecret,
  importSecrets,
  purgeSecret,
  restoreSecret,
  revealSecret,
  rollbackSecret,
  updateSecret,
  type ImportResult,
  type UpdateResult,
} from "@/lib/secrets/commands";
import { addSecretAccess, changeSecretAccess, removeSecretAccess } from "@/lib/secrets/accesses";
import { authorizeSecretAction } from "@/lib/secrets/guard";

const NOT_FOUND = { ok: false, message: "This secret does not exist in this project." } as const;

function refresh(projectId: string) {
  revalidatePath(`/projects/${projectId}`, "layout");
}

export async function createSecretAction(projectId: string, input: unknown): Promise<ActionResult<{ secretId: string }>> {
  const result = await runAction("createSecret", async () => {
    const ctx = await authorizeSecretAction(projectId, "create", "secret.create");
    return createSecret(ctx, input);
  });
  if (result.ok) refresh(projectId);
  return result;
}

/** Creates the secrets of a pasted .env file (the create permission, as for one secret). */
export async function importSecretsAction(projectId: string, input: unknown): Promise<ImportResult> {
  const result = await runAction("importSecrets", async () => {
    const ctx = await authorizeSecretAction(projectId, "create", "secret.import");
    return importSecrets(ctx, input);
  });
  if (result.ok) refresh(projectId);
  return result;
}

export async function updateSecretAction(projectId: string, secretId: string, input: unknown): Promise<UpdateResult> {
  if (!isUuid(secretId)) return NOT_FOUND;
  const result = await runAction("updateSecret", async () => {
    const ctx = await authorizeSecretAction(projectId, "write", "secret.update", secretId);
    return updateSecret(ctx, secretId, input, { canRename: ctx.canRename });
  });
  if (result.ok) refresh(projectId);
  return result;
}

/** Brings back an earlier version's value as a new version (write access, as for a new value). */
export async function rollbackSecretAction(projectId: string, secretId: string, input: unknown): Promise<UpdateResult> {
  if (!isUuid(secretId)) return NOT_FOUND;
  const result = await runAction("rollbackSecret", async () => {
    const ctx = await authorizeSecretAction(projectId, "write", "secret.rollback", secretId);
    return rollbackSecret(ctx, secretId, input);
  });
  if (result.ok) refresh(projectId);
  return result;
}

export async function deleteSecretAction(projectId: string, secretId: string): Promise<ActionResult<{ name: string }>> {
  if (!isUuid(secretId)) return NOT_FOUND;
  const result = await runAction("deleteSecret", async () => {
    const ctx = await authorizeSecretAction(projectId, "delete", "secret.delete", secretId);
    return deleteSecret(ctx, secretId);
  });
  if (result.ok) refresh(projectId);
  return result;
}

export async function restoreSecretAction(projectId: string, secretId: string): Promise<ActionResult<{ name: string }>> {
  if (!isUuid(secretId)) return NOT_FOUND;
  const result = await runAction("restoreSecret", async () => {
    const ctx = await authorizeSecretAction(projectId, "delete", "secret.restore", secretId);
    return restoreSecret(ctx, secretId);
  });
  if (result.ok) refresh(projectId);
  return result;
}

export async function purgeSecretAction(projectId: string, secretId: string): Promise<ActionResult<{ name: string }>> {
  if (!isUuid(secretId)) return NOT_FOUND;
  const result = await runAction("purgeSecret", async () => {
    const ctx = await authorizeSecretAction(projectId, "delete", "secret.purge", secretId);
    return purgeSecret(ctx, secretId);
  });
  if (result.ok) refresh(projectId);
  return result;
}

/** The value, for an explicit reveal or copy; audited either way. */
export async function revealSecretAction(
  projectId: string,
  secretId: string,
  purpose: "reveal" | "copy",
): Promise<ActionResult<{ value: string }>> {
  if (!isUuid(secretId)) return NOT_FOUND;
  const use = purpose === "copy" ? "copy" : "reveal";
  return runAction("revealSecret", async () => {
    const ctx = await authorizeSecretAction(projectId, "read", `secret.${use}`, secretId);
    return revealSecret(ctx, secretId, use);
  });
}

export async function addSecretAccessAction(
  projectId: string,
  secretId: string,
  input: unknown,
): Promise<ActionResult<{ accessId: string }>> {
  if (!isUuid(secretId)) return NOT_FOUND;
  const result = await runAction("addSecretAccess", async () => {
    const ctx = await authorizeSecretAction(projectId, "manageAccesses", "secret.access_add", secretId);
    return addSecretAccess(ctx, secretId, input);
  });
  if (result.ok) refresh(projectId);
  return result;
}

export async function changeSecretAccessAction(
  projectId: string,
  secretId: string,
  accessId: string,
  input: unknown,
): Promise<ActionResult> {
  if (!isUuid(secretId) || !isUuid(accessId)) return NOT_FOUND;
  const result = await runAction("changeSecretAccess", async () => {
    const ctx = await authorizeSecretAction(projectId, "manageAccesses", "secret.access_change", secretId);
    return changeSecretAccess(ctx, secretId, accessId, input);
  });
  if (result.ok) refresh(projectId);
  return result;
}

export async function removeSecretAccessAction(projectId: string, secretId: string, accessId: string): Promise<ActionResult> {
  if (!isUuid(secretId) || !isUuid(accessId)) return NOT_FOUND;
  const result = await runAction("removeSecretAccess", async () => {
    const ctx = await authorizeSecretAction(projectId, "manageAccesses", "secret.access_remove", secretId);
    return removeSecretAccess(ctx, secretId, accessId);
  });
  if (result.ok) refresh(projectId);
  return result;
}
