import "server-only";
import { db } from "@/lib/db";
import { EXPIRY_WARNING_DAYS } from "@/lib/secrets/rules";

/** The figures of a project's Dashboard, all read from the database. */
export async function getProjectDashboard(projectId: string) {
  const since = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000);
  const soon = new Date(Date.now() + EXPIRY_WARNING_DAYS * 24 * 60 * 60 * 1000);
  const [members, administrators, secretsByStatus, activeTokens, eventsThisWeek, recent, expiring] = await Promise.all([
    db.projectMember.count({ where: { projectId } }),
    db.projectMember.count({ where: { projectId, roles: { some: { role: { systemKey: "project_admin" } } } } }),
    db.secret.groupBy({ by: ["status"], where: { projectId, deletedAt: null }, _count: { _all: true } }),
    db.apiToken.count({ where: { projectId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } }),
    db.auditEvent.count({ where: { projectId, createdAt: { gte: since } } }),
    db.auditEvent.findMany({
      where: { projectId },
      orderBy: { createdAt: "desc" },
      take: 8,
      select: { id: true, actorLabel: true, action: true, targetName: true, outcome: true, createdAt: true },
    }),
    // Expired, or expiring within the warning window: what to rotate next.
    db.secret.findMany({
      where: { projectId, deletedAt: null, status: { not: "REVOKED" }, expiresAt: { lte: soon } },
      orderBy: { expiresAt: "asc" },
      take: 10,
      select: { id: true, name: true, status: true, expiresAt: true },
    }),
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
    recent: recent.map((e) => ({ ...e, id: e.id.toString() })),
    expiring,
  };
}
