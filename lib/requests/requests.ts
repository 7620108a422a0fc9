import "server-only";
import { db, Prisma } from "@/lib/db";

/** The requests log: every API call and every resolution by a token, from the audit log. */

export const REQUEST_PAGE_SIZE = 50;

export type RequestQuery = {
  outcome?: "ALLOWED" | "DENIED" | "FAILED";
  token?: string;
  secret?: string;
  from?: Date;
  to?: Date;
  page: number;
};

export async function listRequests(projectId: string, query: RequestQuery) {
  const where: Prisma.AuditEventWhereInput = {
    projectId,
    actorType: "TOKEN",
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.token ? { actorId: query.token } : {}),
    ...(query.secret ? { targetType: "secret", targetName: { contains: query.secret, mode: "insensitive" } } : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
  const [rows, total, tokens] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (query.page - 1) * REQUEST_PAGE_SIZE,
      take: REQUEST_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        actorLabel: true,
        action: true,
        targetType: true,
        targetName: true,
        outcome: true,
        reason: true,
        details: true,
        ip: true,
      },
    }),
    db.auditEvent.count({ where }),
    db.apiToken.findMany({ where: { projectId }, select: { id: true, name: true, prefix: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    total,
    tokens,
    rows: rows.map((r) => {
      const details = (r.details ?? {}) as { method?: string; path?: string; status?: number; tool?: string; parameter?: string };
      return {
        ...r,
        id: r.id.toString(),
        method: details.method,
        path: details.path,
        status: details.status,
        tool: details.tool,
        parameter: details.parameter,
      };
    }),
  };
}
