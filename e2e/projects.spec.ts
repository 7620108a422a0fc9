import { expect, test } from "@playwright/test";
import { E2E, storageState } from "./support/environment";

test.describe("as the organization administrator", () => {
  test.use({ storageState: storageState("admin") });

  test("creates a project, with clear messages for bad input, and switches to it with the selector", async ({ page }) => {
    await page.goto("/org/projects");
    await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
    await expect(page.getByRole("cell", { name: /Demo project/ })).toBeVisible();

    await page.getByRole("button", { name: "Create project" }).click();
    const dialog = page.getByRole("dialog", { name: "Create project" });
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByText("Enter a project name.")).toBeVisible();

    await dialog.getByLabel("Name").fill("Demo Project");
    await dialog.getByLabel("First administrator's email").fill("nobody@example.com");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByText("No account uses this email.", { exact: false })).toBeVisible();

    await dialog.getByLabel("First administrator's email").fill(E2E.users.admin.email);
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByText("A project with this name already exists.")).toBeVisible();

    await dialog.getByLabel("Name").fill("Payments");
    await dialog.getByLabel("Description").fill("Card processing");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(page.getByText('Project "Payments" created.')).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("link", { name: "Payments" })).toBeVisible();

    // The selector lists both projects, filters as you type, and keeps the section.
    await page.getByRole("link", { name: "Demo project" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await page.getByRole("button", { name: "Project: Demo project" }).click();
    await page.getByRole("combobox", { name: "Search projects" }).fill("pay");
    await expect(page.getByRole("option", { name: "Demo project" })).toHaveCount(0);
    await page.getByRole("option", { name: "Payments" }).click();
    await expect(page.getByRole("button", { name: "Project: Payments" })).toBeVisible();
    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]+\/dashboard$/);
    await expect(page.getByText("An overview of Payments.")).toBeVisible();
  });
});

test.describe("as a project member", () => {
  test.use({ storageState: storageState("member") });

  test("sees the projects but cannot create one", async ({ page }) => {
    await page.goto("/org/projects");
    await expect(page.getByRole("cell", { name: /Demo project/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create project" })).toHaveCount(0);
  });
});

test.describe("as someone outside the project", () => {
  test.use({ storageState: storageState("outsider") });

  test("gets a 404, not the project's data, on its URL", async ({ page, request }) => {
    await page.goto("/org/projects");
    await expect(page.getByText("You are not a member of any project yet.")).toBeVisible();

    const db = await import("./support/database").then((m) => m.connectE2EDatabase());
    const {
      rows: [project],
    } = await db.query(`SELECT id FROM "Project" WHERE name = 'Demo project'`);
    await db.end();

    const response = await page.goto(`/projects/${project.id}/dashboard`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Demo project")).toHaveCount(0);

    expect((await page.goto("/projects/not-a-uuid/dashboard"))?.status()).toBe(404);
    expect((await page.goto("/projects/00000000-0000-4000-8000-000000000000/dashboard"))?.status()).toBe(404);
    void request;
  });
});
