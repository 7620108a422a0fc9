import { expect, test } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { E2E, storageState } from "./support/environment";
import { createSecretViaEditor, demoProjectId, expectSaved, openSecret } from "./support/pages";
import { callServerAction } from "./support/server-actions";

test.describe("members and invitations", () => {
  test.use({ storageState: storageState("admin") });

  test("an administrator adds a new person, who joins through the one-time invitation link", async ({ page, browser }) => {
    // A project of its own, so that other specs' member counts do not move.
    await page.goto("/org/projects");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill("Members lab");
    await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
    await page.getByRole("link", { name: "Members lab" }).click();
    await expect(page.getByRole("button", { name: "Project: Members lab" })).toBeVisible();
    await page.getByRole("navigation", { name: "Backoffice" }).getByRole("link", { name: "Members", exact: true }).first().click();
    await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();

    await page.getByRole("button", { name: "Add member" }).click();
    const dialog = page.getByRole("dialog", { name: "Add member" });
    await dialog.getByLabel("Email").fill("not-an-email");
    await dialog.getByRole("button", { name: "Add" }).click();
    await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();

    await dialog.getByLabel("Email").fill("Newbie@Example.com");
    await dialog.getByRole("button", { name: "Add" }).click();
    const link = await dialog.getByRole("textbox", { name: "Invitation link" }).inputValue();
    expect(link).toMatch(/\/invite\/[\w-]{40,}$/);
    await dialog.getByRole("button", { name: "Done" }).click();
    // Not copied: closing asks first, since the link is shown only once.
    await page.getByRole("alertdialog", { name: "Close without copying?" }).getByRole("button", { name: "Close anyway" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("row").filter({ hasText: "newbie@example.com" })).toContainText("Invitation pending");

    // A duplicate is refused.
    await page.getByRole("button", { name: "Add member" }).click();
    await page.getByRole("dialog").getByLabel("Email").fill("newbie@example.com");
    await page.getByRole("dialog").getByRole("button", { name: "Add" }).click();
    await expect(page.getByRole("dialog").getByText("This person is already a member of the project.")).toBeVisible();
    await page.keyboard.press("Escape");

    // The invited person sets a password through the link, which then stops working.
    const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const invitee = await guest.newPage();
    await invitee.goto(link);
    await expect(invitee.getByText("Choose a password for newbie@example.com to join Members lab.")).toBeVisible();
    await invitee.getByLabel("Your name").fill("Nina Newbie");
    await invitee.getByLabel("Password", { exact: true }).fill("short");
    await invitee.getByLabel("Repeat the password").fill("different");
    await invitee.getByRole("button", { name: "Set password" }).click();
    await expect(invitee.getByText("Use at least 12 characters.")).toBeVisible();
    await invitee.getByLabel("Password", { exact: true }).fill("a-good-long-password");
    await invitee.getByLabel("Repeat the password").fill("a-good-long-password");
    await invitee.getByRole("button", { name: "Set password" }).click();
    // Accepting signs the person in: they land in their project, no second form.
    await expect(invitee.getByRole("button", { name: "Project: Members lab" })).toBeVisible();
    await expect(invitee).not.toHaveURL(/\/login/);

    const reuse = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
    await reuse.goto(link);
    await expect(reuse.getByText(/This invitation link has expired or was already used/)).toBeVisible();
    await guest.close();
  });

  test("the last Project Administrator can be neither demoted nor removed", async ({ page }) => {
    const projectId = await demoProjectId();
    await page.goto(`/projects/${projectId}/members?q=admin%40example.com`);
    await page.getByRole("button", { name: "Change roles of Administrator" }).click();
    const dialog = page.getByRole("dialog", { name: "Roles of Administrator" });
    await dialog.getByLabel("Project Administrator").click();
    await dialog.getByLabel("Project Member").click();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("A project needs at least one Project Administrator", { exact: false })).toBeVisible();
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "Remove Administrator" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
    // The refusal is said in the dialog that asked, which stays open (not only in a toast behind it).
    await expect(page.getByRole("alertdialog").getByRole("alert")).toContainText("A project needs at least one Project Administrator");
    await page.keyboard.press("Escape");
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: "admin@example.com" })).toContainText("Project Administrator");
  });
});

test.describe("per-secret Accesses", () => {
  test("read on one secret lets a member reveal that secret only; removing it takes effect on the next request", async ({ browser }) => {
    const projectId = await demoProjectId();
    const admin = await browser.newPage({ storageState: storageState("admin") });
    await createSecretViaEditor(admin, projectId, { name: "Shared with Mona", value: "mona-may-read-this" });
    await createSecretViaEditor(admin, projectId, { name: "Not for Mona", value: "mona-must-not-read-this" });

    await openSecret(admin, "Shared with Mona");
    await admin.getByRole("tab", { name: "Accesses" }).click();
    await expect(admin.getByRole("table", { name: "Accesses" })).toContainText("All project tools");
    await admin.getByRole("button", { name: "Choose a member, role or token" }).click();
    await admin.getByPlaceholder("Search…").fill("Mona");
    await admin.getByRole("option", { name: /Mona Member/ }).click();
    await admin.getByRole("button", { name: "Add", exact: true }).click();
    await expect(admin.getByRole("table", { name: "Accesses" })).toContainText("Mona Member");
    await admin.getByRole("button", { name: "Confirm" }).click();
    await expect(admin.getByText('Saved "Shared with Mona".')).toBeVisible();
    const sharedUrl = admin.url();

    const member = await browser.newPage({ storageState: storageState("member") });
    await member.goto(sharedUrl);
    await member.getByRole("button", { name: "Reveal current value" }).click();
    await expect(member.getByLabel("Current value")).toHaveText("mona-may-read-this");
    await expect(member.getByRole("button", { name: "Confirm" })).toHaveCount(0);

    await member.goto(`/projects/${projectId}/secrets`);
    await openSecret(member, "Not for Mona");
    await expect(member.getByRole("heading", { name: "Secret", exact: true })).toBeVisible();
    await expect(member.getByText("Read only", { exact: true })).toBeVisible();
    await expect(member.getByRole("button", { name: "Reveal current value" })).toHaveCount(0);
    const db = await connectE2EDatabase();
    const { rows } = await db.query(`SELECT id FROM "Secret" WHERE name = 'Not for Mona'`);
    const denied = await callServerAction(
      member.request,
      "revealSecretAction",
      [projectId, rows[0].id, "reveal"],
      `/projects/${projectId}/secrets`,
    );
    expect(denied.result).toMatchObject({ ok: false, message: "You do not have permission to do this." });
    expect(denied.body).not.toContain("mona-must-not-read-this");

    // The member keeps the page open; the administrator removes the entry.
    await member.goto(sharedUrl);
    await expect(member.getByRole("button", { name: "Reveal current value" })).toBeVisible();
    await admin.getByRole("button", { name: "Remove access of Mona Member" }).click();
    await admin.getByRole("button", { name: "Confirm" }).click();
    await expectSaved(admin, 'Saved "Shared with Mona".');
    await expect(admin.getByRole("table", { name: "Accesses" })).not.toContainText("Mona Member");
    await member.getByRole("button", { name: "Reveal current value" }).click();
    await expect(member.getByText("You do not have permission to do this.")).toBeVisible();
    await expect(member.getByLabel("Current value")).toHaveCount(0);
    await db.end();
  });

  test("write lets a member change the value and status but not the name, the Accesses or delete", async ({ browser }) => {
    const projectId = await demoProjectId();
    const admin = await browser.newPage({ storageState: storageState("admin") });
    await createSecretViaEditor(admin, projectId, { name: "Walt writes here", value: "w1" });
    await openSecret(admin, "Walt writes here");
    await admin.getByRole("tab", { name: "Accesses" }).click();
    await admin.getByRole("button", { name: "Choose a member, role or token" }).click();
    await admin.getByPlaceholder("Search…").fill("writer@");
    await admin.getByRole("option", { name: /Walt Writer/ }).click();
    await admin.getByLabel("Access level").click();
    await admin.getByRole("option", { name: "Write" }).click();
    await admin.getByRole("button", { name: "Add", exact: true }).click();
    await admin.getByRole("button", { name: "Confirm" }).click();
    await expect(admin.getByText('Saved "Walt writes here".')).toBeVisible();

    const writer = await browser.newPage({ storageState: storageState("writer") });
    await writer.goto(admin.url());
    await expect(writer.getByLabel("Name")).toHaveAttribute("readonly", "");
    await writer.getByLabel("Value", { exact: true }).fill("w2");
    await writer.getByRole("button", { name: "Confirm" }).click();
    await expect(writer.getByText('Saved. "Walt writes here" is now at version 2.')).toBeVisible();
    await expect(writer.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await writer.getByRole("tab", { name: "Accesses" }).click();
    await expect(writer.getByRole("button", { name: "Choose a member, role or token" })).toHaveCount(0);
  });

  test("a custom role with the edit permission can edit any secret", async ({ browser }) => {
    const projectId = await demoProjectId();
    const admin = await browser.newPage({ storageState: storageState("admin") });
    await createSecretViaEditor(admin, projectId, { name: "Custom role target", value: "c1" });
    await openSecret(admin, "Custom role target");
    const custom = await browser.newPage({ storageState: storageState("custom") });
    await custom.goto(admin.url());
    await custom.getByLabel("Value", { exact: true }).fill("c2");
    await custom.getByLabel("Name").fill("Custom role renamed");
    await custom.getByRole("button", { name: "Confirm" }).click();
    await expect(custom.getByText('Saved. "Custom role renamed" is now at version 2.')).toBeVisible();
    await expect(custom.getByRole("button", { name: "Delete" })).toHaveCount(0);
  });
});

test.describe("roles", () => {
  test.use({ storageState: storageState("admin") });

  test("custom roles are created with permissions, refused a system name, and not deleted while held", async ({ page }) => {
    const projectId = await demoProjectId();
    await page.goto(`/projects/${projectId}/roles`);
    await expect(page.getByRole("columnheader", { name: /Project Administrator/ })).toContainText("System");

    await page.getByRole("button", { name: "Create role" }).click();
    const dialog = page.getByRole("dialog", { name: "Create role" });
    await dialog.getByLabel("Name", { exact: true }).fill("project member");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByText('"project member" is the name of a system role; choose another.')).toBeVisible();

    await dialog.getByLabel("Name", { exact: true }).fill("Token keepers");
    await dialog.getByLabel("Manage API tokens").click();
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(page.getByText('Role "Token keepers" created.')).toBeVisible();
    await expect(page.getByRole("columnheader", { name: /Token keepers/ })).toContainText("Custom");

    // "Secret editors" is held by a fixture member: deleting it is refused and names them.
    await page.getByRole("button", { name: "Delete role Secret editors" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete role" }).click();
    await expect(page.getByRole("alertdialog").getByRole("alert")).toHaveText(
      `"Secret editors" is still held by ${E2E.users.custom.email}. Change their roles first.`,
    );

    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Delete role Token keepers" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete role" }).click();
    await expect(page.getByText('Role "Token keepers" deleted.')).toBeVisible();
  });
});

test.describe("organization members", () => {
  test.use({ storageState: storageState("orgadmin") });

  test("an organization administrator makes someone administrator of a project they are not in", async ({ page }) => {
    await page.goto("/org/projects");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill("Org admin lab");
    await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
    await expect(page.getByText('Project "Org admin lab" created.')).toBeVisible();

    await page.goto("/org/members");
    await expect(page.getByRole("row").filter({ hasText: E2E.users.orgadmin.email })).toContainText("Organization administrator");
    await page.getByRole("button", { name: "Make project administrator" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Person").click();
    await page.getByRole("option", { name: new RegExp(E2E.users.locked.email) }).click();
    await dialog.getByLabel("Project").click();
    await page.getByRole("option", { name: "Org admin lab" }).click();
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByText("Project Administrator added.")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: E2E.users.locked.email })).toContainText("Org admin lab · admin");
  });
});
