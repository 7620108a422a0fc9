import { z } from "zod";
import type { ApiContext, ApiReply } from "./app";
import type { ApiErrorCode } from "./errors";
import {
  apiAccessesSchema,
  apiAccessListSchema,
  apiIdempotencyHeaders,
  apiIfMatchHeaders,
  apiImportResultSchema,
  apiImportSchema,
  apiCreateSecretSchema,
  apiListQuerySchema,
  apiRollbackSchema,
  apiSecretListSchema,
  apiSecretSchema,
  apiSecretValueSchema,
  apiToolConfigSchema,
  apiUpdateSecretSchema,
  apiVersionsSchema,
  versionOfIfMatch,
} from "./schema";
import {
  apiCreateSecret,
  apiGetAccesses,
  apiGetSecret,
  apiImportSecrets,
  apiListSecrets,
  apiListVersions,
  apiRollbackSecret,
  apiSetAccesses,
  apiUpdateSecret,
} from "./secrets";
import { apiToolConfig } from "./tools";

/**
 * Every endpoint of the REST API, and the only list of them: method, path,
 * the token scope it needs, what it validates, and its handler (an adapter
 * under lib/api/ that calls the domain and presents the answer). lib/api/app.ts
 * builds the Hono app from it, for Next's catch-all route and for the front
 * listener alike.
 */

type Schema = z.ZodType;
type Input<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> = {
  params: P extends Schema ? z.output<P> : Record<string, never>;
  query: Q extends Schema ? z.output<Q> : Record<string, never>;
  body: B extends Schema ? z.output<B> : undefined;
  /** The request headers the route declares (lower-case names), validated. */
  headers: Record<string, string | undefined>;
};

type ErrorCodes = readonly ApiErrorCode[];

export type ApiRoute<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> = {
  /** The request log's action is `api.<operation>`. */
  operation: string;
  method: "get" | "post" | "put";
  /** OpenAPI path form: /v1/secrets/{id}. */
  path: string;
  /** The operation's short name (the reference's menu and heading). */
  title: string;
  /** What the operation does, in a sentence or two. */
  summary: string;
  /** The reference's section. */
  tag: "Secrets" | "Accesses" | "Tools";
  /** manage: only tokens with the manage scope; read: every token (the policy then decides per secret). */
  scope: "read" | "manage";
  /** The 403 a read-scope token gets on a manage route. */
  scopeRefusal?: string;
  /** The 404 when a path parameter names nothing (not an id). */
  notFound?: string;
  request?: { params?: P; query?: Q; body?: B; headers?: z.ZodObject };
  /** Answers 201 Created instead of 200. */
  creates?: true;
  /** The success answer carries the secret's version as its ETag. */
  etag?: true;
  /** The success answer's shape (lib/api/schema.ts), for the OpenAPI document and the contract test. */
  response: Schema;
  /** The error codes this route answers, besides the ones every call may get (lib/api/errors.ts). */
  errors: ErrorCodes;
  /** The `id` path parameter names a secret whose value the call serves: the token check reads it too (lib/tokens/tokens.ts). */
  servesSecret?: true;
  handler: (context: ApiContext, input: Input<P, Q, B>) => Promise<ApiReply>;
};

const route = <
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  definition: ApiRoute<P, Q, B>,
) => definition as unknown as ApiRoute;

const secretId = z.object({ id: z.uuid() });
const NO_SECRET = "No secret with this id in the token's project.";

export const API_ROUTES: readonly ApiRoute[] = [
  route({
    operation: "secrets.list",
    title: "List secrets",
    tag: "Secrets",
    method: "get",
    path: "/v1/secrets",
    summary: "The project's secrets, never values; filtered by name or id, paged with start and count",
    scope: "read",
    request: { query: apiListQuerySchema },
    response: apiSecretListSchema,
    errors: ["invalid_request"],
    handler: (context, { query }) => apiListSecrets(context, query),
  }),
  route({
    operation: "secrets.create",
    title: "Create a secret",
    tag: "Secrets",
    method: "post",
    path: "/v1/secrets",
    summary: "Creates a secret (version 1); the creating token gets write access to it",
    scope: "manage",
    creates: true,
    scopeRefusal: "Creating secrets needs a token with the manage scope.",
    request: { body: apiCreateSecretSchema, headers: apiIdempotencyHeaders },
    etag: true,
    response: apiSecretSchema,
    errors: ["invalid_request", "conflict", "malformed_json", "unsupported_media_type", "body_too_large"],
    handler: (context, { body, headers }) => apiCreateSecret(context, body, headers["idempotency-key"]),
  }),
  route({
    operation: "secrets.import",
    title: "Import a .env file",
    tag: "Secrets",
    method: "post",
    path: "/v1/secrets/import",
    summary:
      "Creates a secret for each KEY=value line, as the Secrets page's import does: new names all together or none; an existing name is skipped, or given a new version with existing=overwrite where the token may write; each line left out is reported by number, never with its value",
    scope: "manage",
    scopeRefusal: "Importing secrets needs a token with the manage scope.",
    request: { body: apiImportSchema },
    response: apiImportResultSchema,
    errors: ["invalid_request", "malformed_json", "unsupported_media_type", "body_too_large"],
    handler: (context, { body }) => apiImportSecrets(context, body),
  }),
  route({
    operation: "secrets.get",
    title: "Read a secret",
    tag: "Secrets",
    method: "get",
    path: "/v1/secrets/{id}",
    summary: "One secret, with secretString only when the token may read it and it is Active",
    scope: "read",
    notFound: NO_SECRET,
    request: { params: secretId },
    etag: true,
    response: apiSecretValueSchema,
    errors: ["not_found", "forbidden", "secret_inactive", "secret_revoked", "secret_expired", "decryption_failed"],
    servesSecret: true,
    handler: (context, { params }) => apiGetSecret(context, params.id),
  }),
  route({
    operation: "secrets.update",
    title: "Change a secret",
    tag: "Secrets",
    method: "put",
    path: "/v1/secrets/{id}",
    summary:
      "Changes a secret; a new secretString makes a new version. Concurrent writes without If-Match each apply in turn (last writer wins); with If-Match, a stale write gets 409",
    scope: "manage",
    scopeRefusal: "Changing a secret needs the manage scope and write access to it.",
    notFound: NO_SECRET,
    request: { params: secretId, body: apiUpdateSecretSchema, headers: apiIfMatchHeaders },
    response: apiSecretSchema,
    etag: true,
    errors: ["not_found", "forbidden", "invalid_request", "conflict", "malformed_json", "unsupported_media_type", "body_too_large"],
    handler: (context, { params, body, headers }) => apiUpdateSecret(context, params.id, body, versionOfIfMatch(headers["if-match"])),
  }),
  route({
    operation: "secrets.versions",
    title: "List a secret's versions",
    tag: "Secrets",
    method: "get",
    path: "/v1/secrets/{id}/versions",
    summary: "The stored versions, newest first: number, time, whether revoked; never values",
    scope: "read",
    notFound: NO_SECRET,
    request: { params: secretId },
    response: apiVersionsSchema,
    errors: ["not_found", "forbidden"],
    handler: (context, { params }) => apiListVersions(context, params.id),
  }),
  route({
    operation: "secrets.rollback",
    title: "Roll a secret back",
    tag: "Secrets",
    method: "post",
    path: "/v1/secrets/{id}/rollback",
    summary: "Brings an earlier version's value back as a new version",
    scope: "manage",
    scopeRefusal: "Rolling back a secret needs the manage scope and write access to it.",
    notFound: NO_SECRET,
    request: { params: secretId, body: apiRollbackSchema, headers: apiIfMatchHeaders },
    response: apiSecretSchema,
    etag: true,
    errors: ["not_found", "forbidden", "invalid_request", "conflict", "secret_revoked", "decryption_failed", "malformed_json"],
    handler: (context, { params, body, headers }) => apiRollbackSecret(context, params.id, body, versionOfIfMatch(headers["if-match"])),
  }),
  route({
    operation: "secrets.accesses.get",
    title: "Read a secret's accesses",
    tag: "Accesses",
    method: "get",
    path: "/v1/secrets/{id}/accesses",
    summary: "Who and what may read or write the secret",
    scope: "read",
    notFound: NO_SECRET,
    request: { params: secretId },
    response: apiAccessesSchema,
    errors: ["not_found", "forbidden"],
    handler: (context, { params }) => apiGetAccesses(context, params.id),
  }),
  route({
    operation: "secrets.accesses.set",
    title: "Replace a secret's accesses",
    tag: "Accesses",
    method: "post",
    path: "/v1/secrets/{id}/accesses",
    summary: "Replaces the secret's Accesses; the token gives no level it does not hold",
    scope: "manage",
    scopeRefusal: "Managing accesses needs a token with the manage scope.",
    notFound: NO_SECRET,
    request: { params: secretId, body: apiAccessListSchema },
    response: apiAccessesSchema,
    errors: ["not_found", "forbidden", "invalid_request", "malformed_json", "unsupported_media_type"],
    handler: (context, { params, body }) => apiSetAccesses(context, params.id, body),
  }),
  route({
    operation: "tools.config",
    title: "Resolve a tool's settings",
    tag: "Tools",
    method: "get",
    path: "/v1/tools/{tool}/config",
    summary: "A tool's settings, each secret reference resolved or with the reason why not",
    scope: "read",
    request: { params: z.object({ tool: z.string() }) },
    response: apiToolConfigSchema,
    errors: ["not_found"],
    handler: (context, { params }) => apiToolConfig(context, params.tool),
  }),
];
