import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request, test } from "./support/test";
import { E2E } from "./support/environment";

/**
 * A second `npm start` on the same database (as two instances behind a load
 * balancer): a session signed out on one is refused by the other on its next
 * request, by its pages and by its session endpoint, which clears the cookie
 * instead of signing it again (issue 9, point 7).
 */
const SECOND_PORT = E2E.port + 1;
const second = `http://127.0.0.1:${SECOND_PORT}`;
let instance: ChildProcess;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  instance = spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(SECOND_PORT),
      DATA_DIR: E2E.dataDir,
      DATABASE_URL: readFileSync(path.join(E2E.dataDir, "database-url"), "utf8").trim(),
    },
    stdio: "ignore",
    detached: true,
  });
  await expect
    .poll(async () => (await fetch(`${second}/health`).catch(() => null))?.status, { timeout: 100_000, intervals: [1000] })
    .toBe(200);
});

test.afterAll(() => {
  if (instance?.pid) process.kill(-instance.pid, "SIGTERM");
});

test("a session signed out on one instance is refused by the other, pages and session endpoint alike", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${second}/login`);
  await page.getByLabel("Email").fill(E2E.users.admin.email);
  await page.getByLabel("Password").fill(E2E.users.admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  const cookies = await context.cookies();

  // The same cookie works on the first instance (cookies do not depend on the port).
  const copy = await request.newContext({ storageState: { cookies, origins: [] } });
  expect((await (await copy.get(`${E2E.baseURL}/api/auth/session`)).json())?.user?.email).toBe(E2E.users.admin.email);

  // Signed out on the second…
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // …refused by the first on its next request: the page sends to sign-in, the session endpoint says null and
  // hands back no fresh session cookie.
  const session = await copy.get(`${E2E.baseURL}/api/auth/session`);
  expect(await session.json()).toBeNull();
  const reissued = session
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie" && /session-token=[^;]+/.test(h.value) && !/session-token=;/.test(h.value));
  expect(reissued).toEqual([]);
  const replay = await browser.newContext({ storageState: { cookies, origins: [] } });
  const replayPage = await replay.newPage();
  await replayPage.goto(`${E2E.baseURL}/org/projects`);
  await expect(replayPage).toHaveURL(/\/login/);
  await replay.close();
  await copy.dispose();
  await context.close();
});
