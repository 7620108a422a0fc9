-- AlterTable
ALTER TABLE "Secret" ADD COLUMN "revokedThroughVersion" INTEGER NOT NULL DEFAULT 0;

-- Backfill: a secret revoked at some point revoked every version up to the one current then
-- (recorded in its secret.status_change audit events, or its secret.create event when it was created revoked);
-- a secret revoked now revokes its current version.
UPDATE "Secret" s SET "revokedThroughVersion" = GREATEST(
  CASE WHEN s."status" = 'REVOKED' THEN s."version" ELSE 0 END,
  COALESCE((
    SELECT MAX((e."details"->>'version')::int) FROM "AuditEvent" e
    WHERE e."targetType" = 'secret' AND e."targetId" = s."id"::text AND e."action" = 'secret.status_change'
      AND e."details"->>'to' = 'REVOKED' AND (e."details"->>'version') ~ '^[0-9]+$'
  ), 0),
  CASE WHEN EXISTS (
    SELECT 1 FROM "AuditEvent" e
    WHERE e."targetType" = 'secret' AND e."targetId" = s."id"::text AND e."action" = 'secret.create' AND e."details"->>'status' = 'REVOKED'
  ) THEN 1 ELSE 0 END
);
