import "server-only";
import type { Prisma, Tx } from "@/lib/db";

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

/** Writes one audit event; pass the transaction of the change it records. */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry) {
  await tx.auditEvent.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent?.slice(0, 500) ?? null,
      action: entry.action,
      outcome: entry.outcome ?? "ALLOWED",
      organizationId: entry.organizationId ?? null,
      projectId: entry.projectId ?? null,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetName: entry.targetName,
      reason: entry.reason,
      details: entry.details,
    },
  });
}
