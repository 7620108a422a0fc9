import { cp, mkdtemp, rm, writeFile, appendFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, MigrationError, applyMigrations, readMigrations } from "@/lib/db/migrate";
import { createEmptyDatabase } from "./helpers/database";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("the migration step", () => {
  it("applies every migration once and records it the way Prisma does", async () => {
    const db = await createEmptyDatabase("mig");
    cleanups.push(db.drop);
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);

    expect(await applyMigrations(db.url)).toEqual(migrations.map((m) => m.name));
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      db.url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
    expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);

    // A second run changes nothing.
    expect(await applyMigrations(db.url)).toEqual([]);
    expect(await query(db.url, `SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(migrations.length);
  });

  it("refuses to go on when an applied migration's file has changed", async () => {
    const db = await createEmptyDatabase("mig");
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    cleanups.push(db.drop, () => rm(dir, { recursive: true, force: true }));
    await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    await applyMigrations(db.url, { dir });

    const [first] = await readMigrations(dir);
    await appendFile(path.join(dir, first.name, "migration.sql"), "\n-- edited after it was applied\n");
    await expect(applyMigrations(db.url, { dir })).rejects.toThrow(MigrationError);
    await expect(applyMigrations(db.url, { dir })).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls a failing migration back and records nothing for it", async () => {
    const db = await createEmptyDatabase("mig");
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    cleanups.push(db.drop, () => rm(dir, { recursive: true, force: true }));
    await mkdir(path.join(dir, "1_good"));
    await writeFile(path.join(dir, "1_good", "migration.sql"), "CREATE TABLE good (id int);");
    await mkdir(path.join(dir, "2_bad"));
    await writeFile(path.join(dir, "2_bad", "migration.sql"), "CREATE TABLE half (id int); SELECT no_such_function();");

    await expect(applyMigrations(db.url, { dir })).rejects.toThrow(/2_bad failed and was rolled back/);
    const tables = await query<{ tablename: string }>(db.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.tablename)).toEqual(["_prisma_migrations", "good"]);
    const recorded = await query<{ migration_name: string }>(db.url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["1_good"]);
  });

  it("applies each migration once when two instances start together", async () => {
    const db = await createEmptyDatabase("mig");
    cleanups.push(db.drop);
    const [a, b] = await Promise.all([applyMigrations(db.url), applyMigrations(db.url)]);
    expect([...a, ...b].sort()).toEqual((await readMigrations()).map((m) => m.name));
  });
});
