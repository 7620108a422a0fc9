import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import type { FailureCode } from "@/lib/action-result";
import { canGrantAccessLevel, tokenCan, type SecretRights } from "@/lib/authz/policy";
import { db } from "@/lib/db";
import { openSecretVersion } from "@/lib/crypto/secret-envelope";
import { listSecretAccesses, replaceSecretAccesses } from "@/lib/secrets/accesses";
import { createSecretForToken, importSecrets, rollbackSecret, updateSecret, type UpdateResult } from "@/lib/secrets/commands";
import { listSecretVersions } from "@/lib/secrets/queries";
import { dayOfExpiry } from "@/lib/secrets/rules";
import { findSecretForToken, readSecretValue, type ServableSecret } from "@/lib/secrets/serve";
import { likeLiteral } from "@/lib/text";
import type { ApiContext, ApiReply } from "./app";
import { ApiError, type ApiErrorCode, type LogTarget } from "./errors";
import { IDEMPOTENCY_HOURS, withIdempotency } from "./idempotency";
import type {
  apiAccessListSchema,
  apiCreateSecretSchema,
  apiImportSchema,
  apiListQuerySchema,
  apiRollbackSchema,
  apiUpdateSecretSchema,
} from "./schema";

/**
 * The REST API's secrets: the original platform's JSON shapes (lower-case
 * statuses, `secretString`), and the domain's refusals as statuses and error
 * codes. The policy and the commands decide; this file presents.
 */

const STATUS_OUT = { ACTIVE: "active", INACTIVE: "inactive", REVOKED: "revoked" } as const;
const STATUS_IN = { active: "ACTIVE", inactive: "INACTIVE", revoked: "REVOKED" } as const;
const METADATA = { id: true, name: true, description: true, status: true, version: true, updatedAt: true, expiresAt: true } as const;

type Metadata = Pick<ServableSecret, "id" | "name" | "description" | "status" | "version" | "updatedAt" | "expiresAt">;
const present = (s: Metadata) => ({
  id: s.id,
  name: s.name,
  description: s.description,
  status: STATUS_OUT[s.status],
  version: s.version,
  expiresOn: dayOfExpiry(s.expiresAt) || null,
  updatedAt: s.updatedAt.toISOString(),
});
const targetOf = (s: { id: string; name: string }, details?: Record<string, unknown>): LogTarget => ({
  type: "secret",
  id: s.id,
  name: s.name,
  details,
});

const notFound = () => new ApiError(404, "not_found", "No secret with this id in the token's project.");
const forbidden = (message: string, secret: { id: string; name: string }) => new ApiError(403, "forbidden", message, {}, targetOf(secret));

/** The secret of the token's project and the token's rights on it (404 when the project has none). */
async function load(context: ApiContext, id: string) {
  const found = await findSecretForToken(context.grant, id);
  if (!found) throw notFound();
  return found;
}

/** GET /v1/secrets: the project's secrets (never values), filtered by name or id, paged with start/count. */
export async function apiListSecrets(context: ApiContext, query: z.output<typeof apiListQuerySchema>): Promise<ApiReply> {
  const where = {
    projectId: context.grant.projectId,
    deletedAt: null,
    ...(query.id ? { id: query.id } : {}),
    ...(query.name ? { nameKey: { contains: likeLiteral(query.name.toLowerCase()) } } : {}),
  };
  const [secrets, total] = await Promise.all([
    db.secret.findMany({ where, orderBy: { nameKey: "asc" }, skip: query.start, take: query.count, select: METADATA }),
    db.secret.count({ where }),
  ]);
  return { body: { secrets: secrets.map(present), start: query.start, count: secrets.length, total } };
}

const SERVE_REFUSALS = {
  secret_expired: (s: ServableSecret) => `This secret expired on ${dayOfExpiry(s.expiresAt)}; its value is not served.`,
  secret_revoked: (s: ServableSecret) => `This secret is ${STATUS_OUT[s.status]}; its value is not served.`,
  secret_inactive: (s: ServableSecret) => `This secret is ${STATUS_OUT[s.status]}; its value is not served.`,
};

/** GET /v1/secrets/{id}: with `secretString` only when the token may read it and it is Active. Every read is in the request log. */
export async function apiGetSecret(context: ApiContext, id: string): Promise<ApiReply> {
  const read = await readSecretValue(context.grant, context.actor, id, context.secretReadWithToken);
  if (read.ok) {
    return {
      body: { ...present(read.secret), secretString: read.value },
      target: targetOf(read.secret, { version: read.secret.version }),
      headers: etagOf(read.secret.version),
    };
  }
  if (read.code === "not_found") throw notFound();
  const { secret } = read;
  if (read.code === "forbidden") throw forbidden("This token has no read access to this secret.", secret);
  if (read.code === "decryption_failed") {
    throw new ApiError(
      500,
      "decryption_failed",
      "The stored value could not be decrypted; an administrator has to enter a new value.",
      {},
      targetOf(secret),
    );
  }
  throw new ApiError(403, read.code, SERVE_REFUSALS[read.code](secret), {}, targetOf(secret));
}

/** The API's names for the commands' fields. */
const API_FIELDS: Record<string, string> = { value: "secretString", toVersion: "version" };
const STATUS_OF: Partial<Record<FailureCode, [number, ApiErrorCode]>> = {
  stale: [409, "conflict"],
  name_taken: [409, "conflict"],
  forbidden: [403, "forbidden"],
  secret_revoked: [403, "secret_revoked"],
  version_revoked: [403, "secret_revoked"],
  decryption_failed: [500, "decryption_failed"],
  invalid_input: [422, "invalid_request"],
  invalid_state: [422, "invalid_request"],
};

/** The refusals whose command message speaks to a person in the editor, as a program's author reads them. */
const API_WORDING: Partial<Record<FailureCode, string>> = {
  secret_revoked: "This secret is revoked: its earlier values were invalidated too. Send a new secretString (PUT) instead.",
  version_revoked:
    "That version was revoked (it was current when the secret was revoked, or came before) and can never be brought back. Send a new secretString (PUT) instead.",
};

/** A command's refusal as the API's error, by its code; a field's message names the API's field. */
function commandError(
  result: { code: FailureCode; message: string; fieldErrors?: Record<string, string[] | undefined> },
  target?: LogTarget,
) {
  const field = Object.entries(result.fieldErrors ?? {}).find(([, messages]) => messages?.length);
  const message = field ? `${field[1]![0]} (${API_FIELDS[field[0]] ?? field[0]})` : (API_WORDING[result.code] ?? result.message);
  const [status, code] = STATUS_OF[result.code] ?? [404, "not_found"];
  return new ApiError(status, code, message, {}, target);
}

/** POST /v1/secrets {"secretDefinition": {...}}: manage scope; the creating token may go on changing the secret. */
export async function apiCreateSecret(
  context: ApiContext,
  body: z.output<typeof apiCreateSecretSchema>,
  idempotencyKey?: string,
): Promise<ApiReply> {
  if (!tokenCan(context.grant, "create")) throw new ApiError(403, "forbidden", "Creating secrets needs a token with the manage scope.");
  return withIdempotency(context.grant, idempotencyKey, ["POST /v1/secrets", body], () => createForToken(context, body, idempotencyKey));
}

async function createForToken(
  context: ApiContext,
  body: z.output<typeof apiCreateSecretSchema>,
  idempotencyKey?: string,
): Promise<ApiReply> {
  const d = body.secretDefinition;
  const input = {
    name: d.name,
    value: d.secretString,
    status: d.status ? STATUS_IN[d.status] : "ACTIVE",
    description: d.description ?? "",
    expiresOn: d.expiresOn ?? "",
  };
  const result = await createSecretForToken(context, context.grant.tokenId, input, idempotencyKey ? { idempotencyKey } : undefined);
  if (!result.ok) {
    // The name is taken — by this very request's first send, when its answer was lost (the process died before
    // storing it, or a failure released the key after the create committed): that secret is the answer.
    const earlier =
      result.code === "name_taken" && idempotencyKey
        ? await createdWithKey(context, idempotencyKey, { name: d.name, value: d.secretString })
        : null;
    if (earlier) {
      return {
        status: 201,
        body: present(earlier),
        target: targetOf(earlier, { idempotentReplay: true }),
        headers: { ...etagOf(earlier.version), "Idempotent-Replayed": "true" },
      };
    }
    throw commandError(result);
  }
  const created = result.secret;
  return { status: 201, body: present(created), target: targetOf(created), headers: etagOf(created.version) };
}

/**
 * POST /v1/secrets/import {"text": ".env contents", "existing": "skip"|"overwrite"}: manage scope; the UI's
 * import rules (lib/secrets/commands.ts) with the token's rights, its new secrets writable by the token.
 */
export async function apiImportSecrets(context: ApiContext, body: z.output<typeof apiImportSchema>): Promise<ApiReply> {
  if (!tokenCan(context.grant, "create")) throw new ApiError(403, "forbidden", "Importing secrets needs a token with the manage scope.");
  const result = await importSecrets(context, body);
  if (!result.ok) throw commandError(result);
  const { created, updated, skipped, skippedCount } = result;
  return {
    body: { created, updated, skipped, skippedCount },
    target: { type: "import", details: { created: created.length, updated: updated.length, skipped: skippedCount } },
  };
}

/**
 * The secret this token created with this Idempotency-Key in the last 24 hours (its create's audit event says
 * so) — only when it is this request's secret: the same name and the same first value (opened here, compared
 * in constant time). Another request that reuses the key after its row is gone is not answered with it.
 */
async function createdWithKey(context: ApiContext, key: string, request: { name: string; value: string }) {
  const { projectId, tokenId } = context.grant;
  const [event] = await db.$queryRaw<{ targetId: string }[]>`
    SELECT "targetId" FROM "AuditEvent"
    WHERE "projectId" = ${projectId}::uuid AND "action" = 'secret.create' AND "actorType" = 'TOKEN' AND "actorId" = ${tokenId}
      AND "createdAt" > now() - make_interval(hours => ${IDEMPOTENCY_HOURS}) AND "details"->>'idempotencyKey' = ${key}
    ORDER BY "id" DESC LIMIT 1`;
  if (!event) return null;
  const secret = await db.secret.findFirst({
    where: { id: event.targetId, projectId, deletedAt: null },
    select: {
      ...METADATA,
      versions: { where: { version: 1 }, select: { version: true, ciphertext: true, iv: true, dataKeyVersion: true } },
    },
  });
  const first = secret?.versions[0];
  if (!secret || !first || secret.name.toLowerCase() !== request.name.toLowerCase()) return null;
  const value = await openSecretVersion(db, projectId, { secretId: secret.id, ...first });
  const [a, b] = [Buffer.from(value), Buffer.from(request.value)];
  return a.length === b.length && timingSafeEqual(a, b) ? secret : null;
}

/** A write whose If-Match names a version the secret is no longer (or not yet) at. */
const staleVersion = (secret: { id: string; name: string; version: number }, expected: number) =>
  new ApiError(
    409,
    "conflict",
    `This secret is at version ${secret.version}, not the version ${expected} your If-Match names; read it again (GET) and retry.`,
    {},
    targetOf(secret),
    { currentVersion: secret.version },
  );

/**
 * How many times a write without If-Match is applied afresh when other writes land between its read and its
 * write: each stale attempt means another write succeeded, so a write waits at most for the writers that started
 * with it; a short random pause between attempts spreads their rounds out.
 */
const WRITE_ATTEMPTS = 50;
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));

/**
 * Runs a write on the secret as it is now: `write` gets the freshly read
 * secret and writes with compare-and-set on its revision. When another write
 * landed in between ("stale"), a write with If-Match is checked against the
 * new version (409 when it moved); one without is applied again on top of the
 * new state, so concurrent writers each succeed in turn with their own
 * version (last writer wins, nothing lost).
 */
async function writeInTurn(
  context: ApiContext,
  id: string,
  expectedVersion: number | undefined,
  refusal: string,
  write: (secret: ServableSecret, rights: SecretRights) => Promise<UpdateResult>,
): Promise<{ secret: ServableSecret; version: number }> {
  for (let attempt = 1; ; attempt++) {
    const { secret, rights } = await load(context, id);
    if (!rights.write) throw forbidden(refusal, secret);
    if (expectedVersion !== undefined && secret.version !== expectedVersion) throw staleVersion(secret, expectedVersion);
    const result = await write(secret, rights);
    if (result.ok) return { secret, version: result.version };
    if (result.code !== "stale") throw commandError(result, targetOf(secret));
    if (attempt === WRITE_ATTEMPTS) {
      throw new ApiError(409, "conflict", "This secret kept changing while this write was applied; retry.", {}, targetOf(secret));
    }
    await pause(attempt);
  }
}

const etagOf = (version: number) => ({ ETag: `"${version}"` });

/**
 * PUT /v1/secrets/{id}: manage scope and write access; a new secretString makes a new version. Fields not sent
 * keep their current values. `expectedVersion` is If-Match's.
 */
export async function apiUpdateSecret(
  context: ApiContext,
  id: string,
  body: z.output<typeof apiUpdateSecretSchema>,
  expectedVersion?: number,
): Promise<ApiReply> {
  const d = body.secretDefinition;
  const { secret, version } = await writeInTurn(
    context,
    id,
    expectedVersion,
    "Changing a secret needs the manage scope and write access to it.",
    (secret, rights) =>
      updateSecret(
        context,
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
      ),
  );
  // The answer is this write's own version (its ETag), even when another write has landed since.
  const updated = await db.secret.findUniqueOrThrow({ where: { id: secret.id }, select: METADATA });
  return { body: present({ ...updated, version }), target: targetOf(secret), headers: etagOf(version) };
}

/** GET /v1/secrets/{id}/versions: number and time of each stored version, newest first; never values. */
export async function apiListVersions(context: ApiContext, id: string): Promise<ApiReply> {
  const { secret, rights } = await load(context, id);
  if (!rights.read && !rights.manageAccesses) throw forbidden("This token has no access to this secret.", secret);
  const versions = await listSecretVersions(context.grant.projectId, secret.id);
  return {
    body: {
      id: secret.id,
      name: secret.name,
      currentVersion: secret.version,
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), revoked: v.revoked })),
    },
    target: targetOf(secret),
  };
}

/** POST /v1/secrets/{id}/rollback {"version": n}: version n's value becomes a new version (manage scope and write access). */
export async function apiRollbackSecret(
  context: ApiContext,
  id: string,
  body: z.output<typeof apiRollbackSchema>,
  expectedVersion?: number,
): Promise<ApiReply> {
  const { secret, version } = await writeInTurn(
    context,
    id,
    expectedVersion,
    "Rolling back a secret needs the manage scope and write access to it.",
    (secret) => rollbackSecret(context, secret.id, { toVersion: body.version, revision: secret.revision }),
  );
  const updated = await db.secret.findUniqueOrThrow({ where: { id: secret.id }, select: METADATA });
  return {
    body: present({ ...updated, version }),
    target: targetOf(secret, { from: secret.version, to: body.version, version }),
    headers: etagOf(version),
  };
}

const PRINCIPAL_TYPE_OUT = { USER: "user", ROLE: "role", TOKEN: "service", ALL_TOOLS: "service" } as const;
const PRINCIPAL_KIND_IN = { user: "user", role: "role", service: "token" } as const;
const PRINCIPAL_WORD = { user: "member", role: "role", service: "API token" } as const;

async function presentAccesses(projectId: string, secretId: string) {
  const entries = await listSecretAccesses(projectId, secretId);
  return {
    secretDefinition: {
      accessList: entries.map((e) => ({
        accessLevel: e.level === "WRITE" ? "write" : "read",
        principalType: PRINCIPAL_TYPE_OUT[e.principalType],
        principalId: e.principalId ?? "*",
        // A member by email; a role or token by name.
        principalName: e.principalType === "USER" ? (e.email ?? undefined) : e.label,
      })),
    },
  };
}

/** GET /v1/secrets/{id}/accesses: who may read or write it, for those who may read it or manage its Accesses. */
export async function apiGetAccesses(context: ApiContext, id: string): Promise<ApiReply> {
  const { secret, rights } = await load(context, id);
  if (!rights.read && !rights.manageAccesses) throw forbidden("This token has no access to this secret.", secret);
  return { body: await presentAccesses(context.grant.projectId, secret.id), target: targetOf(secret) };
}

/** POST /v1/secrets/{id}/accesses: replaces the list (manage scope); every principal must belong to the token's project. */
export async function apiSetAccesses(context: ApiContext, id: string, body: z.output<typeof apiAccessListSchema>): Promise<ApiReply> {
  const { secret, rights } = await load(context, id);
  if (!rights.manageAccesses) throw forbidden("Managing accesses needs a token with the manage scope.", secret);
  const list = body.secretDefinition.accessList;
  const requested = list.map((item) => {
    const id = item.principalId ?? "*";
    const key = item.principalType === "service" && id === "*" ? "all_tools" : `${PRINCIPAL_KIND_IN[item.principalType]}:${id}`;
    return { key, level: item.accessLevel === "write" ? ("WRITE" as const) : ("READ" as const) };
  });
  const result = await replaceSecretAccesses(context, secret, requested, (level) => canGrantAccessLevel(rights, level));
  if (!result.ok) {
    const refuse = (status: number, code: ApiErrorCode, message: string) => new ApiError(status, code, message, {}, targetOf(secret));
    if (result.problem === "named_twice") throw refuse(422, "invalid_request", "accessList names a principal twice");
    const item = list[result.index];
    if (result.problem === "unknown_principal") {
      throw refuse(
        422,
        "invalid_request",
        `accessList.${result.index}: no ${PRINCIPAL_WORD[item.principalType]} ${item.principalId ?? "*"} in this project`,
      );
    }
    throw refuse(
      403,
      "forbidden",
      `accessList.${result.index}: this token cannot give ${result.level.toLowerCase()} access to this secret: it does not have it itself.`,
    );
  }
  return { body: await presentAccesses(context.grant.projectId, secret.id), target: targetOf(secret) };
}
