import type { SecretStatusValue } from "@/lib/secrets/schema";

/**
 * The status rules of a secret (DESIGN.md, "Rules of a secret"), pure so that
 * the editor, the server and the tests share them.
 */

/** Only an Active secret that is not in the trash and has not expired is ever served to a tool or an API token. */
export function isServable(
  secret: { status: SecretStatusValue; deletedAt: Date | null; expiresAt: Date | null } & RevocationMark,
  now = new Date(),
): boolean {
  return secret.status === "ACTIVE" && secret.deletedAt === null && !isExpired(secret, now) && !currentVersionRevoked(secret);
}

/**
 * Whether a version was current when its secret was revoked (or came before
 * one that was): such a value leaked or was invalidated, and is never served,
 * revealed or rolled back to again, whatever the secret's status is now.
 */
export function isVersionRevoked(secret: { revokedThroughVersion?: number }, version: number): boolean {
  return version <= (secret.revokedThroughVersion ?? 0);
}

/** A secret's version and revocation mark (absent: nothing was ever revoked). */
type RevocationMark = { version?: number; revokedThroughVersion?: number };
const currentVersionRevoked = (secret: RevocationMark) => secret.version !== undefined && isVersionRevoked(secret, secret.version);

/** Past its last day of use. People with read access can still reveal it, to rotate it. */
export function isExpired(secret: { expiresAt: Date | null }, now = new Date()): boolean {
  return secret.expiresAt !== null && secret.expiresAt.getTime() <= now.getTime();
}

/** Within this many days of its last day, a secret is shown as expiring soon (gallery, editor, dashboard). */
export const EXPIRY_WARNING_DAYS = 14;

/** A last day of use ("YYYY-MM-DD", or "" for none) as the moment it ends: 23:59:59.999 UTC that day. */
export function expiryFromDay(day: string): Date | null {
  return day ? new Date(`${day}T23:59:59.999Z`) : null;
}

/** The last day of use of an expiry, for a date field. */
export function dayOfExpiry(expiresAt: Date | null): string {
  return expiresAt ? expiresAt.toISOString().slice(0, 10) : "";
}

/** A changed expiry must leave the secret usable at least today. */
export function expiryError(expiresAt: Date | null, previous: Date | null, now = new Date()): string | null {
  if (!expiresAt || expiresAt.getTime() === previous?.getTime()) return null;
  return expiresAt.getTime() < now.getTime() ? "Choose today or a later day." : null;
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
export function isRevealable(secret: { status: SecretStatusValue; deletedAt: Date | null } & RevocationMark): boolean {
  return secret.status !== "REVOKED" && secret.deletedAt === null && !currentVersionRevoked(secret);
}
