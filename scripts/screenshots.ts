/**
 * Takes screenshots of pages as a signed-in user, to look at them:
 * npx tsx scripts/screenshots.ts http://127.0.0.1:3000 EMAIL PASSWORD OUT_DIR path...
 */
import { mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/support/chromium";

const [base, email, password, out, ...paths] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions("/usr/bin/chromium"));
const page = await browser.newPage({ viewport: { width: Number(process.env.WIDTH ?? 1366), height: 860 } });
await page.goto(`${base}/login`);
await page.screenshot({ path: `${out}/login.png` });
await page.getByLabel("Email").fill(email);
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((url) => !url.pathname.startsWith("/login"));
for (const path of paths) {
  await page.goto(`${base}${path}`);
  await page.waitForLoadState("networkidle");
  const name = path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home";
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  console.log(`${out}/${name}.png`);
}
await browser.close();
