import { expect, test } from "./support/test";
import { ORGANIZATION_SECTIONS, PROJECT_SECTIONS } from "../lib/navigation";
import { connectE2EDatabase } from "./support/database";
import { storageState } from "./support/environment";
import { createSecretViaEditor, demoProjectId, openSecret } from "./support/pages";

test.use({ storageState: storageState("admin") });

test("every sidebar item is reachable or visibly disabled with a reason", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const sidebar = page.getByRole("navigation", { name: "Backoffice" });
  await expect(sidebar.getByText("Project options")).toBeVisible();
  await expect(sidebar.getByText("Organization options")).toBeVisible();

  const groups = [
    { list: sidebar.getByRole("list", { name: "Project options" }), sections: PROJECT_SECTIONS },
    { list: sidebar.getByRole("list", { name: "Organization options" }), sections: ORGANIZATION_SECTIONS },
  ];
  for (const { list, sections } of groups) {
    for (const section of sections) {
      const item = list.getByRole("link", { name: section.label, exact: true });
      if (section.unavailable) {
        await expect(item).toHaveAttribute("aria-disabled", "true");
        await expect(item).toHaveAccessibleDescription(section.unavailable);
      } else {
        await item.click();
        await expect(item).toHaveAttribute("aria-current", "page");
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByRole("heading", { name: "Page not found" })).toHaveCount(0);
      }
    }
  }
});

test("the dashboard shows the project's real figures", async ({ page }) => {
  const db = await connectE2EDatabase();
  const { rows } = await db.query(
    `SELECT count(*)::int AS members FROM "ProjectMember" m JOIN "Project" p ON p.id = m."projectId" WHERE p.name = 'Demo project'`,
  );
  await db.end();
  await page.goto(`/projects/${await demoProjectId()}/dashboard`);
  await expect(page.getByLabel(`Members: ${rows[0].members}`)).toBeVisible();
  await expect(page.getByText(/^\d+ administrators?$/)).toBeVisible();
});

test("the dashboard charts secret reads per day and lists the tools that need attention", async ({ page }) => {
  const projectId = await demoProjectId();
  const todayPeople = async () => {
    await page.goto(`/projects/${projectId}/dashboard`);
    const table = page.getByRole("table", { name: "Secret reads per day" });
    await expect(table.getByRole("row")).toHaveCount(15);
    const today = new Date().toISOString().slice(0, 10);
    return Number(
      await table
        .getByRole("row", { name: new RegExp(`^${today}`) })
        .getByRole("cell")
        .nth(1)
        .textContent(),
    );
  };
  const before = await todayPeople();
  await createSecretViaEditor(page, projectId, { name: "Dashboard chart key", value: "chart-value" });
  await openSecret(page, "Dashboard chart key");
  await page.getByRole("button", { name: "Reveal current value" }).click();
  await expect(page.getByRole("status", { name: "Current value" }).or(page.getByLabel("Current value"))).toHaveText("chart-value");
  expect(await todayPeople()).toBeGreaterThanOrEqual(before + 1);

  const attention = page.getByRole("list", { name: "Tools that need attention" });
  await expect(attention.getByRole("listitem").filter({ hasText: "HTTP API" })).toContainText("Incomplete");
  await attention.getByRole("link", { name: "HTTP API" }).click();
  await expect(page).toHaveURL(/\/tools\/http-api$/);
});
