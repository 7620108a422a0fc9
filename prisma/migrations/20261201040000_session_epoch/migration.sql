-- Sessions end by a per-user counter instead of a time (lib/auth/sessions.ts): a token carries the counter read
-- with the password at sign-in, so a sign-in racing a password change or "sign out everywhere" is refused too,
-- whatever the servers' clocks say; the browser that changes its password gets a new token instead of being kept.
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "sessionEpoch" INTEGER NOT NULL DEFAULT 0;
-- A user who signed out everywhere: every token issued so far (none carries a counter) stays refused.
UPDATE "User" SET "sessionEpoch" = 1 WHERE "sessionsValidAfter" IS NOT NULL;
ALTER TABLE "User" DROP COLUMN IF EXISTS "sessionsValidAfter";
ALTER TABLE "User" DROP COLUMN IF EXISTS "sessionKeptId";
ALTER TABLE "UserSession" ADD COLUMN IF NOT EXISTS "epoch" INTEGER NOT NULL DEFAULT 0;
