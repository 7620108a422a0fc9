import { mkdirSync } from "node:fs";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import { expect, test as setup } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { CUSTOM_ROLE, E2E, storageState, type Role } from "./support/environment";

/** Who is what in the demo project (the seeded admin is also organization administrator). */
const PEOPLE: { role: Role; orgRole: "ADMIN" | "MEMBER"; projectRole: "project_member" | "custom" | null }[] = [
  { role: "member", orgRole: "MEMBER", projectRole: "project_member" },
  { role: "reader", orgRole: "MEMBER", projectRole: "project_member" },
  { role: "writer", orgRole: "MEMBER", projectRole: "project_member" },
  { role: "custom", orgRole: "MEMBER", projectRole: "custom" },
  { role: "outsider", orgRole: "MEMBER", projectRole: null },
  { role: "locked", orgRole: "MEMBER", projectRole: null },
  { role: "orgadmin", orgRole: "ADMIN", projectRole: null },
];

setup("seed the people the specs sign in as", async () => {
  const db = await connectE2EDatabase();
  try {
    const {
      rows: [org],
    } = await db.query(`SELECT id FROM "Organization" LIMIT 1`);
    const {
      rows: [project],
    } = await db.query(`SELECT id FROM "Project" WHERE name = 'Demo project'`);
    const {
      rows: [memberRole],
    } = await db.query(`SELECT id FROM "Role" WHERE "projectId" = $1 AND "systemKey" = 'project_member'`, [project.id]);
    const {
      rows: [customRole],
    } = await db.query(
      `INSERT INTO "Role" (id, "projectId", name, "nameKey", description, permissions, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, lower($2), 'Change secrets without managing anything else', $3, now())
       ON CONFLICT ("projectId", "nameKey") DO UPDATE SET permissions = EXCLUDED.permissions RETURNING id`,
      [project.id, CUSTOM_ROLE.name, CUSTOM_ROLE.permissions],
    );
    for (const person of PEOPLE) {
      const user = E2E.users[person.role];
      const {
        rows: [row],
      } = await db.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now())
         ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [user.email, user.name, await hash(user.password)],
      );
      await db.query(
        `INSERT INTO "OrganizationMember" (id, "organizationId", "userId", role) VALUES (gen_random_uuid(), $1, $2, $3) ON CONFLICT DO NOTHING`,
        [org.id, row.id, person.orgRole],
      );
      if (person.projectRole) {
        const {
          rows: [member],
        } = await db.query(
          `INSERT INTO "ProjectMember" (id, "projectId", "userId") VALUES (gen_random_uuid(), $1, $2)
           ON CONFLICT ("projectId", "userId") DO UPDATE SET "userId" = EXCLUDED."userId" RETURNING id`,
          [project.id, row.id],
        );
        const roleId = person.projectRole === "custom" ? customRole.id : memberRole.id;
        await db.query(`INSERT INTO "ProjectMemberRole" ("memberId", "roleId") VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
          member.id,
          roleId,
        ]);
      }
    }
  } finally {
    await db.end();
  }
});

for (const role of ["admin", "member", "outsider", "reader", "writer", "custom", "orgadmin"] as Role[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const user = E2E.users[role];
    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
    mkdirSync(path.dirname(storageState(role)), { recursive: true });
    await page.context().storageState({ path: storageState(role) });
  });
}
