import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { createTokenSchema } from "@/lib/validation/tokens";

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

type Ctx = { projectId: string; actor: Actor };

export async function createApiToken(ctx: Ctx, input: unknown): Promise<ActionResult<{ tokenId: string; token: string }>> {
  const parsed = createTokenSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { name, scope, expiresInDays } = parsed.data;
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
    if (!token) return { ok: false, message: "This token does not exist in this project." };
    if (token.revokedAt) return { ok: false, message: `"${token.name}" is already revoked.` };
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

export type TokenCheck =
  | { ok: true; token: AuthenticatedToken }
  | { ok: false; code: "missing_token" | "invalid_token" | "token_revoked" | "token_expired"; token?: AuthenticatedToken };

/** How often last use is written: at most once a minute per token, not on every call. */
const LAST_USED_EVERY_MS = 60_000;

/** Checks a bearer token from an Authorization header. Revocation and expiry take effect at once. */
export async function authenticateApiToken(header: string | null): Promise<TokenCheck> {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) return { ok: false, code: "missing_token" };
  const presented = match[1];
  if (!presented.startsWith(TOKEN_PREFIX) || presented.length > 200) return { ok: false, code: "invalid_token" };
  // Raw SQL: this runs on every API call (see bench/api.ts).
  const [row] = await db.$queryRaw<
    {
      id: string;
      projectId: string;
      organizationId: string;
      name: string;
      prefix: string;
      scope: "READ" | "MANAGE";
      expiresAt: Date | null;
      revokedAt: Date | null;
      lastUsedAt: Date | null;
    }[]
  >`SELECT t."id", t."projectId", p."organizationId", t."name", t."prefix", t."scope"::text AS "scope", t."expiresAt", t."revokedAt", t."lastUsedAt"
    FROM "ApiToken" t JOIN "Project" p ON p."id" = t."projectId" WHERE t."tokenHash" = ${hashToken(presented)}`;
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
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { ok: true, token };
}
