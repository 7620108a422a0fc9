/**
 * npm run bench — the REST API under load, against a yardstick.
 *
 * Starts the production server (`npm start`) on a fresh embedded database,
 * seeds a project with 10,000 secrets, and loads "get one secret" and "tool
 * config" at 32 connections for a fixed time with autocannon; then loads the
 * minimal reference server of bench/reference-server.mjs the same way, and
 * prints requests per second, p50 and p99 latency for each, and the ratio.
 * Every app read is audited as in production. Options: SECONDS (default 15),
 * CONNECTIONS (32), SECRETS (10000), PROFILE_DIR (write the app process's
 * CPU profile there, to open in Chrome's DevTools).
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";

const SECONDS = Number(process.env.SECONDS ?? 15);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const SECRETS = Number(process.env.SECRETS ?? 10_000);
const APP_PORT = 3210;
const REF_PORT = 3211;

const dataDir = await mkdtemp(path.join(tmpdir(), "bench-api-"));
const children: ChildProcess[] = [];
const stopAll = async () => {
  for (const child of children.reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  }
  await rm(dataDir, { recursive: true, force: true });
};

async function waitFor(url: string, seconds: number) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up in ${seconds} s`);
}

function load(title: string, url: string, headers: Record<string, string>, paths: string[]) {
  let i = 0;
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        title,
        url,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    void instance;
  });
}

try {
  console.log(
    `Machine: ${(await import("node:os")).cpus().length} cores, ${Math.round((await import("node:os")).totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log("Starting the app (npm start) on a fresh embedded database…");
  const profile = process.env.PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.PROFILE_DIR)}`] : [];
  const app = spawn(process.execPath, [...profile, "--import", "tsx", "--conditions=react-server", "scripts/start.ts", "start"], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(APP_PORT),
      DATABASE_URL: "",
      ADMIN_PASSWORD: "benchmark-only",
      API_RATE_LIMIT_PER_MINUTE: "1000000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(app);
  await waitFor(`http://127.0.0.1:${APP_PORT}/health`, 300);

  const databaseUrl = (await readFile(path.join(dataDir, "database-url"), "utf8")).trim();
  process.env.DATABASE_URL = databaseUrl;
  process.env.MASTER_KEY_FILE = path.join(dataDir, "master.key");
  const { db, closeDatabase } = await import("@/lib/db");
  const { getMasterKeyProvider } = await import("@/lib/crypto/master-key");
  const { getActiveDataKey } = await import("@/lib/crypto/data-keys");
  const { seal } = await import("@/lib/crypto/aead");
  const { secretAad } = await import("@/lib/secrets/values");

  const project = await db.project.findFirstOrThrow({ where: { name: "Demo project" } });
  const { version: keyVersion, key } = await getActiveDataKey(db, getMasterKeyProvider(), project.id);
  console.log(`Seeding ${SECRETS} secrets…`);
  const ids: string[] = [];
  for (let offset = 0; offset < SECRETS; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, SECRETS - offset) }, (_, i) => {
      const id = randomUUID();
      ids.push(id);
      const name = `bench-${String(offset + i).padStart(5, "0")}`;
      return { id, projectId: project.id, name, nameKey: name };
    });
    await db.secret.createMany({ data: batch });
    await db.secretVersion.createMany({
      data: batch.map((s) => {
        const sealed = seal(key, Buffer.from(`value-of-${s.name}`), secretAad(project.id, s.id, 1));
        return {
          secretId: s.id,
          version: 1,
          ciphertext: new Uint8Array(sealed.ciphertext),
          iv: new Uint8Array(sealed.iv),
          dataKeyVersion: keyVersion,
        };
      }),
    });
    await db.secretAccess.createMany({
      data: batch.map((s) => ({ secretId: s.id, principalType: "ALL_TOOLS" as const, principalKey: "all_tools", level: "READ" as const })),
    });
  }
  await db.toolSetting.create({ data: { projectId: project.id, toolKey: "web-search", paramKey: "apiKey", secretName: "bench-04242" } });
  const token = `eai_${randomBytes(32).toString("base64url")}`;
  await db.apiToken.create({
    data: { projectId: project.id, name: "bench", prefix: token.slice(0, 10), tokenHash: createHash("sha256").update(token).digest("hex") },
  });
  await db.$executeRawUnsafe("ANALYZE");
  await closeDatabase();

  const auth = { Authorization: `Bearer ${token}` };
  const sample = ids.filter((_, i) => i % 97 === 0).map((id) => `/v1/secrets/${id}`);
  // Warm-up: JIT, connection pools, the data-key cache.
  const warmUp = await load("warm-up", `http://127.0.0.1:${APP_PORT}`, auth, sample);

  const appGet = await load("app: GET /v1/secrets/{id}", `http://127.0.0.1:${APP_PORT}`, auth, sample);
  const appTool = await load("app: GET /v1/tools/web-search/config", `http://127.0.0.1:${APP_PORT}`, auth, ["/v1/tools/web-search/config"]);
  // For comparison: a Next.js route handler (the pages' server) that runs one SELECT 1, no auth, no audit.
  const appHealth = await load("app: GET /health", `http://127.0.0.1:${APP_PORT}`, {}, ["/health"]);

  const dataKeyHex = key.toString("hex");
  const reference = fork(path.resolve("bench/reference-server.mjs"), [], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_KEY: dataKeyHex, PORT: String(REF_PORT) },
  });
  children.push(reference);
  await new Promise((resolve) => reference.once("message", resolve));
  const refPaths = sample.map((p) => p.replace("/v1/secrets/", "/secrets/"));
  await load("warm-up", `http://127.0.0.1:${REF_PORT}`, {}, refPaths);
  const ref = await load("reference: GET /secrets/{id}", `http://127.0.0.1:${REF_PORT}`, {}, refPaths);

  const rows = [
    ["app  GET /v1/secrets/{id}", appGet],
    ["app  GET /v1/tools/web-search/config", appTool],
    ["app  GET /health (Next.js, SELECT 1)", appHealth],
    ["reference GET /secrets/{id}", ref],
  ] as const;
  console.log(`\n${SECONDS} s each, ${CONNECTIONS} connections, ${SECRETS} secrets\n`);
  console.log(
    `${"endpoint".padEnd(40)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"errors".padStart(7)} ${"non-2xx".padStart(8)}`,
  );
  for (const [label, r] of rows) {
    console.log(
      `${label.padEnd(40)} ${r.requests.average.toFixed(0).padStart(8)} ${String(r.latency.p50).padStart(7)} ${String(r.latency.p99).padStart(7)} ${String(r.errors).padStart(7)} ${String(r.non2xx).padStart(8)}`,
    );
  }
  console.log(`\napp "get one secret" / reference throughput: ${(appGet.requests.average / ref.requests.average).toFixed(2)}`);
  console.log(`target: ≥ 0.50, with app p99 < 25 ms (p99 now ${appGet.latency.p99} ms)`);

  // Every value served is on record: one ALLOWED read event per 2xx (the server may finish a few
  // requests the load generator stopped waiting for, so there can be more events, never fewer).
  const check = new pg.Client({ connectionString: databaseUrl });
  await check.connect();
  const { rows: audited } = await check.query<{ gets: number; resolves: number }>(
    `SELECT count(*) FILTER (WHERE action = 'api.secrets.get')::int AS gets, count(*) FILTER (WHERE action = 'secret.resolve')::int AS resolves
     FROM "AuditEvent" WHERE outcome = 'ALLOWED'`,
  );
  await check.end();
  const served = { gets: warmUp["2xx"] + appGet["2xx"], resolves: appTool["2xx"] };
  console.log(`audited reads: ${audited[0].gets} events for ${served.gets} values served by GET /v1/secrets/{id}`);
  console.log(`audited resolutions: ${audited[0].resolves} events for ${served.resolves} values served by the tool config`);
  if (audited[0].gets < served.gets || audited[0].resolves < served.resolves) {
    console.error("A value was served without its audit event.");
    process.exitCode = 1;
  }
} finally {
  await stopAll();
}
