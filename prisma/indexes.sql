-- Indexes that prisma/schema.prisma cannot declare (partial, on an expression, trigram). The migrations
-- create them (20261130140000_gallery_indexes); tests/schema-drift.test.ts adds this file to the schema's
-- side, so the migrations must build exactly schema.prisma plus these.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The gallery (lib/secrets/queries.ts listSecrets): one index per sort order over the live secrets, each
-- ending in the id (the tiebreak), and carrying the status and the name key so that a filtered or searched
-- view is chosen from the index alone. The Trash (few rows) uses Secret_projectId_deletedAt_updatedAt_idx.
CREATE INDEX "Secret_gallery_name_idx" ON "Secret" ("projectId", "nameKey", "id") INCLUDE ("status") WHERE "deletedAt" IS NULL;
CREATE INDEX "Secret_gallery_status_idx" ON "Secret" ("projectId", "status", "id") INCLUDE ("nameKey") WHERE "deletedAt" IS NULL;
CREATE INDEX "Secret_gallery_version_idx" ON "Secret" ("projectId", "version", "id") INCLUDE ("status", "nameKey") WHERE "deletedAt" IS NULL;
CREATE INDEX "Secret_gallery_updated_idx" ON "Secret" ("projectId", "updatedAt", "id") INCLUDE ("status", "nameKey") WHERE "deletedAt" IS NULL;
CREATE INDEX "Secret_gallery_description_idx" ON "Secret" ("projectId", lower("description"), "id") INCLUDE ("status", "nameKey") WHERE "deletedAt" IS NULL;
-- The name search (a substring of the name, any case): trigrams find the few matching rows among 100,000.
CREATE INDEX "Secret_nameKey_trgm_idx" ON "Secret" USING gin ("nameKey" gin_trgm_ops);

-- lib/audit/activity.ts groups people's events by transaction; API calls' token events need no entry.
CREATE INDEX "AuditEvent_txId_user_idx" ON "AuditEvent" ("txId") WHERE "actorType" = 'USER';
