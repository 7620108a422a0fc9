import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { storageState, type Role } from "./support/environment";
import { createSecretViaEditor, demoProjectId } from "./support/pages";
import { apiAs, issueToken } from "./support/tokens";

/**
 * Every screen, every device, every person: each page passes axe with no
 * serious or critical violation as an administrator and as a member; the
 * keyboard reaches the content first and never stops on a disabled item;
 * at phone width the sidebar is a drawer and tables scroll inside their
 * card with the first column pinned; restricted pages say what they need.
 */

// The two axe walks are the longest tests: each may start on its own worker.
test.describe.configure({ mode: "parallel" });

async function pagesOf(role: Role) {
  const projectId = await demoProjectId();
  const db = await connectE2EDatabase();
  const { rows } = await db.query(`SELECT id FROM "Secret" WHERE "projectId" = $1 AND "deletedAt" IS NULL ORDER BY name LIMIT 1`, [
    projectId,
  ]);
  await db.end();
  const p = `/projects/${projectId}`;
  const common = [
    `${p}/dashboard`,
    `${p}/secrets`,
    `${p}/secrets?view=trash`,
    `${p}/secrets/${rows[0].id}`,
    `${p}/tools`,
    `${p}/tools/web-search`,
    `${p}/members`,
    `${p}/roles`,
    `/org/projects`,
    `/org/members`,
    `/org/settings`,
    `/account/sessions`,
    `/account/password`,
    `/account/two-factor`,
    `/account/passkeys`,
  ];
  return role === "admin"
    ? [...common, `${p}/secrets/new`, `${p}/requests`, `${p}/api-tokens`, `${p}/playground`]
    : // A member also meets the pages their roles do not open: they must read as well as the others.
      [...common, `${p}/api-tokens`, `${p}/requests`];
}

async function seriousViolations(page: Page) {
  // Every rule runs; only the violations are collected (axe skips gathering what passed: a fifth faster).
  const results = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test.beforeAll(async ({ browser }) => {
  // At least one secret for the gallery and the editor.
  const page = await browser.newPage({ storageState: storageState("admin") });
  // Each worker runs this once: a name of its own.
  const name = `Axe checked ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await createSecretViaEditor(page, await demoProjectId(), { name, value: "axe-value" });
  await page.close();
});

/** The pages are checked in parts, each a test of its own within its time limit, however many pages there are. */
const PARTS = 3;

for (const role of ["admin", "member"] as const) {
  for (let part = 0; part < PARTS; part++) {
    test(`every page passes axe as ${role} at 1440 and at 390 px (part ${part + 1} of ${PARTS})`, async ({ browser }) => {
      await checkPages(browser, role, part);
    });
  }
}

async function checkPages(browser: Browser, role: "admin" | "member", part: number) {
  {
    test.setTimeout(300_000);
    const context = await browser.newContext({ storageState: storageState(role), viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    const pages = await pagesOf(role);
    const size = Math.ceil(pages.length / PARTS);
    for (const path of pages.slice(part * size, (part + 1) * size)) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      // The layout follows the width in CSS alone (no script reads it): one visit, checked at both widths.
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const violation of await seriousViolations(page)) failures.push(`${path} at ${width} px: ${violation}`);
      }
    }
    expect(failures).toEqual([]);
    await context.close();
  }
}

test.describe("keyboard", () => {
  test.use({ storageState: storageState("member") });

  test("the first Tab reaches Skip to content, and disabled or restricted sidebar items are not tab stops", async ({ page }) => {
    const projectId = await demoProjectId();
    await page.goto(`/projects/${projectId}/dashboard`);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#content")).toBeFocused();

    // Walk the whole page by keyboard: no stop is a disabled item.
    await page.goto(`/projects/${projectId}/dashboard`);
    const stops: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el ? `${el.getAttribute("aria-disabled") === "true" ? "DISABLED " : ""}${el.textContent?.trim().slice(0, 40)}` : "";
        }),
      );
    }
    expect(stops.filter((s) => s.startsWith("DISABLED"))).toEqual([]);
    expect(stops.some((s) => s.startsWith("Secrets"))).toBe(true);
  });

  test("a member sees admin-only sections locked with who may open them, and such a page says what it needs", async ({ page }) => {
    const projectId = await demoProjectId();
    await page.goto(`/projects/${projectId}/dashboard`);
    const sidebar = page.getByRole("navigation", { name: "Backoffice" });
    const tokens = sidebar.getByRole("link", { name: "API Tokens" });
    await expect(tokens).toHaveAttribute("aria-disabled", "true");
    await expect(tokens).toHaveAccessibleDescription("Project administrators only.");
    await expect(tokens).not.toContainText("Off");
    await expect(sidebar.getByRole("link", { name: "Assistants", exact: true })).toContainText("Off");

    const response = await page.goto(`/projects/${projectId}/api-tokens`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You need the “Manage API tokens” permission" })).toBeVisible();
    await expect(sidebar).toBeVisible();
  });

  test("a non-member still gets the 404 page: nothing about the project is disclosed", async ({ browser }) => {
    const projectId = await demoProjectId();
    const page = await browser.newPage({ storageState: storageState("outsider") });
    expect((await page.goto(`/projects/${projectId}/api-tokens`))?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.close();
  });
});

test.describe("phone width", () => {
  test.use({ storageState: storageState("admin"), viewport: { width: 390, height: 844 } });

  test("the sidebar is a drawer behind the menu button, the user menu is on screen, and tables scroll inside their card", async ({
    page,
  }) => {
    const projectId = await demoProjectId();
    await page.goto(`/projects/${projectId}/secrets`);
    await expect(page.getByRole("heading", { name: "Secrets" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Backoffice" })).toBeHidden();

    // Nothing sticks out of the screen sideways, on any page: wide tables scroll inside their card.
    for (const section of ["dashboard", "members", "roles", "tools", "requests", "activity", "api-tokens", "playground", "secrets"]) {
      await page.goto(`/projects/${projectId}/${section}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, section).toBeLessThanOrEqual(0);
    }

    const userMenu = page.getByRole("button", { name: "User menu" });
    const box = await userMenu.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    await userMenu.click();
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
    await page.keyboard.press("Escape");

    // The gallery scrolls inside its card, its first column pinned.
    const scroller = page
      .locator(".overflow-x-auto")
      .filter({ has: page.getByRole("table") })
      .first();
    const widths = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    if (widths.scroll > widths.client) {
      await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth));
      const firstCell = page.getByRole("row").nth(1).getByRole("cell").first();
      const cellBox = await firstCell.boundingBox();
      const scrollerBox = await scroller.boundingBox();
      expect(Math.round(cellBox!.x)).toBe(Math.round(scrollerBox!.x));
    }

    // The drawer: every section is reachable, and following a link closes it.
    await page.getByRole("button", { name: "Open menu" }).click();
    const drawer = page.getByRole("dialog", { name: "Menu" });
    await drawer.getByRole("link", { name: "Tools" }).click();
    await expect(page).toHaveURL(/\/tools$/);
    await expect(drawer).toBeHidden();
    await expect(page.getByRole("heading", { name: "Tools" })).toBeVisible();
  });
});

test.describe("at 1024 px", () => {
  test.use({ storageState: storageState("admin"), viewport: { width: 1024, height: 800 } });

  test("the gallery shows every column and Requests rows stay on one line", async ({ page }) => {
    const projectId = await demoProjectId();
    await page.goto(`/projects/${projectId}/secrets`);
    const scroller = page
      .locator(".overflow-x-auto")
      .filter({ has: page.getByRole("table") })
      .first();
    const gallery = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(gallery.scroll).toBeLessThanOrEqual(gallery.client);

    // Requests to show: a tool resolving its settings and a read of a secret that is not there.
    const client = await apiAs((await issueToken(projectId, { name: "layout check token" })).token);
    await client.get("/v1/tools/web-search/config");
    await client.get("/v1/secrets/00000000-0000-4000-8000-000000000000");
    await client.dispose();
    await page.goto(`/projects/${projectId}/requests`);
    await expect(page.getByRole("heading", { name: "Requests" })).toBeVisible();
    const rows = page.getByRole("table").getByRole("row");
    const count = Math.min(await rows.count(), 6);
    expect(count).toBeGreaterThan(2);
    for (let i = 1; i < count; i++) {
      const height = (await rows.nth(i).boundingBox())!.height;
      // One line of text with its padding (a two-line cell would be ~60 px, three ~80).
      expect(height).toBeLessThan(60);
    }
  });
});
