/**
 * npm run bench:routers — what a routing library costs per request, before
 * choosing one for /v1 (issue 11). The same endpoint — GET
 * /v1/secrets/{id}, the id checked as a UUID, a small JSON answer — served
 * by plain node:http (the yardstick), Hono with @hono/zod-openapi on
 * @hono/node-server, and Fastify with fastify-type-provider-zod, each in its
 * own process, loaded by wrk (C, little CPU) in alternating rounds so that
 * drift on the machine hits every server alike. Options: SECONDS (10),
 * CONNECTIONS (32), ROUNDS (3).
 */
import { fork } from "node:child_process";
import http from "node:http";
import { runWrk, wrkAvailable } from "./wrk";

const SECONDS = Number(process.env.SECONDS ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ID = "6f1c2a4e-9d2b-4c1e-8f3a-2b7d9e0c1a55";
const answer = (id: string) => ({ id, name: "bench", status: "active", version: 1 });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function serve(kind: string, port: number) {
  if (kind === "node") {
    const server = http.createServer((req, res) => {
      const match = /^\/v1\/secrets\/([^/]+)$/.exec(req.url ?? "");
      if (!match || !UUID.test(match[1])) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer(match[1])));
    });
    server.listen(port, "127.0.0.1", () => process.send?.("ready"));
  } else if (kind === "hono") {
    const { OpenAPIHono, createRoute, z } = await import("@hono/zod-openapi");
    const { serve: listen } = await import("@hono/node-server");
    const app = new OpenAPIHono();
    const route = createRoute({
      method: "get",
      path: "/v1/secrets/{id}",
      request: { params: z.object({ id: z.uuid() }) },
      responses: { 200: { description: "one secret", content: { "application/json": { schema: z.object({}).passthrough() } } } },
    });
    app.openapi(route, (c) => c.json(answer(c.req.valid("param").id), 200));
    listen({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => process.send?.("ready"));
  } else {
    const { default: Fastify } = await import("fastify");
    const { serializerCompiler, validatorCompiler } = await import("fastify-type-provider-zod");
    const { z } = await import("zod");
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.get("/v1/secrets/:id", { schema: { params: z.object({ id: z.uuid() }) } }, async (request) =>
      answer((request.params as { id: string }).id),
    );
    await app.listen({ port, host: "127.0.0.1" });
    process.send?.("ready");
  }
}

if (process.argv[2]) {
  await serve(process.argv[2], Number(process.argv[3]));
} else {
  if (!wrkAvailable()) throw new Error("wrk is needed: apt-get install -y wrk");
  const kinds = ["node", "hono", "fastify"] as const;
  const children = await Promise.all(
    kinds.map(async (kind, i) => {
      const child = fork(new URL(import.meta.url).pathname, [kind, String(3300 + i)], { execArgv: ["--import", "tsx"] });
      await new Promise((resolve) => child.once("message", resolve));
      return { kind, child, url: `http://127.0.0.1:${3300 + i}` };
    }),
  );
  const results = new Map<string, number[]>(kinds.map((k) => [k, []]));
  try {
    for (const { url } of children) await runWrk({ url, paths: [`/v1/secrets/${ID}`], seconds: 3, connections: CONNECTIONS });
    for (let round = 1; round <= ROUNDS; round++) {
      for (const { kind, url } of children) {
        const r = await runWrk({ url, paths: [`/v1/secrets/${ID}`], seconds: SECONDS, connections: CONNECTIONS });
        if (r.non2xx || r.errors) throw new Error(`${kind}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        results.get(kind)!.push(r.requestsPerSecond);
        console.log(
          `round ${round} ${kind.padEnd(8)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms`,
        );
      }
    }
  } finally {
    for (const { child } of children) child.kill();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = mean(results.get("node")!);
  console.log(`\n${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections; mean req/s and share of plain node:http`);
  for (const kind of kinds)
    console.log(`${kind.padEnd(8)} ${mean(results.get(kind)!).toFixed(0).padStart(7)}  ${(mean(results.get(kind)!) / base).toFixed(2)}`);
}
