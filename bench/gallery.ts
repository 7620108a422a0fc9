/**
 * Measures the Secrets gallery's query with 10,000 secrets in one project:
 * npm run bench:gallery [-- COUNT]
 * Starts a throw-away embedded PostgreSQL, seeds, inserts the secrets (each
 * with a real sealed value), then times each gallery view many times.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { applyMigrations } from "@/lib/db/migrate";
import { startEmbeddedPostgres } from "@/server/embedded-postgres";

const COUNT = Number(process.argv[2] ?? 10_000);
const ROUNDS = 200;

const dir = await mkdtemp(path.join(tmpdir(), "bench-gallery-"));
const database = await startEmbeddedPostgres(dir);
try {
  process.env.DATABASE_URL = database.url;
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  await applyMigrations(database.url);
  const { db, closeDatabase } = await import("@/lib/db");
  const { getMasterKeyProvider } = await import("@/lib/crypto/master-key");
  const { seedFirstStart } = await import("@/server/seed");
  const { getActiveDataKey } = await import("@/lib/crypto/data-keys");
  const { seal } = await import("@/lib/crypto/aead");
  const { secretAad } = await import("@/lib/crypto/secret-envelope");
  const { listSecrets } = await import("@/lib/secrets/queries");

  const seeded = await seedFirstStart(db, getMasterKeyProvider(), { adminPassword: "benchmark-only" });
  if (!seeded.created) throw new Error("seed failed");
  const projectId = seeded.projectId;
  const { version: keyVersion, key } = await getActiveDataKey(db, getMasterKeyProvider(), projectId);
  const statuses = ["ACTIVE", "ACTIVE", "ACTIVE", "INACTIVE", "REVOKED"] as const;

  const started = performance.now();
  for (let offset = 0; offset < COUNT; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, COUNT - offset) }, (_, i) => {
      const n = offset + i;
      const name = `service-${String(n).padStart(5, "0")} api key`;
      return {
        id: crypto.randomUUID(),
        projectId,
        name,
        nameKey: name.toLowerCase(),
        description: `Key number ${n} for the benchmark`,
        status: statuses[n % statuses.length],
        updatedAt: new Date(Date.now() - n * 60_000),
      };
    });
    await db.secret.createMany({ data: batch });
    await db.secretVersion.createMany({
      data: batch.map((s) => {
        const sealed = seal(key, Buffer.from(`value-${s.id}`), secretAad(projectId, s.id, 1));
        return {
          secretId: s.id,
          version: 1,
          ciphertext: new Uint8Array(sealed.ciphertext),
          iv: new Uint8Array(sealed.iv),
          dataKeyVersion: keyVersion,
        };
      }),
    });
  }
  await db.$executeRawUnsafe(`ANALYZE`);
  console.log(`Inserted ${COUNT} secrets with sealed values in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const base = { q: "", status: undefined, sort: "name", dir: "asc", page: 1, size: 25, view: "active" } as const;
  const views = {
    "first page, by name": base,
    "by updated, newest first, 100 rows": { ...base, sort: "updatedAt", dir: "desc", size: 100 },
    "status Inactive, by version": { ...base, status: "INACTIVE", sort: "version" },
    "search 'service-09'": { ...base, q: "service-09" },
    "last page (page 400)": { ...base, page: Math.ceil((COUNT * 0.999) / 25) },
    "by description": { ...base, sort: "description" },
  } as const;

  console.log(`\n${"view".padEnd(40)} ${"rows".padStart(5)} ${"total".padStart(6)}  p50 ms  p95 ms  max ms`);
  for (const [label, query] of Object.entries(views)) {
    const times: number[] = [];
    let result = { rows: [] as unknown[], total: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      result = await listSecrets(projectId, query);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2).padStart(6);
    console.log(
      `${label.padEnd(40)} ${String(result.rows.length).padStart(5)} ${String(result.total).padStart(6)}  ${at(0.5)}  ${at(0.95)}  ${at(1)}`,
    );
  }
  await closeDatabase();
} finally {
  await database.stop();
  await rm(dir, { recursive: true, force: true });
}
