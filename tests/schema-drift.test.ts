import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { createEmptyDatabase } from "./helpers/database";

const run = promisify(execFile);

/** The parts of the catalogue a schema consists of, in a comparable form. */
async function describeSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await q(`
        SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`),
      indexes: await q(`
        SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
        ORDER BY tablename, indexname`),
      constraints: await q(`
        SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid NOT IN (SELECT oid FROM pg_class WHERE relname = '_prisma_migrations')
        ORDER BY 1, 2`),
      enums: await q(`
        SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace
        GROUP BY t.typname ORDER BY t.typname`),
    };
  } finally {
    await client.end();
  }
}

describe("schema drift", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("the checked-in migrations build exactly the schema prisma/schema.prisma declares, with prisma/indexes.sql", async () => {
    const fromMigrations = await createEmptyDatabase("drift_m");
    const fromSchema = await createEmptyDatabase("drift_s");
    cleanups.push(fromMigrations.drop, fromSchema.drop);

    await applyMigrations(fromMigrations.url);

    const prismaCli = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");
    const { stdout: script } = await run(
      process.execPath,
      [prismaCli, "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      { env: { ...process.env, DATABASE_URL: fromSchema.url }, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(script).toContain("CREATE TABLE");
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query(script);
    // What schema.prisma cannot declare (partial, expression and trigram indexes) is listed beside it.
    await client.query(await readFile(path.join(process.cwd(), "prisma", "indexes.sql"), "utf8"));
    await client.end();

    const [a, b] = await Promise.all([describeSchema(fromMigrations.url), describeSchema(fromSchema.url)]);
    expect(a.columns.length).toBeGreaterThan(50);
    expect(a).toEqual(b);
  }, 120_000);
});
