import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/audit/record";
import { getActiveDataKeyNow } from "@/lib/crypto/data-keys";
import { getMasterKeyProvider } from "@/lib/crypto/master-key";
import { sealWith } from "@/lib/crypto/secret-envelope";
import { sql } from "@/lib/db";
import { groupCommit, settled, togetherOrEach } from "@/lib/group-commit";
import { dayOfExpiry } from "./rules";
import { DEFAULT_ACCESSES } from "./schema";

/**
 * New secrets written whole, many in one statement:
 * each secret with version 1 sealed, its default Accesses (and write access
 * for the API token that created it), and its own `secret.create` audit
 * event, committed together or not at all. A name already held in the
 * project (Trash included) leaves that secret out, not the others.
 *
 * The .env import writes its new names this way, and the REST API's creates
 * that arrive together share one such transaction (group commit): measured
 * with `npm run bench`, a create through Prisma's interactive transaction
 * cost ~9 ms of the app's CPU (see the README).
 */

export type NewSecret = {
  projectId: string;
  actor: Actor;
  name: string;
  description: string;
  status: "ACTIVE" | "INACTIVE" | "REVOKED";
  expiresAt: Date | null;
  value: string;
  /** The API token that creates it, which may go on changing it. */
  creatorToken?: string;
  /** More metadata for its audit event (never a value): `{ imported: true }`. */
  details?: Record<string, string | number | boolean>;
};

/** What a created secret's answer shows; null for a secret left out because its name is taken. */
export type CreatedSecret = {
  id: string;
  name: string;
  description: string;
  status: NewSecret["status"];
  version: number;
  updatedAt: Date;
  expiresAt: Date | null;
};

/**
 * One statement, so one round trip and atomic on its own: the secrets, then — for the rows that went in — their
 * versions, Accesses and audit events. The foreign keys are checked at the statement's end, when the secrets exist.
 */
const INSERT = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::"SecretStatus"[], $6::timestamptz[], $7::uuid[],
                         $8::bytea[], $9::bytea[], $10::int[], $11::uuid[], $12::"ActorType"[], $13::text[], $14::text[], $15::text[], $16::text[], $17::jsonb[], $18::text[])
      WITH ORDINALITY AS i("id", "projectId", "name", "description", "status", "expiresAt", "byUser",
                           "ciphertext", "iv", "dataKeyVersion", "creatorToken", "actorType", "actorId", "actorLabel", "ip", "userAgent", "details", "nameKey", "n")
  ),
  secrets AS (
    INSERT INTO "Secret" ("id", "projectId", "name", "nameKey", "description", "status", "expiresAt", "revokedThroughVersion", "createdById", "updatedById")
    SELECT "id", "projectId", "name", "nameKey", "description", "status", "expiresAt",
           -- Created revoked: version 1 is invalidated from the start, and never comes back.
           CASE WHEN "status" = 'REVOKED' THEN 1 ELSE 0 END, "byUser", "byUser"
    FROM input ORDER BY "n"
    ON CONFLICT DO NOTHING
    RETURNING "id", "updatedAt"
  ),
  made AS (SELECT input.* FROM input JOIN secrets USING ("id")),
  versions AS (
    INSERT INTO "SecretVersion" ("id", "secretId", "version", "ciphertext", "iv", "dataKeyVersion", "createdById")
    SELECT gen_random_uuid(), "id", 1, "ciphertext", "iv", "dataKeyVersion", "byUser" FROM made
  ),
  accesses AS (
    INSERT INTO "SecretAccess" ("id", "secretId", "principalType", "principalKey", "tokenId", "level")
    SELECT gen_random_uuid(), "id", d."principalType", d."principalKey", NULL, d."level"
    FROM made CROSS JOIN unnest($19::"PrincipalType"[], $20::text[], $21::"AccessLevel"[]) AS d("principalType", "principalKey", "level")
    UNION ALL
    -- The API token that creates a secret may go on changing it.
    SELECT gen_random_uuid(), "id", 'TOKEN', 'token:' || "creatorToken", "creatorToken", 'WRITE' FROM made WHERE "creatorToken" IS NOT NULL
  ),
  events AS (
    INSERT INTO "AuditEvent" ("actorType", "actorId", "actorLabel", "ip", "userAgent", "action", "outcome", "projectId", "targetType", "targetId", "targetName", "details")
    SELECT "actorType", "actorId", "actorLabel", "ip", "userAgent", 'secret.create', 'ALLOWED', "projectId", 'secret', "id"::text, "name", "details"
    FROM made
  )
  SELECT "id", "updatedAt" FROM secrets`;

const userIdOf = (actor: Actor) => (actor.type === "USER" ? actor.id : null);

/** Writes the secrets in one transaction; the result at each index is the created secret, or null when its name was taken. */
export async function insertNewSecrets(items: readonly NewSecret[]): Promise<(CreatedSecret | null)[]> {
  if (items.length === 0) return [];
  const ids = items.map(() => randomUUID());
  // Sealed before the statement (its time is the CPU's, not the locks'): under each project's active key.
  const keys = new Map<string, Awaited<ReturnType<typeof getActiveDataKeyNow>>>();
  for (const projectId of new Set(items.map((item) => item.projectId)))
    keys.set(projectId, await getActiveDataKeyNow(sql, getMasterKeyProvider(), projectId));
  const sealed = items.map((item, i) =>
    sealWith(keys.get(item.projectId)!, { projectId: item.projectId, secretId: ids[i], version: 1 }, item.value),
  );
  // In project and name order: two writers at once take the names' locks in the same order, so neither deadlocks the other.
  const order = items.map((_, i) => i).sort((a, b) => compare(items[a], items[b]));
  const column = <T>(pick: (item: NewSecret, i: number) => T) => order.map((i) => pick(items[i], i));
  const { rows } = await sql.query<{ id: string; updatedAt: Date }>({
    name: "insert-new-secrets",
    text: INSERT,
    values: [
      column((_, i) => ids[i]),
      column((item) => item.projectId),
      column((item) => item.name),
      column((item) => item.description),
      column((item) => item.status),
      column((item) => item.expiresAt?.toISOString() ?? null),
      column((item) => userIdOf(item.actor)),
      column((_, i) => Buffer.from(sealed[i].ciphertext)),
      column((_, i) => Buffer.from(sealed[i].iv)),
      column((_, i) => sealed[i].dataKeyVersion),
      column((item) => item.creatorToken ?? null),
      column((item) => item.actor.type),
      column((item) => item.actor.id),
      column((item) => item.actor.label),
      column((item) => item.actor.ip ?? null),
      column((item) => item.actor.userAgent?.slice(0, 500) ?? null),
      column((item) =>
        JSON.stringify({
          version: 1,
          status: item.status,
          ...(item.expiresAt ? { expiresOn: dayOfExpiry(item.expiresAt) } : {}),
          ...item.details,
        }),
      ),
      // The name key as every other path computes it (JavaScript's case mapping, not the database's locale).
      column((item) => item.name.toLowerCase()),
      DEFAULT_ACCESSES.map((a) => a.principalType),
      DEFAULT_ACCESSES.map((a) => a.principalKey),
      DEFAULT_ACCESSES.map((a) => a.level),
    ],
  });
  const inserted = new Map(rows.map((row) => [row.id, row.updatedAt]));
  return items.map((item, i) => {
    const updatedAt = inserted.get(ids[i]);
    if (!updatedAt) return null;
    return {
      id: ids[i],
      name: item.name,
      description: item.description,
      status: item.status,
      version: 1,
      updatedAt,
      expiresAt: item.expiresAt,
    };
  });
}

function compare(a: NewSecret, b: NewSecret) {
  if (a.projectId !== b.projectId) return a.projectId < b.projectId ? -1 : 1;
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The batch, and when it fails, each create again on its own: one caller's bad create fails only that caller. */
const insertTogether = groupCommit((items: NewSecret[]) => togetherOrEach(items, insertNewSecrets), 128);

/**
 * One create among those arriving together: they are written by one
 * statement, and each caller's promise settles once its create is committed
 * (or rejects with its own error: then it was not written).
 */
export async function insertNewSecretTogether(item: NewSecret): Promise<CreatedSecret | null> {
  return settled(await insertTogether(item));
}
