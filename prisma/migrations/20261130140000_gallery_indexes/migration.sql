-- The gallery at 100,000 secrets (issue 12, measured in bench/gallery.ts): an index per sort order replaces
-- the one status-and-name index. These cannot be declared in schema.prisma; prisma/indexes.sql lists them.
DROP INDEX "Secret_projectId_deletedAt_status_nameKey_idx";

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
