-- The organization setting "require two-factor sign-in for administrators" (Organization → Settings).
ALTER TABLE "Organization" ADD COLUMN IF NOT EXISTS "requireAdminTwoFactor" BOOLEAN NOT NULL DEFAULT false;
