import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededAppDatabase } from "./helpers/database";
import { startApiListener } from "./helpers/front-listener";

/**
 * The REST API has one list of endpoints, lib/api/routes.ts: Next's
 * catch-all route (app/v1/[...path]) and `npm start`'s front listener both
 * dispatch through the app built from it, and its OpenAPI document lists
 * the same endpoints.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let routes: (typeof import("@/lib/api/routes"))["API_ROUTES"];
let front: Awaited<ReturnType<typeof startApiListener>>;
let base: string;

beforeAll(async () => {
  database = await createSeededAppDatabase("routes");
  ({ API_ROUTES: routes } = await import("@/lib/api/routes"));
  front = await startApiListener();
  base = front.url;
});

afterAll(async () => {
  await front?.close();
  await database?.drop();
});

const pathOf = (pattern: string) => pattern.replace("{id}", "6f1c2a4e-9d2b-4c1e-8f3a-2b7d9e0c1a55").replace("{tool}", "web-search");

describe("the route table", () => {
  it("is served, endpoint by endpoint, by Next's catch-all route and by the front listener", async () => {
    const next = await import("@/app/v1/[...path]/route");
    for (const route of routes) {
      const method = route.method.toUpperCase() as "GET" | "POST" | "PUT";
      const url = pathOf(route.path);
      const body = method === "GET" ? undefined : "{}";
      const headers = { "content-type": "application/json" };
      // Known endpoint, no token: 401 from both, never 404 or 405.
      const viaNext = await next[method](new Request(`http://localhost${url}`, { method, headers, body }));
      const viaFront = await fetch(`${base}${url}`, { method, headers, body });
      for (const response of [viaNext, viaFront]) {
        expect(response.status, `${method} ${url}`).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("missing_token");
      }
    }
  });

  it("answers 404 for a path it does not list, and 405 for a method a listed path does not serve", async () => {
    const next = await import("@/app/v1/[...path]/route");
    expect((await next.GET(new Request("http://localhost/v1/nothing-here"))).status).toBe(404);
    expect((await fetch(`${base}/v1/nothing-here`)).status).toBe(404);
    expect((await next.PATCH(new Request("http://localhost/v1/secrets", { method: "PATCH" }))).status).toBe(405);
    expect((await fetch(`${base}/v1/secrets`, { method: "DELETE" })).status).toBe(405);
  });

  it("is what the OpenAPI document lists, served without a token at /v1/openapi.json: every status, error code, shape and the bearer scheme", async () => {
    const next = await import("@/app/v1/[...path]/route");
    const { API_ERROR_STATUS, COMMON_ERRORS } = await import("@/lib/api/errors");
    const viaNext = await next.GET(new Request("http://localhost/v1/openapi.json"));
    const viaFront = await fetch(`${base}/v1/openapi.json`);
    expect([viaNext.status, viaFront.status]).toEqual([200, 200]);
    const document = await viaFront.json();
    expect(await viaNext.json()).toEqual(document);
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ bearer: [] }]);

    const listed = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual([...routes.map((r) => `${r.method} ${r.path}`), "get /v1/openapi.json"].sort());
    for (const route of routes) {
      const operation = document.paths[route.path][route.method];
      expect(operation.operationId).toBe(route.operation);
      const success = operation.responses[route.creates ? "201" : "200"];
      expect(success.content["application/json"].schema.$ref, route.operation).toMatch(/^#\/components\/schemas\//);
      // Every error code the route can answer is documented under its status, with an example of its own.
      for (const code of [...route.errors, ...COMMON_ERRORS]) {
        const response = operation.responses[String(API_ERROR_STATUS[code])];
        expect(response?.content["application/json"].examples[code], `${route.operation} ${code}`).toEqual({
          value: { error: { code, message: expect.any(String) } },
        });
      }
    }
    // The shapes carry examples a reader can copy.
    expect(document.components.schemas.SecretWithValue.example).toMatchObject({ secretString: expect.any(String) });
    expect(document.components.schemas.Error.properties.error.properties.code.enum).toEqual(Object.keys(API_ERROR_STATUS));
  });
});

describe("the contract check (tests/helpers/api-contract.ts)", () => {
  it("flags an answer the document does not describe, and a success to a request it calls invalid", async () => {
    const { contractFrom } = await import("./helpers/api-contract");
    const contract = contractFrom(await (await fetch(`${base}/v1/openapi.json`)).json());
    const id = "6f1c2a4e-9d2b-4c1e-8f3a-2b7d9e0c1a55";
    const secret = { id, name: "n", description: "", status: "active", version: 1, expiresOn: null, updatedAt: "2026-11-30T00:00:00.000Z" };
    const get = { method: "GET", url: `/v1/secrets/${id}`, status: 200 };
    expect(contract.check({ ...get, answer: JSON.stringify({ ...secret, secretString: "v" }) })).toEqual([]);
    // A field the document does not have, a missing one, a status it does not list, an error code it does not know.
    expect(contract.check({ ...get, answer: JSON.stringify({ ...secret, secretString: "v", extra: 1 }) })).toHaveLength(1);
    expect(contract.check({ ...get, answer: JSON.stringify(secret) })).toHaveLength(1);
    expect(contract.check({ ...get, status: 409, answer: JSON.stringify({ error: { code: "conflict", message: "m" } }) })).toHaveLength(1);
    expect(contract.check({ ...get, status: 404, answer: JSON.stringify({ error: { code: "gone", message: "m" } }) })).toHaveLength(1);
    // A success to a body, query or content type the document refuses.
    const create = { method: "POST", url: "/v1/secrets", contentType: "application/json", status: 201, answer: JSON.stringify(secret) };
    expect(contract.check({ ...create, body: JSON.stringify({ secretDefinition: { name: "n", secretString: "v" } }) })).toEqual([]);
    expect(contract.check({ ...create, body: JSON.stringify({ secretDefinition: { name: "n" } }) })).toHaveLength(1);
    expect(contract.check({ ...create, contentType: "text/plain", body: "{}" })).toHaveLength(1);
    const list = { method: "GET", status: 200, answer: JSON.stringify({ secrets: [], start: 0, count: 0, total: 0 }) };
    expect(contract.check({ ...list, url: "/v1/secrets?count=5" })).toEqual([]);
    expect(contract.check({ ...list, url: "/v1/secrets?count=500" })).toHaveLength(1);
    // A header parameter the document describes otherwise.
    const put = { method: "PUT", url: `/v1/secrets/${id}`, contentType: "application/json", status: 200, answer: JSON.stringify(secret) };
    const body = JSON.stringify({ secretDefinition: { secretString: "v" } });
    expect(contract.check({ ...put, body, headers: { "If-Match": '"1"' } })).toEqual([]);
    expect(contract.check({ ...put, body, headers: { "If-Match": "1" } })).toHaveLength(1);
    // A path the document does not have may only be refused.
    expect(contract.check({ method: "GET", url: "/v1/other", status: 200, answer: "{}" })).toHaveLength(1);
  });
});
