import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/server/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";

/**
 * Several app instances on one database, as in production, each a process of
 * its own with its own pool (tests/helpers/api-instance.ts: the REST API of
 * `npm start`). The fault suite stops PostgreSQL (immediate shutdown) while
 * writes are in flight through two instances and starts it again: every write
 * is either committed whole — secret, version 1, Accesses and audit event — or
 * answered with a JSON 503 and Retry-After; nothing is half written; both
 * instances serve again without a restart. Then what one instance changes
 * (a rate-limit count, a revoked token, a rotated data key) holds on the
 * other's next request.
 */
let dataDir: string;
let port: number;
let database: EmbeddedDatabase;
let url: string;
let projectId: string;
const masterKey = randomBytes(32).toString("base64");
const instances: ChildProcess[] = [];

async function startDatabase() {
  database = await startEmbeddedPostgres(dataDir, { port, database: "fault" });
  url = database.url;
}

/** Starts one API instance and returns its base URL. */
async function startInstance(env: Record<string, string> = {}): Promise<string> {
  // One process, no wrapper (tsx's CLI would leave its child behind when killed); it also exits when this one goes.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "tests/helpers/api-instance.ts"], {
    env: { ...process.env, DATABASE_URL: url, MASTER_KEY: masterKey, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  instances.push(child);
  child.stderr!.on("data", () => {});
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/\{"port":(\d+)\}/);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    child.once("exit", (code) => reject(new Error(`instance exited with ${code}`)));
  });
}

async function issueToken(scope: "READ" | "MANAGE") {
  const token = `eai_${randomBytes(32).toString("base64url")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    `INSERT INTO "ApiToken" (id, "projectId", name, prefix, "tokenHash", scope) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING id`,
    [projectId, `fault ${scope}`, token.slice(0, 10), createHash("sha256").update(token).digest("hex"), scope],
  );
  await client.end();
  return { token, id: rows[0].id as string };
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "secrets-fault-"));
  port = await freePort();
  await startDatabase();
  await applyMigrations(url);
  process.env.MASTER_KEY = masterKey;
  const { PrismaClient } = await import("@/lib/generated/prisma/client");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const { seedFirstStart } = await import("@/server/seed");
  const { getMasterKeyProvider } = await import("@/lib/crypto/master-key");
  const seeded = await seedFirstStart(prisma, getMasterKeyProvider(), { adminEmail: "admin@example.com", adminPassword: "long-enough" });
  if (!seeded.created) throw new Error("seed did not run");
  projectId = seeded.projectId;
  await prisma.$disconnect();
}, 120_000);

afterAll(async () => {
  for (const child of instances) child.kill("SIGKILL");
  await database?.stop().catch(() => {});
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("PostgreSQL stopped and started again under writes through two instances", () => {
  it("commits each write whole or answers 503; nothing half written; both instances serve again", async () => {
    const env = { API_RATE_LIMIT_PER_MINUTE: "1000000" };
    const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    const { token } = await issueToken("MANAGE");
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };

    type Outcome = { name: string; status: number; code?: string; retryAfter: string | null; error?: string };
    const outcomes: Outcome[] = [];
    let stop = false;
    let n = 0;
    const writer = async (base: string) => {
      while (!stop) {
        const name = `fault-${++n}`;
        try {
          const response = await fetch(`${base}/v1/secrets`, {
            method: "POST",
            headers,
            body: JSON.stringify({ secretDefinition: { name, secretString: `value of ${name}` } }),
            signal: AbortSignal.timeout(15_000),
          });
          const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
          outcomes.push({ name, status: response.status, code: body.error?.code, retryAfter: response.headers.get("retry-after") });
          if (response.status === 503) await new Promise((r) => setTimeout(r, 50));
        } catch (error) {
          outcomes.push({ name, status: 0, retryAfter: null, error: String(error) });
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, i) => writer(i % 2 ? a : b));

    await new Promise((r) => setTimeout(r, 2000));
    // Immediate shutdown, as a crash would: SIGQUIT to the postmaster.
    const pid = Number((await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]);
    process.kill(pid, "SIGQUIT");
    await new Promise((r) => setTimeout(r, 4000));
    await startDatabase();
    await new Promise((r) => setTimeout(r, 3000));
    stop = true;
    await Promise.all(writers);

    const byStatus: Record<string, Outcome[]> = {};
    for (const outcome of outcomes) (byStatus[String(outcome.status)] ??= []).push(outcome);
    expect(Object.keys(byStatus).sort(), JSON.stringify(outcomes.filter((o) => o.status !== 201 && o.status !== 503).slice(0, 5))).toEqual([
      "201",
      "503",
    ]);
    for (const refused of byStatus["503"]!) {
      expect(refused.code).toBe("unavailable");
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }

    // Every acknowledged write is there whole; every stored secret is whole, acknowledged or not.
    const stored = await query<{ name: string; versions: number; creates: number; accesses: number }>(
      `SELECT s.name,
              (SELECT count(*)::int FROM "SecretVersion" v WHERE v."secretId" = s.id AND v.version = 1) AS versions,
              (SELECT count(*)::int FROM "AuditEvent" e WHERE e."targetId" = s.id::text AND e.action = 'secret.create') AS creates,
              (SELECT count(*)::int FROM "SecretAccess" a WHERE a."secretId" = s.id) AS accesses
       FROM "Secret" s WHERE s."projectId" = $1 AND s.name LIKE 'fault-%'`,
      [projectId],
    );
    const storedNames = new Set(stored.map((s) => s.name));
    for (const ok of byStatus["201"]!) expect(storedNames.has(ok.name), ok.name).toBe(true);
    for (const secret of stored) {
      expect(secret, secret.name).toMatchObject({ versions: 1, creates: 1 });
      expect(secret.accesses, secret.name).toBeGreaterThanOrEqual(1);
    }

    // Both instances serve again, without a restart.
    for (const base of [a, b]) {
      await expect
        .poll(async () => (await fetch(`${base}/v1/secrets`, { headers }).catch(() => null))?.status, { timeout: 20_000, interval: 500 })
        .toBe(200);
    }
  }, 120_000);
});

describe("two instances, one database", () => {
  let a: string;
  let b: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([startInstance({ API_RATE_LIMIT_PER_MINUTE: "10" }), startInstance({ API_RATE_LIMIT_PER_MINUTE: "10" })]);
  }, 60_000);

  it("a token's rate limit counts its calls on both", async () => {
    const { token } = await issueToken("READ");
    const call = (base: string) => fetch(`${base}/v1/secrets`, { headers: { Authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(i % 2 ? a : b)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const over = await call(a);
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBeTruthy();
    expect((await call(b)).status).toBe(429);
  });

  it("a token revoked through one is refused by the other on its next request", async () => {
    const { token, id } = await issueToken("READ");
    const headers = { Authorization: `Bearer ${token}` };
    expect((await fetch(`${b}/v1/secrets`, { headers })).status).toBe(200);
    await query(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE id = $1`, [id]);
    const refused = await fetch(`${b}/v1/secrets`, { headers });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("token_revoked");
  });

  it("a data key rotated while both serve: each reads values sealed under the new key at once", async () => {
    const { token } = await issueToken("MANAGE");
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const created = (await (
      await fetch(`${a}/v1/secrets`, {
        method: "POST",
        headers,
        body: JSON.stringify({ secretDefinition: { name: "Rotated", secretString: "before" } }),
      })
    ).json()) as { id: string };
    // b unwraps (and caches) the current data key.
    expect(((await (await fetch(`${b}/v1/secrets/${created.id}`, { headers })).json()) as { secretString: string }).secretString).toBe(
      "before",
    );

    const { PrismaClient } = await import("@/lib/generated/prisma/client");
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    const { rotateProjectDataKey } = await import("@/lib/secrets/data-key-rotation");
    const { getMasterKeyProvider } = await import("@/lib/crypto/master-key");
    await rotateProjectDataKey(prisma, getMasterKeyProvider(), projectId, () => {});
    await prisma.$disconnect();

    // Re-encrypted under the new key: b opens it on its next request, and a value a writes now is sealed with the new key.
    expect(((await (await fetch(`${b}/v1/secrets/${created.id}`, { headers })).json()) as { secretString: string }).secretString).toBe(
      "before",
    );
    await fetch(`${a}/v1/secrets/${created.id}`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ secretDefinition: { secretString: "after" } }),
    });
    expect(((await (await fetch(`${b}/v1/secrets/${created.id}`, { headers })).json()) as { secretString: string }).secretString).toBe(
      "after",
    );
    const versions = await query<{ dataKeyVersion: number }>(`SELECT "dataKeyVersion" FROM "SecretVersion" WHERE "secretId" = $1`, [
      created.id,
    ]);
    const active = await query<{ version: number }>(`SELECT version FROM "ProjectDataKey" WHERE "projectId" = $1 AND "retiredAt" IS NULL`, [
      projectId,
    ]);
    expect(active).toHaveLength(1);
    expect(versions.every((v) => v.dataKeyVersion === active[0].version)).toBe(true);
  });
});
