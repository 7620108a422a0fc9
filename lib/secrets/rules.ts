import type { SecretStatusValue } from "@/lib/validation/secrets";

/**
 * The status rules of a secret (DESIGN.md, "Rules of a secret"), pure so that
 * the editor, the server and the tests share them.
 */

/** Only an Active secret that is not in the trash is ever served to a tool or an API token. */
export function isServable(secret: { status: SecretStatusValue; deletedAt: Date | null }): boolean {
  return secret.status === "ACTIVE" && secret.deletedAt === null;
}

/**
 * A revoked value is invalidated for good: bringing a revoked secret back to
 * Active or Inactive needs a new value (a new version).
 */
export function statusChangeError(from: SecretStatusValue, to: SecretStatusValue, hasNewValue: boolean): string | null {
  if (from === "REVOKED" && to !== "REVOKED" && !hasNewValue) {
    return "This secret is revoked: enter a new value to use it again.";
  }
  return null;
}

/** Whether a person may read a secret's value: revoked values are never served, to anyone. */
export function isRevealable(secret: { status: SecretStatusValue; deletedAt: Date | null }): boolean {
  return secret.status !== "REVOKED" && secret.deletedAt === null;
}
