import "server-only";
import type { Tx } from "@/lib/db";
// A type only. Not lib/db's values: importing lib/db creates the app's database client from DATABASE_URL, and the
// launcher loads this module before it has set that (an early import pointed every /v1 call at port 5432).
import type { Prisma } from "@/lib/generated/prisma/client";

/** Who acts, and from where; copied into every audit event. */
export type Actor = {
  type: "USER" | "TOKEN" | "SYSTEM";
  id: string | null;
  label: string;
  ip?: string | null;
  userAgent?: string | null;
};

export const SYSTEM_ACTOR: Actor = { type: "SYSTEM", id: null, label: "system" };

export type AuditEntry = {
  action: string;
  outcome?: "ALLOWED" | "DENIED" | "FAILED";
  organizationId?: string | null;
  projectId?: string | null;
  targetType?: string;
  targetId?: string;
  targetName?: string;
  reason?: string;
  /** Metadata only; a confidential value must never be put here. */
  details?: Prisma.InputJsonValue;
};

/**
 * Writes one audit event; pass the transaction of the change it records.
 * A raw INSERT: Prisma's per-query work would cost more than the query.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry) {
  const details = entry.details === undefined ? null : JSON.stringify(entry.details);
  await tx.$executeRaw`
    INSERT INTO "AuditEvent" ("actorType", "actorId", "actorLabel", "ip", "userAgent", "action", "outcome", "organizationId", "projectId", "targetType", "targetId", "targetName", "reason", "details")
    VALUES (${actor.type}::"ActorType", ${actor.id}, ${actor.label}, ${actor.ip ?? null}, ${actor.userAgent?.slice(0, 500) ?? null}, ${entry.action},
            ${entry.outcome ?? "ALLOWED"}::"AuditOutcome", ${entry.organizationId ?? null}::uuid, ${entry.projectId ?? null}::uuid,
            ${entry.targetType ?? null}, ${entry.targetId ?? null}, ${entry.targetName ?? null}, ${entry.reason ?? null}, ${details}::jsonb)`;
}
