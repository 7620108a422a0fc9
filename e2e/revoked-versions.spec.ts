import { expect, test } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { storageState } from "./support/environment";
import { chooseStatus, createSecretViaEditor, demoProjectId, openSecret } from "./support/pages";
import { apiAs, issueToken } from "./support/tokens";

test.use({ storageState: storageState("admin") });

/**
 * A leaked key is revoked, replaced and made Active again: its old value can
 * never come back — not from the Versions card, not through the API (issue 9,
 * point 4).
 */
test("a revoked version is marked Revoked and can be rolled back to by no one", async ({ page }) => {
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "Leaked vendor key", value: "leaked-value" });
  await openSecret(page, "Leaked vendor key");
  await chooseStatus(page, "Revoked");
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("alertdialog", { name: 'Revoke "Leaked vendor key"?' }).getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByRole("list", { name: "Versions" }).getByRole("listitem").first()).toContainText("Revoked");

  await page.getByLabel("Value", { exact: true }).fill("fresh-value");
  await chooseStatus(page, "Active");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText('Saved. "Leaked vendor key" is now at version 2.')).toBeVisible();

  const versions = page.getByRole("list", { name: "Versions" });
  await expect(versions.getByRole("listitem")).toHaveCount(2);
  await expect(versions.getByRole("listitem").last()).toContainText("Revoked");
  await expect(page.getByRole("button", { name: "Roll back to version 1" })).toHaveCount(0);
  await expect(page.getByText("Revoked versions were invalidated when the secret was revoked")).toBeVisible();

  // Nor through the API, by a Manage token with Write on the secret.
  const { token, id: tokenId } = await issueToken(projectId, { scope: "MANAGE" });
  const db = await connectE2EDatabase();
  const { rows } = await db.query(`SELECT id FROM "Secret" WHERE "projectId" = $1 AND name = 'Leaked vendor key'`, [projectId]);
  const id = rows[0].id as string;
  await db.query(
    `INSERT INTO "SecretAccess" (id, "secretId", "principalType", "principalKey", "tokenId", level) VALUES (gen_random_uuid(), $1, 'TOKEN', 'token:' || $2, $2::uuid, 'WRITE')`,
    [id, tokenId],
  );
  await db.end();
  const api = await apiAs(token);
  const refused = await api.post(`/v1/secrets/${id}/rollback`, { data: { version: 1 } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("secret_revoked");
  const listed = await (await api.get(`/v1/secrets/${id}/versions`)).json();
  expect(listed.versions.map((v: { version: number; revoked: boolean }) => [v.version, v.revoked])).toEqual([
    [2, false],
    [1, true],
  ]);
  expect((await (await api.get(`/v1/secrets/${id}`)).json()).secretString).toBe("fresh-value");
  await api.dispose();
});
