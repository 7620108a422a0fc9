import "server-only";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { secretRightsForToken, type AccessEntry, type SecretRights, type TokenGrant } from "@/lib/authz/policy";
import { DecryptionError } from "@/lib/crypto/aead";
import { openSecretVersion } from "@/lib/crypto/secret-envelope";
import { db, sql } from "@/lib/db";
import { groupCommit } from "@/lib/group-commit";
import { referenceState, type ReferenceState } from "@/lib/secrets/reference-state";

/**
 * Serving a secret's current value to a program: the reads on the API's hot
 * path (see bench/api.ts), and the one decision — with its decryption — of
 * whether a value leaves, shared by the API's get, a tool's resolution and
 * the Playground.
 */

/** What serving needs of a secret: its status, revocation and expiry, Accesses, and sealed current version. */
export type ServableSecret = {
  id: string;
  name: string;
  description: string;
  status: "ACTIVE" | "INACTIVE" | "REVOKED";
  version: number;
  revokedThroughVersion: number;
  updatedAt: Date;
  deletedAt: Date | null;
  expiresAt: Date | null;
  revision: number;
  accesses: AccessEntry[];
  ciphertext: Uint8Array | null;
  iv: Uint8Array | null;
  dataKeyVersion: number | null;
};

/** A secret's Accesses entries as one JSON column of a query over `"Secret" s`, for the policy's secretRightsForToken. */
export const ACCESSES_AS_JSON = `COALESCE(
  (SELECT json_agg(json_build_object('principalType', a."principalType", 'userId', a."userId", 'roleId', a."roleId", 'tokenId', a."tokenId", 'level', a."level"))
   FROM "SecretAccess" a WHERE a."secretId" = s."id"),
  '[]'::json) AS "accesses"`;

/**
 * The columns of a ServableSecret from `"Secret" s` and its current version
 * `"SecretVersion" v`, each named with `prefix` (so another statement can
 * return them beside its own, as the token check does: lib/tokens/tokens.ts).
 */
export function servableColumns(prefix = "") {
  const named = (expression: string, name: string) => `${expression} AS "${prefix}${name}"`;
  return [
    ...["id", "name", "description", "version", "revokedThroughVersion", "updatedAt", "deletedAt", "revision", "expiresAt"].map((c) =>
      named(`s."${c}"`, c),
    ),
    named(`s."status"::text`, "status"),
    ...["ciphertext", "iv", "dataKeyVersion"].map((c) => named(`v."${c}"`, c)),
    ACCESSES_AS_JSON.replace(/AS "accesses"$/, `AS "${prefix}accesses"`),
  ].join(", ");
}

const SERVABLE_KEYS = [
  "id",
  "name",
  "description",
  "status",
  "version",
  "revokedThroughVersion",
  "updatedAt",
  "deletedAt",
  "revision",
  "expiresAt",
  "accesses",
  "ciphertext",
  "iv",
  "dataKeyVersion",
] as const satisfies readonly (keyof ServableSecret)[];

/** The secret in a row of servableColumns(prefix); undefined when the row has none (a LEFT JOIN that found nothing). */
export function servableFromRow(row: Record<string, unknown>, prefix = ""): ServableSecret | undefined {
  if (row[`${prefix}id`] == null) return undefined;
  return Object.fromEntries(SERVABLE_KEYS.map((key) => [key, row[`${prefix}${key}`]])) as ServableSecret;
}

/** Secrets by id within a project, not in the Trash; the reads that arrive together share one statement. */
const loadTogether = groupCommit(
  async (wanted: { id: string; projectId: string }[]): Promise<(ServableSecret | undefined)[]> => {
    const { rows } = await sql.query<ServableSecret & { projectId: string }>({
      name: "api-secrets-with-accesses",
      text: `SELECT s."projectId", ${servableColumns()}
           FROM unnest($1::uuid[], $2::uuid[]) AS w("id", "projectId")
           JOIN "Secret" s ON s."id" = w."id" AND s."projectId" = w."projectId" AND s."deletedAt" IS NULL
           LEFT JOIN "SecretVersion" v ON v."secretId" = s."id" AND v."version" = s."version"`,
      values: [wanted.map((w) => w.id), wanted.map((w) => w.projectId)],
    });
    const found = new Map(rows.map((row) => [`${row.projectId}:${row.id}`, row]));
    return wanted.map((w) => found.get(`${w.projectId}:${w.id}`));
  },
  256,
  // Two statements at once: they lock nothing shared (see lib/group-commit.ts).
  2,
);

/**
 * A secret of the token's project with the token's rights on it; null when the project has no such secret.
 * `readWithToken` is the secret as the token's own check read it (lib/tokens/tokens.ts), when the call asked it to.
 */
export async function findSecretForToken(
  grant: TokenGrant,
  id: string,
  readWithToken?: { id: string; secret: ServableSecret | undefined },
): Promise<{ secret: ServableSecret; rights: SecretRights } | null> {
  const secret = readWithToken?.id === id ? readWithToken.secret : await loadTogether({ id, projectId: grant.projectId });
  return secret ? { secret, rights: secretRightsForToken(grant, secret.accesses) } : null;
}

export type ServedValue = { state: "ok"; value: string } | { state: Exclude<ReferenceState, "ok"> | "decryption_failed"; value: null };

type Sealed = Pick<
  ServableSecret,
  "id" | "status" | "version" | "revokedThroughVersion" | "deletedAt" | "expiresAt" | "ciphertext" | "iv" | "dataKeyVersion"
>;

/**
 * The current value when it may leave: the secret is Active, not in the
 * Trash, not expired, its current version not revoked, and the caller may
 * read it — otherwise the first reason why not (lib/tools/references.ts).
 */
export async function openCurrentValue(projectId: string, secret: Sealed | null, canRead: boolean): Promise<ServedValue> {
  const state = referenceState(secret, canRead);
  if (state !== "ok" || !secret) return { state: state === "ok" ? "missing" : state, value: null };
  try {
    if (!secret.ciphertext || !secret.iv || secret.dataKeyVersion === null) throw new DecryptionError();
    const value = await openSecretVersion(db, projectId, {
      secretId: secret.id,
      version: secret.version,
      ciphertext: secret.ciphertext,
      iv: secret.iv,
      dataKeyVersion: secret.dataKeyVersion,
    });
    return { state: "ok", value };
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    return { state: "decryption_failed", value: null };
  }
}

export type SecretRead =
  | { ok: true; secret: ServableSecret; value: string }
  | { ok: false; code: "not_found"; secret?: undefined }
  | {
      ok: false;
      code: "forbidden" | "secret_expired" | "secret_revoked" | "secret_inactive" | "decryption_failed";
      secret: ServableSecret;
    };

/** A token's read of one secret's value. A value that does not decrypt is recorded for the administrators. */
export async function readSecretValue(
  grant: TokenGrant,
  actor: Actor,
  id: string,
  readWithToken?: { id: string; secret: ServableSecret | undefined },
): Promise<SecretRead> {
  const found = await findSecretForToken(grant, id, readWithToken);
  if (!found) return { ok: false, code: "not_found" };
  const { secret, rights } = found;
  // Without read access a token learns nothing of the secret's state.
  if (!rights.read) return { ok: false, code: "forbidden", secret };
  const served = await openCurrentValue(grant.projectId, secret, true);
  if (served.state === "ok") return { ok: true, secret, value: served.value };
  if (served.state === "decryption_failed") {
    await recordAudit(db, actor, {
      action: "secret.decrypt_failure",
      outcome: "FAILED",
      projectId: grant.projectId,
      targetType: "secret",
      targetId: secret.id,
      targetName: secret.name,
      reason: new DecryptionError().message,
    });
    return { ok: false, code: "decryption_failed", secret };
  }
  const code = served.state === "expired" ? "secret_expired" : served.state === "inactive" ? "secret_inactive" : "secret_revoked";
  return { ok: false, code, secret };
}
