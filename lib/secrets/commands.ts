import "server-only";
import { fieldError, invalidInput, type ActionFailure, type ActionResult } from "@/lib/action-result";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/authz/errors";
import { DecryptionError } from "@/lib/crypto/aead";
import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { secretRightsForToken, secretRightsForUser, type AccessEntry, type SecretRights } from "@/lib/authz/policy";
import type { AccessRequest } from "@/lib/secrets/schema";
import { createSecretSchema, importSecretsSchema, rollbackSecretSchema, updateSecretSchema } from "@/lib/secrets/schema";
import { applyAccessPlan, planAccessChanges } from "./accesses";
import { DEFAULT_ACCESSES } from "./schema";
import { MAX_IMPORT_ENTRIES, parseDotenv, type DotenvProblem } from "./dotenv";
import { dayOfExpiry, expiryError, expiryFromDay, isRevealable, isVersionRevoked, statusChangeError } from "./rules";
import { openSecretVersion } from "@/lib/crypto/secret-envelope";
import { insertNewSecrets, insertNewSecretTogether, type CreatedSecret } from "./new-secrets";
import { storeSecretVersion } from "./values";
import type { AuthorizedMember, AuthorizedProject, AuthorizedToken } from "@/lib/authz/context";

/**
 * The secret commands. Each validates its input, checks the rules of a
 * secret, does its work in one transaction with its audit event, and
 * returns the one result shape. Authorization is the caller's (the action's)
 * job, through lib/authz; these trust the project they are given.
 */

/** Commands run in a project the caller was authorized for (lib/authz/context.ts). */
type Ctx = AuthorizedProject;

/**
 * The Secret Editor's Accesses tab, saved with the same Confirm as General:
 * the whole list, and the actor's rights on the secret for the delegation rule.
 */
export type AccessesEdit = { entries: readonly AccessRequest[]; base?: readonly AccessRequest[]; rights: SecretRights };

/** A refusal found inside a transaction: it rolls back whatever the transaction wrote. */
class Refused extends Error {
  constructor(readonly result: ActionFailure) {
    super(result.message);
  }
}

/** The acting person, for the "who" columns; a token's changes are in the audit log under its name. */
function userIdOf(actor: Actor) {
  return actor.type === "USER" ? actor.id : null;
}

const NOT_FOUND = "This secret does not exist in this project (it may have been deleted).";
/** The description of a secret created by a .env import. */
const IMPORTED = "Imported from a .env file";

/** A new secret's fields checked against the rules, with its expiry as a time. */
function checkNewSecret(input: unknown) {
  const parsed = createSecretSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const expiresAt = expiryFromDay(parsed.data.expiresOn);
  const badExpiry = expiryError(expiresAt, null);
  if (badExpiry) return fieldError("expiresOn", badExpiry);
  return { ok: true as const, ...parsed.data, expiresAt };
}

export async function createSecret(ctx: Ctx, input: unknown, accesses?: AccessesEdit): Promise<ActionResult<{ secretId: string }>> {
  const checked = checkNewSecret(input);
  if (!checked.ok) return checked;
  const { name, value, status, description, expiresOn, expiresAt } = checked;
  try {
    const secretId = await db.$transaction(async (tx) => {
      const secret = await tx.secret.create({
        data: {
          projectId: ctx.projectId,
          name,
          nameKey: name.toLowerCase(),
          description,
          status,
          expiresAt,
          // Created revoked: version 1 is invalidated from the start, and never comes back.
          revokedThroughVersion: status === "REVOKED" ? 1 : 0,
          createdById: userIdOf(ctx.actor),
          updatedById: userIdOf(ctx.actor),
        },
        select: { id: true },
      });
      await storeSecretVersion(tx, {
        projectId: ctx.projectId,
        secretId: secret.id,
        version: 1,
        plaintext: value,
        createdById: userIdOf(ctx.actor),
      });
      await audit(tx, ctx, "secret.create", secret.id, name, {
        version: 1,
        status,
        ...(expiresAt ? { expiresOn } : {}),
      });
      await tx.secretAccess.createMany({ data: DEFAULT_ACCESSES.map((a) => ({ ...a, secretId: secret.id })) });
      // Accesses chosen before the first save: changes from the defaults, each checked and audited.
      if (accesses) {
        const planned = await planAccessChanges(tx, { ...ctx, rights: accesses.rights }, secret.id, accesses.entries, accesses.base);
        if (!planned.ok) throw new Refused(planned);
        await applyAccessPlan(tx, ctx, { id: secret.id, name }, planned.plan);
      }
      return secret.id;
    });
    return { ok: true, secretId };
  } catch (error) {
    if (error instanceof Refused) return error.result;
    if (isUniqueViolation(error)) return fieldError("name", await nameTakenMessage(ctx.projectId, name), "name_taken");
    throw error;
  }
}

/**
 * The REST API's create: the same secret as createSecret makes, and the API
 * token that creates it may go on changing it. The creates that arrive
 * together are committed by one statement (lib/secrets/new-secrets.ts).
 */
export async function createSecretForToken(
  ctx: Ctx,
  tokenId: string,
  input: unknown,
  /** For its audit event: the Idempotency-Key it was sent with, so a retry whose first answer was lost finds it. */
  details?: Record<string, string>,
): Promise<ActionResult<{ secret: CreatedSecret }>> {
  const checked = checkNewSecret(input);
  if (!checked.ok) return checked;
  const { name, value, status, description, expiresAt } = checked;
  const secret = await insertNewSecretTogether({
    projectId: ctx.projectId,
    actor: ctx.actor,
    name,
    description,
    status,
    expiresAt,
    value,
    creatorToken: tokenId,
    details,
  });
  if (!secret) return fieldError("name", await nameTakenMessage(ctx.projectId, name), "name_taken");
  return { ok: true, secret };
}

export type ImportResult = ActionResult<{ created: string[]; updated: string[]; skipped: DotenvProblem[]; skippedCount: number }>;

/** The most skipped lines an import's answer lists (the first ones by line; skippedCount says how many in all). */
export const MAX_REPORTED_SKIPS = 200;
/** A name longer than any secret's is echoed only this far. */
const MAX_REPORTED_NAME = 100;

/** A skipped line as reported: bounded, whatever was pasted (a long name is cut, in its message too). */
function reportedSkip(problem: DotenvProblem): DotenvProblem {
  if (!problem.name || problem.name.length <= MAX_REPORTED_NAME) return problem;
  const short = `${problem.name.slice(0, MAX_REPORTED_NAME)}…`;
  return { ...problem, name: short, message: problem.message.split(problem.name).join(short) };
}

/** A pasted name that exists already, as the import dialog's preview shows it. */
export type ExistingName = { name: string; inTrash: boolean; writable: boolean };

/** Which of these names exist in the project, and whether the actor may give each a new value. */
export async function findExistingNames(ctx: AuthorizedMember, names: readonly string[]): Promise<ExistingName[]> {
  if (names.length === 0) return [];
  const secrets = await db.secret.findMany({
    where: { projectId: ctx.projectId, nameKey: { in: names.map((n) => n.toLowerCase()) } },
    select: {
      name: true,
      deletedAt: true,
      accesses: { select: { principalType: true, userId: true, roleId: true, tokenId: true, level: true } },
    },
  });
  return secrets.map((s) => ({
    name: s.name,
    inTrash: Boolean(s.deletedAt),
    writable: !s.deletedAt && secretRightsForUser(ctx.grant, s.accesses).write,
  }));
}

/** Who imports: a member from the Secrets page, or an API token (POST /v1/secrets/import). */
type Importer = AuthorizedMember | AuthorizedToken;
const isToken = (ctx: Importer): ctx is AuthorizedToken => "tokenId" in ctx.grant;
const writableBy = (ctx: Importer, accesses: readonly AccessEntry[]) =>
  (isToken(ctx) ? secretRightsForToken(ctx.grant, accesses) : secretRightsForUser(ctx.grant, accesses)).write;

/**
 * Creates a secret (Active, version 1, default Accesses, audited) for each
 * KEY=value of a pasted .env file. A name that exists already is left as it
 * is, or — when the importer chose to overwrite — gets the pasted value as a
 * new version where they have write access. Lines that do not read and names
 * that cannot be written are reported by line, never with their values. The
 * same rules for a member and for a token; a token's new secrets are also
 * writable by the token, as its single creates are.
 */
export async function importSecrets(ctx: Importer, input: unknown): Promise<ImportResult> {
  const parsed = importSecretsSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { entries, problems } = parseDotenv(parsed.data.text);
  if (entries.length > MAX_IMPORT_ENTRIES) {
    return fieldError("text", `This .env holds ${entries.length} entries; import at most ${MAX_IMPORT_ENTRIES} at a time.`);
  }
  if (entries.length === 0)
    return fieldError("text", problems[0] ? `Line ${problems[0].line}: ${problems[0].message}` : "No KEY=value line found.");
  const overwrite = parsed.data.existing === "overwrite";
  const existing = await db.secret.findMany({
    where: { projectId: ctx.projectId, nameKey: { in: entries.map((e) => e.name.toLowerCase()) } },
    select: {
      id: true,
      name: true,
      nameKey: true,
      status: true,
      description: true,
      expiresAt: true,
      revision: true,
      deletedAt: true,
      accesses: { select: { principalType: true, userId: true, roleId: true, tokenId: true, level: true } },
    },
  });
  const taken = new Map(existing.map((s) => [s.nameKey, s]));
  const created: string[] = [];
  const updated: string[] = [];
  const skipped: DotenvProblem[] = [...problems];
  const skip = (entry: { line: number; name: string }, message: string) => skipped.push({ line: entry.line, name: entry.name, message });
  const fresh: typeof entries = [];
  const overwrites: { entry: (typeof entries)[number]; current: (typeof existing)[number] }[] = [];
  for (const entry of entries) {
    const current = taken.get(entry.name.toLowerCase());
    if (current) {
      if (current.deletedAt) skip(entry, `${entry.name} is in the Trash; it was left as it is.`);
      else if (!overwrite) skip(entry, `${entry.name} already exists; it was left as it is.`);
      else if (!writableBy(ctx, current.accesses)) {
        const who = isToken(ctx) ? "this token has" : "you have";
        skip(entry, `${entry.name} already exists and ${who} no write access to it; it was left as it is.`);
      } else overwrites.push({ entry, current });
      continue;
    }
    const checked = createSecretSchema.safeParse({ name: entry.name, value: entry.value, status: "ACTIVE", description: IMPORTED });
    if (checked.success) fresh.push(entry);
    else skip(entry, checked.error.issues[0]?.message ?? "This line cannot be imported.");
  }
  // The new names first, all or nothing: when that fails, the import has changed nothing.
  const made = await createImportedSecrets(ctx, fresh);
  for (const entry of fresh) {
    if (made.has(entry.name)) created.push(entry.name);
    // Taken by someone else while this import ran.
    else skip(entry, await nameTakenMessage(ctx.projectId, entry.name));
  }
  // Then each overwrite, a new version in its own transaction; if one fails on the way, the summary below
  // still records what this import did before the error is passed on.
  let interruption: unknown;
  try {
    for (const { entry, current } of overwrites) {
      const result = await updateSecret(
        ctx,
        current.id,
        {
          name: current.name,
          value: entry.value,
          status: current.status,
          description: current.description,
          expiresOn: dayOfExpiry(current.expiresAt),
          revision: current.revision,
        },
        { imported: true },
      );
      if (result.ok) updated.push(current.name);
      // A token is not told who changed it meanwhile (a member's name or email is not a program's business).
      else if (result.code === "stale" && isToken(ctx)) skip(entry, `${current.name} changed while this import ran; it was left as it is.`);
      else skip(entry, Object.values(result.fieldErrors ?? {}).flat()[0] ?? result.message);
    }
  } catch (error) {
    interruption = error;
  }
  skipped.sort((a, b) => a.line - b.line);
  const summary = recordAudit(db, ctx.actor, {
    action: "secret.import",
    projectId: ctx.projectId,
    details: {
      created: created.length,
      updated: updated.length,
      skipped: skipped.length,
      names: [...created, ...updated].slice(0, 100),
      ...(interruption ? { interrupted: true } : {}),
    },
  });
  if (!interruption) await summary;
  else {
    // The overwrite's error is the one to report; a summary that cannot be written either is logged.
    await summary.catch((error: unknown) =>
      console.error(JSON.stringify({ level: "error", msg: "import summary not recorded", error: String(error) })),
    );
  }
  if (interruption) throw interruption;
  return { ok: true, created, updated, skipped: skipped.slice(0, MAX_REPORTED_SKIPS).map(reportedSkip), skippedCount: skipped.length };
}

/** The new names of an import, all in one transaction; a name someone else took meanwhile is left out. Returns the names created. */
async function createImportedSecrets(ctx: Importer, entries: readonly { name: string; value: string }[]) {
  const created = await insertNewSecrets(
    entries.map((entry) => ({
      projectId: ctx.projectId,
      actor: ctx.actor,
      name: entry.name,
      description: IMPORTED,
      status: "ACTIVE" as const,
      expiresAt: null,
      value: entry.value,
      // Part of a .env import: the Activity shows the import as one entry.
      details: { imported: true },
      ...(isToken(ctx) ? { creatorToken: ctx.grant.tokenId } : {}),
    })),
  );
  return new Set(created.flatMap((secret) => (secret ? [secret.name] : [])));
}

export type UpdateResult = ActionResult<{ version: number; revision: number }>;

export async function updateSecret(
  ctx: Ctx,
  secretId: string,
  input: unknown,
  options: { canRename?: boolean; accesses?: AccessesEdit; imported?: boolean } = {},
): Promise<UpdateResult> {
  // The Secret Editor sends no General part when only its Accesses tab changed.
  if (input === null && !options.accesses) return { ok: false, code: "invalid_state", message: "Nothing to save." };
  const parsed = input === null ? null : updateSecretSchema.safeParse(input);
  if (parsed && !parsed.success) return invalidInput(parsed.error);
  const current = await db.secret.findFirst({
    where: { id: secretId, projectId: ctx.projectId, deletedAt: null },
    select: {
      id: true,
      name: true,
      status: true,
      description: true,
      version: true,
      revision: true,
      expiresAt: true,
      revokedThroughVersion: true,
    },
  });
  if (!current) return { ok: false, code: "not_found", message: NOT_FOUND };
  let change: GeneralChange | null = null;
  if (parsed) {
    const checked = checkGeneralChange(current, parsed.data, options.canRename);
    if (!checked.ok) return checked.result ?? conflict(ctx.projectId, secretId);
    change = checked.change;
  }
  if (!change?.changes.length && !options.accesses) return { ok: true, version: current.version, revision: current.revision };

  try {
    const saved = await db.$transaction(async (tx) => {
      let result = { version: current.version, revision: current.revision };
      if (change?.changes.length) {
        const written = await writeGeneralChange(tx, ctx, current, change, options.imported);
        if (!written) return null;
        result = written;
      }
      if (options.accesses) {
        const { rights, entries, base } = options.accesses;
        const planned = await planAccessChanges(tx, { ...ctx, rights }, current.id, entries, base);
        if (!planned.ok) throw new Refused(planned);
        await applyAccessPlan(tx, ctx, { id: current.id, name: change?.name ?? current.name }, planned.plan);
      }
      return result;
    });
    if (!saved) return conflict(ctx.projectId, secretId);
    return { ok: true, ...saved };
  } catch (error) {
    if (error instanceof Refused) return error.result;
    if (isUniqueViolation(error))
      return fieldError("name", await nameTakenMessage(ctx.projectId, change?.name ?? current.name), "name_taken");
    throw error;
  }
}

type StoredSecret = {
  name: string;
  status: "ACTIVE" | "INACTIVE" | "REVOKED";
  description: string;
  version: number;
  revision: number;
  expiresAt: Date | null;
  revokedThroughVersion: number;
  id: string;
};
type GeneralInput = ReturnType<typeof updateSecretSchema.parse>;
type GeneralChange = GeneralInput & { expiresAt: Date | null; expiryChanged: boolean; changes: string[]; version: number };

/** The General tab's edit, checked against the stored secret: what changes, or why it is refused (null: a stale revision). */
function checkGeneralChange(
  current: StoredSecret,
  input: GeneralInput,
  canRename: boolean | undefined,
): { ok: true; change: GeneralChange } | { ok: false; result: UpdateResult | null } {
  const { name, value, status, description, expiresOn, revision } = input;
  const expiresAt = expiryFromDay(expiresOn);
  // Someone saved since the editor loaded (null: the caller words the conflict).
  if (current.revision !== revision) return { ok: false, result: null };
  if (name !== current.name && canRename === false) {
    return {
      ok: false,
      result: fieldError("name", "Only project administrators can rename a secret: tool settings refer to it by name."),
    };
  }
  const statusError = statusChangeError(current.status, status, value.length > 0);
  if (statusError) return { ok: false, result: fieldError("value", statusError) };
  const badExpiry = expiryError(expiresAt, current.expiresAt);
  if (badExpiry) return { ok: false, result: fieldError("expiresOn", badExpiry) };
  const expiryChanged = expiresAt?.getTime() !== current.expiresAt?.getTime();
  const changes = [
    ...(name !== current.name ? ["name"] : []),
    ...(value ? ["value"] : []),
    ...(status !== current.status ? ["status"] : []),
    ...(description !== current.description ? ["description"] : []),
    ...(expiryChanged ? ["expiry"] : []),
  ];
  const version = value ? current.version + 1 : current.version;
  return { ok: true, change: { ...input, expiresAt, expiryChanged, changes, version } };
}

/** Writes a General edit with compare-and-set on the revision the editor loaded; null when a concurrent save won. */
async function writeGeneralChange(tx: Tx, ctx: Ctx, current: StoredSecret, change: GeneralChange, imported = false) {
  const { name, value, status, description, expiresAt, expiresOn, expiryChanged, changes, version, revision } = change;
  const { count } = await tx.secret.updateMany({
    where: { id: current.id, projectId: ctx.projectId, revision, deletedAt: null },
    data: {
      name,
      nameKey: name.toLowerCase(),
      description,
      status,
      expiresAt,
      version,
      // Revoking invalidates the value current now and every one before it, for good.
      revokedThroughVersion: status === "REVOKED" ? version : current.revokedThroughVersion,
      revision: { increment: 1 },
      updatedAt: new Date(),
      updatedById: userIdOf(ctx.actor),
    },
  });
  if (count === 0) return null;
  if (value)
    await storeSecretVersion(tx, {
      projectId: ctx.projectId,
      secretId: current.id,
      version,
      plaintext: value,
      createdById: userIdOf(ctx.actor),
    });
  await audit(tx, ctx, "secret.update", current.id, name, {
    changes,
    version,
    ...(name !== current.name ? { previousName: current.name } : {}),
    ...(expiryChanged ? { expiresOn: expiresOn || null } : {}),
    ...(imported ? { imported: true } : {}),
  });
  if (status !== current.status) {
    await audit(tx, ctx, "secret.status_change", current.id, name, { from: current.status, to: status, version });
  }
  return { version, revision: revision + 1 };
}

/**
 * Brings back the value of an earlier version as a new version (the history
 * stays whole: rolling version 4 back to version 2 stores that value as version 5). A revoked
 * secret is refused: its values were invalidated and only a new one may
 * replace them. Same compare-and-set on the revision as an update.
 */
export async function rollbackSecret(ctx: Ctx, secretId: string, input: unknown): Promise<UpdateResult> {
  const parsed = rollbackSecretSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { toVersion, revision } = parsed.data;
  const current = await db.secret.findFirst({
    where: { id: secretId, projectId: ctx.projectId, deletedAt: null },
    select: { id: true, name: true, status: true, version: true, revision: true, revokedThroughVersion: true },
  });
  if (!current) return { ok: false, code: "not_found", message: NOT_FOUND };
  if (current.revision !== revision) return conflict(ctx.projectId, secretId);
  if (current.status === "REVOKED") {
    return {
      ok: false,
      code: "secret_revoked",
      message: `"${current.name}" is revoked: its earlier values were invalidated too. Enter a new value instead.`,
    };
  }
  if (toVersion >= current.version) return fieldError("toVersion", `Choose a version before the current one (${current.version}).`);
  if (isVersionRevoked(current, toVersion)) {
    return {
      ok: false,
      code: "version_revoked",
      message: `Version ${toVersion} was revoked (it was current when "${current.name}" was revoked, or came before): it can never be brought back. Enter a new value instead.`,
    };
  }
  const row = await db.secretVersion.findUnique({ where: { secretId_version: { secretId, version: toVersion } } });
  if (!row) return fieldError("toVersion", `Version ${toVersion} does not exist.`);
  let plaintext: string;
  try {
    plaintext = await openSecretVersion(db, ctx.projectId, row);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    await audit(
      db,
      ctx,
      "secret.decrypt_failure",
      secretId,
      current.name,
      { version: toVersion, purpose: "rollback" },
      "FAILED",
      error.message,
    );
    return {
      ok: false,
      code: "decryption_failed",
      message: `Version ${toVersion} could not be decrypted (altered, or sealed with another key); it cannot be brought back.`,
    };
  }
  const version = current.version + 1;
  const saved = await db.$transaction(async (tx) => {
    const { count } = await tx.secret.updateMany({
      where: { id: secretId, projectId: ctx.projectId, revision, deletedAt: null },
      data: { version, revision: { increment: 1 }, updatedAt: new Date(), updatedById: userIdOf(ctx.actor) },
    });
    if (count === 0) return null;
    await storeSecretVersion(tx, { projectId: ctx.projectId, secretId, version, plaintext, createdById: userIdOf(ctx.actor) });
    await audit(tx, ctx, "secret.rollback", secretId, current.name, { from: current.version, to: toVersion, version });
    return { version, revision: revision + 1 };
  });
  if (!saved) return conflict(ctx.projectId, secretId);
  return { ok: true, ...saved };
}

/** Moves a secret to the Trash: it resolves for nothing, its name stays taken until purged. */
export async function deleteSecret(ctx: Ctx, secretId: string): Promise<ActionResult<{ name: string }>> {
  return db.$transaction(async (tx) => {
    const secret = await tx.secret.findFirst({
      where: { id: secretId, projectId: ctx.projectId, deletedAt: null },
      select: { name: true },
    });
    if (!secret) return { ok: false, code: "not_found", message: NOT_FOUND };
    await tx.secret.update({
      where: { id: secretId },
      data: { deletedAt: new Date(), deletedById: userIdOf(ctx.actor), revision: { increment: 1 } },
    });
    await audit(tx, ctx, "secret.delete", secretId, secret.name);
    return { ok: true, name: secret.name };
  });
}

export async function restoreSecret(ctx: Ctx, secretId: string): Promise<ActionResult<{ name: string }>> {
  return db.$transaction(async (tx) => {
    const secret = await tx.secret.findFirst({
      where: { id: secretId, projectId: ctx.projectId },
      select: { name: true, deletedAt: true },
    });
    if (!secret) return { ok: false, code: "not_found", message: "This secret is no longer in the Trash: it was purged." };
    if (!secret.deletedAt)
      return { ok: false, code: "invalid_state", message: `"${secret.name}" is not in the Trash; it was already restored.` };
    await tx.secret.update({
      where: { id: secretId },
      data: { deletedAt: null, deletedById: null, updatedAt: new Date(), updatedById: userIdOf(ctx.actor), revision: { increment: 1 } },
    });
    await audit(tx, ctx, "secret.restore", secretId, secret.name);
    return { ok: true, name: secret.name };
  });
}

/** Deletes a secret in the Trash for good, with every version; its name becomes free. */
export async function purgeSecret(ctx: Ctx, secretId: string): Promise<ActionResult<{ name: string }>> {
  return db.$transaction(async (tx) => {
    const secret = await tx.secret.findFirst({
      where: { id: secretId, projectId: ctx.projectId },
      select: { name: true, deletedAt: true },
    });
    if (!secret) return { ok: false, code: "not_found", message: "This secret was already purged." };
    if (!secret.deletedAt) return { ok: false, code: "invalid_state", message: `Move "${secret.name}" to the Trash before purging it.` };
    await tx.secret.delete({ where: { id: secretId } });
    await audit(tx, ctx, "secret.purge", secretId, secret.name);
    return { ok: true, name: secret.name };
  });
}

/**
 * Returns the current value for an explicit, permitted reveal or copy, and
 * records it. Revoked and deleted secrets serve nothing; a ciphertext that
 * fails to open is recorded and reported, never returned garbled.
 */
export async function revealSecret(ctx: Ctx, secretId: string, purpose: "reveal" | "copy"): Promise<ActionResult<{ value: string }>> {
  const action = purpose === "copy" ? "secret.copy" : "secret.reveal";
  const secret = await db.secret.findFirst({
    where: { id: secretId, projectId: ctx.projectId },
    select: { id: true, name: true, status: true, version: true, revokedThroughVersion: true, deletedAt: true },
  });
  if (!secret) throw new NotFoundError(NOT_FOUND);
  if (!isRevealable(secret)) {
    const reason = secret.deletedAt ? "the secret is in the Trash" : "the secret is revoked";
    await audit(db, ctx, action, secret.id, secret.name, { version: secret.version }, "DENIED", reason);
    return { ok: false, code: "invalid_state", message: `Nothing to ${purpose}: ${reason}.` };
  }
  const row = await db.secretVersion.findUnique({ where: { secretId_version: { secretId, version: secret.version } } });
  try {
    if (!row) throw new DecryptionError("The current version's ciphertext is missing.");
    const value = await openSecretVersion(db, ctx.projectId, row);
    await audit(db, ctx, action, secret.id, secret.name, { version: secret.version });
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    await audit(db, ctx, "secret.decrypt_failure", secret.id, secret.name, { version: secret.version, purpose }, "FAILED", error.message);
    console.error(
      JSON.stringify({ level: "error", msg: "secret decryption failed", projectId: ctx.projectId, secretId, version: secret.version }),
    );
    return {
      ok: false,
      code: "decryption_failed",
      message:
        "The stored value could not be decrypted: it was altered or sealed with another key. An administrator has to enter a new value.",
    };
  }
}

async function conflict(projectId: string, secretId: string): Promise<UpdateResult> {
  const latest = await db.secret.findFirst({
    where: { id: secretId, projectId },
    select: { updatedAt: true, updatedBy: { select: { name: true, email: true } } },
  });
  const who = latest?.updatedBy ? latest.updatedBy.name || latest.updatedBy.email : "someone";
  const when = latest ? latest.updatedAt.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "meanwhile";
  return {
    ok: false,
    code: "stale",
    message: `${who} changed this secret at ${when}, after you opened it. Your changes were not saved; reload to see theirs, then apply yours again.`,
  };
}

async function nameTakenMessage(projectId: string, name: string) {
  const existing = await db.secret.findFirst({
    where: { projectId, nameKey: name.toLowerCase() },
    select: { name: true, deletedAt: true },
  });
  if (existing?.deletedAt) return `"${existing.name}" is in the Trash: restore it, or purge it to reuse the name.`;
  return `A secret named "${existing?.name ?? name}" already exists in this project (names ignore case).`;
}

function audit(
  tx: Tx,
  ctx: Ctx,
  action: string,
  secretId: string,
  name: string,
  details?: Record<string, unknown>,
  outcome: "ALLOWED" | "DENIED" | "FAILED" = "ALLOWED",
  reason?: string,
) {
  return recordAudit(tx, ctx.actor, {
    action,
    projectId: ctx.projectId,
    targetType: "secret",
    targetId: secretId,
    targetName: name,
    details: details as never,
    outcome,
    reason,
  });
}
