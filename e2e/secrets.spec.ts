import { expect, test } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { storageState } from "./support/environment";
import { chooseStatus, createSecretViaEditor, demoProjectId, expectSaved, findInGallery, galleryRow, openSecret } from "./support/pages";

test.use({ storageState: storageState("admin") });

test.describe("the seed's flow: an administrator stores an API key", () => {
  test("creates MyAPIkey, changes its value and status", async ({ page }) => {
    const projectId = await demoProjectId();
    await createSecretViaEditor(page, projectId, { name: "MyAPIkey", value: "1235 54789", description: "Company API key" });

    // It appears in the gallery, Active, at version 1, with no value anywhere.
    await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/secrets$`));
    await findInGallery(page, "MyAPIkey");
    const row = galleryRow(page, "MyAPIkey");
    await expect(row).toContainText("Active");
    await expect(row.getByRole("cell").nth(2)).toHaveText("1");
    await expect(page.getByText("1235 54789")).toHaveCount(0);

    // A new value makes version 2; the stored value is never put back in the form.
    await openSecret(page, "MyAPIkey");
    await expect(page.getByLabel("Version", { exact: true })).toHaveText("1");
    await expect(page.getByLabel("Value", { exact: true })).toHaveValue("");
    await expect(page.getByLabel("Value", { exact: true })).toHaveAttribute("placeholder", "Leave empty to keep the current value");
    await page.getByLabel("Value", { exact: true }).fill("1235 54790");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByText('Saved. "MyAPIkey" is now at version 2.')).toBeVisible();
    await expect(page.getByLabel("Version", { exact: true })).toHaveText("2");

    // Inactive, then Revoked, show as such in the gallery.
    await chooseStatus(page, "Inactive");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expectSaved(page, 'Saved "MyAPIkey".');
    await page.getByRole("link", { name: "Go to Secrets" }).click();
    await findInGallery(page, "MyAPIkey");
    await expect(galleryRow(page, "MyAPIkey")).toContainText("Inactive");
    await expect(galleryRow(page, "MyAPIkey").getByRole("cell").nth(2)).toHaveText("2");

    await openSecret(page, "MyAPIkey");
    await chooseStatus(page, "Revoked");
    await page.getByRole("button", { name: "Confirm" }).click();
    // Revoking cannot be undone: it asks first, and Keep editing saves nothing.
    const revoke = page.getByRole("alertdialog", { name: 'Revoke "MyAPIkey"?' });
    await expect(revoke).toContainText("This cannot be undone");
    await revoke.getByRole("button", { name: "Keep editing" }).click();
    await expect(revoke).toHaveCount(0);
    const db = await connectE2EDatabase();
    const statusNow = async () => (await db.query(`SELECT status FROM "Secret" WHERE name = 'MyAPIkey'`)).rows[0].status;
    expect(await statusNow()).toBe("INACTIVE");
    await page.getByRole("button", { name: "Confirm" }).click();
    await revoke.getByRole("button", { name: "Revoke", exact: true }).click();
    await expectSaved(page, 'Saved "MyAPIkey".');
    expect(await statusNow()).toBe("REVOKED");
    await db.end();
    await expect(page.getByRole("button", { name: "Reveal current value" })).toHaveCount(0);
    await page.getByRole("link", { name: "Go to Secrets" }).click();
    await findInGallery(page, "MyAPIkey");
    await expect(galleryRow(page, "MyAPIkey")).toContainText("Revoked");

    // A revoked secret comes back only with a new value, as its Value field says (not "leave empty to keep").
    await openSecret(page, "MyAPIkey");
    await expect(page.getByLabel("Value", { exact: true })).toHaveAttribute("placeholder", "A new value, to use it again");
    await expect(page.getByText("Its values were revoked and are never served again")).toBeVisible();
    await chooseStatus(page, "Active");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByText("This secret is revoked: enter a new value to use it again.")).toBeVisible();
    await expect(page.getByLabel("Value", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Value", { exact: true }).fill("fresh-value-3");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByText('Saved. "MyAPIkey" is now at version 3.')).toBeVisible();

    // Reveal is explicit, shows the value, and is in the history.
    await page.getByRole("button", { name: "Reveal current value" }).click();
    await expect(page.getByRole("status", { name: "Current value" }).or(page.getByLabel("Current value"))).toHaveText("fresh-value-3");
    await page.reload();
    await expect(page.getByRole("list", { name: "History" })).toContainText("Administrator revealed the value of “MyAPIkey”");
    await expect(page.getByRole("list", { name: "History" })).toContainText("Administrator made “MyAPIkey” Inactive (was Active)");
  });
});

test("an earlier version's value comes back as a new version", async ({ page }) => {
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "Rollback demo", value: "value one" });
  await openSecret(page, "Rollback demo");
  await page.getByLabel("Value", { exact: true }).fill("value two");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText('Saved. "Rollback demo" is now at version 2.')).toBeVisible();

  const versions = page.getByRole("list", { name: "Versions" });
  await expect(versions.getByRole("listitem")).toHaveCount(2);
  await expect(versions.getByRole("listitem").first()).toContainText("Current");
  await expect(page.getByRole("button", { name: "Roll back to version 2" })).toHaveCount(0);
  await page.getByRole("button", { name: "Roll back to version 1" }).click();
  const confirm = page.getByRole("alertdialog", { name: 'Roll back "Rollback demo" to version 1?' });
  await expect(confirm).toContainText("The value of version 1 becomes version 3; version 2 stays in the history.");
  await confirm.getByRole("button", { name: "Roll back to version 1" }).click();
  await expect(page.getByText('"Rollback demo" now holds the value of version 1, as version 3.')).toBeVisible();
  await expect(page.getByLabel("Version", { exact: true })).toHaveText("3");
  await expect(versions.getByRole("listitem")).toHaveCount(3);

  await page.getByRole("button", { name: "Reveal current value" }).click();
  await expect(page.getByRole("status", { name: "Current value" }).or(page.getByLabel("Current value"))).toHaveText("value one");
  await expect(page.getByRole("list", { name: "History" })).toContainText(
    "Administrator rolled “Rollback demo” back to the value of version 1 (now version 3)",
  );

  // The form follows: a save after the roll back is not refused as stale.
  await page.getByLabel("Description").fill("after the roll back");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText('Saved "Rollback demo".')).toBeVisible();
});

test("a last day of use: refused in the past, shown in the gallery and on the Dashboard", async ({ page }) => {
  const projectId = await demoProjectId();
  const inFiveDays = new Date(Date.now() + 5 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await createSecretViaEditor(page, projectId, { name: "Expiring partner key", value: "partner-value" });
  await openSecret(page, "Expiring partner key");
  await page.getByLabel("Expires").fill("2001-01-01");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Choose today or a later day.")).toBeVisible();
  await expect(page.getByLabel("Expires")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Expires").fill(inFiveDays);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText('Saved "Expiring partner key".')).toBeVisible();
  await expect(page.getByText("Expires in 5 days").first()).toBeVisible();

  await page.getByRole("link", { name: "Go to Secrets" }).click();
  await findInGallery(page, "Expiring partner key");
  await expect(galleryRow(page, "Expiring partner key")).toContainText("Expires in 5 days");
  await page.goto(`/projects/${projectId}/dashboard`);
  const expiring = page.getByRole("list", { name: "Expiring soon" });
  await expect(expiring.getByRole("listitem").filter({ hasText: "Expiring partner key" })).toContainText(inFiveDays);
  await expiring.getByRole("link", { name: "Expiring partner key" }).click();
  await expect(page.getByLabel("Expires")).toHaveValue(inFiveDays);
});

test("a pasted .env file becomes secrets; existing names and unreadable lines are skipped and said so", async ({ page }) => {
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "DOTENV_EXISTING", value: "kept-value" });
  await page.getByRole("button", { name: "Import .env" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a .env file" });
  await dialog
    .getByLabel(".env contents")
    .fill(
      [
        "# imported by the e2e spec",
        "DOTENV_PAYMENTS=pay-123",
        'export DOTENV_WEBHOOK="hook 456"',
        "DOTENV_EXISTING=replaced?",
        "oops",
      ].join("\n"),
    );
  await expect(dialog.getByText("3 secrets found")).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Lines that will be skipped" })).toContainText("Line 5: Not a KEY=value line.");
  // The preview says which names exist, and the button counts what will really be imported.
  await expect(dialog.getByRole("list", { name: "Names that already exist" })).toContainText("DOTENV_EXISTING");
  await dialog.getByRole("button", { name: "Import 2 secrets" }).click();
  await expect(page.getByText("Imported 2 secrets.")).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Created" })).toContainText("DOTENV_PAYMENTS");
  await expect(dialog.getByRole("list", { name: "Skipped" })).toContainText("DOTENV_EXISTING already exists; it was left as it is.");
  await expect(dialog).not.toContainText("pay-123");
  await dialog.getByRole("button", { name: "Done" }).click();

  // Overwriting an existing name, chosen in the preview, makes a new version.
  await page.getByRole("button", { name: "Import .env" }).click();
  await dialog.getByLabel(".env contents").fill("DOTENV_EXISTING=replaced-by-import");
  await dialog.getByRole("radio", { name: /Overwrite/ }).check();
  await dialog.getByRole("button", { name: "Import 1 secret" }).click();
  await expect(page.getByText("Imported 0 secrets; 1 got a new version.")).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await page.goto(`/projects/${projectId}/secrets?q=DOTENV`);
  await openSecret(page, "DOTENV_EXISTING");
  await expect(page.getByLabel("Version", { exact: true })).toHaveText("2");
  await page.goto(`/projects/${projectId}/secrets?q=DOTENV`);

  await expect(galleryRow(page, "DOTENV_WEBHOOK")).toContainText("Active");
  await openSecret(page, "DOTENV_WEBHOOK");
  await page.getByRole("button", { name: "Reveal current value" }).click();
  await expect(page.getByRole("status", { name: "Current value" }).or(page.getByLabel("Current value"))).toHaveText("hook 456");
});

test.describe("bad input", () => {
  test("gets a clear message next to the field and saves nothing", async ({ page }) => {
    const projectId = await demoProjectId();
    await createSecretViaEditor(page, projectId, { name: "Billing token", value: "billing-value" });

    await page.goto(`/projects/${projectId}/secrets/new`);
    const name = page.getByLabel("Name");
    const value = page.getByLabel("Value", { exact: true });
    const confirm = page.getByRole("button", { name: "Confirm" });

    await confirm.click();
    await expect(page.getByText("Enter a name.")).toBeVisible();
    await expect(page.getByText("Enter the value to store.")).toBeVisible();

    await name.fill("bad/name");
    await value.fill("x");
    await confirm.click();
    await expect(page.getByText("Use letters, digits, spaces and _ - . only.")).toBeVisible();

    await name.fill("BILLING TOKEN");
    await confirm.click();
    await expect(page.getByText('A secret named "Billing token" already exists in this project (names ignore case).')).toBeVisible();
    await expect(value).toHaveValue("x");

    await name.fill("Huge");
    await value.fill("v".repeat(64 * 1024 + 1));
    await confirm.click();
    await expect(page.getByText("A value has at most 64 KiB.")).toBeVisible();

    await page.goto(`/projects/${projectId}/secrets?q=huge`);
    await expect(page.getByText("No secret matches this search.")).toBeVisible();
  });

  test("a stale save is refused with who changed it, and keeps what was typed", async ({ browser }) => {
    const projectId = await demoProjectId();
    const first = await browser.newPage({ storageState: storageState("admin") });
    const second = await browser.newPage({ storageState: storageState("admin") });
    await createSecretViaEditor(first, projectId, { name: "Shared key", value: "v1" });
    await openSecret(first, "Shared key");
    await expect(first).toHaveURL(/\/secrets\/[0-9a-f-]{36}$/);
    await second.goto(first.url());

    await first.getByLabel("Description").fill("Edited in the first tab");
    await first.getByRole("button", { name: "Confirm" }).click();
    await expect(first.getByText('Saved "Shared key".')).toBeVisible();

    await second.getByLabel("Description").fill("Edited in the second tab");
    await second.getByRole("button", { name: "Confirm" }).click();
    await expect(second.getByRole("alert").filter({ hasText: "after you opened it" })).toContainText("Administrator changed this secret");
    await expect(second.getByLabel("Description")).toHaveValue("Edited in the second tab");
    await first.close();
    await second.close();
  });
});

test.describe("the gallery", () => {
  test("searches, filters and sorts on the server, with the view kept in the URL", async ({ page }) => {
    const projectId = await demoProjectId();
    await createSecretViaEditor(page, projectId, { name: "Gallery alpha", value: "a" });
    await createSecretViaEditor(page, projectId, { name: "Gallery beta", value: "b", status: "Inactive" });

    await page.getByRole("searchbox", { name: "Search by name" }).fill("gallery");
    await expect(page).toHaveURL(/q=gallery/);
    await expect(page.getByRole("link", { name: "Gallery alpha" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Gallery beta" })).toBeVisible();

    await page.getByLabel("Filter by status").click();
    await page.getByRole("option", { name: "Inactive" }).click();
    await expect(page).toHaveURL(/status=INACTIVE/);
    await expect(page.getByRole("link", { name: "Gallery alpha" })).toHaveCount(0);

    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search by name" })).toHaveValue("gallery");
    await expect(page.getByRole("link", { name: "Gallery beta" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Gallery alpha" })).toHaveCount(0);

    await page.goto(`/projects/${projectId}/secrets?q=gallery&sort=name&dir=desc`);
    const names = page.getByRole("row").getByRole("link");
    await expect(names).toHaveText(["Gallery beta", "Gallery alpha"]);
    await page.getByRole("button", { name: "Name" }).click();
    await expect(page).toHaveURL(/dir=asc/);
    await expect(names).toHaveText(["Gallery alpha", "Gallery beta"]);
    await expect(page.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");

    // A search with no result offers Clear filters, which empties the box too; Back brings the search back into it.
    const search = page.getByRole("searchbox", { name: "Search by name" });
    await search.fill("gallery zzz");
    await expect(page.getByText("No secret matches this search.")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).not.toHaveURL(/q=/);
    await expect(search).toHaveValue("");
    await expect(page.getByText("No secret matches this search.")).toHaveCount(0);
    await page.goBack();
    await expect(page).toHaveURL(/q=gallery\+zzz/);
    await expect(search).toHaveValue("gallery zzz");
  });

  test("delete moves a secret to the Trash; restore brings it back; purge frees the name", async ({ page }) => {
    const projectId = await demoProjectId();
    await createSecretViaEditor(page, projectId, { name: "Old webhook", value: "hook" });
    await openSecret(page, "Old webhook");
    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("alertdialog", { name: 'Delete "Old webhook"?' });
    await expect(confirm).toContainText("moves to the Trash for 30 days");
    await confirm.getByRole("button", { name: 'Delete "Old webhook"' }).click();
    await expect(page.getByText('"Old webhook" moved to the Trash.')).toBeVisible();
    await expect(page.getByRole("link", { name: "Old webhook" })).toHaveCount(0);

    // The name stays taken while it is in the Trash.
    await page.goto(`/projects/${projectId}/secrets/new`);
    await page.getByLabel("Name").fill("old webhook");
    await page.getByLabel("Value", { exact: true }).fill("new");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByText('"Old webhook" is in the Trash: restore it, or purge it to reuse the name.')).toBeVisible();

    await page.goto(`/projects/${projectId}/secrets?view=trash`);
    await page.getByRole("button", { name: "Restore Old webhook" }).click();
    await expect(page.getByText('"Old webhook" restored.')).toBeVisible();
    await page.goto(`/projects/${projectId}/secrets`);
    await openSecret(page, "Old webhook");
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: 'Delete "Old webhook"' }).click();
    // (The first delete's message may still be on screen: the gallery it leads to says this one landed.)
    await expect(page.getByText('"Old webhook" moved to the Trash.').last()).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/secrets$`));
    await page.goto(`/projects/${projectId}/secrets?view=trash`);
    await page.getByRole("button", { name: "Purge Old webhook" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Purge for good" }).click();
    await expect(page.getByText('"Old webhook" purged.')).toBeVisible();

    await createSecretViaEditor(page, projectId, { name: "Old webhook", value: "reused" });
    await findInGallery(page, "Old webhook");
    await expect(galleryRow(page, "Old webhook").getByRole("cell").nth(2)).toHaveText("1");
  });
});

test("Cancel returns to the gallery, asking first when something was typed", async ({ page }) => {
  const projectId = await demoProjectId();
  await page.goto(`/projects/${projectId}/secrets/new`);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/secrets$`));

  await page.goto(`/projects/${projectId}/secrets/new`);
  await page.getByLabel("Name").fill("Half typed");
  await page.getByRole("button", { name: "Cancel" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Discard your changes?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByLabel("Name")).toHaveValue("Half typed");
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Discard changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/secrets$`));
  await expect(page.getByRole("link", { name: "Half typed" })).toHaveCount(0);
});
