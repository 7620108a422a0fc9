import http from "node:http";
import net from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * The public listener of `npm start`, in this process, in front of a stand-in
 * for Next that echoes what it was sent. Malformed requests of every kind
 * (issue 9, point 1) must each get a 4xx/5xx and leave it serving; forwarded
 * headers are believed only from TRUSTED_PROXIES (point 5); a client that goes
 * away cancels the request upstream (point 9).
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let front: http.Server;
let trusting: http.Server;
let upstream: http.Server;
let port: number;
let trustingPort: number;
const upstreamClosed: string[] = [];
/** Every request target Next was asked for. */
const upstreamSeen: string[] = [];

const listen = (server: http.Server) =>
  new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));

beforeAll(async () => {
  database = await createSeededAppDatabase("front");
  const requestsOnSocket = new WeakMap<object, number>();
  upstream = http.createServer((req, res) => {
    upstreamSeen.push(req.url ?? "");
    const count = (requestsOnSocket.get(req.socket) ?? 0) + 1;
    requestsOnSocket.set(req.socket, count);
    // Next closing an idle kept-alive connection just as a request is sent on it: the connection dies unanswered.
    if (req.url?.startsWith("/flaky") && count > 1) return void req.socket.destroy();
    if (req.url?.startsWith("/slow")) {
      req.on("close", () => upstreamClosed.push(req.url!));
      res.on("close", () => upstreamClosed.push(`${req.url} response`));
      return; // never answers
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ url: req.url, method: req.method, headers: req.headers }));
  });
  const nextPort = await listen(upstream);
  const { createFrontServer } = await import("@/server/front-server");
  front = createFrontServer({ nextPort, timeouts: { headersMs: 1500, requestMs: 3000 } });
  port = await listen(front);
  trusting = createFrontServer({ nextPort, trustedProxies: "loopback" });
  trustingPort = await listen(trusting);
});

afterAll(async () => {
  for (const server of [front, trusting, upstream]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
  await database?.drop();
});

/** Sends raw bytes and returns the status line of the answer ("closed" when the connection ended without one). */
function raw(text: string | Buffer, options: { to?: number; endAfterWrite?: boolean; waitMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(options.to ?? port, "127.0.0.1");
    let data = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(data.split("\r\n")[0] || "no answer");
    }, options.waitMs ?? 5000);
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      if (data.includes("\r\n")) socket.destroy();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(data.split("\r\n")[0] || "closed");
    });
    socket.write(text);
    if (options.endAfterWrite) socket.end();
  });
}

const status = (line: string) => Number(line.split(" ")[1]);

async function stillServes() {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  expect(response.status).toBe(200);
}

describe("malformed requests to the front listener", () => {
  const cases: [string, string | Buffer, number | "closed"][] = [
    ["a Host with a space", "GET /health HTTP/1.1\r\nHost: a b\r\n\r\n", 400],
    ["no Host at all (HTTP/1.0)", "GET /health HTTP/1.0\r\n\r\n", 400],
    ["a `*` request target", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["an absolute-form target", "GET http://evil.example/health HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["an escaped /v1", "GET /%76%31/secrets HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["a dot-segment path", "GET /v1/../_next/x HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["an escaped dot segment", "GET /v1/%2e%2e/_next/x HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["an escaped slash", "GET /v1%2Fsecrets HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["a double slash", "GET //v1/secrets HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["a backslash", "GET /v1\\secrets HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["a malformed escape", "GET /v1/secrets/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["an escape that is not UTF-8", "GET /v1/secrets/%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n", 404],
    ["an oversized header", `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`, 431],
    ["two Content-Length headers", "POST /v1/secrets HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400],
    ["a TRACE", "TRACE /health HTTP/1.1\r\nHost: x\r\n\r\n", 405],
    ["a CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 405],
    ["a WebSocket upgrade", "GET /health HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", 400],
    [
      "a chunked body on a DELETE to Next",
      "DELETE /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      400,
    ],
    ["a body on a GET to Next", "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 400],
    [
      "a Connection header naming Content-Length",
      "POST /login HTTP/1.1\r\nHost: x\r\nConnection: content-length\r\nContent-Length: 5\r\n\r\nhello",
      400,
    ],
    ["a DELETE on the API", "DELETE /v1/secrets HTTP/1.1\r\nHost: x\r\n\r\n", 405],
    ["binary garbage", Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]), 400],
    [
      "a body over the limit",
      `POST /v1/secrets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${200 * 1024}\r\n\r\n{`,
      413,
    ],
  ];
  for (const [what, request, expected] of cases) {
    it(`answers ${expected} to ${what}, and goes on serving`, async () => {
      const line = await raw(request);
      if (expected === "closed") expect(line).toBe("closed");
      else expect(status(line), line).toBe(expected);
      await stillServes();
    });
  }

  it("survives truncated bodies, aborted uploads and slow clients", async () => {
    // Says 100 bytes, sends 10, hangs up.
    await raw('POST /v1/secrets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":1234', {
      endAfterWrite: true,
      waitMs: 1000,
    });
    // An upload cut off half way (chunked).
    await raw('POST /v1/secrets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":', {
      endAfterWrite: true,
      waitMs: 1000,
    });
    // Headers that never end: cut off after the headers timeout.
    const slow = await raw("GET /health HTTP/1.1\r\nHost: x\r\n", { waitMs: 6000 });
    expect(["closed", "HTTP/1.1 408 Request Timeout"]).toContain(slow);
    // A body that never comes: cut off after the request timeout.
    const stalled = await raw("POST /v1/secrets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{", {
      waitMs: 8000,
    });
    expect(["closed", "HTTP/1.1 408 Request Timeout"]).toContain(stalled);
    await stillServes();
  }, 30_000);

  it("answers every generated request line with a status and goes on serving (fast-check)", async () => {
    const target = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc
        .constantFrom("/v1", "/v1/secrets", "/_next/x", "/health", "*", "//x", "/%2e%2e/", "http://x/y")
        .chain((base) => fc.string({ maxLength: 40 }).map((tail) => base + tail)),
    );
    const method = fc.constantFrom("GET", "POST", "PUT", "HEAD", "OPTIONS", "PATCH", "DELETE", "FOO", "G ET", "");
    const host = fc.oneof(fc.constant("localhost"), fc.string({ maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(method, target, host, async (m, t, h) => {
        const line = await raw(Buffer.from(`${m} ${t} HTTP/1.1\r\nHost: ${h}\r\nConnection: close\r\n\r\n`, "utf8"), { waitMs: 3000 });
        // Either an HTTP answer, or the parser hung up on bytes that are not HTTP at all.
        expect(line === "closed" || /^HTTP\/1\.1 \d{3}/.test(line), line).toBe(true);
        if (line !== "closed") expect(status(line)).not.toBe(500);
      }),
      { numRuns: 400 },
    );
    await stillServes();
  }, 120_000);
});

describe("the client's address", () => {
  const echo = async (to: number, headers: Record<string, string>) =>
    (await (await fetch(`http://127.0.0.1:${to}/echo`, { headers })).json()) as { headers: Record<string, string> };

  it("is the socket's by default: a client's X-Forwarded-For or our own header is ignored", async () => {
    const { headers } = await echo(port, {
      "X-Forwarded-For": "203.0.113.9",
      "X-Real-IP": "203.0.113.8",
      "X-Secrets-Client-Address": "203.0.113.7",
      "X-Forwarded-Host": "evil.example",
    });
    expect(headers["x-secrets-client-address"]).toBe("127.0.0.1");
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(headers["x-real-ip"]).toBeUndefined();
    expect(headers["x-forwarded-host"]).toBe(`127.0.0.1:${port}`);
  });

  it("comes from X-Forwarded-For only through a trusted proxy, and only when it is an address", async () => {
    expect((await echo(trustingPort, { "X-Forwarded-For": "203.0.113.9" })).headers["x-secrets-client-address"]).toBe("203.0.113.9");
    expect((await echo(trustingPort, { "X-Forwarded-For": '1.2.3.4;=HYPERLINK("http://x")' })).headers["x-secrets-client-address"]).toBe(
      "unknown",
    );
  });

  it("reaches the API as the socket's address, and the request log records that one", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/secrets`, {
      headers: { Authorization: "Bearer eai_forged", "X-Forwarded-For": "198.51.100.1" },
    });
    expect(response.status).toBe(401);
    const { rows } = await (await import("@/lib/db")).sql.query(`SELECT key FROM "RateLimitBucket" WHERE key LIKE 'api:refused:%'`);
    expect(rows.map((r) => r.key)).toContain("api:refused:127.0.0.1");
    expect(rows.map((r) => r.key)).not.toContain("api:refused:198.51.100.1");
  });
});

describe("every answer carries the security headers", () => {
  it("on the API, on pages proxied from Next, and on the listener's own errors", async () => {
    for (const path of ["/v1/secrets", "/echo", "/%76%31/"]) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });
});

describe("request smuggling into Next", () => {
  it("never lets a body be read by Next as a request of its own", async () => {
    const smuggled = "GET /smuggled HTTP/1.1\r\nHost: evil\r\n\r\n";
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n0\r\n\r\n`;
    const attempts = [
      // A chunked DELETE: re-framed as Content-Length: 0 by the proxy, its body would follow as a second request.
      `DELETE /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`,
      `OPTIONS /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`,
      // A Connection header that names the framing header, so that it is dropped on the way.
      `POST /login HTTP/1.1\r\nHost: x\r\nConnection: content-length\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`,
      `GET /health HTTP/1.1\r\nHost: x\r\nConnection: transfer-encoding\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`,
    ];
    const statuses: number[] = [];
    for (const attempt of attempts) statuses.push(status(await raw(attempt)));
    await stillServes();
    await new Promise((r) => setTimeout(r, 200));
    expect(upstreamSeen).not.toContain("/smuggled");
    expect(statuses).toEqual([400, 400, 400, 400]);
  });
});

describe("a client that goes away", () => {
  it("cancels its request to Next", async () => {
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${port}/slow-page`, { signal: controller.signal }).catch(() => null);
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await pending;
    await expect.poll(() => upstreamClosed.includes("/slow-page"), { timeout: 3000 }).toBe(true);
    await stillServes();
  });
});

describe("calls with unusable tokens (issue 9, point 9)", () => {
  it("are limited per address: past the limit 429, counted but no longer logged one by one", async () => {
    const tokens = await import("@/lib/tokens/tokens");
    const { REFUSED_TOKENS_PER_MINUTE } = await import("@/lib/api/app");
    const created = await tokens.createApiToken(database.adminCtx(database.projectId), { name: "flood", scope: "READ", expiresInDays: 0 });
    if (!created.ok) throw new Error(created.message);
    await tokens.revokeApiToken(database.adminCtx(database.projectId), created.tokenId);
    const statuses: number[] = [];
    for (let i = 0; i < REFUSED_TOKENS_PER_MINUTE + 10; i++) {
      const response = await fetch(`http://127.0.0.1:${port}/v1/secrets`, { headers: { Authorization: `Bearer ${created.token}` } });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const logged = await database.prisma.auditEvent.count({ where: { actorId: created.tokenId, reason: "token_revoked" } });
    expect(logged).toBeLessThanOrEqual(REFUSED_TOKENS_PER_MINUTE);
    expect(logged).toBe(statuses.filter((s) => s === 401).length);
  });
});

describe("HTTPS (PUBLIC_URL=https://…)", () => {
  it("adds HSTS, and upgrades insecure requests on pages", async () => {
    const { baseSecurityHeaders, pageCsp, servedOverHttps } = await import("@/lib/http/security-headers");
    expect(servedOverHttps({ PUBLIC_URL: "https://secrets.example.com" })).toBe(true);
    expect(servedOverHttps({ PUBLIC_URL: "http://localhost:3000" })).toBe(false);
    expect(baseSecurityHeaders(true)["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(baseSecurityHeaders(false)["Strict-Transport-Security"]).toBeUndefined();
    expect(pageCsp("n", { dev: false, https: true })).toContain("upgrade-insecure-requests");
    expect(pageCsp("n", { dev: false, https: false })).toContain("'nonce-n'");
  });
});

describe("a kept-alive connection to Next that dies under a request", () => {
  it("is retried once on a new connection for a request without a body", async () => {
    expect((await fetch(`http://127.0.0.1:${port}/warm`)).status).toBe(200);
    const response = await fetch(`http://127.0.0.1:${port}/flaky`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { url: string }).url).toBe("/flaky");
  });
});
