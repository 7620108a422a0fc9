import "server-only";
import { sql } from "@/lib/db";
import { groupCommit } from "@/lib/group-commit";
import type { Actor, AuditEntry } from "./record";

const COLUMNS = 14;
const INSERT_EVENTS = `INSERT INTO "AuditEvent" ("actorType", "actorId", "actorLabel", "ip", "userAgent", "action", "outcome", "organizationId", "projectId", "targetType", "targetId", "targetName", "reason", "details") VALUES `;

function row(actor: Actor, entry: AuditEntry) {
  return [
    actor.type,
    actor.id,
    actor.label,
    actor.ip ?? null,
    actor.userAgent?.slice(0, 500) ?? null,
    entry.action,
    entry.outcome ?? "ALLOWED",
    entry.organizationId ?? null,
    entry.projectId ?? null,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.targetName ?? null,
    entry.reason ?? null,
    entry.details === undefined ? null : JSON.stringify(entry.details),
  ];
}

const writeEvents = groupCommit(
  async (events: { actor: Actor; entry: AuditEntry }[]) => {
    const placeholders = events.map((_, e) => {
      const p = (c: number) => `$${e * COLUMNS + c + 1}`;
      return `(${p(0)}::"ActorType", ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::"AuditOutcome", ${p(7)}::uuid, ${p(8)}::uuid, ${p(9)}, ${p(10)}, ${p(11)}, ${p(12)}, ${p(13)}::jsonb)`;
    });
    await sql.query(
      INSERT_EVENTS + placeholders.join(", "),
      events.flatMap(({ actor, entry }) => row(actor, entry)),
    );
    return events.map(() => undefined);
  },
  256,
  // Two statements at once: they lock nothing shared (see lib/group-commit.ts).
  2,
);

/**
 * Writes one audit event that belongs to no transaction — the REST API's
 * request log and secret reads. Events arriving together are written in one
 * INSERT (group commit); the promise resolves once this event is committed,
 * so a value is never handed out before its read is on record.
 */
export function recordAuditNow(actor: Actor, entry: AuditEntry): Promise<void> {
  return writeEvents({ actor, entry });
}
