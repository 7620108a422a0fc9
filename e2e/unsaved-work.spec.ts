import { expect, test, type Page } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { storageState } from "./support/environment";
import { createSecretViaEditor, demoProjectId, expectSaved, findInGallery, galleryRow, openSecret } from "./support/pages";

/**
 * Nothing a person types is lost: not by switching the Secret Editor's tabs,
 * not by a save that fails on the way, not by a link, Back or a reload
 * while changes are unsaved. And the seed's bookmark flow works from a tool
 * nobody has configured yet.
 */
test.use({ storageState: storageState("admin") });

async function openNewSecret(page: Page, projectId: string) {
  await page.goto(`/projects/${projectId}/secrets/new`);
  await expect(page.getByRole("heading", { name: "Secret Editor" })).toBeVisible();
}

async function giveAccess(page: Page, search: string, option: RegExp, level: "Read" | "Write" = "Read") {
  await page.getByRole("tab", { name: /Accesses/ }).click();
  await page.getByRole("button", { name: "Choose a member, role or token" }).click();
  await page.getByPlaceholder("Search…").fill(search);
  await page.getByRole("option", { name: option }).click();
  if (level === "Write") {
    await page.getByLabel("Access level").click();
    await page.getByRole("option", { name: "Write" }).click();
  }
  await page.getByRole("button", { name: "Add", exact: true }).click();
}

/** How many history steps have landed on the page (counted by the test's own listener). */
function steps(page: Page) {
  return () => page.evaluate(() => (window as unknown as { steps: number }).steps);
}

async function accessesOf(name: string) {
  const db = await connectE2EDatabase();
  try {
    const { rows } = await db.query(
      `SELECT a."principalKey", a.level FROM "SecretAccess" a JOIN "Secret" s ON s.id = a."secretId" WHERE s.name = $1 ORDER BY a."principalKey"`,
      [name],
    );
    return rows as { principalKey: string; level: string }[];
  } finally {
    await db.end();
  }
}

test("the Secret Editor is one form: tabs keep what was typed, and Confirm saves General and Accesses together", async ({ page }) => {
  const projectId = await demoProjectId();
  await openNewSecret(page, projectId);
  await page.getByLabel("Name").fill("Tabbed secret");
  await page.getByLabel("Value", { exact: true }).fill("tabbed-value-1");
  await page.getByLabel("Description").fill("Typed before the Accesses tab");

  // Accesses before the first save: Mona gets Read, All project tools is removed.
  await giveAccess(page, "Mona", /Mona Member/);
  await page.getByRole("button", { name: "Remove access of All project tools" }).click();
  await expect(page.getByRole("table", { name: "Accesses" })).toContainText("Added, not saved yet");

  await page.getByRole("tab", { name: /General/ }).click();
  await expect(page.getByLabel("Name")).toHaveValue("Tabbed secret");
  await expect(page.getByLabel("Value", { exact: true })).toHaveValue("tabbed-value-1");
  await expect(page.getByLabel("Description")).toHaveValue("Typed before the Accesses tab");

  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText('Secret "Tabbed secret" created.')).toBeVisible();
  const entries = await accessesOf("Tabbed secret");
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ level: "READ" });
  expect(entries[0].principalKey).toMatch(/^user:/);

  // An existing secret: type in both tabs, switch back and forth, then Confirm once.
  await page.goto(`/projects/${projectId}/secrets?q=Tabbed`);
  await openSecret(page, "Tabbed secret");
  await page.getByLabel("Description").fill("Changed with the Accesses");
  await page.getByRole("tab", { name: /Accesses/ }).click();
  await page.getByRole("combobox", { name: "Access of Mona Member" }).click();
  await page.getByRole("option", { name: "Write" }).click();
  await page.getByRole("tab", { name: /General/ }).click();
  await expect(page.getByLabel("Description")).toHaveValue("Changed with the Accesses");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText('Saved "Tabbed secret".')).toBeVisible();
  expect((await accessesOf("Tabbed secret"))[0]).toMatchObject({ level: "WRITE" });
  await page.reload();
  await expect(page.getByLabel("Description")).toHaveValue("Changed with the Accesses");

  // Cancel drops both tabs' changes.
  await page.getByLabel("Description").fill("Never saved");
  await page.getByRole("tab", { name: /Accesses/ }).click();
  await page.getByRole("button", { name: "Remove access of Mona Member" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("alertdialog", { name: "Discard your changes?" }).getByRole("button", { name: "Discard changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/secrets$`));
  expect(await accessesOf("Tabbed secret")).toHaveLength(1);
});

test("a save that fails on the way keeps the page and every typed value, and Try again saves them", async ({ page }) => {
  const projectId = await demoProjectId();
  await openNewSecret(page, projectId);
  await page.getByLabel("Name").fill("Survives a dropped connection");
  await page.getByLabel("Value", { exact: true }).fill("kept-value-after-failure");
  await page.getByLabel("Description").fill("Still here");

  // The connection drops while the action is sent.
  const isAction = (method: string, headers: Record<string, string>) => method === "POST" && "next-action" in headers;
  await page.route("**/secrets/new*", (route) =>
    isAction(route.request().method(), route.request().headers()) ? route.abort("connectionreset") : route.fallback(),
  );
  await page.getByRole("button", { name: "Confirm" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "could not be reached" });
  await expect(alert).toBeVisible();
  await expect(page.getByRole("heading", { name: "Secret Editor" })).toBeVisible();
  await expect(page.getByRole("navigation").first()).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Survives a dropped connection");
  await expect(page.getByLabel("Value", { exact: true })).toHaveValue("kept-value-after-failure");

  // Then the server answers with an error page instead of the action's result.
  await page.unroute("**/secrets/new*");
  await page.route("**/secrets/new*", (route) =>
    isAction(route.request().method(), route.request().headers())
      ? route.fulfill({ status: 500, contentType: "text/html", body: "<h1>Internal Server Error</h1>" })
      : route.fallback(),
  );
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(alert).toBeVisible();
  await expect(page.getByLabel("Description")).toHaveValue("Still here");
  // The message is said once: inline, not also as a toast.
  await expect(page.getByText("could not be reached")).toHaveCount(1);

  // The connection is back: Try again saves what was typed.
  await page.unroute("**/secrets/new*");
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByText('Secret "Survives a dropped connection" created.')).toBeVisible();
});

test("leaving with unsaved changes asks first: a sidebar link, Back, and a reload", async ({ page }) => {
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "Guarded edit", value: "guarded-1" });
  await openSecret(page, "Guarded edit");

  // Nothing changed: links leave without a question.
  await page.getByRole("navigation").getByRole("link", { name: "Tools" }).click();
  await expect(page).toHaveURL(/\/tools$/);
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Secret Editor" })).toBeVisible();

  await page.getByLabel("Description").fill("Typed and not saved");
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });

  // A sidebar link.
  await page.getByRole("navigation").getByRole("link", { name: "Tools" }).click();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(/\/secrets\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Description")).toHaveValue("Typed and not saved");

  // The browser's Back button.
  await page.goBack({ waitUntil: "commit" }).catch(() => undefined);
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(/\/secrets\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Description")).toHaveValue("Typed and not saved");

  // A reload: the browser's own prompt; staying keeps the typed text.
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.type();
    void dialog.dismiss();
  });
  await page.evaluate(() => window.location.reload()).catch(() => undefined);
  await expect.poll(() => asked).toBe("beforeunload");
  await expect(page.getByLabel("Description")).toHaveValue("Typed and not saved");

  // Leaving on purpose goes where the link pointed, and nothing was saved.
  await page.getByRole("navigation").getByRole("link", { name: "Tools" }).click();
  await leave.getByRole("button", { name: "Leave without saving" }).click();
  await expect(page).toHaveURL(/\/tools$/);
  await page.goto(`/projects/${projectId}/secrets?q=Guarded`);
  await openSecret(page, "Guarded edit");
  await expect(page.getByLabel("Description")).toHaveValue("");
});

test("right after a save, before the guard's step back has landed: a link goes where it points, typing again is guarded", async ({
  page,
}) => {
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "Saved then left", value: "left-1" });
  await openSecret(page, "Saved then left");
  const secretUrl = page.url();
  const gallery = new RegExp(`/projects/${projectId}/secrets(\\?[^/]*)?$`);

  // A busy browser: a step back lands only when the test lets it (release), and each step that lands is counted.
  await page.evaluate(() => {
    const w = window as unknown as { steps: number; pending: (() => void)[]; release: () => void };
    w.steps = 0;
    w.pending = [];
    window.addEventListener("popstate", () => (w.steps += 1));
    const back = window.history.back.bind(window.history);
    window.history.back = () => void w.pending.push(back);
    w.release = () => w.pending.shift()?.();
  });
  const release = () => page.evaluate(() => (window as unknown as { release: () => void }).release());
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });

  // Changes guard the page with an extra history entry; the save takes it away again with a step back.
  await page.getByLabel("Description").fill("Saved, then straight to the gallery");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expectSaved(page, 'Saved "Saved then left".');
  // A link followed before that step lands is held, not undone by it, and followed once it has landed.
  await page.getByRole("link", { name: "Go to Secrets" }).click();
  await expect(page).toHaveURL(secretUrl);
  expect(await steps(page)()).toBe(0);
  await release();
  await expect.poll(steps(page)).toBe(1);
  await expect(page).toHaveURL(gallery);
  await expect(page.getByRole("searchbox", { name: "Search by name" })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(secretUrl);
  await expect(page.getByLabel("Description")).toHaveValue("Saved, then straight to the gallery");
  await expect.poll(steps(page)).toBe(2);

  // Typing again before the step has landed: a link asks first, and once the step lands, Back asks too.
  await page.getByLabel("Description").fill("Saved a second time");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expectSaved(page, 'Saved "Saved then left".');
  await page.getByLabel("Description").fill("Typed right after the save");
  await page.getByRole("link", { name: "Go to Secrets" }).click();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await release();
  await expect.poll(steps(page)).toBe(3);
  await expect(leave).toHaveCount(0);
  await page.goBack({ waitUntil: "commit" }).catch(() => undefined);
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(secretUrl);
  await expect(page.getByLabel("Description")).toHaveValue("Typed right after the save");

  // A save that leaves changes unsaved (typed while it was on its way) keeps the page guarded; the next save
  // takes the extra entry away, so Back then leaves the page in one step.
  const thisPage = (url: URL) => url.href === secretUrl;
  await page.route(thisPage, async (route) => {
    if (route.request().method() === "POST") await new Promise((done) => setTimeout(done, 800));
    await route.continue();
  });
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.getByLabel("Description").fill("Typed during the third save");
  await expect(page.getByText("Unsaved changes: Confirm saves General and Accesses together.")).toBeVisible();
  await expect(page.getByRole("list", { name: "History" }).getByText(/changed the description/)).toHaveCount(3);
  await page.unroute(thisPage);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expectSaved(page, 'Saved "Saved then left".');
  await release();
  await expect.poll(steps(page)).toBe(5);
  await page.goBack();
  await expect(page).toHaveURL(gallery);
});

test("what is typed while a save is on its way stays in its field, as an unsaved change", async ({ page }) => {
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "Typed while saving", value: "typed-1" });
  await openSecret(page, "Typed while saving");

  // A slow connection: the save takes 800 ms to reach the server.
  const secretPath = new URL(page.url()).pathname;
  const thisPage = (url: URL) => url.pathname === secretPath;
  await page.route(thisPage, async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) await new Promise((done) => setTimeout(done, 800));
    await route.continue();
  });
  await page.getByLabel("Description").fill("Sent with the save");
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.getByLabel("Description").fill("Typed while it was on its way");
  await expect(page.getByText('Saved "Typed while saving".')).toBeVisible();

  // The save stored what was sent; the field keeps what was typed since, not yet saved.
  await expect(page.getByRole("list", { name: "History" })).toContainText("changed the description");
  await expect(page.getByLabel("Description")).toHaveValue("Typed while it was on its way");
  await expect(page.getByText("Unsaved changes: Confirm saves General and Accesses together.")).toBeVisible();
  const db = await connectE2EDatabase();
  try {
    const { rows } = await db.query(`SELECT description FROM "Secret" WHERE name = $1`, ["Typed while saving"]);
    expect(rows[0].description).toBe("Sent with the save");
  } finally {
    await db.end();
  }

  await page.unroute(thisPage);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expectSaved(page, 'Saved "Typed while saving".');
  await expect(page.getByLabel("Description")).toHaveValue("Typed while it was on its way");
});

test("leaving on purpose takes the guard's entry with it, and every form with changes asks before a link leaves", async ({ page }) => {
  const projectId = await demoProjectId();
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
  await createSecretViaEditor(page, projectId, { name: "Left on purpose", value: "purpose-1" });
  await openSecret(page, "Left on purpose");
  const secretUrl = page.url();

  // Leave without saving, then Back: the secret, in one step; Back again: the gallery, not the secret a second time.
  await page.getByLabel("Description").fill("Typed, then left");
  await page.getByRole("navigation").getByRole("link", { name: "Tools" }).click();
  await leave.getByRole("button", { name: "Leave without saving" }).click();
  await expect(page).toHaveURL(/\/tools$/);
  await page.goBack();
  await expect(page).toHaveURL(secretUrl);
  await expect(page.getByLabel("Description")).toHaveValue("");
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/secrets(\\?[^/]*)?$`));

  // Changing one's password: a typed field asks before a link leaves.
  await page.goto("/account/password");
  await page.getByLabel("Current password").fill("typed and not sent");
  await page.getByRole("banner").getByRole("link", { name: "Enterprise AI" }).click();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByLabel("Current password")).toHaveValue("typed and not sent");

  // The organization's settings: a typed domain asks too.
  await page.goto("/org/settings");
  const domains = page.getByLabel("Allow sign-up from these email domains");
  const before = await domains.inputValue();
  await domains.fill("typed.example.com");
  await page.getByRole("navigation", { name: "Backoffice" }).getByRole("link", { name: "Members", exact: true }).last().click();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(domains).toHaveValue("typed.example.com");
  await domains.fill(before);
});

test("a secret opened in a new tab: Back, then Leave without saving, goes to the start page, and Back returns to the secret as saved", async ({
  context,
}) => {
  const projectId = await demoProjectId();
  const gallery = await context.newPage();
  await createSecretViaEditor(gallery, projectId, { name: "Opened in a new tab", value: "new-tab-1" });
  await findInGallery(gallery, "Opened in a new tab");

  // A middle click on the secret in the gallery opens it in a new tab: nothing before the secret in that tab's history.
  const [page] = await Promise.all([
    context.waitForEvent("page"),
    galleryRow(gallery, "Opened in a new tab").getByRole("link", { name: "Opened in a new tab", exact: true }).click({ button: "middle" }),
  ]);
  await expect(page).toHaveURL(/\/secrets\/[0-9a-f-]{36}$/);
  const secretUrl = page.url();
  await expect(page.getByRole("heading", { name: "Secret Editor" })).toBeVisible();
  await page.getByLabel("Description").fill("Typed in a new tab");
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
  await page.goBack({ waitUntil: "commit" }).catch(() => undefined);
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page.getByLabel("Description")).toHaveValue("Typed in a new tab");

  await page.goBack({ waitUntil: "commit" }).catch(() => undefined);
  await leave.getByRole("button", { name: "Leave without saving" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}\/dashboard$/);
  await page.goBack();
  await expect(page).toHaveURL(secretUrl);
  await expect(page.getByLabel("Description")).toHaveValue("");
  await page.close();

  // In a tab with a page before the secret, leaving after Back goes back to that page, as Back does.
  await openSecret(gallery, "Opened in a new tab");
  await gallery.getByLabel("Description").fill("Typed in the first tab");
  await gallery.goBack({ waitUntil: "commit" }).catch(() => undefined);
  await gallery.getByRole("alertdialog", { name: "Leave without saving?" }).getByRole("button", { name: "Leave without saving" }).click();
  await expect(gallery).toHaveURL(new RegExp(`/projects/${projectId}/secrets\\?q=`));
  await gallery.close();
});

test("two forms with unsaved changes on one page: one question, and Back after leaving lands on the page once", async ({ page }) => {
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
  await page.goto("/org/members");
  await page.goto("/org/settings");
  const domains = page.getByLabel("Allow sign-up from these email domains");
  const requireTwoFactor = page.getByRole("checkbox", { name: "Require two-factor sign-in for administrators" });
  const before = await domains.inputValue();
  await domains.fill("two-forms.example.com");
  await requireTwoFactor.click();

  // Back asks once, for both forms.
  await page.goBack();
  await expect(leave).toHaveCount(1);
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(/\/org\/settings$/);
  await expect(domains).toHaveValue("two-forms.example.com");

  // One form back to what is saved: the other still has unsaved changes, and Back still asks.
  await domains.fill(before);
  await page.goBack();
  await expect(leave).toHaveCount(1);
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(/\/org\/settings$/);
  await domains.fill("two-forms.example.com");

  // A link asks once; after leaving, Back lands on the settings, then on the page before them (not the settings twice).
  await page.getByRole("navigation", { name: "Backoffice" }).getByRole("link", { name: "Members", exact: true }).last().click();
  await expect(leave).toHaveCount(1);
  await leave.getByRole("button", { name: "Leave without saving" }).click();
  await expect(page).toHaveURL(/\/org\/members$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/org\/settings$/);
  await expect(domains).toHaveValue(before);
  await page.goBack();
  await expect(page).toHaveURL(/\/org\/members$/);
});

test("the header's project picker asks before it leaves a form with unsaved changes", async ({ page }) => {
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
  // The header's project picker, with a description typed in the Secret Editor: it asks, and Keep editing keeps it.
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "Picked away from", value: "picked-1" });
  await openSecret(page, "Picked away from");
  await page.getByLabel("Description").fill("Typed before picking a project");
  await page.getByRole("button", { name: /^Project: / }).click();
  await page.getByRole("option", { name: /Demo project/ }).click();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page.getByLabel("Description")).toHaveValue("Typed before picking a project");
  await page.getByRole("button", { name: /^Project: / }).click();
  await page.getByRole("option", { name: /Demo project/ }).click();
  await leave.getByRole("button", { name: "Leave without saving" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/secrets$`));
});

test("deleting a secret with changes typed in its editor: Back from the gallery lands on the secret once", async ({ page }) => {
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "Deleted while typed in", value: "deleted-1" });
  await findInGallery(page, "Deleted while typed in");
  const gallery = page.url();
  await openSecret(page, "Deleted while typed in");
  const secretUrl = page.url();
  await page.getByLabel("Description").fill("Typed, then deleted");
  await page.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("alertdialog", { name: 'Delete "Deleted while typed in"?' })
    .getByRole("button", { name: 'Delete "Deleted while typed in"' })
    .click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/secrets$`));
  await page.goBack();
  await expect(page).toHaveURL(secretUrl);
  await page.goBack();
  await expect(page).toHaveURL(gallery);
});

test("while a save is on its way: a new secret's fields are read-only, Back asks only until it lands; a roll back says what it discards", async ({
  page,
}) => {
  const projectId = await demoProjectId();
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
  const slowSaves = (path: string) =>
    page.route(
      (url) => url.pathname === path,
      async (route) => {
        if (route.request().method() === "POST") await new Promise((done) => setTimeout(done, 800));
        await route.continue();
      },
    );

  // A new secret: its page is left once created, so nothing can be typed while that is on its way.
  await openNewSecret(page, projectId);
  await slowSaves(`/projects/${projectId}/secrets/new`);
  await page.getByLabel("Name").fill("Read-only while created");
  await page.getByLabel("Value", { exact: true }).fill("created-1");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByLabel("Description")).toBeDisabled();
  await expect(page.getByText('Secret "Read-only while created" created.')).toBeVisible();

  // Back pressed while a save is on its way asks (it has not landed); once it lands, the question goes away by itself.
  await openSecret(page, "Read-only while created");
  await slowSaves(new URL(page.url()).pathname);
  await page.getByLabel("Description").fill("Saved while Back was pressed");
  await page.getByLabel("Value", { exact: true }).fill("created-2");
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.goBack({ waitUntil: "commit" }).catch(() => undefined);
  await expect(leave).toBeVisible();
  await expect(page.getByText('Saved. "Read-only while created" is now at version 2.')).toBeVisible();
  await expect(leave).toHaveCount(0);
  await expect(page.getByLabel("Description")).toHaveValue("Saved while Back was pressed");

  // A roll back with changes not saved says it discards them.
  await page.getByLabel("Description").fill("Not saved before the roll back");
  await page.getByRole("button", { name: "Roll back to version 1" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("The changes not saved in the editor are discarded.");
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByLabel("Description")).toHaveValue("Not saved before the roll back");
});

test("after a save, an untouched Accesses tab shows what is saved now, with what someone else saved meanwhile", async ({
  page,
  browser,
}) => {
  const projectId = await demoProjectId();
  await createSecretViaEditor(page, projectId, { name: "Shared by two", value: "two-1" });
  await openSecret(page, "Shared by two");

  // Another administrator gives Mona access while this page is open.
  const other = await browser.newPage({ storageState: storageState("admin") });
  await other.goto(page.url());
  await giveAccess(other, "Mona", /Mona Member/);
  await other.getByRole("button", { name: "Confirm" }).click();
  await expectSaved(other, 'Saved "Shared by two".');
  await other.close();

  // This page saves its General tab: its Accesses tab, untouched, now shows Mona's access, saved.
  await page.getByLabel("Description").fill("Saved after someone shared it");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expectSaved(page, 'Saved "Shared by two".');
  await page.getByRole("tab", { name: /Accesses/ }).click();
  const table = page.getByRole("table", { name: "Accesses" });
  await expect(table).toContainText("Mona Member");
  await expect(table).not.toContainText("Added, not saved yet");
});

test("the seed's bookmark flow on a fresh tool: settings save as they are, and Create secret comes back with everything typed", async ({
  page,
}) => {
  const projectId = await demoProjectId();
  await page.goto(`/projects/${projectId}/tools/sharepoint`);
  await expect(page.getByRole("heading", { name: "SharePoint" })).toBeVisible();

  // Only one setting typed, the others required and empty: Save still saves, and says what is missing.
  await page.getByLabel("Tenant ID").fill("contoso-tenant");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/SharePoint settings saved\. It stays Incomplete until/)).toBeVisible();
  await page.goto(`/projects/${projectId}/tools`);
  await expect(page.getByRole("row").filter({ hasText: "SharePoint" })).toContainText("Incomplete");

  // The bookmark: type a name for the client secret and create it from here, with another field typed and unsaved.
  await page.goto(`/projects/${projectId}/tools/sharepoint`);
  await expect(page.getByText("Incomplete", { exact: true })).toBeVisible();
  await expect(page.getByText("Client ID not set", { exact: false })).toBeVisible();
  await page.getByLabel("Client ID").fill("typed-client-id");
  await page.getByLabel("Client secret", { exact: true }).click();
  await page.getByPlaceholder("Search or type a new name…").fill("SharePoint client secret");
  await page.getByRole("option", { name: "Create secret “SharePoint client secret”" }).click();
  await expect(page.getByRole("heading", { name: "Secret Editor" })).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("SharePoint client secret");
  await page.getByLabel("Value", { exact: true }).fill("sp-client-secret-value");
  await page.getByRole("button", { name: "Confirm" }).click();

  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/tools/sharepoint$`));
  await expect(page.getByLabel("Tenant ID")).toHaveValue("contoso-tenant");
  await expect(page.getByLabel("Client ID")).toHaveValue("typed-client-id");
  await expect(page.getByRole("status", { name: "Client secret reference: ok" })).toBeVisible();

  // A field typed wrong does not stop the flow either: the draft travels and comes back, unsaved.
  await page.getByLabel("Site URL").fill("not a url");
  await page.getByLabel("Client secret", { exact: true }).click();
  await page.getByPlaceholder("Search or type a new name…").fill("SharePoint second secret");
  await page.getByRole("option", { name: "Create secret “SharePoint second secret”" }).click();
  await expect(page.getByRole("heading", { name: "Secret Editor" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/tools/sharepoint$`));
  await expect(page.getByLabel("Site URL")).toHaveValue("not a url");
  await expect(page.getByText("Your changes to these settings are back, not saved yet.")).toBeVisible();
});
