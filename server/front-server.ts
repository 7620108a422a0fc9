import http from "node:http";
import type { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { createProxyServer } from "http-proxy-3";
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_PROOF_HEADER,
  clientAddressOf,
  clientAddressProof,
  parseTrustedProxies,
} from "@/lib/http/client-address";
import { classifyRequestTarget, isValidHost } from "@/lib/http/request-target";
import { addSecurityHeaders, publicUrl } from "@/lib/http/security-headers";

/**
 * The public listener of `npm start`. It decides where a request goes on its
 * raw target (lib/http/request-target.ts) and refuses what is malformed;
 * then the REST API (/v1) is served here, in the launcher's process, by the
 * same Hono app Next's catch-all route serves (lib/api/app.ts) — without
 * Next's request pipeline, which costs more than the API's own work (see
 * bench/api.ts) — and every other request is proxied to Next on an internal
 * port by http-proxy-3.
 */

/** Headers only this listener may set: a client's own copies are dropped before anything reads them. */
const OURS = new Set([
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_PROOF_HEADER,
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
]);
/** What Next is asked; anything else (TRACE, CONNECT, WebDAV…) is refused here. */
const APP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** The methods whose body is forwarded to Next; any other with a body is refused (see route()). */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
/** Headers that frame a request: a Connection header naming one would have it dropped and the body re-framed. */
const FRAMING = new Set(["content-length", "transfer-encoding", "host"]);

const log = (entry: Record<string, unknown>) => console.error(JSON.stringify(entry));

/** The listener's own refusals, before any app sees the request. */
function send(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return void res.destroy();
  const out = new Headers({ "content-type": "application/json", "cache-control": "no-store", ...headers });
  addSecurityHeaders(out);
  res.writeHead(status, Object.fromEntries(out)).end(JSON.stringify({ error: { code, message } }));
}

/**
 * The request's headers as the API will read them: the client's copies of
 * ours removed, then the client's address with the proof that this listener
 * set it. @hono/node-server reads both the parsed headers and rawHeaders.
 */
function setOurHeaders(req: http.IncomingMessage, ours: Record<string, string>) {
  const kept: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!OURS.has(req.rawHeaders[i].toLowerCase())) kept.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  for (const [key, value] of Object.entries(ours)) kept.push(key, value);
  req.rawHeaders = kept;
  // Its header lookups read the parsed object first.
  for (const key of OURS) delete req.headers[key];
  Object.assign(req.headers, ours);
}

/** Headers that belong to one connection and are never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer", "upgrade"];

/**
 * Pages and everything else go to Next through http-proxy-3, which streams
 * both ways and passes Next's compressed answers through untouched.
 * Connections to Next are reused, and dropped after 4 s idle: Next closes an
 * idle one after 5 s, and a request sent on a connection it is closing fails
 * (the keep-alive race); such a request without a body is sent once more.
 */
function pagesProxy(nextPort: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
  const proxy = createProxyServer({ target: `http://127.0.0.1:${nextPort}`, agent, proxyTimeout: 60_000 });
  proxy.on("proxyRes", (proxyRes) => {
    const headers = new Headers();
    addSecurityHeaders(headers);
    // Pages get Next's nonce-based policy (proxy.ts); anything Next answers without one may not run anything.
    for (const [key, value] of headers) proxyRes.headers[key] ??= value;
  });
  const serve = (req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>, retried = false) => {
    proxy.web(req, res, { headers }, (error: NodeJS.ErrnoException) => {
      const bodyless = req.method === "GET" || req.method === "HEAD";
      if (!retried && bodyless && error.code === "ECONNRESET" && !res.headersSent && !res.destroyed) return serve(req, res, headers, true);
      if (res.headersSent || res.destroyed) return void res.destroy();
      log({ level: "error", msg: "Next did not answer", error: error.message });
      send(res, 502, "unavailable", "The app is not reachable right now; retry in a moment.", { "retry-after": "2" });
    });
  };
  return (req: http.IncomingMessage, res: http.ServerResponse, ours: Record<string, string>) => {
    // What the client sent for one connection, or under our names, is not forwarded (route() refused framing headers named here).
    const named = String(req.headers.connection ?? "")
      .toLowerCase()
      .split(",")
      .map((token) => token.trim());
    for (const key of [...HOP_BY_HOP, ...named, ...OURS]) delete req.headers[key];
    serve(req, res, ours);
  };
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
  const onError = (error: unknown) => {
    log({ level: "error", msg: "front listener failed", error: error instanceof Error ? error.stack : String(error) });
    return Response.json(
      { error: { code: "internal_error", message: "The server could not complete this request; retry later." } },
      { status: 500, headers: { "cache-control": "no-store" } },
    );
  };
  // Loaded on the first call, once the launcher has set DATABASE_URL (lib/db connects on import).
  let apiListener: Promise<ReturnType<typeof getRequestListener>> | undefined;
  const serveApi = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    apiListener ??= import("@/lib/api/app").then(({ apiApp }) => getRequestListener(apiApp().fetch, { errorHandler: onError }));
    return (await apiListener)(req, res);
  };
  const servePages = pagesProxy(options.nextPort);

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
      try {
        route(req, res);
      } catch (error) {
        log({ level: "error", msg: "front listener failed", error: error instanceof Error ? error.stack : String(error) });
        send(res, 500, "internal_error", "The server could not complete this request; retry later.");
      }
    },
  );

  function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const target = classifyRequestTarget(req.url);
    if (target.kind === "reject") return send(res, 400, "bad_request", `Bad request: ${target.reason}.`);
    const host = req.headers.host;
    if (!isValidHost(host)) return send(res, 400, "bad_request", "Bad request: the Host header is missing or not valid.");
    // With PUBLIC_URL set, pages answer only to it (and to this machine): a rebound DNS name gets nothing.
    if (fixed && target.kind === "app" && target.path !== "/health" && !servesHost(host, fixed)) {
      return send(res, 400, "bad_request", "Bad request: this server answers to its PUBLIC_URL's host only.");
    }
    // A body must reach Next framed exactly as it was received, or its bytes could be read there as a second request.
    const named = String(req.headers.connection ?? "")
      .toLowerCase()
      .split(",")
      .map((token) => token.trim());
    if (named.some((token) => FRAMING.has(token))) {
      return send(res, 400, "bad_request", "Bad request: the Connection header names a header that frames the request.");
    }
    const client = clientAddressOf(req, trust);
    const ours = { [CLIENT_ADDRESS_HEADER]: client, [CLIENT_ADDRESS_PROOF_HEADER]: clientAddressProof() };
    if (target.kind === "api") {
      setOurHeaders(req, ours);
      return void serveApi(req, res).catch((error) => {
        log({ level: "error", msg: "front listener failed", error: error instanceof Error ? error.stack : String(error) });
        send(res, 500, "internal_error", "The server could not complete this request; retry later.");
      });
    }
    const method = req.method ?? "GET";
    if (!APP_METHODS.has(method)) return send(res, 405, "method_not_allowed", `${method} is not allowed here.`);
    const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
    if (hasBody && !BODY_METHODS.has(method)) return send(res, 400, "bad_request", `Bad request: a ${method} carries no body here.`);
    const viaTrustedProxy = trust(req.socket.remoteAddress ?? "", 0);
    const forwarded = fixed
      ? { host: fixed.host, proto: fixed.protocol.slice(0, -1) }
      : { host, proto: viaTrustedProxy && req.headers["x-forwarded-proto"] === "https" ? "https" : "http" };
    servePages(req, res, { ...ours, "x-forwarded-for": client, "x-forwarded-host": forwarded.host, "x-forwarded-proto": forwarded.proto });
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
