"use server";
import { revalidatePath } from "next/cache";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { can } from "@/lib/authz/policy";
import { isUuid } from "@/lib/authz/session";
import {
  createSecret,
  deleteSecret,
  findExistingNames,
  importSecrets,
  purgeSecret,
  restoreSecret,
  revealSecret,
  rollbackSecret,
  updateSecret,
  type ExistingName,
  type ImportResult,
  type UpdateResult,
} from "@/lib/secrets/commands";
import { authorizeSecretAction, type SecretNeed } from "@/lib/secrets/guard";
import { accessEditSchema } from "@/lib/validation/accesses";
import { importPreviewSchema } from "@/lib/validation/secrets";

const NOT_FOUND = { ok: false, code: "not_found", message: "This secret does not exist in this project." } as const;

function refresh(projectId: string) {
  revalidatePath(`/projects/${projectId}`, "layout");
}

/**
 * Creates a secret from the Secret Editor. `accesses`, when given, is the
 * whole Accesses tab chosen before the first save (changing the defaults
 * needs the right to manage Accesses); both are saved together or not at all.
 */
export async function createSecretAction(
  projectId: string,
  input: unknown,
  accesses?: unknown,
): Promise<ActionResult<{ secretId: string }>> {
  const result = await runAction("createSecret", async () => {
    const entries = parseAccesses(accesses);
    if (entries && !entries.ok) return entries;
    const ctx = await authorizeSecretAction(projectId, entries ? ["create", "manageAccesses"] : "create", "secret.create");
    return createSecret(ctx, input, entries ? { entries: entries.entries, base: entries.base, rights: ctx.rights } : undefined);
  });
  if (result.ok) refresh(projectId);
  return result;
}

/** Which names of a pasted .env file exist already, for the import dialog's preview (the create permission). */
export async function previewImportAction(projectId: string, input: unknown): Promise<ActionResult<{ existing: ExistingName[] }>> {
  return runAction("previewImport", async () => {
    const parsed = importPreviewSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const ctx = await authorizeSecretAction(projectId, "create", "secret.import");
    // Which names exist is what the gallery shows: only to those who may list secrets.
    if (!can(ctx.grant, "secrets.list")) return { ok: true, existing: [] };
    return { ok: true, existing: await findExistingNames(ctx, parsed.data.names) };
  });
}

/**
 * Creates the secrets of a pasted .env file (the create permission, as for
 * one secret); existing names are skipped, or overwritten where the person
 * has write access to them when they chose so.
 */
export async function importSecretsAction(projectId: string, input: unknown): Promise<ImportResult> {
  const result = await runAction("importSecrets", async () => {
    const ctx = await authorizeSecretAction(projectId, "create", "secret.import");
    return importSecrets(ctx, input);
  });
  if (result.ok) refresh(projectId);
  return result;
}

/**
 * Saves the Secret Editor's Confirm: `input` is the General tab (null when
 * only Accesses changed, which needs no write right), `accesses` the whole
 * Accesses tab when it changed. One transaction: both are saved or neither.
 */
export async function updateSecretAction(projectId: string, secretId: string, input: unknown, accesses?: unknown): Promise<UpdateResult> {
  if (!isUuid(secretId)) return NOT_FOUND;
  const result = await runAction("updateSecret", async () => {
    const entries = parseAccesses(accesses);
    if (entries && !entries.ok) return entries;
    const needs: SecretNeed[] = [...(input === null ? [] : (["write"] as const)), ...(entries ? (["manageAccesses"] as const) : [])];
    if (needs.length === 0) return { ok: false, code: "invalid_state", message: "Nothing to save." };
    const ctx = await authorizeSecretAction(
      projectId,
      needs,
      entries && input === null ? "secret.access_change" : "secret.update",
      secretId,
    );
    return updateSecret(ctx, secretId, input, {
      canRename: ctx.canRename,
      accesses: entries ? { entries: entries.entries, base: entries.base, rights: ctx.rights } : undefined,
    });
  });
  if (result.ok) refresh(projectId);
  return result;
}

/** The Accesses tab as sent by the editor: absent (unchanged), or checked before anything else. */
function parseAccesses(accesses: unknown) {
  if (accesses === undefined) return null;
  const parsed = accessEditSchema.safeParse(accesses);
  if (!parsed.success) return fieldError("accesses", parsed.error.issues[0]?.message ?? "Check the Accesses tab.");
  return { ok: true as const, ...parsed.data };
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
