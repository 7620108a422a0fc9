import "server-only";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { csvCell, parseDay } from "@/lib/audit/log-views";
import { db, Prisma } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { likeLiteral, withoutNul } from "@/lib/text";

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

/** The log's filters from a URL's query; anything malformed is ignored rather than refused. */
export function parseRequestQuery(sp: Record<string, string | undefined>): RequestQuery {
  const outcome = ["ALLOWED", "DENIED", "FAILED"].includes(sp.outcome ?? "") ? (sp.outcome as RequestQuery["outcome"]) : undefined;
  return {
    outcome,
    token: sp.token && isUuid(sp.token) ? sp.token : undefined,
    secret:
      withoutNul(sp.secret ?? "")
        .trim()
        .slice(0, 100) || undefined,
    from: parseDay(sp.from),
    to: parseDay(sp.to, true),
    page: Math.max(1, Math.min(10_000, Number.parseInt(sp.page ?? "1", 10) || 1)),
  };
}

function whereOf(projectId: string, query: RequestQuery): Prisma.AuditEventWhereInput {
  return {
    projectId,
    actorType: "TOKEN",
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.token ? { actorId: query.token } : {}),
    ...(query.secret ? { targetType: "secret", targetName: { contains: likeLiteral(query.secret), mode: "insensitive" } } : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
}

const SELECT = {
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
} as const;

function present(r: Prisma.AuditEventGetPayload<{ select: typeof SELECT }>) {
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
}

export async function listRequests(projectId: string, query: RequestQuery) {
  const where = whereOf(projectId, query);
  const [rows, total, tokens] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (query.page - 1) * REQUEST_PAGE_SIZE,
      take: REQUEST_PAGE_SIZE,
      select: SELECT,
    }),
    db.auditEvent.count({ where }),
    db.apiToken.findMany({ where: { projectId }, select: { id: true, name: true, prefix: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    total,
    tokens,
    rows: rows.map(present),
  };
}

/** The most rows one export holds (newest first); narrow the filters for older ones. */
export const EXPORT_LIMIT = 50_000;

const CSV_COLUMNS = [
  "time",
  "token",
  "action",
  "method",
  "path",
  "status",
  "target_type",
  "target",
  "tool",
  "parameter",
  "outcome",
  "reason",
  "ip",
];

/**
 * The filtered log as CSV (newest first, at most EXPORT_LIMIT rows), recorded
 * as a `requests.export` event with its filters and row count. Never a value:
 * the log holds none.
 */
export async function exportRequestsCsv(projectId: string, query: RequestQuery, actor: Actor): Promise<string> {
  const rows = (
    await db.auditEvent.findMany({ where: whereOf(projectId, query), orderBy: { id: "desc" }, take: EXPORT_LIMIT, select: SELECT })
  ).map(present);
  const lines = rows.map((r) =>
    [
      r.createdAt.toISOString(),
      r.actorLabel,
      r.action,
      r.method,
      r.path,
      r.status,
      r.targetType,
      r.targetName,
      r.tool,
      r.parameter,
      r.outcome,
      r.reason,
      r.ip,
    ]
      .map(csvCell)
      .join(","),
  );
  await recordAudit(db, actor, {
    action: "requests.export",
    projectId,
    details: {
      rows: rows.length,
      filters: {
        outcome: query.outcome ?? null,
        token: query.token ?? null,
        secret: query.secret ?? null,
        from: query.from?.toISOString() ?? null,
        to: query.to?.toISOString() ?? null,
      },
    },
  });
  return [CSV_COLUMNS.join(","), ...lines].join("\r\n") + "\r\n";
}
