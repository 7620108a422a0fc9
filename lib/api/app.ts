import "server-only";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { recordAuditNow } from "@/lib/audit/record-now";
import { db, isDatabaseUnavailable } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address";
import { addSecurityHeaders } from "@/lib/http/security-headers";
import { MAX_BODY_BYTES } from "@/lib/http/limits";
import { hitRateLimit } from "@/lib/rate-limit";
import { authenticateApiCall, type AuthenticatedToken, type SecretReadWithToken } from "@/lib/tokens/tokens";
import {
  API_ERROR_EXAMPLES,
  API_ERROR_HEADERS,
  API_ERROR_STATUS,
  ApiError,
  apiErrorSchema,
  COMMON_ERRORS,
  errorResponse,
  internalError,
  unavailable,
  type ApiErrorCode,
  type LogTarget,
} from "./errors";
import { API_ROUTES, type ApiRoute } from "./routes";
import { tokenContext, type AuthorizedToken } from "@/lib/authz/context";

/**
 * The REST API as one Hono app built from the route table (lib/api/routes.ts):
 * Next serves it through app/v1/[...path]/route.ts, and `npm start`'s front
 * listener (server/front-server.ts) serves the same app without Next. Around
 * every route: the body limit, the bearer token, the per-token rate limit
 * (counters in PostgreSQL, so it holds across instances), parameter and body
 * validation, JSON errors with a stable code, and one request-log event per
 * call, written before the answer leaves.
 */

/** A checked token's call: the project it may act in (lib/authz/context.ts) and the token itself. */
export type ApiContext = AuthorizedToken & { token: AuthenticatedToken; secretReadWithToken?: SecretReadWithToken };
/** What a route's handler answers: the JSON body, and what the request log names as its target. */
export type ApiReply = { status?: 200 | 201; body: unknown; target?: LogTarget; headers?: Record<string, string> };

type Env = { Variables: { api: ApiContext; target?: LogTarget; failure?: ApiError } };

const METHODS = new Set(["GET", "POST", "PUT"]);

const limitPerMinute = () => Number(process.env.API_RATE_LIMIT_PER_MINUTE ?? 600);
/** Calls with missing, unknown, revoked or expired tokens one address may make in a minute before they get 429. */
export const REFUSED_TOKENS_PER_MINUTE = Number(process.env.API_REFUSED_TOKENS_PER_MINUTE ?? 60);

const tooLarge = () =>
  new ApiError(413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, { Connection: "close" });

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw tooLarge();
  },
});

/** The path as the client sent it (still escaped), for checks and the request log. */
const rawPath = (url: string) => {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const query = url.indexOf("?", start);
  return url.slice(start, query === -1 ? undefined : query);
};

/**
 * What every call passes before its token is even read: a method the API
 * serves, a path that decodes, and a body within the limit, in whole — a
 * client that stalls half way holds no token check or database work.
 */
const beforeAuthentication: MiddlewareHandler<Env> = async (c, next) => {
  const method = c.req.method;
  if (!METHODS.has(method)) throw new ApiError(405, "method_not_allowed", `${method} is not allowed here.`);
  if (c.req.url.includes("%")) {
    try {
      decodeURIComponent(rawPath(c.req.url));
    } catch {
      throw new ApiError(404, "not_found", "No such API endpoint.");
    }
  }
  // (A GET's body is never read, nor looked at: on @hono/node-server that would build a whole Request.)
  if (method === "GET") return next();
  const declared = c.req.header("content-length");
  // hono's bodyLimit lets a declared length decide (Node's HTTP parser holds the body to it), but asks for the
  // body's stream first, which on @hono/node-server builds a whole Request, stream and AbortSignal per call
  // (a fifth of a create's CPU, measured with PARTS=create npm run bench): the same decision, without it.
  if (declared !== undefined && /^\d+$/.test(declared) && c.req.header("transfer-encoding") === undefined) {
    if (Number(declared) > MAX_BODY_BYTES) throw tooLarge();
    await readWholeBody(c);
    return next();
  }
  return limitBody(c, async () => {
    await readWholeBody(c);
    await next();
  });
};

/** Reads the body before anything else happens; the validators then parse it from hono's cache. */
async function readWholeBody(c: Context<Env>) {
  try {
    await c.req.text();
  } catch {
    throw new ApiError(400, "malformed_json", "The request body could not be read whole.", { Connection: "close" });
  }
}

function outcomeOf(status: number) {
  return status < 400
    ? ("ALLOWED" as const)
    : status === 401 || status === 403 || status === 429
      ? ("DENIED" as const)
      : ("FAILED" as const);
}

/** Authenticates the call, applies the rate limit, and writes its request-log event once the route has answered. */
function authenticated({ operation, scope, scopeRefusal, servesSecret }: ApiRoute): MiddlewareHandler<Env> {
  return async (c, next) => {
    const request = c.req.raw;
    const path = rawPath(request.url);
    const meta = { ip: clientAddressFrom(request.headers), userAgent: request.headers.get("user-agent") };
    let check: Awaited<ReturnType<typeof authenticateApiCall>>;
    try {
      check = await authenticateApiCall(request.headers.get("authorization"), servesSecret ? c.req.param("id") : undefined);
    } catch (error) {
      // The database cannot check the token (it is down, say): nothing is served, and nothing can be logged there.
      logFailure(operation, path, error);
      return errorResponse(unavailable("check API tokens"));
    }
    if (!check.ok) return refuseToken(check, { operation, method: request.method, path, meta });

    const { token } = check;
    const context: ApiContext = {
      ...tokenContext(token, { type: "TOKEN", id: token.id, label: `${token.name} (${token.prefix}…)`, ...meta }),
      token,
      secretReadWithToken: check.secret,
    };
    c.set("api", context);
    let failure: ApiError | undefined;
    let response: Response;
    if (check.calls.count > limitPerMinute()) {
      failure = new ApiError(
        429,
        "rate_limited",
        `More than ${limitPerMinute()} requests in a minute; retry after ${check.calls.retryAfterSeconds} s.`,
        { "Retry-After": String(check.calls.retryAfterSeconds) },
      );
      response = errorResponse(failure);
    } else if (scope === "manage" && token.scope !== "MANAGE") {
      failure = new ApiError(403, "forbidden", scopeRefusal ?? "This call needs a token with the manage scope.");
      response = errorResponse(failure);
    } else {
      await next();
      response = c.res;
      failure = c.get("failure");
    }
    const target = c.get("target") ?? failure?.target;
    try {
      await recordAuditNow(context.actor, {
        action: `api.${operation}`,
        outcome: outcomeOf(response.status),
        projectId: token.projectId,
        targetType: target?.type,
        targetId: target?.id,
        targetName: target?.name,
        reason: failure?.code,
        details: { method: request.method, path, status: response.status, ...(target?.details ?? {}) } as never,
      });
    } catch (error) {
      // Without its request-log event nothing leaves: not a value, not an answer that hides a lost event.
      logFailure(operation, path, error);
      return replace(
        c,
        errorResponse(
          isDatabaseUnavailable(error) ? unavailable() : internalError("The server could not record this request; retry later."),
        ),
      );
    }
    return replace(c, response);
  };
}

/** Sets the answer afresh (Hono would otherwise merge the headers of the one it replaces). */
function replace(c: Context<Env>, response: Response) {
  if (c.res === response) return;
  c.res = undefined;
  c.res = response;
}

async function refuseToken(
  check: Extract<Awaited<ReturnType<typeof authenticateApiCall>>, { ok: false }>,
  call: { operation: string; method: string; path: string; meta: { ip: string; userAgent: string | null } },
) {
  const error = new ApiError(401, check.code, API_ERROR_EXAMPLES[check.code], { "WWW-Authenticate": 'Bearer realm="v1"' });
  try {
    // Refused tokens are counted per address: past the limit they get 429 and are no longer logged one by one.
    const refused = await hitRateLimit(db, `api:refused:${call.meta.ip}`, 60);
    if (refused.count > REFUSED_TOKENS_PER_MINUTE) {
      return errorResponse(
        new ApiError(
          429,
          "rate_limited",
          `Too many calls with unusable tokens from this address; retry after ${refused.retryAfterSeconds} s.`,
          { "Retry-After": String(refused.retryAfterSeconds) },
        ),
      );
    }
    if (check.token) {
      // A known but revoked or expired token: its project's request log shows the refusal.
      await recordAuditNow(
        { type: "TOKEN", id: check.token.id, label: `${check.token.name} (${check.token.prefix}…)`, ...call.meta },
        {
          action: `api.${call.operation}`,
          outcome: "DENIED",
          projectId: check.token.projectId,
          reason: check.code,
          details: {
            method: call.method,
            path: call.path,
            status: 401,
            // The last event logged for this address in this window says how many more are only counted.
            ...(refused.count === REFUSED_TOKENS_PER_MINUTE ? { furtherRefusalsCountedNotLogged: true } : {}),
          },
        },
      );
    }
  } catch (failure) {
    if (!isDatabaseUnavailable(failure)) throw failure;
    logFailure(call.operation, call.path, failure);
    return errorResponse(unavailable());
  }
  return errorResponse(error);
}

/** Validation refusals: an id that names nothing is 404; anything else in the query or body is 422 with the rule and where. */
function validationError(target: string, issues: readonly { message: string; path: readonly PropertyKey[] }[], route: ApiRoute) {
  if (target === "param") return new ApiError(404, "not_found", route.notFound ?? "No such API endpoint.");
  const issue = issues[0];
  const where =
    target === "json" && issue.path.length
      ? ` (${issue.path.map(String).join(".")})`
      : target === "header"
        ? ` (${issue.path.map(String).join(".")} header)`
        : "";
  return new ApiError(422, "invalid_request", `${issue.message}${where}`);
}

/** Anything a route throws, as the API's error; unexpected failures are logged with their detail, never answered with it. */
function asApiError(error: unknown, operation: string, path: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return tooLarge();
    if (error.status === 400) return new ApiError(400, "malformed_json", "The body is not valid JSON.");
  }
  logFailure(operation, path, error);
  return isDatabaseUnavailable(error) ? unavailable() : internalError();
}

const requireJson: MiddlewareHandler<Env> = async (c, next) => {
  if (!c.req.header("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  await next();
};

/** The OpenAPI responses of a route: its success with its shape, and each status its error codes come with, an example per code. */
function responsesOf(route: ApiRoute) {
  const responses: Record<number, object> = {
    [route.creates ? 201 : 200]: {
      description: route.summary,
      ...(route.etag
        ? {
            headers: {
              ETag: { description: 'The secret\'s version, in quotes ("3"): send it back as If-Match', schema: { type: "string" } },
            },
          }
        : {}),
      content: { "application/json": { schema: route.response } },
    },
  };
  const byStatus = new Map<number, ApiErrorCode[]>();
  const implied: ApiErrorCode[] = [
    ...(route.request?.body ? (["malformed_json", "unsupported_media_type", "body_too_large", "invalid_request"] as const) : []),
    ...(route.request?.query ? (["invalid_request"] as const) : []),
    ...(route.request?.params ? (["not_found"] as const) : []),
    // A read-scope token on a manage route.
    ...(route.scope === "manage" ? (["forbidden"] as const) : []),
  ];
  for (const code of new Set([...route.errors, ...implied, ...COMMON_ERRORS])) {
    const status = API_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers = Object.assign({}, ...codes.map((code) => API_ERROR_HEADERS[code] ?? {}));
    responses[status] = {
      description: codes.join(", "),
      ...(Object.keys(headers).length ? { headers } : {}),
      content: {
        "application/json": {
          schema: apiErrorSchema,
          examples: Object.fromEntries(codes.map((code) => [code, { value: { error: { code, message: API_ERROR_EXAMPLES[code] } } }])),
        },
      },
    };
  }
  return responses;
}

/** A shell example of the call, for the reference (Redoc's `x-codeSamples`): the token and server from the CLI's variables. */
function curlSample(route: ApiRoute): string {
  const path = route.path.replace("{id}", "$SECRET_ID").replace("{tool}", "$TOOL");
  return [
    `curl -sS${route.method === "get" ? "" : ` -X ${route.method.toUpperCase()}`} "$EAI_URL${path}" \\`,
    `  -H "Authorization: Bearer $EAI_TOKEN"${route.request?.body ? " \\" : ""}`,
    ...(route.request?.body ? ['  -H "Content-Type: application/json" -d @request.json'] : []),
  ].join("\n");
}

const API_TAGS = [
  {
    name: "Secrets",
    description: "A secret's definition, value and versions. A value is only ever in the body of `GET /v1/secrets/{id}`.",
  },
  { name: "Accesses", description: "Who (members, roles, tokens) may read or write a secret." },
  { name: "Tools", description: "A tool's settings with each secret reference resolved, as the tool reads them at run time." },
  { name: "Document", description: "This OpenAPI document." },
];

/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = "/v1/openapi.json";

const API_DESCRIPTION = [
  "Programs and the platform's tools read secrets and their tools' settings with a project API token.",
  "Every call is authorized from the database, counted against the token's per-minute limit and written to the project's request log before its answer leaves; a value is only ever in the answer's body.",
  'Errors answer `{"error": {"code", "message"}}`: branch on `code` (stable), show `message` (for the program\'s author).',
  "On 429 and 503, wait for `Retry-After` seconds and retry. A trailing slash on a path is ignored.",
].join("\n\n");

/** Builds the API from a route table (the default: every endpoint of lib/api/routes.ts). */
export function createApiApp(routes: readonly ApiRoute[] = API_ROUTES) {
  const app = new OpenAPIHono<Env>({ strict: false });
  app.use(async (c, next) => {
    await next();
    addSecurityHeaders(c.res.headers);
  });
  app.use("/v1/*", beforeAuthentication);
  for (const route of routes) {
    const body = route.request?.body;
    const definition = createRoute({
      method: route.method,
      path: route.path,
      operationId: route.operation,
      summary: route.title,
      description: route.summary,
      tags: [route.tag],
      "x-codeSamples": [{ lang: "Shell", label: "curl", source: curlSample(route) }],
      security: [{ bearer: [] }],
      middleware: [authenticated(route), ...(body ? [requireJson] : [])] as never,
      request: {
        ...(route.request?.params ? { params: route.request.params } : {}),
        ...(route.request?.query ? { query: route.request.query } : {}),
        ...(route.request?.headers ? { headers: route.request.headers } : {}),
        ...(body ? { body: { required: true, content: { "application/json": { schema: body } } } } : {}),
      } as never,
      responses: responsesOf(route),
    });
    app.openapi(
      definition,
      (async (c: Context<Env>) => {
        const valid = (target: string) => c.req.valid(target as never) as unknown;
        const reply = await route.handler(c.get("api"), {
          params: route.request?.params ? valid("param") : {},
          query: route.request?.query ? valid("query") : {},
          headers: route.request?.headers ? valid("header") : {},
          body: body ? valid("json") : undefined,
        } as never);
        if (reply.target) c.set("target", reply.target);
        return c.json(reply.body as never, reply.status ?? 200, { "Cache-Control": "no-store", ...reply.headers });
      }) as never,
      (result) => {
        if (!result.success) throw validationError(result.target, result.error.issues, route);
        return undefined as never;
      },
    );
  }
  // A known path asked with a method it does not serve.
  for (const path of new Set(routes.map((r) => r.path))) {
    app.all(path.replaceAll(/\{(\w+)\}/g, ":$1"), (c) => {
      throw new ApiError(405, "method_not_allowed", `${c.req.method} is not allowed here.`);
    });
  }
  app.notFound(() => errorResponse(new ApiError(404, "not_found", "No such API endpoint.")));
  app.onError((error, c) => {
    // A client that went away (an upload cut off half way) is not a server failure: nothing to log, nobody to answer.
    // Anything else that fails meanwhile is still logged as one.
    const clientGone = c.req.raw.signal.aborted && error instanceof Error && /abort/i.test(error.message) && !(error instanceof ApiError);
    const failure = clientGone
      ? new ApiError(400, "malformed_json", "The request was not received whole.", { Connection: "close" })
      : asApiError(error, c.req.routePath, c.req.path);
    c.set("failure", failure);
    return errorResponse(failure);
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A project API token (API Tokens page of a project): `Authorization: Bearer eai_…`",
  });
  // The contract, without a token: generated from the route table and the zod schemas the handlers validate with.
  app.openAPIRegistry.registerPath({
    method: "get",
    path: OPENAPI_PATH,
    operationId: "openapi",
    summary: "The OpenAPI document",
    description: "This document, without a token.",
    tags: ["Document"],
    security: [],
    responses: { 200: { description: "The OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" } } } } },
  });
  // Built once, on first request (after every route is registered), then served as the same bytes: a call
  // anyone may make without a token costs no generation.
  let document: string | undefined;
  app.get(OPENAPI_PATH, (c) => {
    document ??= JSON.stringify(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: { title: "Enterprise AI backoffice for Secrets — REST API", version: "1.0.0", description: API_DESCRIPTION },
        security: [{ bearer: [] }],
        tags: API_TAGS,
      }),
    );
    return c.body(document, 200, { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" });
  });
  return app;
}

let shared: ReturnType<typeof createApiApp> | undefined;
/** The API app, built once per process. */
export const apiApp = () => (shared ??= createApiApp());

/** A server-side failure, with detail, for the server's log only. */
function logFailure(operation: string, path: string, error: unknown) {
  console.error(
    JSON.stringify({
      level: "error",
      msg: "API request failed",
      operation,
      path,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    }),
  );
}
