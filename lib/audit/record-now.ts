import "server-only";
import { isDatabaseUnavailable, sql } from "@/lib/db";
import { groupCommit, settled, togetherOrEach } from "@/lib/group-commit";
import type { Actor, AuditEntry } from "./record";

/**
 * One named statement for any number of events: each column comes as an array and unnest pairs them up, so
 * PostgreSQL parses and plans it once per connection, not once per batch (a VALUES list of 14 parameters per
 * event is a new statement text for every batch size).
 */
const INSERT_EVENTS = `INSERT INTO "AuditEvent" ("actorType", "actorId", "actorLabel", "ip", "userAgent", "action", "outcome", "organizationId", "projectId", "targetType", "targetId", "targetName", "reason", "details")
  SELECT * FROM unnest($1::"ActorType"[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::"AuditOutcome"[], $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[], $14::jsonb[])`;

type Event = { actor: Actor; entry: AuditEntry };

function columns(events: Event[]) {
  const column = (value: (actor: Actor, entry: AuditEntry) => string | null | undefined) =>
    events.map(({ actor, entry }) => value(actor, entry) ?? null);
  return [
    column((actor) => actor.type),
    column((actor) => actor.id),
    column((actor) => actor.label),
    column((actor) => actor.ip),
    column((actor) => actor.userAgent?.slice(0, 500)),
    column((_, entry) => entry.action),
    column((_, entry) => entry.outcome ?? "ALLOWED"),
    column((_, entry) => entry.organizationId),
    column((_, entry) => entry.projectId),
    column((_, entry) => entry.targetType),
    column((_, entry) => entry.targetId),
    column((_, entry) => entry.targetName),
    column((_, entry) => entry.reason),
    column((_, entry) => (entry.details === undefined ? null : JSON.stringify(entry.details))),
  ];
}

async function insertEvents(events: Event[]) {
  await sql.query({ name: "audit-insert-events", text: INSERT_EVENTS, values: columns(events) });
  return events.map(() => undefined);
}

/** The batch, and when it fails on an event's content, each event again on its own: one bad event fails only its request. */
const writeEvents = groupCommit(
  // A database that cannot be reached fails them all alike: no point asking it once per event.
  (events: Event[]) => togetherOrEach(events, insertEvents, (error) => !isDatabaseUnavailable(error)),
  256,
  // Two statements at once: they lock nothing shared (see lib/group-commit.ts).
  2,
);

/**
 * Writes one audit event that belongs to no transaction — the REST API's
 * request log and secret reads. Events arriving together are written in one
 * INSERT (group commit); the promise resolves once this event is committed,
 * so a value is never handed out before its read is on record, and rejects
 * when it was not (with its own error: an event PostgreSQL refuses fails
 * only its own request).
 */
export async function recordAuditNow(actor: Actor, entry: AuditEntry): Promise<void> {
  settled(await writeEvents({ actor, entry }));
}
