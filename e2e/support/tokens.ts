import { createHash, randomBytes } from "node:crypto";
import { request, type APIRequestContext, type APIResponse } from "@playwright/test";
import { contractFrom, type Contract } from "../../tests/helpers/api-contract";
import { connectE2EDatabase } from "./database";
import { E2E } from "./environment";

/**
 * Issues an API token straight into the end-to-end database, stored the way
 * the app stores them (SHA-256 of the token). The token UI has its own spec.
 */
export async function issueToken(projectId: string, options: { scope?: "READ" | "MANAGE"; expiresAt?: Date | null; name?: string } = {}) {
  const token = `eai_${randomBytes(32).toString("base64url")}`;
  const db = await connectE2EDatabase();
  try {
    const { rows } = await db.query(
      `INSERT INTO "ApiToken" (id, "projectId", name, prefix, "tokenHash", scope, "expiresAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        projectId,
        options.name ?? `e2e ${Date.now()}`,
        token.slice(0, 10),
        createHash("sha256").update(token).digest("hex"),
        options.scope ?? "READ",
        options.expiresAt ?? null,
      ],
    );
    return { token, id: rows[0].id as string };
  } finally {
    await db.end();
  }
}

/** A request context that sends the token as a bearer; every call it makes is checked against the API's contract. */
export async function apiAs(token: string | null): Promise<APIRequestContext> {
  return withContract(
    await request.newContext({
      baseURL: E2E.baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
    }),
  );
}

let contract: Promise<Contract> | undefined;
const loadContract = () =>
  (contract ??= fetch(`${E2E.baseURL}/v1/openapi.json`).then(async (response) => contractFrom(await response.json())));

type Options = { data?: unknown; headers?: Record<string, string>; method?: string };

/**
 * Checks every /v1 call of a request context against the OpenAPI document the
 * server serves (tests/helpers/api-contract.ts): a call or answer the document
 * does not describe fails the test that made it.
 */
export function withContract(context: APIRequestContext): APIRequestContext {
  const checked =
    (method: string, send: (url: string, options?: Options) => Promise<APIResponse>) => async (url: string, options?: Options) => {
      const response = await send(url, options);
      const path = new URL(url, E2E.baseURL);
      if (path.pathname.startsWith("/v1/")) {
        const data = options?.data;
        const headers = Object.fromEntries(Object.entries(options?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        const problems = (await loadContract()).check({
          method: options?.method ?? method,
          url: path.pathname + path.search,
          contentType: headers["content-type"] ?? (data !== undefined && typeof data !== "string" ? "application/json" : null),
          body: data === undefined ? null : typeof data === "string" ? data : JSON.stringify(data),
          status: response.status(),
          answer: await response.text(),
          headers,
        });
        if (problems.length) throw new Error(`The API answered outside its OpenAPI document:\n${problems.join("\n")}`);
      }
      return response;
    };
  return Object.assign(context, {
    get: checked("GET", context.get.bind(context)),
    post: checked("POST", context.post.bind(context)),
    put: checked("PUT", context.put.bind(context)),
    fetch: checked("GET", context.fetch.bind(context) as never),
  });
}

/** fetch for the typed client (cli/src/client.mjs): every /v1 call it makes is checked against the contract too. */
export const contractCheckedFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const body = request.method === "GET" ? null : await request.clone().text();
  const response = await fetch(request);
  const url = new URL(request.url);
  const problems = (await loadContract()).check({
    method: request.method,
    url: url.pathname + url.search,
    contentType: request.headers.get("content-type"),
    body,
    status: response.status,
    answer: await response.clone().text(),
    headers: Object.fromEntries(request.headers),
  });
  if (problems.length) throw new Error(`The API answered outside its OpenAPI document:\n${problems.join("\n")}`);
  return response;
};
