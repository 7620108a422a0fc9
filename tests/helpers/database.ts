import type { AuthorizedSecret } from "../../lib/authz/context";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../lib/generated/prisma/client";
import { applyMigrations } from "../../lib/db/migrate";

/** Tests stand in for lib/authz: the one place outside it that mints an authorized context, for commands called directly. */
export function asAuthorized<T extends object>(context: T) {
  return context as unknown as AuthorizedSecret & T;
}

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

/**
 * A migrated, seeded database that the app's own modules (lib/db) use: sets
 * DATABASE_URL and a fresh MASTER_KEY, seeds the first administrator and the
 * demo project, and adds a second project. Import lib/ modules dynamically
 * after this, so that lib/db is created on this database.
 */
export async function createSeededAppDatabase(prefix: string) {
  const database = await createMigratedDatabase(prefix);
  process.env.DATABASE_URL = database.url;
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  const { seedFirstStart } = await import("../../server/seed");
  const { getMasterKeyProvider } = await import("../../lib/crypto/master-key");
  const { createProjectRecords } = await import("../../lib/projects/create-project");
  const seeded = await seedFirstStart(database.prisma, getMasterKeyProvider(), {
    adminEmail: "admin@example.com",
    adminPassword: "long-enough",
  });
  if (!seeded.created) throw new Error("seed did not run");
  const admin = await database.prisma.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
  const organizationId = (await database.prisma.organization.findFirstOrThrow()).id;
  const actor = { type: "USER" as const, id: admin.id, label: admin.email, ip: "127.0.0.1", userAgent: "vitest" };
  const otherProjectId = (
    await database.prisma.$transaction((tx) =>
      createProjectRecords(tx, getMasterKeyProvider(), { organizationId, name: "Other", adminUserId: admin.id }, actor),
    )
  ).id;
  const { grantFromRoles } = await import("../../lib/authz/policy");
  /** The seeded administrator's context in a project, as an action hands it to a domain command. */
  const adminCtx = (projectId: string) =>
    asAuthorized({
      projectId,
      organizationId,
      user: { id: admin.id, email: admin.email, name: admin.name },
      actor,
      grant: grantFromRoles(projectId, admin.id, [{ id: "admin-role", systemKey: "project_admin", permissions: [] }]),
      rights: { read: true, write: true, rename: true, delete: true, manageAccesses: true },
      canRename: true,
    });
  return {
    ...database,
    projectId: seeded.projectId,
    otherProjectId,
    organizationId,
    admin,
    actor,
    adminCtx,
    /** Closes the app's connections, then drops the database. */
    async drop() {
      const { closeDatabase } = await import("../../lib/db");
      await closeDatabase();
      await database.drop();
    },
  };
}
