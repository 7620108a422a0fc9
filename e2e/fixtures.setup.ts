import { mkdirSync } from "node:fs";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import { expect, test as setup } from "@playwright/test";
import { connectE2EDatabase } from "./support/database";
import { E2E, storageState, type Role } from "./support/environment";

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
    for (const role of ["member", "outsider", "locked"] as const) {
      const user = E2E.users[role];
      const {
        rows: [row],
      } = await db.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now())
         ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [user.email, user.name, await hash(user.password)],
      );
      await db.query(
        `INSERT INTO "OrganizationMember" (id, "organizationId", "userId", role) VALUES (gen_random_uuid(), $1, $2, 'MEMBER') ON CONFLICT DO NOTHING`,
        [org.id, row.id],
      );
      if (role === "member") {
        const {
          rows: [member],
        } = await db.query(
          `INSERT INTO "ProjectMember" (id, "projectId", "userId") VALUES (gen_random_uuid(), $1, $2)
           ON CONFLICT ("projectId", "userId") DO UPDATE SET "userId" = EXCLUDED."userId" RETURNING id`,
          [project.id, row.id],
        );
        await db.query(`INSERT INTO "ProjectMemberRole" ("memberId", "roleId") VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
          member.id,
          memberRole.id,
        ]);
      }
    }
  } finally {
    await db.end();
  }
});

for (const role of ["admin", "member", "outsider"] as Role[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const user = E2E.users[role];
    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
    mkdirSync(path.dirname(storageState(role)), { recursive: true });
    await page.context().storageState({ path: storageState(role) });
  });
}
