import { expect, test } from "./support/test";
import { storageState } from "./support/environment";
import { chooseStatus, demoProjectId, galleryRow, openSecret } from "./support/pages";
import { apiAs, issueToken } from "./support/tokens";

test.use({ storageState: storageState("admin") });

test("the seed's whole flow: a tool refers to a secret by name and resolves it at run time", async ({ page }) => {
  test.setTimeout(120_000);
  const projectId = await demoProjectId();
  await page.goto(`/projects/${projectId}/tools`);
  await expect(page.getByRole("row").filter({ hasText: "Web Search" })).toContainText("Incomplete");
  await page.getByRole("link", { name: "Web Search" }).click();
  await expect(page.getByRole("heading", { name: "Web Search" })).toBeVisible();

  // The "bookmark": a reference to a secret that does not exist yet.
  await page.getByLabel("API key", { exact: true }).click();
  await page.getByPlaceholder("Search or type a new name…").fill("My API key");
  await page.getByRole("option", { name: "Use “My API key” (create the secret later)" }).click();
  await expect(page.getByRole("status", { name: "API key reference: missing" })).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Web Search settings saved.")).toBeVisible();
  await page.getByRole("link", { name: "Go to Tools" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Web Search" })).toContainText("Broken references");

  // Create the secret from the tool, with exactly that name, and come back.
  await page.getByRole("link", { name: "Web Search" }).click();
  await page.getByLabel("API key", { exact: true }).click();
  await page.getByPlaceholder("Search or type a new name…").fill("My API key");
  await page.getByRole("option", { name: "Create secret “My API key”" }).click();
  await expect(page.getByRole("heading", { name: "Secret Editor" })).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("My API key");
  await page.getByLabel("Value", { exact: true }).fill("1235 54789");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/tools/web-search$`));
  await expect(page.getByRole("status", { name: "API key reference: ok" })).toBeVisible();

  // A tool resolves its settings with a project token and gets the value.
  const tool = await apiAs((await issueToken(projectId, { name: "web search runner" })).token);
  const resolved = await (await tool.get("/v1/tools/web-search/config")).json();
  expect(resolved.complete).toBe(true);
  expect(resolved.parameters.find((p: { key: string }) => p.key === "apiKey")).toMatchObject({
    fromSecret: true,
    value: "1235 54789",
    status: "ok",
  });

  // The secret shows where it is used; deactivating it warns first; the next resolution reports inactive.
  await page.goto(`/projects/${projectId}/secrets?q=my%20api%20key`);
  await expect(galleryRow(page, "My API key")).toContainText("Web Search");
  await openSecret(page, "My API key");
  await expect(page.getByRole("list", { name: "Used by" })).toContainText("Web Search — API key");
  await chooseStatus(page, "Inactive");
  await page.getByRole("button", { name: "Confirm" }).click();
  const warning = page.getByRole("alertdialog", { name: "This secret is in use" });
  await expect(warning).toContainText("Web Search — API key");
  await warning.getByRole("button", { name: "Save anyway" }).click();
  await expect(page.getByText('Saved "My API key".')).toBeVisible();
  const after = await (await tool.get("/v1/tools/web-search/config")).json();
  expect(after.complete).toBe(false);
  expect(after.parameters.find((p: { key: string }) => p.key === "apiKey")).toMatchObject({ value: null, status: "inactive" });

  // The requests log shows both resolutions; the Playground shows the outcome with values masked.
  await page.goto(`/projects/${projectId}/requests?secret=my%20api%20key`);
  await expect(page.getByRole("row").filter({ hasText: "resolve web-search.apiKey" }).first()).toBeVisible();
  await page.getByLabel("Outcome").click();
  await page.getByRole("option", { name: "Denied" }).click();
  await expect(page).toHaveURL(/outcome=DENIED/);
  await expect(page.getByRole("row").filter({ hasText: "inactive" }).first()).toBeVisible();

  await page.goto(`/projects/${projectId}/playground?tool=web-search`);
  await page.getByLabel("API token").click();
  await page.getByRole("option", { name: /web search runner/ }).click();
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("table", { name: "Resolution" })).toContainText("inactive");
  await expect(page.getByText("1235 54789")).toHaveCount(0);
  await tool.dispose();
});

test("API tokens: created with a scope and expiry, shown once, used, and revoked at once", async ({ page }) => {
  const projectId = await demoProjectId();
  await page.goto(`/projects/${projectId}/api-tokens`);
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Enter a name.")).toBeVisible();
  await dialog.getByLabel("Name").fill("Deploy bot");
  await dialog.getByLabel("Scope").click();
  await page.getByRole("option", { name: "Manage" }).click();
  await dialog.getByLabel("Expires after (days)").fill("30");
  await dialog.getByRole("button", { name: "Create" }).click();
  const token = await dialog.getByRole("textbox", { name: "New API token" }).inputValue();
  expect(token).toMatch(/^eai_[\w-]{43}$/);
  // A ready command line, on the address the browser uses.
  expect(await dialog.getByRole("textbox", { name: "curl command" }).inputValue()).toBe(
    `curl -sS -H "Authorization: Bearer ${token}" ${new URL(page.url()).origin}/v1/tools/web-search/config`,
  );
  // Closing before copying asks first: the token is never shown again.
  await page.keyboard.press("Escape");
  const warning = page.getByRole("alertdialog", { name: "Close without copying?" });
  await expect(warning).toContainText("You will not see it again");
  await warning.getByRole("button", { name: "Go back" }).click();
  await expect(dialog.getByRole("textbox", { name: "New API token" })).toHaveValue(token);
  // Copied (selected and copied by keyboard): Done closes at once.
  await dialog.getByRole("textbox", { name: "New API token" }).focus();
  await page.keyboard.press("ControlOrMeta+C");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(warning).toBeHidden();
  await expect(dialog).toBeHidden();

  const row = page.getByRole("row").filter({ hasText: "Deploy bot" });
  await expect(row).toContainText("Manage");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never");
  await expect(page.getByText(token)).toHaveCount(0);

  const api = await apiAs(token);
  expect((await api.get("/v1/secrets")).status()).toBe(200);
  await page.reload();
  await expect(row.getByRole("cell").nth(5)).toHaveText("just now");

  await row.getByRole("button", { name: "Revoke Deploy bot" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText('"Deploy bot" revoked.')).toBeVisible();
  await expect(row).toContainText("Revoked");
  const refused = await api.get("/v1/secrets");
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("token_revoked");
  await api.dispose();
});
