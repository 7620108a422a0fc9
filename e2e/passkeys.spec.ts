import type { Browser, CDPSession, Page, Request } from "@playwright/test";
import { expect, test } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { createPerson as createPerson_ } from "./support/people";
import { E2E } from "./support/environment";

/**
 * Passkeys (issue 14, item 3) in Chromium with the DevTools protocol's virtual authenticator: added from the
 * account, then signing in alone or as the second step after the password; a replayed assertion is refused and
 * audited; a removed passkey signs in no more. WebAuthn takes a host name, never an IP address, so these pages
 * are opened on localhost.
 */
const PASSWORD = "passkeys-password-e2e";
const ORIGIN = `http://localhost:${E2E.port}`;

const createPerson = () => createPerson_({ prefix: "passkeys", name: "Pia Passkey", password: PASSWORD });

/** A browser on localhost with a virtual platform authenticator (user verification by "fingerprint", always given). */
async function withAuthenticator(browser: Browser): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
  const context = await browser.newContext({ baseURL: ORIGIN, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { page, cdp, authenticatorId };
}

async function signInWithPassword(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function addPasskey(page: Page, name: string) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Passkeys" }).click();
  await expect(page).toHaveURL(/\/account\/passkeys$/);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("list", { name: "Your passkeys" }).getByText(name)).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function auditOf(email: string) {
  const db = await connectE2EDatabase();
  try {
    const { rows } = await db.query(
      `SELECT action, outcome, reason, details FROM "AuditEvent" WHERE "actorLabel" = $1 AND action LIKE 'auth.%' ORDER BY id`,
      [email],
    );
    return rows as { action: string; outcome: string; reason: string | null; details: Record<string, unknown> | null }[];
  } finally {
    await db.end();
  }
}

test("a passkey added from the account signs in alone; a replayed assertion is refused; a removed one signs in no more", async ({
  browser,
}) => {
  // Many sign-ins (each a slow password hash, by design) and pages: longer than one page's worth on a loaded CI machine.
  test.setTimeout(180_000);
  const email = await createPerson();
  const { page, cdp, authenticatorId } = await withAuthenticator(browser);
  await signInWithPassword(page, email);
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();

  // A name is asked for, and kept when the ceremony fails.
  await page.goto("/account/passkeys");
  await expect(page.getByText("You have no passkey yet.")).toBeVisible();
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Name this passkey, so that you can tell it from others later.")).toBeVisible();
  // The password is asked again; a wrong one is said next to its field, and the name stays.
  await page.getByLabel("Name").fill("Work laptop");
  await page.getByLabel("Your password").fill("not-my-password");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("This is not your current password.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Work laptop");
  expect((await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials).toHaveLength(0);
  await addPasskey(page, "Work laptop");
  await expect(page.getByText("never used")).toBeVisible();
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  // The browser that added it stays signed in (its session was renewed).
  await page.reload();
  await expect(page.getByRole("list", { name: "Your passkeys" }).getByText("Work laptop")).toBeVisible();

  await signOut(page);

  // Sign in with the passkey alone; keep the request that carried the assertion.
  let carried: Request | null = null;
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"] && (request.postData() ?? "").includes("challengeId"))
      carried = request;
  });
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  await page.goto("/account/passkeys");
  await expect(page.getByText(/last used/)).toBeVisible();

  // The same assertion sent again, from another browser: its challenge was taken, nothing signs in.
  expect(carried).not.toBeNull();
  const replay = await browser.newContext({ baseURL: ORIGIN, storageState: { cookies: [], origins: [] } });
  const request = carried as unknown as Request;
  const headers = Object.fromEntries(
    Object.entries(await request.allHeaders()).filter(([name]) => !name.startsWith(":") && name !== "cookie" && name !== "content-length"),
  );
  const replayed = await replay.request.post(request.url(), { headers, data: request.postData() ?? "" });
  expect(replayed.status()).toBeLessThan(500);
  expect((await replay.cookies()).map((c) => c.name)).not.toContain("authjs.session-token");
  expect(await replayed.text()).toContain("This passkey did not sign you in");
  await replay.close();
  const events = await auditOf(email);
  expect(events.map((e) => e.action)).toContain("auth.passkey_add");
  expect(events.find((e) => e.action === "auth.sign_in" && e.outcome === "ALLOWED" && e.details?.method === "passkey")).toBeTruthy();
  expect(events.find((e) => e.action === "auth.sign_in" && e.outcome === "DENIED" && e.reason === "passkey expired")).toBeTruthy();

  // Removed: it no longer signs in, and the refusal is said.
  await page.getByRole("button", { name: "Remove passkey Work laptop" }).click();
  await page.getByRole("alertdialog").getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove passkey" }).click();
  await expect(page.getByText("You have no passkey yet.")).toBeVisible();
  await signOut(page);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByText("This passkey did not sign you in. Try again, or use your password.")).toBeVisible();
  expect((await auditOf(email)).map((e) => e.action)).toContain("auth.passkey_remove");
  await page.context().close();
});

test("with a passkey, the password alone no longer signs in: the passkey is asked for as the second step", async ({ browser }) => {
  const email = await createPerson();
  const { page } = await withAuthenticator(browser);
  await signInWithPassword(page, email);
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  await addPasskey(page, "Phone");
  await signOut(page);

  await signInWithPassword(page, email);
  await expect(page.getByText("Use your passkey to finish signing in.")).toBeVisible();
  await expect(page.getByLabel("Code")).toHaveCount(0);
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  const signIns = (await auditOf(email)).filter((e) => e.action === "auth.sign_in" && e.outcome === "ALLOWED");
  expect(signIns.at(-1)?.details).toEqual({ secondFactor: "passkey" });
  await page.context().close();
});

test("on an IP address, passkeys say why they cannot work", async ({ browser }) => {
  const page = await browser.newPage({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  await page.goto("/login");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByText(/Passkeys work only when the app is opened by a host name/)).toBeVisible();
  await page.context().close();
});
