import "server-only";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db, Prisma } from "@/lib/db";
import { csvCell, parseDay } from "./log-views";
import { describeEntry, type ActivityEntry, type AuditRow, type Names } from "./describe";
import { isUuid } from "@/lib/ids";
import { likeLiteral, withoutNul } from "@/lib/text";

/**
 * A project's Activity: what people did (tokens' calls are the Requests
 * log), newest first, one entry per save, each in words. Filtered by
 * person, kind of action, secret and date, paged, and exported as CSV.
 */

export const ACTIVITY_PAGE_SIZE = 50;
const EXPORT_LIMIT = 50_000;

export const ACTIVITY_KINDS = {
  secrets: {
    label: "Secret changes",
    actions: [
      "secret.create",
      "secret.update",
      "secret.status_change",
      "secret.rollback",
      "secret.delete",
      "secret.restore",
      "secret.purge",
      "secret.import",
    ],
  },
  reveals: { label: "Reveals and copies", actions: ["secret.reveal", "secret.copy", "secret.decrypt_failure"] },
  accesses: { label: "Accesses", actions: ["secret.access_add", "secret.access_change", "secret.access_remove", "secret.access_replace"] },
  members: {
    label: "Members",
    actions: ["member.add", "member.roles_change", "member.remove", "member.reinvite", "member.make_admin", "member.invitation_accept"],
  },
  roles: { label: "Roles", actions: ["role.create", "role.update", "role.delete"] },
  tokens: { label: "API tokens", actions: ["token.create", "token.revoke"] },
  tools: { label: "Tools", actions: ["tool.settings_update", "tool.playground"] },
  exports: { label: "Exports", actions: ["requests.export", "activity.export"] },
} as const;
export type ActivityKind = keyof typeof ACTIVITY_KINDS | "refused";

export type ActivityQuery = { person?: string; kind?: ActivityKind; secret?: string; from?: Date; to?: Date; page: number };

/** The filters from a URL's query; anything malformed is ignored rather than refused. */
export function parseActivityQuery(sp: Record<string, string | undefined>): ActivityQuery {
  const kind = sp.kind && (sp.kind === "refused" || sp.kind in ACTIVITY_KINDS) ? (sp.kind as ActivityKind) : undefined;
  return {
    person: sp.person && isUuid(sp.person) ? sp.person : undefined,
    kind,
    secret:
      withoutNul(sp.secret ?? "")
        .trim()
        .slice(0, 100) || undefined,
    from: parseDay(sp.from),
    to: parseDay(sp.to, true),
    page: Math.max(1, Math.min(10_000, Number.parseInt(sp.page ?? "1", 10) || 1)),
  };
}

/** Whose events: people (the Activity view; tokens have the Requests log), or everyone's on one secret (its History). */
type Scope = { secretId?: string; window?: number };

function conditions(projectId: string, query: ActivityQuery, scope: Scope = {}) {
  const where = [
    Prisma.sql`"projectId" = ${projectId}::uuid`,
    scope.secretId
      ? Prisma.sql`"targetType" = 'secret' AND "targetId" = ${scope.secretId}`
      : // The secrets of an import are its one entry ("imported 32 secrets"); each keeps its own History.
        Prisma.sql`"actorType" IN ('USER', 'SYSTEM') AND NOT ("action" IN ('secret.create', 'secret.update') AND "details" ? 'imported')`,
  ];
  if (query.person) where.push(Prisma.sql`"actorId" = ${query.person}`);
  if (query.kind === "refused") where.push(Prisma.sql`"outcome" <> 'ALLOWED'`);
  else if (query.kind) where.push(Prisma.sql`"action" IN (${Prisma.join([...ACTIVITY_KINDS[query.kind].actions])})`);
  if (query.secret) where.push(Prisma.sql`"targetType" = 'secret' AND "targetName" ILIKE ${`%${likeLiteral(query.secret)}%`}`);
  if (query.from) where.push(Prisma.sql`"createdAt" >= ${query.from}`);
  if (query.to) where.push(Prisma.sql`"createdAt" < ${query.to}`);
  return Prisma.join(where, " AND ");
}

/**
 * One entry per save: a person's events on one secret written by one
 * transaction (one Confirm) are one entry; every other event is its own.
 * Events written apart are never merged, whatever their timestamps.
 */
const SAVE = Prisma.sql`CASE WHEN "txId" IS NOT NULL AND "actorType" = 'USER' AND "targetType" = 'secret' THEN "txId" END`;

type RawRow = Omit<AuditRow, "id" | "details"> & { id: bigint; details: Record<string, unknown> | null; last: bigint; tx: bigint | null };

async function entriesOf(projectId: string, query: ActivityQuery, limit: number, offset: number, scope: Scope = {}) {
  const where = conditions(projectId, query, scope);
  // The Dashboard looks at the newest events only; the Activity pages through all of them.
  const window = scope.window ? Prisma.sql`ORDER BY id DESC LIMIT ${scope.window}` : Prisma.empty;
  const rows = await db.$queryRaw<RawRow[]>`
    WITH filtered AS (
      SELECT id, ${SAVE} AS tx, "targetId" FROM "AuditEvent" WHERE ${where} ${window}
    ), entries AS (
      SELECT tx, CASE WHEN tx IS NULL THEN id END AS single, "targetId" AS target, max(id) AS last
      FROM filtered GROUP BY tx, CASE WHEN tx IS NULL THEN id END, "targetId"
      ORDER BY last DESC LIMIT ${limit} OFFSET ${offset}
    ), events AS (
      SELECT e.*, entries.last, entries.tx FROM entries JOIN "AuditEvent" e ON e.id = entries.single
      UNION ALL
      SELECT e.*, entries.last, entries.tx FROM entries JOIN "AuditEvent" e
        ON e."txId" = entries.tx AND e."projectId" = ${projectId}::uuid AND e."actorType" = 'USER'
        AND e."targetType" = 'secret' AND e."targetId" = entries.target
    )
    SELECT id, action, "actorType"::text AS "actorType", "actorId", "actorLabel", "targetType", "targetId", "targetName",
           outcome::text AS outcome, reason, details, "createdAt", last, tx
    FROM events ORDER BY last DESC, id ASC`;
  const groups = new Map<string, AuditRow[]>();
  for (const row of rows) {
    const { last, tx, ...event } = row;
    const key = tx === null ? `e${event.id}` : `t${tx}:${last}`;
    const list = groups.get(key) ?? [];
    list.push({ ...event, id: event.id.toString(), details: event.details ?? {} });
    groups.set(key, list);
  }
  const names = await namesFor(projectId, rows);
  return [...groups.values()].map((events) => describeEntry(events, names));
}

/** Today's label of every person, role and token the events name: one label per person, everywhere. */
async function namesFor(projectId: string, rows: { actorId: string | null; details: Record<string, unknown> | null }[]): Promise<Names> {
  const ids = { user: new Set<string>(), role: new Set<string>(), token: new Set<string>() };
  for (const row of rows) {
    if (row.actorId && isUuid(row.actorId)) ids.user.add(row.actorId);
    const principal = row.details?.principal;
    if (typeof principal === "string") {
      const [kind, id] = principal.split(":");
      if ((kind === "user" || kind === "role" || kind === "token") && isUuid(id)) ids[kind].add(id);
    }
  }
  const [people, roles, tokens] = await Promise.all([
    ids.user.size ? db.user.findMany({ where: { id: { in: [...ids.user] } }, select: { id: true, name: true, email: true } }) : [],
    ids.role.size ? db.role.findMany({ where: { id: { in: [...ids.role] }, projectId }, select: { id: true, name: true } }) : [],
    ids.token.size ? db.apiToken.findMany({ where: { id: { in: [...ids.token] }, projectId }, select: { id: true, name: true } }) : [],
  ]);
  return {
    people: new Map(people.map((p) => [p.id, p.name || p.email])),
    roles: new Map(roles.map((r) => [r.id, r.name])),
    tokens: new Map(tokens.map((t) => [t.id, t.name])),
  };
}

export async function listActivity(projectId: string, query: ActivityQuery) {
  const where = conditions(projectId, query);
  const [entries, [{ total }], people] = await Promise.all([
    entriesOf(projectId, query, ACTIVITY_PAGE_SIZE, (query.page - 1) * ACTIVITY_PAGE_SIZE),
    db.$queryRaw<{ total: bigint }[]>`
      SELECT count(*) AS total FROM (SELECT DISTINCT ${SAVE} AS tx, CASE WHEN ${SAVE} IS NULL THEN id END, "targetId"
      FROM "AuditEvent" WHERE ${where}) entries`,
    db.projectMember.findMany({
      where: { projectId },
      select: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { user: { email: "asc" } },
    }),
  ]);
  return {
    entries,
    total: Number(total),
    people: people.map(({ user }) => ({ id: user.id, label: user.name || user.email })),
  };
}

/** A secret's History: everyone's entries on it (people and tokens), newest first. */
export function secretHistory(projectId: string, secretId: string, count = 15): Promise<ActivityEntry[]> {
  return entriesOf(projectId, { page: 1 }, count, 0, { secretId, window: 2000 });
}

/** A few entries for the Dashboard's "Recent activity". */
export function recentActivity(projectId: string, count = 8): Promise<ActivityEntry[]> {
  return entriesOf(projectId, { page: 1 }, count, 0, { window: 500 });
}

const CSV_COLUMNS = ["time", "person", "activity", "outcome", "reason", "target_type", "target"];

/** The entries the filters select, newest 50,000, as CSV; the export itself is audited. */
export async function exportActivityCsv(projectId: string, query: ActivityQuery, actor: Actor) {
  const entries = await entriesOf(projectId, query, EXPORT_LIMIT, 0);
  const lines = entries.map((e) =>
    [e.createdAt.toISOString(), e.actor, e.sentence, e.outcome, e.reason, e.targetType, e.targetName].map(csvCell).join(","),
  );
  await recordAudit(db, actor, {
    action: "activity.export",
    projectId,
    details: {
      rows: entries.length,
      filters: {
        person: query.person ?? null,
        kind: query.kind ?? null,
        secret: query.secret ?? null,
        from: query.from?.toISOString() ?? null,
        to: query.to?.toISOString() ?? null,
      },
    },
  });
  return [CSV_COLUMNS.join(","), ...lines].join("\r\n") + "\r\n";
}
