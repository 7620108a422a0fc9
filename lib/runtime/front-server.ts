import "server-only";
import http from "node:http";
import type { Duplex } from "node:stream";
import { MAX_BODY_BYTES } from "@/lib/http/limits";
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_PROOF_HEADER,
  clientAddressOf,
  clientAddressProof,
  parseTrustedProxies,
} from "@/lib/http/client-address";
import { classifyRequestTarget, decodePathParam, isValidHost } from "@/lib/http/request-target";
import { API_CSP, baseSecurityHeaders, publicUrl } from "@/lib/http/security-headers";

/**
 * The public listener of `npm start`: the REST API (/v1) is served here, in
 * the launcher's process, by the same route-handler functions Next would run
 * (app/v1/**), without Next's request pipeline, which costs more than the
 * API's own work (see bench/api.ts); everything else is proxied to Next on
 * an internal port.
 */

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = {
  /** The route file under app/ (tests/front-server.test.ts checks every app/v1 route is here). */
  file: string;
  pattern: RegExp;
  keys: string[];
  load: () => Promise<Record<string, unknown>>;
  loaded?: Promise<Record<string, unknown>>;
};

export const API_ROUTES: Route[] = [
  { file: "app/v1/secrets/route.ts", pattern: /^\/v1\/secrets\/?$/, keys: [], load: () => import("@/app/v1/secrets/route") },
  {
    file: "app/v1/secrets/[id]/accesses/route.ts",
    pattern: /^\/v1\/secrets\/([^/]+)\/accesses\/?$/,
    keys: ["id"],
    load: () => import("@/app/v1/secrets/[id]/accesses/route"),
  },
  {
    file: "app/v1/secrets/[id]/versions/route.ts",
    pattern: /^\/v1\/secrets\/([^/]+)\/versions\/?$/,
    keys: ["id"],
    load: () => import("@/app/v1/secrets/[id]/versions/route"),
  },
  {
    file: "app/v1/secrets/[id]/rollback/route.ts",
    pattern: /^\/v1\/secrets\/([^/]+)\/rollback\/?$/,
    keys: ["id"],
    load: () => import("@/app/v1/secrets/[id]/rollback/route"),
  },
  {
    file: "app/v1/secrets/[id]/route.ts",
    pattern: /^\/v1\/secrets\/([^/]+)\/?$/,
    keys: ["id"],
    load: () => import("@/app/v1/secrets/[id]/route"),
  },
  {
    file: "app/v1/tools/[tool]/config/route.ts",
    pattern: /^\/v1\/tools\/([^/]+)\/config\/?$/,
    keys: ["tool"],
    load: () => import("@/app/v1/tools/[tool]/config/route"),
  },
];

const API_METHODS = new Set(["GET", "POST", "PUT"]);
/** What Next is asked; anything else (TRACE, CONNECT, WebDAV…) is refused here. */
const APP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1), and those only this listener may set. */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer", "upgrade"];
const OURS = [
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_PROOF_HEADER,
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
];

const log = (entry: Record<string, unknown>) => console.error(JSON.stringify(entry));

function send(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return void res.destroy();
  res
    .writeHead(status, {
      ...baseSecurityHeaders(),
      "content-security-policy": API_CSP,
      "content-type": "application/json",
      "cache-control": "no-store",
      ...headers,
    })
    .end(JSON.stringify({ error: { code, message } }));
}

type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: "too_large" | "aborted" };

/** Reads a request body up to `limit` bytes; stops reading (and says so) past it or when the client goes away. */
function readBody(req: http.IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyRead) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        return finish({ ok: false, reason: "too_large" });
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => finish({ ok: true, body: Buffer.concat(chunks) }));
    req.once("error", () => finish({ ok: false, reason: "aborted" }));
    req.once("close", () => finish(req.complete ? { ok: true, body: Buffer.concat(chunks) } : { ok: false, reason: "aborted" }));
  });
}

async function serveApi(req: http.IncomingMessage, res: http.ServerResponse, target: { path: string; search: string }, client: string) {
  const route = API_ROUTES.find((r) => r.pattern.test(target.path));
  if (!route) return send(res, 404, "not_found", "No such API endpoint.");
  const method = req.method ?? "GET";
  if (!API_METHODS.has(method)) return send(res, 405, "method_not_allowed", `${method} is not allowed here.`);
  // Loaded once: a dynamic import() on every request costs a module resolution each time.
  const routeModule = await (route.loaded ??= route.load());
  const handler = routeModule[method] as Handler | undefined;
  if (typeof handler !== "function") return send(res, 405, "method_not_allowed", `${method} is not allowed here.`);
  const match = route.pattern.exec(target.path)!;
  const params: Record<string, string> = {};
  for (const [i, key] of route.keys.entries()) {
    const value = decodePathParam(match[i + 1]);
    if (value === null) return send(res, 404, "not_found", "No such API endpoint.");
    params[key] = value;
  }

  let body: Buffer | undefined;
  if (method !== "GET") {
    const declared = Number(req.headers["content-length"] ?? 0);
    const tooLarge = () => {
      send(res, 413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, { connection: "close" });
      res.once("finish", () => req.destroy());
    };
    if (declared > MAX_BODY_BYTES) return tooLarge();
    const read = await readBody(req, MAX_BODY_BYTES);
    if (!read.ok) return read.reason === "too_large" ? tooLarge() : void res.destroy();
    body = read.body;
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.includes(key) || OURS.includes(key)) continue;
    headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  headers.set(CLIENT_ADDRESS_HEADER, client);
  headers.set(CLIENT_ADDRESS_PROOF_HEADER, clientAddressProof());
  const url = new URL(target.path + target.search, "http://api.local");
  const response = await handler(new Request(url, { method, headers, body: body ? new Uint8Array(body) : undefined }), {
    params: Promise.resolve(params),
  });
  const out: Record<string, string> = { ...baseSecurityHeaders(), "content-security-policy": API_CSP };
  response.headers.forEach((value, key) => (out[key] = value));
  const payload = Buffer.from(await response.arrayBuffer());
  if (res.destroyed) return;
  res.writeHead(response.status, out).end(payload);
}

/**
 * Connections to Next are reused, and dropped after 4 s idle: Next closes an
 * idle one after 5 s, and a request sent on a connection it is closing fails
 * (the keep-alive race). Such a failure on a reused connection is retried once
 * for requests without a body (below).
 */
const upstreamAgent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });

function proxy(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  options: { target: { path: string; search: string }; client: string; nextPort: number; forwarded: { host: string; proto: string } },
  retried = false,
) {
  const headers: http.OutgoingHttpHeaders = {};
  const connectionTokens = String(req.headers.connection ?? "")
    .toLowerCase()
    .split(",")
    .map((t) => t.trim());
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.includes(key) || OURS.includes(key) || connectionTokens.includes(key)) continue;
    headers[key] = value;
  }
  headers[CLIENT_ADDRESS_HEADER] = options.client;
  headers[CLIENT_ADDRESS_PROOF_HEADER] = clientAddressProof();
  headers["x-forwarded-for"] = options.client;
  headers["x-forwarded-host"] = options.forwarded.host;
  headers["x-forwarded-proto"] = options.forwarded.proto;
  const upstream = http.request(
    {
      host: "127.0.0.1",
      port: options.nextPort,
      method: req.method,
      path: options.target.path + options.target.search,
      headers,
      agent: upstreamAgent,
    },
    (response) => {
      const out: http.OutgoingHttpHeaders = {};
      for (const [key, value] of Object.entries(response.headers)) if (!HOP_BY_HOP.includes(key)) out[key] = value;
      for (const [key, value] of Object.entries(baseSecurityHeaders())) out[key.toLowerCase()] ??= value;
      // Pages get Next's nonce-based policy (proxy.ts); anything Next answers without one may not run anything.
      out["content-security-policy"] ??= API_CSP;
      if (res.destroyed) return void response.destroy();
      res.writeHead(response.statusCode ?? 502, out);
      response.pipe(res);
      response.once("error", () => res.destroy());
      response.once("aborted", () => res.destroy());
    },
  );
  // Next not answering within a minute is a failure, not a socket held forever.
  upstream.setTimeout(60_000, () => upstream.destroy(new Error("upstream timeout")));
  upstream.on("error", (error: NodeJS.ErrnoException) => {
    const bodyless = req.method === "GET" || req.method === "HEAD";
    if (upstream.reusedSocket && error.code === "ECONNRESET" && bodyless && !retried && !res.headersSent && !res.destroyed) {
      return proxy(req, res, options, true);
    }
    if (!res.headersSent) send(res, 502, "unavailable", "The app is not reachable right now; retry in a moment.", { "retry-after": "2" });
    else res.destroy();
  });
  // A client that goes away cancels the work it asked for.
  res.once("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.once("error", () => upstream.destroy());
  // A retry is for a request without a body, which has already been read whole.
  if (retried) upstream.end();
  else req.pipe(upstream);
}

export type FrontServerOptions = {
  host: string;
  port: number;
  nextPort: number;
  trustedProxies?: string;
  /** How long a client may take to send its headers, and its whole request (slow clients are cut off). */
  timeouts?: { headersMs: number; requestMs: number };
};

/** Listens on host:port; /v1 in this process, the rest to Next at nextPort. No request can stop it. */
export function createFrontServer(options: Omit<FrontServerOptions, "host" | "port">) {
  const trust = parseTrustedProxies(options.trustedProxies);
  const fixed = publicUrl();
  const timeouts = options.timeouts ?? { headersMs: 20_000, requestMs: 60_000 };
  const server = http.createServer(
    {
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      keepAliveTimeout: 65_000,
      connectionsCheckingInterval: Math.min(30_000, timeouts.headersMs / 2),
    },
    (req, res) => {
      req.on("error", () => {});
      res.on("error", () => {});
      handle(req, res).catch((error) => {
        log({ level: "error", msg: "front listener failed", error: error instanceof Error ? error.stack : String(error) });
        send(res, 500, "internal_error", "The server could not complete this request; retry later.");
      });
    },
  );

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const target = classifyRequestTarget(req.url);
    if (target.kind === "reject") return send(res, 400, "bad_request", `Bad request: ${target.reason}.`);
    const host = req.headers.host;
    if (!isValidHost(host)) return send(res, 400, "bad_request", "Bad request: the Host header is missing or not valid.");
    // With PUBLIC_URL set, pages answer only to it (and to this machine): a rebound DNS name gets nothing.
    if (fixed && target.kind === "app" && target.path !== "/health" && !servesHost(host, fixed)) {
      return send(res, 400, "bad_request", "Bad request: this server answers to its PUBLIC_URL's host only.");
    }
    const client = clientAddressOf(req, trust);
    if (target.kind === "api") return serveApi(req, res, target, client);
    const method = req.method ?? "GET";
    if (!APP_METHODS.has(method)) return send(res, 405, "method_not_allowed", `${method} is not allowed here.`);
    const viaTrustedProxy = trust(req.socket.remoteAddress ?? "", 0);
    const forwarded = fixed
      ? { host: fixed.host, proto: fixed.protocol.slice(0, -1) }
      : {
          host,
          proto: viaTrustedProxy && req.headers["x-forwarded-proto"] === "https" ? "https" : "http",
        };
    proxy(req, res, { target, client, nextPort: options.nextPort, forwarded });
  }

  // A connection idle this long (a client that stopped reading, say) is closed.
  server.timeout = 120_000;

  // Upgrades (WebSocket, h2c) and CONNECT are not served: an answer, then the connection closes.
  const refuse = (socket: Duplex, status: string) => {
    socket.on("error", () => {});
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  };
  server.on("upgrade", (_req, socket) => refuse(socket, "400 Bad Request"));
  server.on("connect", (_req, socket) => refuse(socket, "405 Method Not Allowed"));
  return server;
}

function servesHost(host: string, fixed: URL) {
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return host.toLowerCase() === fixed.host.toLowerCase() || name === "localhost" || name === "127.0.0.1" || name === "[::1]";
}

export function startFrontServer(options: FrontServerOptions) {
  const server = createFrontServer(options);
  return new Promise<http.Server>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
