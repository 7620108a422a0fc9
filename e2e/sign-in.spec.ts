import { expect, test } from "./support/test";
import { E2E } from "./support/environment";

test.describe("signing in and out", () => {
  test("a signed-out visitor is sent to the sign-in page", async ({ page }) => {
    await page.goto("/org/projects");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Enterprise AI" })).toBeVisible();
  });

  test("every URL the sign-in builds is on the address the browser used, never the app's internal port", async ({ request }) => {
    // Auth.js's own endpoints answer with redirects: each must stay on the public origin.
    for (const response of [
      await request.post("/api/auth/signout", { maxRedirects: 0 }),
      await request.get("/api/auth/signin", { maxRedirects: 0 }),
      await request.get("/projects/x/dashboard", { maxRedirects: 0 }),
    ]) {
      const location = response.headers()["location"];
      expect(location, response.url()).toBeTruthy();
      const target = new URL(location, E2E.baseURL);
      expect(target.origin, location).toBe(new URL(E2E.baseURL).origin);
      const callback = target.searchParams.get("callbackUrl");
      if (callback) expect(new URL(callback, E2E.baseURL).origin, callback).toBe(new URL(E2E.baseURL).origin);
    }
  });

  test("an administrator signs in, lands on the project dashboard and signs out", async ({ page, browser }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(E2E.users.admin.email);
    await page.getByLabel("Password").fill(E2E.users.admin.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();

    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]+\/dashboard$/);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    // The first of the administrator's projects (others' specs may have added some).
    await expect(page.getByRole("button", { name: /^Project: / })).toBeVisible();

    const cookies = await page.context().cookies();
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/org/projects");
    await expect(page).toHaveURL(/\/login/);

    // A copy of the signed-out session's cookie is refused too.
    const replay = await browser.newContext({ storageState: { cookies, origins: [] } });
    const replayPage = await replay.newPage();
    await replayPage.goto("/org/projects");
    await expect(replayPage).toHaveURL(/\/login/);
    await replay.close();
  });

  test("a wrong password or unknown email gets the same generic message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(E2E.users.admin.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Invalid email or password.")).toBeVisible();
    await expect(page).toHaveURL(/\/login/);

    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill("whatever-it-is");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Invalid email or password.")).toBeVisible();
  });

  test("an empty form gets a message next to each field", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Enter an email address.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });

  test("repeated failures lock the account for a while, even with the right password", async ({ page }) => {
    const { email, password } = E2E.users.locked;
    await page.goto("/login");
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`wrong-${attempt}`);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByText("Invalid email or password.")).toBeVisible();
    }
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText(/Too many failed attempts/)).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });
});
