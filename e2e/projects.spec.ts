import { expect, test } from "./support/test";
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
    await dialog.getByLabel("First administrator's email").fill("not-an-email");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();

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

    // "/" opens the project last viewed; one the user does not belong to is ignored.
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Project: Payments" })).toBeVisible();
    await page.context().addCookies([{ name: "last-project", value: "00000000-0000-4000-8000-000000000000", url: page.url() }]);
    await page.goto("/");
    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]+\/dashboard$/);
    await expect(page.getByRole("button", { name: /^Project: / })).toBeVisible();
  });

  test("names a new person as a project's first administrator, who joins through the invitation link", async ({ page, browser }) => {
    await page.goto("/org/projects");
    await page.getByRole("button", { name: "Create project" }).click();
    const dialog = page.getByRole("dialog", { name: "Create project" });
    await dialog.getByLabel("Name").fill("Payroll");
    await dialog.getByLabel("First administrator's email").fill("Pat.Lead@Example.com");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(
      dialog.getByText("pat.lead@example.com has no account yet and is the first administrator of Payroll.", { exact: false }),
    ).toBeVisible();
    const link = await dialog.getByRole("textbox", { name: "Invitation link" }).inputValue();
    expect(link).toMatch(/\/invite\/[\w-]{40,}$/);
    await dialog.getByRole("button", { name: "Done" }).click();
    // Not copied: closing asks first, since the link is shown only once.
    await page.getByRole("alertdialog", { name: "Close without copying?" }).getByRole("button", { name: "Close anyway" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("row").filter({ hasText: "Payroll" })).toContainText("pat.lead");

    const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const invitee = await guest.newPage();
    await invitee.goto(link);
    await expect(invitee.getByText("Choose a password for pat.lead@example.com to join Payroll.")).toBeVisible();
    await invitee.getByLabel("Your name").fill("Pat Lead");
    await invitee.getByLabel("Password", { exact: true }).fill("pat-leads-long-password");
    await invitee.getByLabel("Repeat the password").fill("pat-leads-long-password");
    await invitee.getByRole("button", { name: "Set password" }).click();
    // Accepting signs them in.
    await expect(invitee.getByRole("button", { name: "Project: Payroll" })).toBeVisible();
    // As the project's administrator, the administrators' sections are open to them.
    await invitee.getByRole("navigation", { name: "Backoffice" }).getByRole("link", { name: "Members", exact: true }).first().click();
    await expect(invitee.getByRole("button", { name: "Add member" })).toBeVisible();
    await guest.close();
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
