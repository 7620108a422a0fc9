-- A password change signs out every other session: the one that made the change is kept.
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "sessionKeptId" TEXT;
