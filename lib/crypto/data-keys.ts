import "server-only";
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { Tx } from "@/lib/db";
import { KEY_BYTES } from "./aead";
import type { MasterKeyProvider } from "./master-key";

/** Unwrapped data keys live this long in memory, then are unwrapped again. */
const CACHE_TTL_MS = 5 * 60 * 1000;
const cache = new Map<string, { key: Buffer; expires: number }>();

/** What a data key is bound to when wrapped: its project and version. */
/** What a person's two-factor secret is bound to when the master key wraps it (lib/auth/two-factor.ts). */
export const twoFactorWrapContext = (userId: string) => `totp:${userId}`;

export function wrapContext(projectId: string, version: number) {
  return `project:${projectId}:data-key:v${version}`;
}

/** Creates a project's first (or next) data key, stored only wrapped. */
export async function createProjectDataKey(tx: Tx, provider: MasterKeyProvider, projectId: string, version = 1) {
  const key = randomBytes(KEY_BYTES);
  const wrappedKey = await provider.wrapKey(key, wrapContext(projectId, version));
  await tx.projectDataKey.create({ data: { projectId, version, wrappedKey: new Uint8Array(wrappedKey), masterKeyId: provider.id } });
  return { version, key };
}

/** The data key a project seals new values with (its newest, unretired one). */
export async function getActiveDataKey(tx: Tx, provider: MasterKeyProvider, projectId: string) {
  const row = await tx.projectDataKey.findFirst({
    where: { projectId, retiredAt: null },
    orderBy: { version: "desc" },
  });
  if (!row) throw new Error(`Project ${projectId} has no data key.`);
  return { version: row.version, key: await unwrapCached(provider, projectId, row.version, row.wrappedKey) };
}

/**
 * The same, read with one raw statement on the pool: the API's creates read it once per batch, where Prisma's
 * per-query work (about a millisecond of CPU) costs more than the query.
 */
export async function getActiveDataKeyNow(pool: Pick<pg.Pool, "query">, provider: MasterKeyProvider, projectId: string) {
  const { rows } = await pool.query<{ version: number; wrappedKey: Buffer }>({
    name: "active-data-key",
    text: `SELECT "version", "wrappedKey" FROM "ProjectDataKey" WHERE "projectId" = $1 AND "retiredAt" IS NULL ORDER BY "version" DESC LIMIT 1`,
    values: [projectId],
  });
  if (!rows[0]) throw new Error(`Project ${projectId} has no data key.`);
  return { version: rows[0].version, key: await unwrapCached(provider, projectId, rows[0].version, rows[0].wrappedKey) };
}

/** A given version of a project's data key, to open values sealed with it. */
export async function getDataKey(tx: Tx, provider: MasterKeyProvider, projectId: string, version: number) {
  const hit = cache.get(`${provider.id}:${projectId}:${version}`);
  if (hit && hit.expires > Date.now()) return hit.key;
  const row = await tx.projectDataKey.findUnique({ where: { projectId_version: { projectId, version } } });
  if (!row) throw new Error(`Project ${projectId} has no data key version ${version}.`);
  return unwrapCached(provider, projectId, version, row.wrappedKey);
}

async function unwrapCached(provider: MasterKeyProvider, projectId: string, version: number, wrapped: Uint8Array) {
  const cacheKey = `${provider.id}:${projectId}:${version}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.expires > Date.now()) return hit.key;
  const key = await provider.unwrapKey(Buffer.from(wrapped), wrapContext(projectId, version));
  cache.set(cacheKey, { key, expires: Date.now() + CACHE_TTL_MS });
  return key;
}

/** Forgets every unwrapped key (after a rotation, and in tests). */
export function clearDataKeyCache() {
  cache.clear();
}
