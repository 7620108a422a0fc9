/**
 * Whether a secret reference (a name in a tool's settings) resolves, and if
 * not, why. Pure: the settings page, the Tools list and the REST API's
 * resolution share it.
 */
export type ReferenceState = "ok" | "missing" | "deleted" | "revoked" | "inactive" | "expired" | "forbidden" | "unconfirmed";

export const REFERENCE_LABELS: Record<ReferenceState, string> = {
  ok: "OK",
  missing: "Missing",
  deleted: "Deleted",
  revoked: "Revoked",
  inactive: "Inactive",
  expired: "Expired",
  forbidden: "No access",
  unconfirmed: "Unconfirmed",
};

export type ReferencedSecret = {
  status: "ACTIVE" | "INACTIVE" | "REVOKED";
  deletedAt: Date | null;
  expiresAt: Date | null;
  /** With both, a current version that was revoked (lib/secrets/rules.ts) reads as revoked whatever the status. */
  version?: number;
  revokedThroughVersion?: number;
};

/**
 * A reference is confirmed when its saver was checked against its secret, or can read it now (the name had no
 * secret yet when someone who is not a Project Administrator saved it: ToolSetting.referenceChecked). One that
 * is not resolves to nothing: "unconfirmed" — an administrator, or someone who can read it, saves the settings again.
 */
export function confirmedState(state: ReferenceState, confirmed: boolean): ReferenceState {
  return state === "ok" && !confirmed ? "unconfirmed" : state;
}

/** The first reason, in the order a person would fix them, that a reference does not resolve. */
export function referenceState(secret: ReferencedSecret | null, canRead: boolean, now = new Date()): ReferenceState {
  if (!secret) return "missing";
  if (secret.deletedAt) return "deleted";
  if (secret.status === "REVOKED" || (secret.version ?? Infinity) <= (secret.revokedThroughVersion ?? 0)) return "revoked";
  if (secret.status === "INACTIVE") return "inactive";
  if (secret.expiresAt && secret.expiresAt <= now) return "expired";
  if (!canRead) return "forbidden";
  return "ok";
}
