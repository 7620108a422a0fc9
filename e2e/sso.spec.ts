import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { E2E, storageState } from "./support/environment";
import { createPerson, setUpAuthenticatorApp } from "./support/people";

/**
 * Single sign-on over OpenID Connect (issue 14, item 1) against a real identity provider (oidc-provider, started
 * by the test run: e2e/support/identity-provider.mjs). An existing account is linked by its verified email; an
 * unknown or unverified email is refused; the answer's state, and the ID token's issuer, audience, nonce and
 * expiry are checked; every refusal is audited and counted toward the sign-in limits.
 */
const PASSWORD = "sso-password-e2e";
const SSO_BUTTON = `Sign in with ${E2E.oidc.name}`;
const ADDRESS_COUNTER = "sign-in:address:127.0.0.1";

/** A browser of its own, marked by its user agent so that its audit events can be told apart. */
async function freshBrowser(browser: Browser): Promise<{ page: Page; agent: string }> {
  const agent = `sso-e2e-${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, userAgent: agent });
  return { page: await context.newPage(), agent };
}

/** From the app's sign-in page to the provider's, where `login` signs in (the provider's own form). */
async function signInWithSso(page: Page, login: string | null) {
  await page.goto("/login");
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  if (login === null) return; // The provider remembers this browser: straight back.
  await expect(page).toHaveURL(new RegExp(`^${E2E.oidc.issuer}/interaction/`));
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("the-provider-checks-this");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/** Back in the app, signed in (the page after the provider's redirects, hydrated). */
async function signedIn(page: Page) {
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`^${E2E.baseURL}/(org/projects)?$`));
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await connectE2EDatabase();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

type Event = { action: string; outcome: string; reason: string | null; actorLabel: string; details: Record<string, unknown> | null };
const eventsOf = (agent: string) =>
  query<Event>(`SELECT action, outcome, reason, "actorLabel", details FROM "AuditEvent" WHERE "userAgent" = $1 ORDER BY id`, [agent]);

const addressCount = async () =>
  (await query<{ count: number }>(`SELECT count FROM "RateLimitBucket" WHERE key = $1`, [ADDRESS_COUNTER]))[0]?.count ?? 0;

/** Gives back the failed attempts a test made on purpose, so that the other specs' sign-ins stay under the limit. */
const giveBack = (n: number) => query(`UPDATE "RateLimitBucket" SET count = GREATEST(count - $2, 0) WHERE key = $1`, [ADDRESS_COUNTER, n]);

test.describe.configure({ timeout: 180_000 });

test("an existing account is linked by its verified email; it signs in again by the link, and signs out", async ({ browser }) => {
  const email = await createPerson({ prefix: "sso", name: "Sid Single", password: PASSWORD });
  const { page, agent } = await freshBrowser(browser);
  await signInWithSso(page, email);
  await signedIn(page);
  await page.getByRole("button", { name: "User menu" }).click();
  await expect(page.getByRole("menu")).toContainText(email);
  await page.keyboard.press("Escape");

  const [identity] = await query<{ subject: string; issuer: string; userEmail: string }>(
    `SELECT i.subject, i.issuer, u.email AS "userEmail" FROM "UserIdentity" i JOIN "User" u ON u.id = i."userId" WHERE u.email = $1`,
    [email],
  );
  expect(identity).toEqual({ subject: email, issuer: E2E.oidc.issuer, userEmail: email });
  const events = await eventsOf(agent);
  expect(events.map((e) => [e.action, e.outcome])).toEqual([
    ["auth.sso_link", "ALLOWED"],
    ["auth.sign_in", "ALLOWED"],
  ]);
  expect(events[1].details).toEqual({ method: "sso", identity: "linked now" });

  // Signing out ends the app's session: a copy of its cookie is refused.
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  const thief = await browser.newContext({ storageState: { cookies: copied, origins: [] } });
  const stolen = await thief.newPage();
  await stolen.goto("/");
  await expect(stolen).toHaveURL(/\/login/);
  await thief.close();

  // The provider remembers the browser; the app signs in by the identity linked before.
  await signInWithSso(page, null);
  await signedIn(page);
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  const again = await eventsOf(agent);
  expect(again.at(-1)).toMatchObject({ action: "auth.sign_in", outcome: "ALLOWED", details: { method: "sso", identity: "linked" } });
  await page.context().close();
});

test("an unknown email is refused until the organization admits its domain; a wrong domain gets a message by the field", async ({
  browser,
}) => {
  // The administrators' own domain (admin@example.com): an organization admits no other.
  const domain = "example.com";
  const email = `newcomer-${Date.now()}@${domain}`;
  const { page, agent } = await freshBrowser(browser);
  const before = await addressCount();
  await signInWithSso(page, email);
  await expect(page).toHaveURL(/\/login\?sso=unknown$/);
  await expect(page.getByText("No account here uses your email address.")).toBeVisible();
  await expect(page.getByRole("button", { name: "User menu" })).toHaveCount(0);
  expect(await query(`SELECT id FROM "User" WHERE email = $1`, [email])).toEqual([]);
  expect(await eventsOf(agent)).toEqual([
    { action: "auth.sign_in", outcome: "DENIED", reason: "sso email unknown", actorLabel: email, details: { method: "sso" } },
  ]);
  expect(await addressCount()).toBeGreaterThan(before);
  await giveBack(1);

  const admin = await browser.newContext({ storageState: storageState("admin") });
  const settings = await admin.newPage();
  await settings.goto("/org/settings");
  const field = settings.getByLabel("Allow sign-up from these email domains");
  await field.fill("example.com, not a domain!");
  await settings.getByRole("button", { name: "Save domains" }).click();
  await expect(settings.getByText("“not” is not a domain name, such as example.com.")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveValue("example.com, not a domain!");
  await field.fill("gmail.com");
  await settings.getByRole("button", { name: "Save domains" }).click();
  await expect(settings.getByText("gmail.com is a public mail service: anyone can have an address there.")).toBeVisible();
  await field.fill(domain);
  await settings.getByRole("button", { name: "Save domains" }).click();
  await expect(settings.getByText("Sign-up domains saved.")).toBeVisible();
  await settings.reload();
  await expect(settings.getByLabel("Allow sign-up from these email domains")).toHaveValue(domain);

  // Admitted now: the provider still remembers this browser.
  await signInWithSso(page, null);
  await signedIn(page);
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  const [member] = await query<{ role: string; name: string }>(
    `SELECT m.role, u.name FROM "User" u JOIN "OrganizationMember" m ON m."userId" = u.id WHERE u.email = $1`,
    [email],
  );
  expect(member).toEqual({ role: "MEMBER", name: `SSO ${email.split("@")[0]}` });
  expect((await eventsOf(agent)).map((e) => e.action)).toEqual(["auth.sign_in", "auth.sso_sign_up", "auth.sign_in"]);

  // Without a password here, a sign-in minutes ago stands for it: the newcomer can set up a second factor.
  await page.goto("/account/password");
  await expect(page.getByText("You sign in with single sign-on: you have no password here")).toBeVisible();
  await page.goto("/account/two-factor");
  await expect(page.getByText("You sign in with single sign-on, so no password is asked")).toBeVisible();
  await expect(page.getByLabel("Your password")).toHaveCount(0);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: /QR code with your two-factor key/ })).toBeVisible();

  await field.fill("");
  await settings.getByRole("button", { name: "Save domains" }).click();
  await expect(settings.getByText("Sign-up by domain is off.")).toBeVisible();
  await admin.close();
  await page.context().close();
});

test("an email the provider has not verified is refused, and links nothing", async ({ browser }) => {
  const email = await createPerson({ prefix: "sso-unverified", name: "Una Verified", password: PASSWORD });
  const { page, agent } = await freshBrowser(browser);
  await signInWithSso(page, `unverified:${email}`);
  await expect(page).toHaveURL(/\/login\?sso=unverified$/);
  await expect(page.getByText("Your identity provider has not verified your email address")).toBeVisible();
  expect(await query(`SELECT i.id FROM "UserIdentity" i JOIN "User" u ON u.id = i."userId" WHERE u.email = $1`, [email])).toEqual([]);
  expect(await eventsOf(agent)).toEqual([
    {
      action: "auth.sign_in",
      outcome: "DENIED",
      reason: "sso email not verified",
      actorLabel: "single sign-on",
      details: { method: "sso", unverifiedEmail: email },
    },
  ]);
  await giveBack(1);
  await page.context().close();
});

test("a tampered ID token is refused: wrong issuer, audience, nonce, or expired; each audited and counted", async ({
  browser,
  request,
}) => {
  const email = await createPerson({ prefix: "sso-tamper", name: "Tam Per", password: PASSWORD });
  const { page, agent } = await freshBrowser(browser);
  const cases = [
    { mode: "issuer", reason: /"iss"/ },
    { mode: "audience", reason: /"aud"/ },
    { mode: "nonce", reason: /"nonce"/ },
    { mode: "expired", reason: /"exp"/ },
  ];
  for (const [i, { mode, reason }] of cases.entries()) {
    const tamper = await request.post(`${E2E.oidc.issuer}/__test/tamper?mode=${mode}`);
    expect(tamper.ok()).toBe(true);
    const before = await addressCount();
    await signInWithSso(page, i === 0 ? email : null);
    await expect(page).toHaveURL(/\/login\?sso=failed$/);
    await expect(page.getByText("Single sign-on did not complete.")).toBeVisible();
    await expect(page.getByRole("button", { name: "User menu" })).toHaveCount(0);
    const last = (await eventsOf(agent)).at(-1)!;
    expect(last).toMatchObject({ action: "auth.sign_in", outcome: "DENIED", details: { method: "sso" } });
    expect(last.reason).toMatch(/^sso answer refused: /);
    expect(last.reason).toMatch(reason);
    expect(await addressCount(), `the ${mode} refusal is counted`).toBeGreaterThan(before);
  }
  await giveBack(cases.length);
  expect(await query(`SELECT i.id FROM "UserIdentity" i JOIN "User" u ON u.id = i."userId" WHERE u.email = $1`, [email])).toEqual([]);

  // The provider untampered: the same browser signs in.
  await signInWithSso(page, null);
  await signedIn(page);
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  await page.context().close();
});

test("the answer's state is checked: another state, or the answer opened in another browser, is refused", async ({ browser, request }) => {
  const email = await createPerson({ prefix: "sso-state", name: "Stacy State", password: PASSWORD });
  const { page, agent } = await freshBrowser(browser);
  expect((await request.post(`${E2E.oidc.issuer}/__test/hold`)).ok()).toBe(true);
  await signInWithSso(page, email);
  const answer = (await page.locator("#answer").textContent())!.replaceAll("&amp;", "&");
  expect(answer).toMatch(new RegExp(`^${E2E.baseURL}/api/auth/callback/oidc\\?.*state=`));

  // The provider's answer opened in another browser (a login CSRF): that browser holds no state for it.
  const other = await freshBrowser(browser);
  await other.page.goto(answer);
  await expect(other.page).toHaveURL(/\/login\?sso=failed$/);
  expect((await eventsOf(other.agent)).at(-1)).toMatchObject({ action: "auth.sign_in", outcome: "DENIED" });
  await other.page.context().close();

  // The same browser with the state changed.
  const url = new URL(answer);
  url.searchParams.set("state", `x${url.searchParams.get("state")}`);
  await page.goto(url.toString());
  await expect(page).toHaveURL(/\/login\?sso=failed$/);
  expect((await eventsOf(agent)).at(-1)?.reason).toMatch(/state/);
  await expect(page.getByRole("button", { name: "User menu" })).toHaveCount(0);
  await giveBack(2);

  // The answer as the provider gave it, in the browser that asked: signed in.
  await page.goto(answer);
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  await page.context().close();
});

test("an account with a second factor gives it after the provider; a wrong code keeps the step; a step signs in once", async ({
  browser,
}) => {
  const email = await createPerson({ prefix: "sso-2fa", name: "Tove Twostep", password: PASSWORD });
  const owner = await browser.newPage({ storageState: { cookies: [], origins: [] } });
  await owner.goto("/login");
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Password").fill(PASSWORD);
  await owner.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(owner.getByRole("button", { name: "User menu" })).toBeVisible();
  const { recoveryCodes } = await setUpAuthenticatorApp(owner, PASSWORD);
  await owner.context().close();

  const { page, agent } = await freshBrowser(browser);
  await signInWithSso(page, email);
  await expect(page).toHaveURL(/\/login\?sso=second_factor$/);
  await expect(page.getByText("Your identity provider signed you in. Finish with your second factor.")).toBeVisible();
  await expect(page.getByText(`Signing in as ${email}.`)).toBeVisible();
  // No session yet: the provider's part alone opens nothing.
  const held = await page.context().cookies();
  expect(held.map((c) => c.name)).not.toContain("authjs.session-token");

  await page.getByLabel("Code").fill("123456");
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByText(/That code is not right/)).toBeVisible();
  await expect(page.getByLabel("Code")).toHaveValue("123456");
  await expect(page.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Code").fill(recoveryCodes[0]);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  // The identity is linked only once the second factor was given.
  expect((await eventsOf(agent)).slice(-4)).toMatchObject([
    { action: "auth.second_factor", outcome: "DENIED" },
    { action: "auth.recovery_code_use", outcome: "ALLOWED" },
    { action: "auth.sso_link", outcome: "ALLOWED" },
    { action: "auth.sign_in", outcome: "ALLOWED", details: { method: "sso", secondFactor: "recovery_code" } },
  ]);

  // The step's cookie, copied before it was used, signs in no one (even with another good code).
  const thief = await browser.newContext({ storageState: { cookies: held, origins: [] } });
  const copy = await thief.newPage();
  await copy.goto("/login?sso=second_factor");
  await expect(copy.getByText("Your single sign-on expired before the second step. Sign in again.")).toBeVisible();
  await expect(copy.getByLabel("Code")).toHaveCount(0);
  await thief.close();
  await page.context().close();
});

// Here rather than in unsaved-work.spec.ts: it saves the sign-up domains, which only this file's tests (run one after
// another) read or change.
test("organization settings: when one form's save lands, the question stays open for the other form's unsaved changes", async ({
  browser,
}) => {
  const admin = await browser.newContext({ storageState: storageState("admin") });
  const page = await admin.newPage();
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
  await page.goto("/org/settings");
  const domains = page.getByLabel("Allow sign-up from these email domains");
  const requireTwoFactor = page.getByRole("checkbox", { name: "Require two-factor sign-in for administrators" });
  const before = await domains.inputValue();
  await page.route(
    (url) => url.pathname === "/org/settings",
    async (route) => {
      if (route.request().method() === "POST") await new Promise((done) => setTimeout(done, 1500));
      await route.continue();
    },
  );
  // The domains form has changes first (it asks for the page), then the checkbox's (never saved here).
  await domains.fill("example.com");
  await requireTwoFactor.click();
  await page.getByRole("button", { name: "Save domains" }).click();
  await page.getByRole("navigation", { name: "Backoffice" }).getByRole("link", { name: "Members", exact: true }).last().click();
  await expect(leave).toBeVisible();
  await expect(page.getByText("Sign-up domains saved.")).toBeVisible();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(/\/org\/settings$/);
  await expect(requireTwoFactor).toBeChecked();

  await requireTwoFactor.click();
  await domains.fill(before);
  await page.getByRole("button", { name: "Save domains" }).click();
  await expect(page.getByText(before ? "Sign-up domains saved." : "Sign-up by domain is off.").last()).toBeVisible();
  await admin.close();
});
