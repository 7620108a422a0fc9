// Playwright's own test: ./support/test waits for hydration, which never comes here.
import { expect, test } from "@playwright/test";
import { E2E, storageState } from "./support/environment";
import { demoProjectId } from "./support/pages";

/**
 * Before a page's scripts have run (a slow connection, a script that failed to load), the browser submits a
 * form by itself: without method="post" it would put every field in the address — a password or a secret's
 * value in the browser's history and in every proxy's and server's access log. What is typed goes in a
 * request's body, never in a URL.
 */

test("the sign-in form, submitted before its scripts run, puts no password in the address", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: E2E.baseURL });
  const page = await context.newPage();
  const sent: string[] = [];
  page.on("request", (request) => sent.push(request.url()));
  await page.goto("/login");
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByLabel("Password").fill("typed-before-scripts-1");
  await page.getByLabel("Password").press("Enter");
  await page.waitForLoadState();
  await expect.poll(() => sent.length).toBeGreaterThan(1);
  for (const url of sent) expect(url).not.toContain("typed-before-scripts-1");
  expect(page.url()).not.toContain("password");
  await context.close();
});

test("a new secret's form, submitted before its scripts run, puts no value in the address", async ({ browser }) => {
  const projectId = await demoProjectId();
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: E2E.baseURL, storageState: storageState("admin") });
  const page = await context.newPage();
  const sent: string[] = [];
  page.on("request", (request) => sent.push(request.url()));
  await page.goto(`/projects/${projectId}/secrets/new`);
  await page.getByLabel("Name", { exact: true }).fill("Typed before scripts");
  await page.getByLabel("Value", { exact: true }).fill("value-before-scripts-1");
  await page.getByLabel("Name", { exact: true }).press("Enter");
  await page.waitForLoadState();
  await expect.poll(() => sent.length).toBeGreaterThan(1);
  for (const url of sent) expect(url).not.toContain("value-before-scripts-1");
  await context.close();
});
