import "server-only";
import type { z } from "zod";
import { ApiError, type ApiContext } from "@/lib/api/http";
import { recordAudit } from "@/lib/audit/record";
import { canGrantAccessLevel, secretRightsForToken, tokenCan } from "@/lib/authz/policy";
import { DecryptionError } from "@/lib/crypto/aead";
import { db, sql } from "@/lib/db";
import { groupCommit } from "@/lib/group-commit";
import type {
  apiAccessListSchema,
  apiCreateSecretSchema,
  apiListQuerySchema,
  apiRollbackSchema,
  apiUpdateSecretSchema,
} from "@/lib/validation/api";
import { createSecret, rollbackSecret, updateSecret } from "./commands";
import { listSecretVersions } from "./queries";
import { dayOfExpiry, isExpired, isServable, isVersionRevoked } from "./rules";
import { openSecretVersion } from "./values";

/** The REST API's secret operations, for an authenticated token; the policy decides each. */

const STATUS_OUT = { ACTIVE: "active", INACTIVE: "inactive", REVOKED: "revoked" } as const;
const STATUS_IN = { active: "ACTIVE", inactive: "INACTIVE", revoked: "REVOKED" } as const;
const METADATA = { id: true, name: true, description: true, status: true, version: true, updatedAt: true, expiresAt: true } as const;

type Metadata = {
  id: string;
  name: string;
  description: string;
  status: keyof typeof STATUS_OUT;
  version: number;
  updatedAt: Date;
  expiresAt: Date | null;
};
const present = (s: Metadata) => ({
  id: s.id,
  name: s.name,
  description: s.description,
  status: STATUS_OUT[s.status],
  version: s.version,
  expiresOn: dayOfExpiry(s.expiresAt) || null,
  updatedAt: s.updatedAt.toISOString(),
});

/** Lists the project's secrets (never values), filtered by name or id, paged with start/count. */
export async function apiListSecrets(context: ApiContext, query: z.output<typeof apiListQuerySchema>) {
  const where = {
    projectId: context.token.projectId,
    deletedAt: null,
    ...(query.id ? { id: query.id } : {}),
    ...(query.name ? { nameKey: { contains: query.name.toLowerCase() } } : {}),
  };
  const [secrets, total] = await Promise.all([
    db.secret.findMany({ where, orderBy: { nameKey: "asc" }, skip: query.start, take: query.count, select: METADATA }),
    db.secret.count({ where }),
  ]);
  return { secrets: secrets.map(present), start: query.start, count: secrets.length, total };
}

type LoadedSecret = Metadata & {
  revokedThroughVersion: number;
  deletedAt: Date | null;
  revision: number;
  accesses: {
    principalType: "USER" | "ROLE" | "TOKEN" | "ALL_TOOLS";
    userId: string | null;
    roleId: string | null;
    tokenId: string | null;
    level: "READ" | "WRITE";
  }[];
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
 * Secrets with their Accesses and current sealed version, by id within a
 * project. This is the API's hot path (see bench/api.ts): the reads that
 * arrive together share one statement.
 */
const loadTogether = groupCommit(async (wanted: { id: string; projectId: string }[]): Promise<(LoadedSecret | undefined)[]> => {
  const { rows } = await sql.query<LoadedSecret & { projectId: string }>({
    name: "api-secrets-with-accesses",
    text: `SELECT s."id", s."projectId", s."name", s."description", s."status"::text AS "status", s."version", s."revokedThroughVersion", s."updatedAt", s."deletedAt", s."revision", s."expiresAt",
                  v."ciphertext", v."iv", v."dataKeyVersion", ${ACCESSES_AS_JSON}
           FROM unnest($1::uuid[], $2::uuid[]) AS w("id", "projectId")
           JOIN "Secret" s ON s."id" = w."id" AND s."projectId" = w."projectId" AND s."deletedAt" IS NULL
           LEFT JOIN "SecretVersion" v ON v."secretId" = s."id" AND v."version" = s."version"`,
    values: [wanted.map((w) => w.id), wanted.map((w) => w.projectId)],
  });
  const found = new Map(rows.map((row) => [`${row.projectId}:${row.id}`, row]));
  return wanted.map((w) => found.get(`${w.projectId}:${w.id}`));
});

/** The secret of the token's project, with what the policy needs to decide on it. */
async function loadSecret(context: ApiContext, id: string) {
  const secret = await loadTogether({ id, projectId: context.token.projectId });
  if (!secret) throw new ApiError(404, "not_found", "No secret with this id in the token's project.");
  context.target = { type: "secret", id: secret.id, name: secret.name };
  return { secret, rights: secretRightsForToken(context.grant, secret.accesses) };
}

/** One secret; its value only when the token may read it and it is Active. Every read is in the request log. */
export async function apiGetSecret(context: ApiContext, id: string) {
  const { secret, rights } = await loadSecret(context, id);
  if (!rights.read) throw new ApiError(403, "forbidden", "This token has no read access to this secret.");
  if (!isServable(secret)) {
    if (secret.status === "ACTIVE" && isExpired(secret)) {
      throw new ApiError(403, "secret_expired", `This secret expired on ${dayOfExpiry(secret.expiresAt)}; its value is not served.`);
    }
    const code = secret.status === "REVOKED" || isVersionRevoked(secret, secret.version) ? "secret_revoked" : "secret_inactive";
    throw new ApiError(403, code, `This secret is ${STATUS_OUT[secret.status]}; its value is not served.`);
  }
  try {
    if (!secret.ciphertext || !secret.iv || secret.dataKeyVersion === null) throw new DecryptionError();
    const secretString = await openSecretVersion(db, context.token.projectId, {
      secretId: secret.id,
      version: secret.version,
      ciphertext: secret.ciphertext,
      iv: secret.iv,
      dataKeyVersion: secret.dataKeyVersion,
    });
    context.target.details = { version: secret.version };
    return { ...present(secret), secretString };
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    await recordAudit(db, context.actor, {
      action: "secret.decrypt_failure",
      outcome: "FAILED",
      projectId: context.token.projectId,
      targetType: "secret",
      targetId: secret.id,
      targetName: secret.name,
      reason: error.message,
    });
    throw new ApiError(500, "decryption_failed", "The stored value could not be decrypted; an administrator has to enter a new value.");
  }
}

export async function apiCreateSecret(context: ApiContext, body: z.output<typeof apiCreateSecretSchema>) {
  if (!tokenCan(context.grant, "create")) throw new ApiError(403, "forbidden", "Creating secrets needs a token with the manage scope.");
  const d = body.secretDefinition;
  const result = await createSecret(
    { projectId: context.token.projectId, actor: context.actor },
    {
      name: d.name,
      value: d.secretString,
      status: d.status ? STATUS_IN[d.status] : "ACTIVE",
      description: d.description ?? "",
      expiresOn: d.expiresOn ?? "",
    },
  );
  if (!result.ok) throw commandError(result);
  // The token that created a secret may go on changing it.
  await db.secretAccess.create({
    data: {
      secretId: result.secretId,
      principalType: "TOKEN",
      principalKey: `token:${context.token.id}`,
      tokenId: context.token.id,
      level: "WRITE",
    },
  });
  const created = await db.secret.findUniqueOrThrow({ where: { id: result.secretId }, select: METADATA });
  context.target = { type: "secret", id: created.id, name: created.name };
  return present(created);
}

export async function apiUpdateSecret(context: ApiContext, id: string, body: z.output<typeof apiUpdateSecretSchema>) {
  const { secret, rights } = await loadSecret(context, id);
  if (!rights.write) throw new ApiError(403, "forbidden", "Changing a secret needs the manage scope and write access to it.");
  const d = body.secretDefinition;
  const result = await updateSecret(
    { projectId: context.token.projectId, actor: context.actor },
    secret.id,
    {
      name: d.name ?? secret.name,
      value: d.secretString ?? "",
      status: d.status ? STATUS_IN[d.status] : secret.status,
      description: d.description ?? secret.description,
      expiresOn: d.expiresOn === undefined ? dayOfExpiry(secret.expiresAt) : (d.expiresOn ?? ""),
      revision: secret.revision,
    },
    { canRename: rights.rename },
  );
  if (!result.ok) throw commandError(result);
  return present(await db.secret.findUniqueOrThrow({ where: { id: secret.id }, select: METADATA }));
}

/** The API's names for the commands' fields. */
const API_FIELDS: Record<string, string> = { value: "secretString", toVersion: "version" };

function commandError(result: { message: string; fieldErrors?: Record<string, string[] | undefined>; conflict?: boolean }) {
  const field = Object.entries(result.fieldErrors ?? {}).find(([, messages]) => messages?.length);
  const message = field ? `${field[1]![0]} (${API_FIELDS[field[0]] ?? field[0]})` : result.message;
  if (result.conflict || /already exists|is in the Trash/.test(message)) return new ApiError(409, "conflict", message);
  if (field) return new ApiError(422, "invalid_request", message);
  return new ApiError(404, "not_found", message);
}

/** The secret's stored versions, newest first: number and time, never values. */
export async function apiListVersions(context: ApiContext, id: string) {
  const { secret, rights } = await loadSecret(context, id);
  if (!rights.read && !rights.manageAccesses) throw new ApiError(403, "forbidden", "This token has no access to this secret.");
  const versions = await listSecretVersions(context.token.projectId, secret.id);
  return {
    id: secret.id,
    name: secret.name,
    currentVersion: secret.version,
    versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), revoked: v.revoked })),
  };
}

/** Brings back an earlier version's value as a new version (manage scope and write access, as for a new value). */
export async function apiRollbackSecret(context: ApiContext, id: string, body: z.output<typeof apiRollbackSchema>) {
  const { secret, rights } = await loadSecret(context, id);
  if (!rights.write) throw new ApiError(403, "forbidden", "Rolling back a secret needs the manage scope and write access to it.");
  const result = await rollbackSecret({ projectId: context.token.projectId, actor: context.actor }, secret.id, {
    toVersion: body.version,
    revision: secret.revision,
  });
  if (!result.ok) {
    if (result.code) throw new ApiError(403, "secret_revoked", result.message);
    if (/could not be decrypted/.test(result.message)) throw new ApiError(500, "decryption_failed", result.message);
    throw commandError(result);
  }
  context.target.details = { from: secret.version, to: body.version, version: result.version };
  return present(await db.secret.findUniqueOrThrow({ where: { id: secret.id }, select: METADATA }));
}

/** The secret's Accesses in the original platform's shape. */
export async function apiGetAccesses(context: ApiContext, id: string) {
  const { secret, rights } = await loadSecret(context, id);
  // Who may read a secret (member emails among them) is for those who may read it or manage its Accesses.
  if (!rights.read && !rights.manageAccesses) throw new ApiError(403, "forbidden", "This token has no access to this secret.");
  const entries = await db.secretAccess.findMany({
    where: { secretId: secret.id },
    orderBy: { createdAt: "asc" },
    select: {
      principalType: true,
      userId: true,
      roleId: true,
      tokenId: true,
      level: true,
      role: { select: { name: true } },
      token: { select: { name: true } },
    },
  });
  const users = await db.user.findMany({
    where: { id: { in: entries.flatMap((e) => (e.userId ? [e.userId] : [])) } },
    select: { id: true, email: true },
  });
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return {
    secretDefinition: {
      accessList: entries.map((e) => ({
        accessLevel: e.level === "WRITE" ? "write" : "read",
        principalType: e.principalType === "USER" ? "user" : e.principalType === "ROLE" ? "role" : "service",
        principalId: e.userId ?? e.roleId ?? e.tokenId ?? "*",
        principalName:
          e.principalType === "ALL_TOOLS"
            ? "All project tools"
            : e.principalType === "USER"
              ? emails.get(e.userId!)
              : (e.role?.name ?? e.token?.name),
      })),
    },
  };
}

/** Replaces the secret's Accesses (manage scope). Every principal must belong to the token's project. */
export async function apiSetAccesses(context: ApiContext, id: string, body: z.output<typeof apiAccessListSchema>) {
  const { secret, rights } = await loadSecret(context, id);
  if (!rights.manageAccesses) throw new ApiError(403, "forbidden", "Managing accesses needs a token with the manage scope.");
  const projectId = context.token.projectId;
  type Row = {
    principalType: "USER" | "ROLE" | "TOKEN" | "ALL_TOOLS";
    principalKey: string;
    level: "READ" | "WRITE";
    userId?: string;
    roleId?: string;
    tokenId?: string;
  };
  const rows: Row[] = [];
  for (const [index, item] of body.secretDefinition.accessList.entries()) {
    const level = item.accessLevel === "write" ? ("WRITE" as const) : ("READ" as const);
    const pid = item.principalId ?? "*";
    if (item.principalType === "service" && pid === "*") {
      rows.push({ principalType: "ALL_TOOLS" as const, principalKey: "all_tools", level });
      continue;
    }
    const uuid = /^[0-9a-f-]{36}$/i.test(pid);
    if (item.principalType === "user") {
      const member = await db.projectMember.findFirst({
        where: { projectId, user: uuid ? { id: pid } : { email: pid.toLowerCase() } },
        select: { userId: true },
      });
      if (!member) throw new ApiError(422, "invalid_request", `accessList.${index}: no member ${pid} in this project`);
      rows.push({ principalType: "USER" as const, principalKey: `user:${member.userId}`, userId: member.userId, level });
    } else if (item.principalType === "role") {
      const role = uuid ? await db.role.findFirst({ where: { id: pid, projectId }, select: { id: true } }) : null;
      if (!role) throw new ApiError(422, "invalid_request", `accessList.${index}: no role ${pid} in this project`);
      rows.push({ principalType: "ROLE" as const, principalKey: `role:${role.id}`, roleId: role.id, level });
    } else {
      const token = uuid ? await db.apiToken.findFirst({ where: { id: pid, projectId, revokedAt: null }, select: { id: true } }) : null;
      if (!token) throw new ApiError(422, "invalid_request", `accessList.${index}: no API token ${pid} in this project`);
      rows.push({ principalType: "TOKEN" as const, principalKey: `token:${token.id}`, tokenId: token.id, level });
    }
  }
  // A token, like a person, gives no level it does not hold on this secret itself (after the principals are known to be valid).
  for (const [index, row] of rows.entries()) {
    if (!canGrantAccessLevel(rights, row.level).ok) {
      throw new ApiError(
        403,
        "forbidden",
        `accessList.${index}: this token cannot give ${row.level.toLowerCase()} access to this secret: it does not have it itself.`,
      );
    }
  }
  const unique = new Map(rows.map((r) => [r.principalKey, r]));
  if (unique.size !== rows.length) throw new ApiError(422, "invalid_request", "accessList names a principal twice");
  await db.$transaction(async (tx) => {
    await tx.secretAccess.deleteMany({ where: { secretId: secret.id } });
    await tx.secretAccess.createMany({ data: rows.map((r) => ({ ...r, secretId: secret.id })) });
    await recordAudit(tx, context.actor, {
      action: "secret.access_replace",
      projectId,
      targetType: "secret",
      targetId: secret.id,
      targetName: secret.name,
      details: { accessList: rows.map((r) => ({ principal: r.principalKey, level: r.level })) },
    });
  });
  return apiGetAccesses(context, id);
}
