import { expect, type Page } from "@playwright/test";
import { connectE2EDatabase } from "./database";

/** The demo project's id, read from the end-to-end database. */
export async function demoProjectId(): Promise<string> {
  const db = await connectE2EDatabase();
  try {
    const { rows } = await db.query(`SELECT id FROM "Project" WHERE name = 'Demo project'`);
    return rows[0].id as string;
  } finally {
    await db.end();
  }
}

/** Creates a secret through the Secret Editor, as a person does. */
export async function createSecretViaEditor(
  page: Page,
  projectId: string,
  secret: { name: string; value: string; status?: string; description?: string },
) {
  await page.goto(`/projects/${projectId}/secrets`);
  // Under load a click can land while the gallery is still settling; click again until the editor opens.
  await expect(async () => {
    if (!page.url().endsWith("/secrets/new")) await page.getByRole("link", { name: "Create new" }).first().click();
    await expect(page.getByRole("heading", { name: "Secret Editor" })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel("Name").fill(secret.name);
  await page.getByLabel("Value", { exact: true }).fill(secret.value);
  if (secret.status) await chooseStatus(page, secret.status);
  if (secret.description) await page.getByLabel("Description").fill(secret.description);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(`Secret "${secret.name}" created.`)).toBeVisible();
}

export async function chooseStatus(page: Page, status: string) {
  const option = page.getByRole("option", { name: status, exact: true });
  // The editor re-renders after a save; retry opening until the list is there.
  await expect(async () => {
    if (!(await option.isVisible())) await page.getByLabel("Status", { exact: true }).click();
    await expect(option).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await option.click();
  await expect(page.getByLabel("Status", { exact: true })).toHaveText(status);
}

/**
 * The Secret Editor's save has landed: its message is shown and nothing is left
 * unsaved. (The message alone is not enough: an earlier save's may still be on
 * screen.)
 */
export async function expectSaved(page: Page, message: string) {
  await expect(page.getByText(message).last()).toBeVisible();
  await expect(page.getByText("Unsaved changes: Confirm saves General and Accesses together.")).toHaveCount(0);
}

/** The gallery row of a secret. */
export function galleryRow(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

/**
 * Narrows the gallery to one name, as a person finds a secret among many: by
 * the time a spec runs, the specs before it may have pushed it past the first
 * page (sorted by name, 25 a page).
 */
export async function findInGallery(page: Page, name: string) {
  const search = page.getByRole("searchbox", { name: "Search by name" });
  if ((await search.inputValue()) !== name) await search.fill(name);
  await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(name);
  await expect(galleryRow(page, name)).toBeVisible();
}

/** Opens a secret's editor from the gallery and waits until it is there. */
export async function openSecret(page: Page, name: string) {
  await findInGallery(page, name);
  await galleryRow(page, name).getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/secrets\/[0-9a-f-]{36}$/);
  // "Secret Editor" for who can change it, "Secret" (read only) for who cannot.
  await expect(page.getByRole("heading", { name: /^Secret( Editor)?$/ })).toBeVisible();
}
