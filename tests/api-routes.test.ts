import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type http from "node:http";
import type net from "node:net";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * The REST API has one list of endpoints, lib/api/routes.ts: Next's
 * catch-all route (app/v1/[...path]) and `npm start`'s front listener both
 * dispatch through the app built from it, and its OpenAPI document lists
 * the same endpoints.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let routes: (typeof import("@/lib/api/routes"))["API_ROUTES"];
let front: http.Server;
let base: string;

beforeAll(async () => {
  database = await createSeededAppDatabase("routes");
  ({ API_ROUTES: routes } = await import("@/lib/api/routes"));
  const { createFrontServer } = await import("@/server/front-server");
  front = createFrontServer({ nextPort: 9 });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(front.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  front?.closeAllConnections();
  await new Promise((resolve) => front?.close(resolve));
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

  it("is what the OpenAPI document lists, with its parameters and error responses", async () => {
    const { apiApp } = await import("@/lib/api/app");
    const document = apiApp().getOpenAPI31Document({ openapi: "3.1.0", info: { title: "test", version: "1" } });
    const listed = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    const get = document.paths?.["/v1/secrets/{id}"]?.get;
    expect(get?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "id", in: "path" })]));
    expect(Object.keys(get?.responses ?? {})).toEqual(expect.arrayContaining(["200", "401", "403", "404", "429", "503"]));
  });
});
