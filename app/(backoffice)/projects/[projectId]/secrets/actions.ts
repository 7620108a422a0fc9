"use server";
import { fieldError, invalidInput } from "@/lib/action-result";
import { newSecretAction, secretAction } from "@/lib/actions";
import { can, PURGE_NEEDS } from "@/lib/authz/policy";
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
} from "@/lib/secrets/commands";
import type { SecretNeed } from "@/lib/secrets/guard";
import { accessEditSchema, importPreviewSchema } from "@/lib/secrets/schema";

/** The Accesses tab as sent by the editor: absent (unchanged), or checked before anything is written. */
function parseAccesses(accesses: unknown) {
  if (accesses === undefined) return null;
  const parsed = accessEditSchema.safeParse(accesses);
  if (!parsed.success) return fieldError("accesses", parsed.error.issues[0]?.message ?? "Check the Accesses tab.");
  return { ok: true as const, ...parsed.data };
}

/**
 * Creates a secret from the Secret Editor. `accesses`, when given, is the
 * whole Accesses tab chosen before the first save (changing the defaults
 * needs the right to manage Accesses); both are saved together or not at all.
 */
export const createSecretAction = newSecretAction(
  {
    name: "createSecret",
    audit: "secret.create",
    needs: (_input: unknown, accesses?: unknown) => (accesses === undefined ? ["create"] : ["create", "manageAccesses"]),
  },
  async (ctx, input: unknown, accesses?: unknown) => {
    const entries = parseAccesses(accesses);
    if (entries && !entries.ok) return entries;
    return createSecret(ctx, input, entries ? { entries: entries.entries, base: entries.base, rights: ctx.rights } : undefined);
  },
);

/** Which names of a pasted .env file exist already, for the import dialog's preview (the create permission). */
export const previewImportAction = newSecretAction(
  { name: "previewImport", audit: "secret.import", refresh: false },
  async (ctx, input: unknown) => {
    const parsed = importPreviewSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    // Which names exist is what the gallery shows: only to those who may list secrets.
    if (!can(ctx.grant, "secrets.list")) return { ok: true, existing: [] };
    return { ok: true, existing: await findExistingNames(ctx, parsed.data.names) };
  },
);

/**
 * Creates the secrets of a pasted .env file (the create permission, as for
 * one secret); existing names are skipped, or overwritten where the person
 * has write access to them when they chose so.
 */
export const importSecretsAction = newSecretAction({ name: "importSecrets", audit: "secret.import" }, (ctx, input: unknown) =>
  importSecrets(ctx, input),
);

/**
 * Saves the Secret Editor's Confirm: `input` is the General tab (null when
 * only Accesses changed, which needs no write right), `accesses` the whole
 * Accesses tab when it changed. One transaction: both are saved or neither.
 */
export const updateSecretAction = secretAction(
  {
    name: "updateSecret",
    needs: (input: unknown, accesses?: unknown): SecretNeed[] => [
      ...(input === null ? [] : (["write"] as const)),
      ...(accesses === undefined ? [] : (["manageAccesses"] as const)),
    ],
    audit: (input: unknown, accesses?: unknown) => (accesses !== undefined && input === null ? "secret.access_change" : "secret.update"),
  },
  async (ctx, secretId, input: unknown, accesses?: unknown) => {
    const entries = parseAccesses(accesses);
    if (entries && !entries.ok) return entries;
    return updateSecret(ctx, secretId, input, {
      canRename: ctx.canRename,
      accesses: entries ? { entries: entries.entries, base: entries.base, rights: ctx.rights } : undefined,
    });
  },
);

/** Brings back an earlier version's value as a new version (write access, as for a new value). */
export const rollbackSecretAction = secretAction(
  { name: "rollbackSecret", needs: "write", audit: "secret.rollback" },
  (ctx, secretId, input: unknown) => rollbackSecret(ctx, secretId, input),
);

export const deleteSecretAction = secretAction({ name: "deleteSecret", needs: "delete", audit: "secret.delete" }, (ctx, secretId) =>
  deleteSecret(ctx, secretId),
);

export const restoreSecretAction = secretAction({ name: "restoreSecret", needs: "delete", audit: "secret.restore" }, (ctx, secretId) =>
  restoreSecret(ctx, secretId),
);

export const purgeSecretAction = secretAction({ name: "purgeSecret", needs: PURGE_NEEDS, audit: "secret.purge" }, (ctx, secretId) =>
  purgeSecret(ctx, secretId),
);

const purposeOf = (purpose: unknown) => (purpose === "copy" ? "copy" : "reveal");

/** The value, for an explicit reveal or copy; audited either way. */
export const revealSecretAction = secretAction(
  { name: "revealSecret", needs: "read", audit: (purpose: "reveal" | "copy") => `secret.${purposeOf(purpose)}`, refresh: false },
  (ctx, secretId, purpose: "reveal" | "copy") => revealSecret(ctx, secretId, purposeOf(purpose)),
);
