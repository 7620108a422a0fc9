import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { createPerson as createPerson_ } from "./support/people";

/**
 * Sessions (issue 14, item 4): a person sees where they are signed in and
 * signs out one session or every one; a signed-out session is refused on its
 * next request, its cookie replayed or not.
 */
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
const PASSWORD = "sessions-password-e2e";

const createPerson = () => createPerson_({ prefix: "sessions", name: "Sam Sessions", password: PASSWORD });

async function signIn(browser: Browser, email: string, userAgent?: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, ...(userAgent ? { userAgent } : {}) });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  return page;
}

const sessionsList = (page: Page) => page.getByRole("list", { name: "Signed-in sessions" });

test("lists where you are signed in and signs out another session on its next request", async ({ browser }) => {
  const email = await createPerson();
  const here = await signIn(browser, email);
  const there = await signIn(browser, email, FIREFOX);
  const stolenCookies = await there.context().cookies();

  await here.getByRole("button", { name: "User menu" }).click();
  await here.getByRole("menuitem", { name: "Sessions" }).click();
  await expect(here).toHaveURL("/account/sessions");
  const items = sessionsList(here).getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText("This session");
  await expect(items.nth(1)).toContainText("Firefox 120 on Linux");
  await expect(items.nth(1)).toContainText("127.0.0.1");
  await expect(items.nth(1)).toContainText("last seen");

  await items
    .nth(1)
    .getByRole("button", { name: /^Sign out Firefox 120 on Linux/ })
    .click();
  await here.getByRole("alertdialog").getByRole("button", { name: "Sign out session" }).click();
  await expect(items).toHaveCount(1);
  await expect(here.getByText("This is your only session.")).toBeVisible();

  // The other device's next request: signed out, and its cookie replayed elsewhere is refused too.
  await there.goto("/account/sessions");
  await expect(there).toHaveURL(/\/login/);
  const replay = await browser.newContext({ storageState: { cookies: stolenCookies, origins: [] } });
  const replayed = await replay.newPage();
  await replayed.goto("/account/sessions");
  await expect(replayed).toHaveURL(/\/login/);
  expect((await (await replay.request.get("/api/auth/session")).json()) ?? null).toBeNull();
  await replay.close();
  // This one goes on.
  await here.reload();
  await expect(items).toHaveCount(1);

  const db = await connectE2EDatabase();
  const { rows } = await db.query(`SELECT action FROM "AuditEvent" WHERE "actorLabel" = $1 AND action LIKE 'auth.session%'`, [email]);
  await db.end();
  expect(rows.map((r) => r.action)).toEqual(["auth.session_sign_out"]);
  await here.context().close();
  await there.context().close();
});

test("signs out everywhere, this session included; signing in again works", async ({ browser }) => {
  const email = await createPerson();
  const here = await signIn(browser, email);
  const there = await signIn(browser, email, FIREFOX);
  await here.goto("/account/sessions");
  await expect(sessionsList(here).getByRole("listitem")).toHaveCount(2);
  await here.getByRole("button", { name: "Sign out everywhere" }).click();
  await here.getByRole("alertdialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(here).toHaveURL(/\/login/);
  await there.goto("/account/sessions");
  await expect(there).toHaveURL(/\/login/);

  // A new sign-in is a new session, not refused.
  const again = await signIn(browser, email);
  await again.goto("/account/sessions");
  await expect(sessionsList(again).getByRole("listitem")).toHaveCount(1);
  for (const page of [here, there, again]) await page.context().close();
});

test("changing the password signs out the other sessions and any copy of this one's cookie; this one goes on, and the new password signs in", async ({
  browser,
}) => {
  const email = await createPerson();
  const here = await signIn(browser, email);
  const there = await signIn(browser, email, FIREFOX);
  // Someone holding a copy of this browser's cookie (taken before the change).
  const copiedCookies = await here.context().cookies();
  await here.getByRole("button", { name: "User menu" }).click();
  await here.getByRole("menuitem", { name: "Change password" }).click();
  await expect(here).toHaveURL("/account/password");

  // A wrong current password is said next to its field, and what was typed stays.
  await here.getByLabel("Current password").fill("not-my-password");
  await here.getByLabel("New password", { exact: true }).fill("a-new-password-e2e");
  await here.getByLabel("Repeat the new password").fill("a-new-password-e2e");
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("This is not your current password.")).toBeVisible();
  await expect(here.getByLabel("New password", { exact: true })).toHaveValue("a-new-password-e2e");

  await here.getByLabel("Current password").fill(PASSWORD);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("Password changed. Your other sessions are signed out.")).toBeVisible();
  await expect(here.getByLabel("Current password")).toHaveValue("");

  await there.goto("/account/sessions");
  await expect(there).toHaveURL(/\/login/);
  await here.goto("/account/sessions");
  await expect(sessionsList(here).getByRole("listitem")).toHaveCount(1);
  await expect(sessionsList(here).getByRole("listitem").first()).toContainText("This session");
  // The copy of this browser's old cookie is refused: the browser was given a new session, not kept.
  const copy = await browser.newContext({ storageState: { cookies: copiedCookies, origins: [] } });
  const copied = await copy.newPage();
  await copied.goto("/account/sessions");
  await expect(copied).toHaveURL(/\/login/);
  expect((await (await copy.request.get("/api/auth/session")).json()) ?? null).toBeNull();
  await copy.close();
  await here.reload();
  await expect(here).toHaveURL("/account/sessions");

  // The old password no longer signs in; the new one does.
  const old = await browser.newPage({ storageState: { cookies: [], origins: [] } });
  await old.goto("/login");
  await old.getByLabel("Email").fill(email);
  await old.getByLabel("Password").fill(PASSWORD);
  await old.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(old.getByText("Invalid email or password.")).toBeVisible();
  await old.getByLabel("Password").fill("a-new-password-e2e");
  await old.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(old.getByRole("button", { name: "User menu" })).toBeVisible();
  for (const page of [here, there, old]) await page.context().close();
});
