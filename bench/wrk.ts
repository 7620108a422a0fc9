/**
 * The benchmarks' load generator: wrk (C, from Debian's packages), which
 * leaves the cores to the servers it loads. A Lua script cycles through the
 * given paths (or POSTs a body made unique per request to the first) and
 * prints one JSON line of results when done.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type WrkResult = {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
};

const SCRIPT = `
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
-- POST: each request's body is WRK_POST_BODY with {n} made unique (the thread's number, then a counter).
local postBody = os.getenv("WRK_POST_BODY")
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
request = function()
  i = i + 1
  if postBody and postBody ~= "" then
    local body = (string.gsub(postBody, "{n}", tostring(tid) .. "-" .. tostring(i)))
    -- wrk.format's headers replace the -H ones: copy them.
    local headers = { ["Content-Type"] = "application/json" }
    for k, v in pairs(wrk.headers) do headers[k] = v end
    return wrk.format("POST", paths[1], headers, body)
  end
  return wrk.format(nil, paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nWRK_JSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"p999Us":%d,"maxUs":%d,"non2xx":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
`;

export function wrkAvailable() {
  return spawnSync("wrk", ["--version"]).error === undefined;
}

/** Installs wrk from Debian's packages when it is missing and this user may (as the tests do for Chromium). */
export function ensureWrk() {
  if (wrkAvailable()) return true;
  const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const run = (args: string[]) =>
    spawnSync(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), { stdio: "inherit" });
  run(["apt-get", "install", "-y", "wrk"]);
  return wrkAvailable();
}

export function runWrk(options: {
  url: string;
  paths: string[];
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  /** POST this JSON to paths[0] instead; every "{n}" in it becomes unique to the request. */
  postBody?: string;
}) {
  const dir = mkdtempSync(path.join(tmpdir(), "wrk-"));
  writeFileSync(path.join(dir, "paths"), options.paths.join("\n") + "\n");
  writeFileSync(path.join(dir, "script.lua"), SCRIPT);
  const args = [
    "-t",
    // wrk needs at least one connection per thread.
    String(Math.min(2, options.connections)),
    "-c",
    String(options.connections),
    "-d",
    `${options.seconds}s`,
    "--timeout",
    "10s",
    "-s",
    path.join(dir, "script.lua"),
  ];
  for (const [key, value] of Object.entries(options.headers ?? {})) args.push("-H", `${key}: ${value}`);
  args.push(options.url);
  return new Promise<WrkResult>((resolve, reject) => {
    execFile(
      "wrk",
      args,
      { env: { ...process.env, WRK_PATHS: path.join(dir, "paths"), WRK_POST_BODY: options.postBody ?? "" } },
      (error, stdout) => {
        const line = /WRK_JSON (\{.*\})/.exec(stdout)?.[1];
        if (error || !line) return reject(error ?? new Error(`wrk printed no result:\n${stdout}`));
        const r = JSON.parse(line) as {
          requests: number;
          durationUs: number;
          p50Us: number;
          p99Us: number;
          p999Us: number;
          maxUs: number;
          non2xx: number;
          errors: number;
        };
        resolve({
          requests: r.requests,
          requestsPerSecond: r.requests / (r.durationUs / 1e6),
          p50Ms: r.p50Us / 1000,
          p99Ms: r.p99Us / 1000,
          p999Ms: r.p999Us / 1000,
          maxMs: r.maxUs / 1000,
          non2xx: r.non2xx,
          errors: r.errors,
        });
      },
    );
  });
}
