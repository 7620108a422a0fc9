import { expect, test, type Locator } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { storageState } from "./support/environment";
import { demoProjectId } from "./support/pages";
import { issueToken } from "./support/tokens";

/**
 * On a phone (390 px), a table wider than the screen scrolls inside its card: a row's buttons stay at its right
 * edge in sight, and what an empty table says is centred in what the screen shows, not cut off.
 */
test.use({ storageState: storageState("admin"), viewport: { width: 390, height: 844 } });

async function withinScreen(locator: Locator) {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
}

test("a row's buttons stay in sight on a narrow screen: Revoke on the API tokens page", async ({ page }) => {
  const projectId = await demoProjectId();
  await issueToken(projectId, { name: "Narrow screen token" });
  await page.goto(`/projects/${projectId}/api-tokens`);
  const revoke = page.getByRole("button", { name: "Revoke Narrow screen token" });
  await expect(revoke).toBeVisible();
  await withinScreen(revoke);
});

test("an empty table's message is centred in the screen, not in the table's whole width", async ({ page }) => {
  const projectId = await demoProjectId();
  await page.goto(`/projects/${projectId}/secrets?q=${encodeURIComponent("No such secret anywhere")}`);
  const empty = page.getByText("No secret matches this search.");
  await expect(empty).toBeVisible();
  await withinScreen(empty);
  await withinScreen(page.getByRole("button", { name: "Clear filters" }));
  // The Requests log says whether filters left nothing, or nothing has happened yet.
  await page.goto(`/projects/${projectId}/requests?secret=${encodeURIComponent("No such secret anywhere")}`);
  await expect(page.getByText("No request matches these filters.")).toBeVisible();
});

test("a secret's name in the gallery is never split inside a word that fits: it must be typed exactly", async ({ page }) => {
  const projectId = await demoProjectId();
  const db = await connectE2EDatabase();
  await db.query(
    `INSERT INTO "Secret" (id, "projectId", name, "nameKey") VALUES (gen_random_uuid(), $1, 'DATABASE_URL_PRIMARY', 'database_url_primary')
     ON CONFLICT ("projectId", "nameKey") DO NOTHING`,
    [projectId],
  );
  await db.end();
  await page.goto(`/projects/${projectId}/secrets?q=database_url_primary`);
  const name = page.getByRole("link", { name: "DATABASE_URL_PRIMARY", exact: true });
  await expect(name).toBeVisible();
  // One line: as tall as its line, not two or three.
  const lineHeight = await name.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
  expect((await name.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
});
