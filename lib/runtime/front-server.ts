import "server-only";
import http from "node:http";

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

/** Bodies past this are refused before they are read whole (the API itself allows 128 KiB). */
const MAX_PROXY_BODY = 1024 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers }).end(JSON.stringify(body));
}

async function serveApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const route = API_ROUTES.find((r) => r.pattern.test(url.pathname));
  if (!route) return send(res, 404, { error: { code: "not_found", message: "No such API endpoint." } });
  // Loaded once: a dynamic import() on every request costs a module resolution each time.
  const routeModule = await (route.loaded ??= route.load());
  const handler = routeModule[req.method ?? "GET"] as Handler | undefined;
  if (typeof handler !== "function")
    return send(res, 405, { error: { code: "method_not_allowed", message: `${req.method} is not allowed here.` } });
  const match = route.pattern.exec(url.pathname)!;
  const params = Object.fromEntries(route.keys.map((key, i) => [key, decodeURIComponent(match[i + 1])]));

  let body: Buffer | undefined;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_PROXY_BODY) return send(res, 413, { error: { code: "body_too_large", message: "The body is larger than 128 KiB." } });
      chunks.push(chunk as Buffer);
    }
    body = Buffer.concat(chunks);
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  const response = await handler(new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined }), {
    params: Promise.resolve(params),
  });
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => (out[key] = value));
  res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
}

function proxy(req: http.IncomingMessage, res: http.ServerResponse, target: { host: string; port: number }) {
  const headers = { ...req.headers };
  headers["x-forwarded-for"] ??= req.socket.remoteAddress ?? "";
  headers["x-forwarded-host"] ??= req.headers.host ?? "";
  headers["x-forwarded-proto"] ??= "http";
  const upstream = http.request({ host: target.host, port: target.port, method: req.method, path: req.url, headers }, (response) => {
    res.writeHead(response.statusCode ?? 502, response.headers);
    response.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end("The app is not reachable right now; retry in a moment.");
  });
  req.pipe(upstream);
}

/** Listens on host:port; /v1 in this process, the rest to Next at nextPort. */
export function startFrontServer(options: { host: string; port: number; nextPort: number }) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    if (url.pathname.startsWith("/v1/") || url.pathname === "/v1") {
      serveApi(req, res, url).catch((error) => {
        console.error(JSON.stringify({ level: "error", msg: "API adapter failed", path: url.pathname, error: String(error) }));
        if (!res.headersSent)
          send(res, 500, { error: { code: "internal_error", message: "The server could not complete this request; retry later." } });
        else res.end();
      });
      return;
    }
    proxy(req, res, { host: "127.0.0.1", port: options.nextPort });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise<http.Server>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
