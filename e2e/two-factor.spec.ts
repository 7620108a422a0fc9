import { hash } from "@node-rs/argon2";
import { generate } from "otplib";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { createPerson as createPerson_, saveRecoveryCodes, setUpAuthenticatorApp } from "./support/people";

/**
 * Two-factor sign-in (issue 14, item 2) as a person meets it: set up from the
 * user menu by scanning a QR code and confirming a code, recovery codes shown
 * once, sign-in asking for a code after the password, a code accepted once,
 * a recovery code signing in once, and turning it off.
 */
const PASSWORD = "two-factor-password-e2e";

const createPerson = () => createPerson_({ prefix: "two-factor", name: "Tess Twofactor", password: PASSWORD });

const codeAt = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

async function signInWithPassword(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage({ storageState: { cookies: [], origins: [] } });
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  return page;
}

test("set up from the user menu, then sign-in asks for a code after the password; codes and recovery codes work once", async ({
  browser,
}) => {
  // Many sign-ins (each a slow password hash, by design) and pages: longer than one page's worth on a loaded CI machine.
  test.setTimeout(180_000);
  const email = await createPerson();
  const page = await signInWithPassword(browser, email);
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  const other = await signInWithPassword(browser, email);
  await expect(other.getByRole("button", { name: "User menu" })).toBeVisible();

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Two-factor sign-in" }).click();
  await expect(page).toHaveURL("/account/two-factor");
  // The password is asked again: a copy of the session cookie alone sets up nothing.
  await page.getByLabel("Your password").fill("not-my-password");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByText("This is not your current password.")).toBeVisible();
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: /QR code with your two-factor key/ })).toBeVisible();
  const secret = (await page.getByTestId("totp-key").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

  // A wrong code is said next to the field, and what was typed stays.
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByText(/That code is not right/)).toBeVisible();
  await expect(page.getByLabel("Code from the app")).toHaveValue("000000");
  await page.getByLabel("Code from the app").fill(await codeAt(secret));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const recoveryCodes = await saveRecoveryCodes(page);
  await expect(page.getByText("10 of 10 recovery codes left.")).toBeVisible();
  // Shown once: not in the page any more.
  expect(await page.content()).not.toContain(recoveryCodes[0]);

  // Turning it on signed out the other session.
  await other.goto("/account/sessions");
  await expect(other).toHaveURL(/\/login/);

  // Sign-in: the password, then the code (the enrolment's step is spent: the next code).
  const signIn = await signInWithPassword(browser, email);
  await expect(signIn.getByLabel("Code")).toBeVisible();
  await expect(signIn.getByText("Enter the six-digit code from your authenticator app, or a recovery code.")).toBeVisible();
  await signIn.getByLabel("Code").fill("123456");
  await signIn.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(signIn.getByText(/That code is not right/)).toBeVisible();
  const next = await codeAt(secret, 30);
  await signIn.getByLabel("Code").fill(next);
  await signIn.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(signIn.getByRole("button", { name: "User menu" })).toBeVisible();

  // The same code again, elsewhere: refused as used.
  const replay = await signInWithPassword(browser, email);
  await replay.getByLabel("Code").fill(next);
  await replay.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(replay.getByText("That code was used already. Wait for the app's next code.")).toBeVisible();
  // A recovery code signs in once.
  await replay.getByLabel("Code").fill(recoveryCodes[0]);
  await replay.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(replay.getByRole("button", { name: "User menu" })).toBeVisible();
  const again = await signInWithPassword(browser, email);
  await again.getByLabel("Code").fill(recoveryCodes[0]);
  await again.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(again.getByText(/That code is not right/)).toBeVisible();

  // Audited, never with a code or the key.
  const db = await connectE2EDatabase();
  const { rows } = await db.query(
    `SELECT action, outcome, reason, details::text AS details FROM "AuditEvent" WHERE "actorLabel" = $1 ORDER BY id`,
    [email],
  );
  await db.end();
  const actions = rows.map((r) => r.action);
  expect(actions).toContain("auth.second_factor_enrol");
  expect(actions).toContain("auth.recovery_code_use");
  expect(rows.filter((r) => r.action === "auth.second_factor" && r.outcome === "DENIED").length).toBeGreaterThanOrEqual(3);
  const text = JSON.stringify(rows);
  for (const value of [secret, next, recoveryCodes[0]]) expect(text).not.toContain(value);

  // Turning it off takes a code.
  await signIn.goto("/account/two-factor");
  await expect(signIn.getByText("9 of 10 recovery codes left.")).toBeVisible();
  await signIn.getByLabel("Code").fill(recoveryCodes[1]);
  await signIn.getByLabel("Your password").fill(PASSWORD);
  await signIn.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await expect(signIn.getByRole("button", { name: "Set up two-factor sign-in" })).toBeVisible();
  const plain = await signInWithPassword(browser, email);
  await expect(plain.getByRole("button", { name: "User menu" })).toBeVisible();
  for (const p of [page, other, signIn, replay, again, plain]) await p.context().close();
});

/** An organization of its own (the shared one's administrators stay untouched), with two administrators. */
async function createOrganizationWithAdmins(): Promise<[string, string]> {
  const tag = `${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  const emails: [string, string] = [`org-owner-${tag}@example.com`, `org-second-${tag}@example.com`];
  const db = await connectE2EDatabase();
  try {
    const {
      rows: [org],
    } = await db.query(`INSERT INTO "Organization" (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [`Second ${tag}`]);
    for (const email of emails) {
      const {
        rows: [user],
      } = await db.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, 'Ada Admin', $2, now()) RETURNING id`,
        [email, await hash(PASSWORD)],
      );
      await db.query(
        `INSERT INTO "OrganizationMember" (id, "organizationId", "userId", role) VALUES (gen_random_uuid(), $1, $2, 'ADMIN')`,
        [org.id, user.id],
      );
    }
  } finally {
    await db.end();
  }
  return emails;
}

/** Sets up two-factor sign-in on the page's account, through the page; answers the key. */
const setUpTwoFactor = async (page: Page) => (await setUpAuthenticatorApp(page, PASSWORD)).secret;

test("an organization requires a second factor of administrators: one without is sent to set it up before anything else", async ({
  browser,
}) => {
  // Many sign-ins (each a slow password hash, by design) and pages: longer than one page's worth on a loaded CI machine.
  test.setTimeout(180_000);
  const [ownerEmail, secondEmail] = await createOrganizationWithAdmins();
  const second = await signInWithPassword(browser, secondEmail);
  await expect(second.getByRole("button", { name: "User menu" })).toBeVisible();

  // Without a second factor of their own, an administrator cannot require it (and is told why).
  await second.getByRole("link", { name: "Settings" }).click();
  await expect(second).toHaveURL("/org/settings");
  const requirement = second.getByLabel("Require two-factor sign-in for administrators");
  await expect(requirement).not.toBeChecked();
  await requirement.click();
  await second.getByRole("button", { name: "Save requirement" }).click();
  await expect(second.getByRole("status").filter({ hasText: "Set up two-factor sign-in for yourself first" })).toBeVisible();
  await second.reload();
  await expect(requirement).not.toBeChecked();

  // The owner sets theirs up, then requires it.
  const owner = await signInWithPassword(browser, ownerEmail);
  await expect(owner.getByRole("button", { name: "User menu" })).toBeVisible();
  await setUpTwoFactor(owner);
  await owner.goto("/org/settings");
  await owner.getByLabel("Require two-factor sign-in for administrators").click();
  await owner.getByRole("button", { name: "Save requirement" }).click();
  await expect(owner.getByText("Administrators now sign in with a second factor.")).toBeVisible();

  // The other administrator's next page: the set-up, whatever they ask for.
  for (const path of ["/org/settings", "/org/members", "/", "/account/sessions"]) {
    await second.goto(path);
    await expect(second).toHaveURL("/account/two-factor");
  }
  await expect(
    second.getByRole("status").filter({ hasText: "Your organization requires two-factor sign-in for administrators." }),
  ).toBeVisible();
  await setUpTwoFactor(second);
  await expect(second.getByText(/stays on/)).toBeVisible();
  await expect(second.getByRole("button", { name: "Turn off two-factor sign-in" })).toHaveCount(0);
  await second.goto("/org/members");
  await expect(second).toHaveURL("/org/members");

  // Turned off again by the owner; audited.
  await owner.goto("/org/settings");
  await owner.getByLabel("Require two-factor sign-in for administrators").click();
  await owner.getByRole("button", { name: "Save requirement" }).click();
  await expect(owner.getByText("A second factor is no longer required.")).toBeVisible();
  const db = await connectE2EDatabase();
  const { rows } = await db.query(
    `SELECT details FROM "AuditEvent" WHERE action = 'org.security_change' AND "actorLabel" = $1 ORDER BY id`,
    [ownerEmail],
  );
  await db.end();
  expect(rows.map((r) => r.details)).toEqual([{ requireAdminTwoFactor: true }, { requireAdminTwoFactor: false }]);
  for (const p of [owner, second]) await p.context().close();
});
