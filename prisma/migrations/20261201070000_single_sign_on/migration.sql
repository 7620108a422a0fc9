-- Single sign-on over OIDC (lib/auth/sso.ts): a person's accounts at the identity provider, linked by verified
-- email, and the email domains whose people an organization admits at their first sign-in.
CREATE TABLE IF NOT EXISTS "UserIdentity" (
  "id" UUID NOT NULL,
  "userId" UUID NOT NULL,
  "issuer" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "email" TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "lastUsedAt" TIMESTAMP(3),
  CONSTRAINT "UserIdentity_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "UserIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "UserIdentity_issuer_subject_key" ON "UserIdentity"("issuer", "subject");
-- One identity per person at a provider: a second account there claiming the same email links nothing.
CREATE UNIQUE INDEX IF NOT EXISTS "UserIdentity_userId_issuer_key" ON "UserIdentity"("userId", "issuer");

ALTER TABLE "Organization" ADD COLUMN IF NOT EXISTS "ssoSignUpDomains" TEXT[] DEFAULT ARRAY[]::TEXT[];
