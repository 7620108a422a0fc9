import { expect, test } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { storageState } from "./support/environment";
import { createSecretViaEditor, demoProjectId, findInGallery } from "./support/pages";
import { callServerAction } from "./support/server-actions";

test.describe("a project member", () => {
  let secretId: string;
  let projectId: string;

  test.beforeAll(async ({ browser }) => {
    projectId = await demoProjectId();
    const admin = await browser.newPage({ storageState: storageState("admin") });
    await createSecretViaEditor(admin, projectId, {
      name: "Member visible",
      value: "member-must-not-see-this",
      description: "For the member test",
    });
    await admin.close();
    const db = await connectE2EDatabase();
    const { rows } = await db.query(`SELECT id FROM "Secret" WHERE name = 'Member visible'`);
    await db.end();
    secretId = rows[0].id;
  });

  test.use({ storageState: storageState("member") });

  test("sees the gallery but no Create new, no value and no edit form", async ({ page }) => {
    await page.goto(`/projects/${projectId}/secrets`);
    await expect(page.getByRole("link", { name: "Create new" })).toHaveCount(0);
    await findInGallery(page, "Member visible");

    await page.getByRole("link", { name: "Member visible" }).click();
    // Read only: "Secret", not an editor.
    await expect(page.getByRole("heading", { name: "Secret", exact: true })).toBeVisible();
    await expect(page.getByText("Read only", { exact: true })).toBeVisible();
    await expect(page.getByText("For the member test")).toBeVisible();
    await expect(page.getByRole("button", { name: "Confirm" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Reveal current value" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await expect(page.getByLabel("Value", { exact: true })).toHaveCount(0);

    // Restricted is not missing: inside their project, the page says what it needs (403), in the shell.
    expect((await page.goto(`/projects/${projectId}/secrets/new`))?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You need the “Create, delete and restore secrets” permission" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Backoffice" })).toBeVisible();
  });

  test("is refused by every secret action called directly, and nothing changes", async ({ page }) => {
    await page.goto(`/projects/${projectId}/secrets`);
    const request = page.request;
    const db = await connectE2EDatabase();
    // This secret and any "Sneaky" one; the authorization matrix compares whole tables, alone.
    const snapshot = async () =>
      (
        await db.query(
          `SELECT s.name, s.status, s.version, s.revision, s."deletedAt", (SELECT count(*) FROM "SecretVersion" v WHERE v."secretId" = s.id) AS versions
           FROM "Secret" s WHERE s."projectId" = $1 AND (s.id = $2 OR s.name = 'Sneaky') ORDER BY s.name`,
          [projectId, secretId],
        )
      ).rows;
    const before = await snapshot();
    const page_ = `/projects/${projectId}/secrets`;

    const calls: [string, unknown[]][] = [
      ["createSecretAction", [projectId, { name: "Sneaky", value: "x", status: "ACTIVE", description: "" }]],
      [
        "updateSecretAction",
        [projectId, secretId, { name: "Member visible", value: "changed", status: "ACTIVE", description: "", revision: 1 }],
      ],
      ["revealSecretAction", [projectId, secretId, "reveal"]],
      ["revealSecretAction", [projectId, secretId, "copy"]],
      ["deleteSecretAction", [projectId, secretId]],
      ["restoreSecretAction", [projectId, secretId]],
      ["purgeSecretAction", [projectId, secretId]],
    ];
    for (const [name, args] of calls) {
      const { result, body } = await callServerAction(request, name, args, page_);
      expect(result, `${name} answered ${body.slice(0, 200)}`).toMatchObject({
        ok: false,
        message: "You do not have permission to do this.",
      });
      expect(body).not.toContain("member-must-not-see-this");
    }
    expect(await snapshot()).toEqual(before);

    const { rows: denied } = await db.query(
      `SELECT action FROM "AuditEvent" WHERE "actorLabel" = 'member@example.com' AND outcome = 'DENIED' AND "targetId" = $1`,
      [secretId],
    );
    expect(denied.map((r) => r.action)).toEqual(expect.arrayContaining(["secret.update", "secret.reveal", "secret.copy", "secret.delete"]));
    await db.end();
  });
});
