import "server-only";
import { recentActivity } from "@/lib/audit/activity";
import { db, Prisma } from "@/lib/db";
import { EXPIRY_WARNING_DAYS } from "@/lib/secrets/rules";
import { getProjectToolSettings } from "@/lib/tools/settings";

/** The figures of a project's Dashboard, all read from the database. */
export async function getProjectDashboard(projectId: string) {
  const since = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000);
  const soon = new Date(Date.now() + EXPIRY_WARNING_DAYS * 24 * 60 * 60 * 1000);
  const [members, administrators, secretsByStatus, activeTokens, eventsThisWeek, recent, expiring, readsPerDay, tools] = await Promise.all([
    db.projectMember.count({ where: { projectId } }),
    db.projectMember.count({ where: { projectId, roles: { some: { role: { systemKey: "project_admin" } } } } }),
    db.secret.groupBy({ by: ["status"], where: { projectId, deletedAt: null }, _count: { _all: true } }),
    db.apiToken.count({ where: { projectId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } }),
    db.auditEvent.count({ where: { projectId, createdAt: { gte: since } } }),
    recentActivity(projectId),
    // Expired, or expiring within the warning window: what to rotate next.
    db.secret.findMany({
      where: { projectId, deletedAt: null, status: { not: "REVOKED" }, expiresAt: { lte: soon } },
      orderBy: { expiresAt: "asc" },
      take: 10,
      select: { id: true, name: true, status: true, expiresAt: true },
    }),
    getReadsPerDay(projectId),
    getProjectToolSettings(projectId),
  ]);
  const secrets = { ACTIVE: 0, INACTIVE: 0, REVOKED: 0 };
  for (const row of secretsByStatus) secrets[row.status] = row._count._all;
  return {
    members,
    administrators,
    secrets,
    secretTotal: secrets.ACTIVE + secrets.INACTIVE + secrets.REVOKED,
    activeTokens,
    eventsThisWeek,
    recent,
    expiring,
    readsPerDay,
    brokenTools: tools.filter((t) => t.state !== "configured").map((t) => ({ key: t.tool.key, name: t.tool.name, state: t.state })),
  };
}

/** Days shown by the Dashboard's reads chart, today included. */
export const READ_DAYS = 14;

/** Secret values served per day (UTC) in the last READ_DAYS days: to people (reveal, copy) and to tools (API reads, resolutions). */
export async function getReadsPerDay(projectId: string, now = new Date()) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (READ_DAYS - 1) * DAY_MS);
  const rows = await db.$queryRaw<{ day: Date; people: number; tools: number }[]>(Prisma.sql`
    SELECT date_trunc('day', "createdAt") AS "day",
           count(*) FILTER (WHERE "action" IN ('secret.reveal', 'secret.copy'))::int AS "people",
           count(*) FILTER (WHERE "action" IN ('api.secrets.get', 'secret.resolve'))::int AS "tools"
    FROM "AuditEvent"
    WHERE "projectId" = ${projectId}::uuid AND "createdAt" >= ${since} AND "outcome" = 'ALLOWED'
      AND "action" IN ('secret.reveal', 'secret.copy', 'api.secrets.get', 'secret.resolve')
    GROUP BY 1`);
  const byDay = new Map(rows.map((r) => [r.day.toISOString().slice(0, 10), r]));
  return Array.from({ length: READ_DAYS }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const row = byDay.get(day);
    return { day, people: row?.people ?? 0, tools: row?.tools ?? 0 };
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;
