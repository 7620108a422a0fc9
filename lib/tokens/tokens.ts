import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/record";
import { canCreateToken } from "@/lib/authz/policy";
import { db, sql } from "@/lib/db";
import { groupCommit } from "@/lib/group-commit";
import { rateLimitState, type RateLimitState } from "@/lib/rate-limit";
import { servableColumns, servableFromRow, type ServableSecret } from "@/lib/secrets/serve";
import { createTokenSchema } from "@/lib/tokens/schema";
import type { AuthorizedMember } from "@/lib/authz/context";

/**
 * Project API tokens: shown once at creation, stored only as a SHA-256 hash
 * with a visible prefix; they can expire and be revoked, and record when
 * they were last used. (A fast hash is right here: tokens are 256 random
 * bits, not guessable passwords.)
 */

const TOKEN_PREFIX = "eai_";

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

type Ctx = AuthorizedMember;

export async function createApiToken(ctx: Ctx, input: unknown): Promise<ActionResult<{ tokenId: string; token: string }>> {
  const parsed = createTokenSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { name, scope, expiresInDays } = parsed.data;
  // A token never holds more than its creator: its scope needs the creator's own rights (policy.ts).
  const delegation = canCreateToken(ctx.grant, scope);
  if (!delegation.ok) return fieldError("scope", delegation.reason);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  const expiresAt = expiresInDays > 0 ? new Date(Date.now() + expiresInDays * 24 * 60 * 60 * 1000) : null;
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { projectId: ctx.projectId, name, prefix, tokenHash: hashToken(token), scope, expiresAt, createdById: ctx.actor.id },
      select: { id: true },
    });
    await recordAudit(tx, ctx.actor, {
      action: "token.create",
      projectId: ctx.projectId,
      targetType: "token",
      targetId: row.id,
      targetName: name,
      details: { scope, prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return row;
  });
  return { ok: true, tokenId: created.id, token };
}

export async function revokeApiToken(ctx: Ctx, tokenId: string): Promise<ActionResult<{ name: string }>> {
  return db.$transaction(async (tx): Promise<ActionResult<{ name: string }>> => {
    const token = await tx.apiToken.findFirst({
      where: { id: tokenId, projectId: ctx.projectId },
      select: { name: true, revokedAt: true },
    });
    if (!token) return { ok: false, code: "not_found", message: "This token does not exist in this project." };
    if (token.revokedAt) return { ok: false, code: "invalid_state", message: `"${token.name}" is already revoked.` };
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, ctx.actor, {
      action: "token.revoke",
      projectId: ctx.projectId,
      targetType: "token",
      targetId: tokenId,
      targetName: token.name,
    });
    return { ok: true, name: token.name };
  });
}

export async function listApiTokens(projectId: string) {
  const tokens = await db.apiToken.findMany({
    where: { projectId },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, scope: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true },
  });
  const now = Date.now();
  return tokens.map((t) => ({
    ...t,
    state: t.revokedAt ? ("revoked" as const) : t.expiresAt && t.expiresAt.getTime() <= now ? ("expired" as const) : ("active" as const),
  }));
}

export type AuthenticatedToken = {
  id: string;
  projectId: string;
  organizationId: string;
  name: string;
  prefix: string;
  scope: "READ" | "MANAGE";
};

/** A secret the token's check also read, for the call that named it (see authenticateApiCall). */
export type SecretReadWithToken = { id: string; secret: ServableSecret | undefined };

export type TokenCheck =
  | { ok: true; token: AuthenticatedToken; calls: RateLimitState; secret?: SecretReadWithToken }
  | { ok: false; code: "missing_token" | "invalid_token" | "token_revoked" | "token_expired"; token?: AuthenticatedToken };

/** The per-token call counter's window, and its key in RateLimitBucket. */
export const API_WINDOW_SECONDS = 60;
const API_CALL_KEY_PREFIX = "api:token:";
export const apiCallKey = (tokenId: string) => `${API_CALL_KEY_PREFIX}${tokenId}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a bearer token from an Authorization header and, when it is valid,
 * counts the call in the token's per-minute window. Revocation and expiry
 * take effect at once: every call reads the token's row.
 *
 * `readSecret` names a secret the call will serve (`GET /v1/secrets/{id}`,
 * the API's hottest call): the same statement then reads it too, from the
 * token's own project and only for a valid token, one database round trip
 * less than reading it after the check. (An id that is not a UUID is not
 * read: the route's validation answers it.)
 */
export async function authenticateApiCall(header: string | null, readSecret?: string): Promise<TokenCheck> {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) return { ok: false, code: "missing_token" };
  const presented = match[1];
  if (!presented.startsWith(TOKEN_PREFIX) || presented.length > 200) return { ok: false, code: "invalid_token" };
  const secretId = readSecret !== undefined && UUID.test(readSecret) ? readSecret : undefined;
  const row = await checkTogether({ hash: hashToken(presented), secretId });
  if (!row) return { ok: false, code: "invalid_token" };
  const token: AuthenticatedToken = {
    id: row.id,
    projectId: row.projectId,
    organizationId: row.organizationId,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
  };
  if (row.revokedAt) return { ok: false, code: "token_revoked", token };
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return { ok: false, code: "token_expired", token };
  if (row.count === null || row.windowStart === null) return { ok: false, code: "token_expired", token }; // expired between the two clocks
  return {
    ok: true,
    token,
    calls: rateLimitState({ count: row.count, windowStart: row.windowStart }, API_WINDOW_SECONDS),
    ...(secretId ? { secret: { id: secretId, secret: servableFromRow(row, SECRET_COLUMN) } } : {}),
  };
}

type TokenRow = AuthenticatedToken & {
  tokenHash: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  count: number | null;
  windowStart: Date | null;
};

const SECRET_COLUMN = "secret.";

/**
 * This runs on every API call (see bench/api.ts), so the calls that arrive
 * together share one statement (group commit): it reads their tokens, adds
 * each valid token's calls to its counter in one upsert per token (instead of
 * queueing on the counter's row lock one commit per call), writes last use
 * at most once a minute, and reads the secret a call names. One row per
 * call; each call gets its own position in its window.
 */
const checkTogether = groupCommit(async (calls: { hash: string; secretId: string | undefined }[]): Promise<(TokenRow | undefined)[]> => {
  const perToken = new Map<string, number>();
  for (const { hash } of calls) perToken.set(hash, (perToken.get(hash) ?? 0) + 1);
  const distinct = [...perToken.keys()].sort();
  const { rows } = await sql.query<TokenRow & { call: string }>({
    name: "api-token-check-and-count",
    text: `WITH presented AS (
             SELECT h."hash", h."n" FROM unnest($1::text[], $2::int[]) AS h("hash", "n")
           ), token AS (
             SELECT t."tokenHash", t."id", t."projectId", p."organizationId", t."name", t."prefix", t."scope"::text AS "scope",
                    t."expiresAt", t."revokedAt", pr."n",
                    t."revokedAt" IS NULL AND (t."expiresAt" IS NULL OR t."expiresAt" > now()) AS "valid"
             FROM presented pr JOIN "ApiToken" t ON t."tokenHash" = pr."hash" JOIN "Project" p ON p."id" = t."projectId"
           ), counted AS (
             INSERT INTO "RateLimitBucket" AS b ("key", "windowStart", "count")
             SELECT $4::text || token."id", now(), token."n" FROM token WHERE token."valid" ORDER BY 1
             ON CONFLICT ("key") DO UPDATE SET
               "windowStart" = CASE WHEN b."windowStart" <= now() - make_interval(secs => $3) THEN now() ELSE b."windowStart" END,
               "count" = CASE WHEN b."windowStart" <= now() - make_interval(secs => $3) THEN EXCLUDED."count" ELSE b."count" + EXCLUDED."count" END
             RETURNING b."key", b."count", b."windowStart"
           ), used AS (
             -- Last use is a hint: rows are taken in id order and a row another instance holds is skipped, never waited for
             -- (two instances updating tokens in different orders could otherwise deadlock).
             UPDATE "ApiToken" t SET "lastUsedAt" = now()
             WHERE t."id" IN (
               SELECT u."id" FROM "ApiToken" u JOIN token ON token."id" = u."id"
               WHERE token."valid" AND (u."lastUsedAt" IS NULL OR u."lastUsedAt" < now() - interval '1 minute')
               ORDER BY u."id" FOR UPDATE OF u SKIP LOCKED
             )
           )
           SELECT c."call", token."tokenHash", token."id", token."projectId", token."organizationId", token."name", token."prefix", token."scope",
                  token."expiresAt", token."revokedAt", counted."count", counted."windowStart", ${servableColumns(SECRET_COLUMN)}
           FROM unnest($5::text[], $6::uuid[]) WITH ORDINALITY AS c("hash", "secretId", "call")
           JOIN token ON token."tokenHash" = c."hash"
           LEFT JOIN counted ON counted."key" = $4::text || token."id"
           -- A secret only for a valid token, only from its own project.
           LEFT JOIN "Secret" s ON token."valid" AND s."id" = c."secretId" AND s."projectId" = token."projectId" AND s."deletedAt" IS NULL
           LEFT JOIN "SecretVersion" v ON v."secretId" = s."id" AND v."version" = s."version"`,
    values: [
      distinct,
      distinct.map((hash) => perToken.get(hash)!),
      API_WINDOW_SECONDS,
      API_CALL_KEY_PREFIX,
      calls.map((c) => c.hash),
      calls.map((c) => c.secretId ?? null),
    ],
  });
  const byCall = new Map(rows.map((row) => [Number(row.call) - 1, row]));
  // The n calls of a token in this batch took its window's last n positions.
  const seen = new Map<string, number>();
  return calls.map(({ hash }, i) => {
    const row = byCall.get(i);
    if (!row || row.count === null) return row;
    const earlier = seen.get(hash) ?? 0;
    seen.set(hash, earlier + 1);
    return { ...row, count: Number(row.count) - perToken.get(hash)! + earlier + 1 };
  });
});
