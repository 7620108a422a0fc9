-- The Activity groups the events of one save by their transaction, for people's events only
-- (lib/audit/activity.ts). Every API call writes a token's event: a partial index spares each of them
-- one B-tree insert. (On a large deployment, build the new index CONCURRENTLY first: see the README.)
DROP INDEX IF EXISTS "AuditEvent_txId_idx";
CREATE INDEX IF NOT EXISTS "AuditEvent_txId_user_idx" ON "AuditEvent" ("txId") WHERE "actorType" = 'USER';
