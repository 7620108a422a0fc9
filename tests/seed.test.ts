import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/passwords";
import { getDataKey } from "@/lib/crypto/data-keys";
import { LocalMasterKeyProvider } from "@/lib/crypto/master-key";
import { DEMO_PROJECT, seedFirstStart } from "@/server/seed";
import { createMigratedDatabase } from "./helpers/database";

describe("first-start seeding", () => {
  let db: Awaited<ReturnType<typeof createMigratedDatabase>>;
  const key = new LocalMasterKeyProvider(randomBytes(32));
  beforeAll(async () => {
    db = await createMigratedDatabase("seed");
  });
  afterAll(() => db.drop());

  async function counts() {
    const p = db.prisma;
    return {
      organizations: await p.organization.count(),
      users: await p.user.count(),
      projects: await p.project.count(),
      roles: await p.role.count(),
      members: await p.projectMember.count(),
      dataKeys: await p.projectDataKey.count(),
    };
  }

  it("creates the organization, the demo project and the first administrator", async () => {
    const result = await seedFirstStart(db.prisma, key, { adminEmail: "Owner@Example.com", adminPassword: "a-long-password" });
    expect(result).toMatchObject({ created: true, adminEmail: "owner@example.com", generatedPassword: null });
    expect(await counts()).toEqual({ organizations: 1, users: 1, projects: 1, roles: 2, members: 1, dataKeys: 1 });

    const admin = await db.prisma.user.findUniqueOrThrow({
      where: { email: "owner@example.com" },
      include: { orgMemberships: true, projectMemberships: { include: { roles: { include: { role: true } }, project: true } } },
    });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(admin.passwordHash!, "a-long-password")).toBe(true);
    expect(admin.orgMemberships[0].role).toBe("ADMIN");
    expect(admin.projectMemberships[0].project.name).toBe(DEMO_PROJECT);
    expect(admin.projectMemberships[0].roles.map((r) => r.role.systemKey)).toEqual(["project_admin"]);

    // The project's data key is stored wrapped and opens with the master key.
    const projectId = admin.projectMemberships[0].projectId;
    const stored = await db.prisma.projectDataKey.findFirstOrThrow({ where: { projectId } });
    const dataKey = await getDataKey(db.prisma, key, projectId, 1);
    expect(dataKey).toHaveLength(32);
    expect(Buffer.from(stored.wrappedKey).includes(dataKey)).toBe(false);
  });

  it("is idempotent: a second start (even with other settings) changes nothing", async () => {
    const before = await counts();
    const again = await seedFirstStart(db.prisma, key, { adminEmail: "someone-else@example.com" });
    expect(again).toEqual({ created: false });
    expect(await counts()).toEqual(before);
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { email: "owner@example.com" } });
    expect(await verifyPassword(admin.passwordHash!, "a-long-password")).toBe(true);
  });

  it("generates a password when none is given, and seeds once under concurrent starts", async () => {
    const fresh = await createMigratedDatabase("seed2");
    try {
      const results = await Promise.all([seedFirstStart(fresh.prisma, key, {}), seedFirstStart(fresh.prisma, key, {})]);
      const created = results.filter((r) => r.created);
      expect(created).toHaveLength(1);
      const first = created[0] as Extract<(typeof results)[number], { created: true }>;
      expect(first.generatedPassword).toMatch(/^[\w-]{16}$/);
      expect(await fresh.prisma.organization.count()).toBe(1);
      const admin = await fresh.prisma.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
      expect(await verifyPassword(admin.passwordHash!, first.generatedPassword!)).toBe(true);
    } finally {
      await fresh.drop();
    }
  });
});
