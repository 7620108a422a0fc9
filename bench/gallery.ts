/**
 * Measures the Secrets gallery's database time (the page of rows, its count,
 * and which tools use them) in one project, every sort, filter, search and
 * the deep pages: npm run bench:gallery [-- COUNT] (10,000 by default;
 * ROUNDS=200 calls per view).
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
const ROUNDS = Number(process.env.ROUNDS ?? 200);

const dir = await mkdtemp(path.join(tmpdir(), "bench-gallery-"));
const database = await startEmbeddedPostgres(dir);
try {
  process.env.DATABASE_URL = database.url;
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  await applyMigrations(database.url);
  const { db, closeDatabase } = await import("@/lib/db");
  const { getMasterKeyProvider } = await import("@/lib/crypto/master-key");
  const { seedFirstStart } = await import("@/server/seed");
  const { listSecrets } = await import("@/lib/secrets/queries");
  const { getSecretUsage } = await import("@/lib/tools/settings");
  const { insertSealedSecrets } = await import("./insert-secrets");

  const seeded = await seedFirstStart(db, getMasterKeyProvider(), { adminPassword: "benchmark-only" });
  if (!seeded.created) throw new Error("seed failed");
  const projectId = seeded.projectId;
  const statuses = ["ACTIVE", "ACTIVE", "ACTIVE", "INACTIVE", "REVOKED"] as const;

  const started = performance.now();
  await insertSealedSecrets(projectId, COUNT, (n) => ({
    name: `service-${String(n).padStart(5, "0")} api key`,
    description: `Key number ${n} for the benchmark`,
    status: statuses[n % statuses.length],
    updatedAt: new Date(Date.now() - n * 60_000),
  }));
  // What autovacuum does after a bulk insert (its insert threshold): statistics, and the visibility map that
  // lets the gallery choose a page's rows from an index alone.
  await db.$executeRawUnsafe(`VACUUM ANALYZE`);
  console.log(`Inserted ${COUNT} secrets with sealed values in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const base = { q: "", status: undefined, sort: "name", dir: "asc", page: 1, size: 25, view: "active" } as const;
  const pages = Math.ceil(COUNT / 25);
  const views = {
    "by name, first page": base,
    "by name, Z to A": { ...base, dir: "desc" },
    "by status": { ...base, sort: "status" },
    "by status, descending": { ...base, sort: "status", dir: "desc" },
    "by version": { ...base, sort: "version" },
    "by version, descending": { ...base, sort: "version", dir: "desc" },
    "by updated, newest first, 100 rows": { ...base, sort: "updatedAt", dir: "desc", size: 100 },
    "by updated, oldest first": { ...base, sort: "updatedAt" },
    "by description": { ...base, sort: "description" },
    "by description, descending": { ...base, sort: "description", dir: "desc" },
    "status Inactive, by name": { ...base, status: "INACTIVE" },
    "status Revoked, by version, descending": { ...base, status: "REVOKED", sort: "version", dir: "desc" },
    "search 'service-09'": { ...base, q: "service-09" },
    "search '9' (matches a third)": { ...base, q: "9" },
    "search 'no such name'": { ...base, q: "no such name" },
    [`middle page (page ${Math.ceil(pages / 2)})`]: { ...base, page: Math.ceil(pages / 2) },
    [`last page (page ${pages})`]: { ...base, page: pages },
    "last page, by updated, 100 rows": { ...base, sort: "updatedAt", dir: "desc", size: 100, page: Math.ceil(COUNT / 100) },
    "status Active, middle page": { ...base, status: "ACTIVE", page: Math.ceil((COUNT * 0.6) / 25 / 2) },
    "the Trash": { ...base, view: "trash" },
  } as const;

  console.log(`\n${"view".padEnd(40)} ${"rows".padStart(5)} ${"total".padStart(6)}  p50 ms  p95 ms  max ms`);
  for (const [label, query] of Object.entries(views)) {
    const times: number[] = [];
    let result = { rows: [] as unknown[], total: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      // What the page asks of the database: the page of rows, then which tools use them.
      result = await listSecrets(projectId, query);
      await getSecretUsage(
        projectId,
        (result.rows as { name: string }[]).map((r) => r.name.toLowerCase()),
      );
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
