-- Two-factor sign-in with TOTP and recovery codes (lib/auth/two-factor.ts).
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "totpSecret" BYTEA;
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "totpKeyId" TEXT;
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "totpEnabledAt" TIMESTAMP(3);
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "totpLastStep" INTEGER;
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "totpPending" BYTEA;

CREATE TABLE IF NOT EXISTS "UserRecoveryCode" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserRecoveryCode_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX IF NOT EXISTS "UserRecoveryCode_userId_codeHash_key" ON "UserRecoveryCode"("userId", "codeHash");

ALTER TABLE "UserRecoveryCode" ADD CONSTRAINT "UserRecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
