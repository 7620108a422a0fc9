import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../lib/generated/prisma/client";
import { applyMigrations } from "../../lib/db/migrate";

/** A fresh, empty database in the test PostgreSQL. */
export async function createEmptyDatabase(prefix = "t") {
  const admin = inject("postgresUrl");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh database with every migration applied, and a Prisma client on it. */
export async function createMigratedDatabase(prefix = "t") {
  const database = await createEmptyDatabase(prefix);
  await applyMigrations(database.url);
  // Not lib/db: importing it would create the app's client before a test sets DATABASE_URL.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  return {
    ...database,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
