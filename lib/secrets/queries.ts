import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { TRASH_MS, type GalleryQuery, type SecretStatusValue } from "@/lib/secrets/schema";
import { likeLiteral } from "@/lib/text";

export type GalleryRow = {
  id: string;
  name: string;
  status: SecretStatusValue;
  version: number;
  description: string;
  updatedAt: Date;
  updatedBy: string | null;
  deletedAt: Date | null;
  deletedBy: string | null;
  expiresAt: Date | null;
  /** Tool names whose settings refer to this secret (filled in by the page). */
  usedBy?: string[];
};

const ORDER_COLUMNS: Record<GalleryQuery["sort"], string> = {
  name: `s."nameKey"`,
  status: `s."status"`,
  version: `s."version"`,
  updatedAt: `s."updatedAt"`,
  description: `lower(s."description")`,
};

/**
 * One page of the gallery (or the Trash), filtered, sorted, paged and
 * counted by the database; never selects a value. Measured at 100,000
 * secrets (bench/gallery.ts, README "Measured"):
 * - each sort order has an index over the live secrets ending in the id, and
 *   the tiebreak follows the sort's direction, so any page is a walk along
 *   one index, forwards or backwards;
 * - the page's ids are chosen first from the index alone and only those rows
 *   are read (a deep OFFSET otherwise reads every skipped row);
 * - a page in the far half is read from the other end, in reverse, so the
 *   last page costs what the first does;
 * - the count comes first (the reverse needs it); it reads an index only;
 *   both read one snapshot.
 */
export async function listSecrets(projectId: string, query: GalleryQuery): Promise<{ rows: GalleryRow[]; total: number }> {
  const trash = query.view === "trash";
  const conditions = [Prisma.sql`s."projectId" = ${projectId}::uuid`];
  conditions.push(trash ? Prisma.sql`s."deletedAt" IS NOT NULL` : Prisma.sql`s."deletedAt" IS NULL`);
  if (query.q) conditions.push(Prisma.sql`s."nameKey" LIKE ${"%" + likeLiteral(query.q.toLowerCase()) + "%"}`);
  if (query.status) conditions.push(Prisma.sql`s."status" = ${query.status}::"SecretStatus"`);
  const where = Prisma.join(conditions, " AND ");

  // One snapshot for the count and the page: the page's position (read from the far end) is computed from the
  // count, so a secret created or deleted in between must not shift it.
  // Prisma's defaults (2 s to get a connection, 5 s to finish) would turn a busy moment into an error page.
  return db.$transaction((tx) => readPage(tx, where, query), { isolationLevel: "RepeatableRead", maxWait: 10_000, timeout: 30_000 });
}

async function readPage(tx: Tx, where: Prisma.Sql, query: GalleryQuery): Promise<{ rows: GalleryRow[]; total: number }> {
  const [{ count }] = await tx.$queryRaw<{ count: bigint }[]>`SELECT COUNT(*) AS "count" FROM "Secret" s WHERE ${where}`;
  const total = Number(count);
  const offset = (query.page - 1) * query.size;
  const onPage = Math.max(0, Math.min(query.size, total - offset));
  if (onPage === 0) return { rows: [], total };

  const reverse = offset + onPage / 2 > total / 2;
  const ascending = (query.dir === "asc") !== reverse;
  const direction = ascending ? "ASC" : "DESC";
  const key = ORDER_COLUMNS[query.sort];
  const order = Prisma.raw(`${key} ${direction}, s."id" ${direction}`);
  const rows = await tx.$queryRaw<GalleryRow[]>`
    SELECT s."id", s."name", s."status"::text AS "status", s."version", s."description", s."updatedAt", s."deletedAt", s."expiresAt",
           COALESCE(NULLIF(u."name", ''), u."email") AS "updatedBy",
           COALESCE(NULLIF(d."name", ''), d."email") AS "deletedBy"
    FROM (SELECT s."id" FROM "Secret" s WHERE ${where} ORDER BY ${order} LIMIT ${onPage} OFFSET ${reverse ? total - offset - onPage : offset}) page
    JOIN "Secret" s ON s."id" = page."id"
    LEFT JOIN "User" u ON u."id" = s."updatedById"
    LEFT JOIN "User" d ON d."id" = s."deletedById"
    ORDER BY ${order}`;
  return { rows: reverse ? rows.reverse() : rows, total };
}

/** A secret's metadata for the editor (never its value), or null when not in this project. */
export async function getSecretMetadata(projectId: string, secretId: string) {
  const secret = await db.secret.findFirst({
    where: { id: secretId, projectId },
    select: {
      id: true,
      name: true,
      description: true,
      status: true,
      version: true,
      revision: true,
      expiresAt: true,
      createdAt: true,
      updatedAt: true,
      deletedAt: true,
      updatedBy: { select: { name: true, email: true } },
    },
  });
  if (!secret) return null;
  const { updatedBy, ...rest } = secret;
  return { ...rest, updatedByName: updatedBy ? updatedBy.name || updatedBy.email : null };
}

/** A secret's stored versions, newest first: number, when and by whom — never the value. */
export async function listSecretVersions(projectId: string, secretId: string) {
  const [versions, secret] = await Promise.all([
    db.secretVersion.findMany({
      where: { secretId, secret: { projectId } },
      orderBy: { version: "desc" },
      select: { version: true, createdAt: true, createdById: true },
    }),
    db.secret.findFirst({ where: { id: secretId, projectId }, select: { revokedThroughVersion: true } }),
  ]);
  const people = await db.user.findMany({
    where: { id: { in: versions.flatMap((v) => (v.createdById ? [v.createdById] : [])) } },
    select: { id: true, name: true, email: true },
  });
  const names = new Map(people.map((p) => [p.id, p.name || p.email]));
  return versions.map((v) => ({
    version: v.version,
    createdAt: v.createdAt,
    createdBy: v.createdById ? (names.get(v.createdById) ?? null) : null,
    /** Current when the secret was revoked, or before: never served or rolled back to again. */
    revoked: v.version <= (secret?.revokedThroughVersion ?? 0),
  }));
}

/** Deletes for good what has been in the Trash longer than TRASH_DAYS (lib/secrets/schema.ts). */
export async function purgeExpiredTrash(projectId?: string) {
  const cutoff = new Date(Date.now() - TRASH_MS);
  const { count } = await db.secret.deleteMany({ where: { ...(projectId ? { projectId } : {}), deletedAt: { lt: cutoff } } });
  return count;
}
