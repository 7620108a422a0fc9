import { expect, test } from "./support/test";
import { storageState } from "./support/environment";
import { chooseStatus, createSecretViaEditor, demoProjectId, openSecret } from "./support/pages";

/**
 * Reading what happened: every event in words, one save one entry, one
 * label per person, an import one entry with its count; the Activity view
 * filters and exports, for those who may see it.
 */
test.use({ storageState: storageState("admin") });

test("the Activity says what people did in sentences, one entry per save, and filters and exports", async ({ page }) => {
  const projectId = await demoProjectId();
  const name = `Worded ${Date.now().toString(36)}`;
  await createSecretViaEditor(page, projectId, { name, value: "worded-1" });

  // One Confirm: a new value, Inactive, and Mona gets read access.
  await page.goto(`/projects/${projectId}/secrets?q=${encodeURIComponent(name)}`);
  await openSecret(page, name);
  await page.getByLabel("Value", { exact: true }).fill("worded-2");
  await chooseStatus(page, "Inactive");
  await page.getByRole("tab", { name: /Accesses/ }).click();
  await page.getByRole("button", { name: "Choose a member, role or token" }).click();
  await page.getByPlaceholder("Search…").fill("Mona");
  await page.getByRole("option", { name: /Mona Member/ }).click();
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(`Saved. "${name}" is now at version 2.`)).toBeVisible();

  // The secret's History: that save is one entry, in words, with no status in capitals.
  await page.getByRole("tab", { name: /General/ }).click();
  const history = page.getByRole("list", { name: "History" });
  const saved = history.getByRole("listitem").filter({ hasText: "set a new value (version 2)" });
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText(
    `Administrator changed “${name}”: set a new value (version 2); made it Inactive (was Active); gave Mona Member read access`,
  );
  await expect(history).not.toContainText("INACTIVE");
  await expect(history).not.toContainText("admin@example.com");

  // An import is one entry with its count.
  const prefix = `IMP_${Date.now().toString(36).toUpperCase()}`;
  await page.goto(`/projects/${projectId}/secrets`);
  await page.getByRole("button", { name: "Import .env" }).click();
  await page.getByRole("dialog").getByLabel(".env contents").fill(`${prefix}_A=1\n${prefix}_B=2\n${prefix}_C=3\n`);
  await page.getByRole("dialog").getByRole("button", { name: "Import 3 secrets" }).click();
  await expect(page.getByText("Imported 3 secrets.")).toBeVisible();

  await page.goto(`/projects/${projectId}/activity`);
  const activity = page.getByRole("list", { name: "Activity" });
  // Other specs write too: find the entry rather than assume it is first.
  await expect(activity.getByRole("listitem").filter({ hasText: "Administrator imported 3 secrets from a .env file" })).toHaveCount(1);
  await expect(activity).not.toContainText(`created the secret “${prefix}_A”`);
  await expect(activity).toContainText(`Administrator created the secret “${name}”`);
  await expect(activity).not.toContainText("secret.access_add");

  // Filters: by secret, then by kind of action; each keeps the URL.
  await page.getByLabel("Secret").fill(name);
  await page.getByLabel("Secret").press("Enter");
  await expect(page).toHaveURL(/secret=/);
  await expect(activity.getByRole("listitem")).toHaveCount(2);
  await page.getByLabel("Action").click();
  await page.getByRole("option", { name: "Accesses" }).click();
  await expect(page).toHaveURL(/kind=accesses/);
  await expect(activity.getByRole("listitem")).toHaveCount(1);
  await expect(activity).toContainText("gave Mona Member read access");

  // The export holds what the filters select, as sentences.
  const download = await page.request.get(`/projects/${projectId}/activity/export?secret=${encodeURIComponent(name)}&kind=accesses`);
  expect(download.status()).toBe(200);
  const csv = await download.text();
  expect(csv.split("\r\n")[0]).toBe("time,person,activity,outcome,reason,target_type,target");
  expect(csv).toContain("gave Mona Member read access");
  expect(csv).not.toContain("worded-2");

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/activity$`));

  // The Dashboard speaks the same words, with no raw codes.
  await page.goto(`/projects/${projectId}/dashboard`);
  const recent = page.getByRole("list", { name: "Recent activity" });
  await expect(recent).toContainText("Administrator");
  await expect(recent).not.toContainText(/secret\.[a-z_]+/);
});

test("members read the Activity; a role without requests.view is told what it needs; an outsider's export gets 404", async ({
  browser,
}) => {
  const projectId = await demoProjectId();
  const member = await browser.newPage({ storageState: storageState("member") });
  expect((await member.goto(`/projects/${projectId}/activity`))?.status()).toBe(200);
  await expect(member.getByRole("list", { name: "Activity" })).toBeVisible();
  // "Secret editors" (the custom role) has no requests.view.
  const custom = await browser.newPage({ storageState: storageState("custom") });
  expect((await custom.goto(`/projects/${projectId}/activity`))?.status()).toBe(403);
  await expect(custom.getByRole("heading", { name: "You need the “View the requests log and the activity” permission" })).toBeVisible();
  expect((await custom.request.get(`/projects/${projectId}/activity/export`)).status()).toBe(403);
  const outsider = await browser.newPage({ storageState: storageState("outsider") });
  expect((await outsider.request.get(`/projects/${projectId}/activity/export`)).status()).toBe(404);
  for (const page of [member, custom, outsider]) await page.close();
});
