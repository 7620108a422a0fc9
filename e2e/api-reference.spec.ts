import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./support/test";
import { E2E, storageState } from "./support/environment";
import { demoProjectId } from "./support/pages";

/**
 * The API reference (issue 13): opened from API Tokens, drawn from the served
 * OpenAPI document by Redoc's bundle served by the app itself — no request
 * leaves the app's origin, nothing breaks the page's Content Security Policy.
 */
test.use({ storageState: storageState("admin") });

test("API Tokens links to the reference, which draws every operation offline under the page's policy", async ({ page }) => {
  const outside: string[] = [];
  const violations: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== E2E.baseURL) outside.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error" || /Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(error.message));

  const projectId = await demoProjectId();
  await page.goto(`/projects/${projectId}/api-tokens`);
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(`/api-reference?project=${projectId}`);

  // Drawn from the document: the API's title, each operation by its short name with its method and path.
  const reference = page.getByTestId("api-reference");
  await expect(reference.getByRole("heading", { level: 1, name: /Enterprise AI backoffice for Secrets — REST API/ })).toBeVisible({
    timeout: 30_000,
  });
  const document = (await (await page.request.get("/v1/openapi.json")).json()) as {
    paths: Record<string, Record<string, { summary: string }>>;
  };
  const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.summary));
  expect(operations).toContain("Read a secret");
  for (const summary of operations) await expect(reference.getByRole("heading", { name: summary, exact: true })).toBeAttached();

  // For a screen reader too: each heading reads its title alone, and axe finds nothing serious.
  const axe = await new AxeBuilder({ page })
    .include("main")
    .options({ resultTypes: ["violations"] })
    .analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);

  // The menu leads to an operation; its request sample and error codes are there.
  await reference.getByRole("menuitem", { name: "Secrets", exact: true }).click();
  await reference.getByRole("menuitem", { name: /Roll a secret back$/ }).click();
  await expect(page).toHaveURL(/#tag\/Secrets\/operation\/secrets\.rollback$/);
  await expect(reference.getByRole("button", { name: "post /v1/secrets/{id}/rollback" })).toBeInViewport();
  // A call's shell sample (curl) beside it.
  await expect(
    reference.getByRole("tabpanel", { name: "curl" }).filter({ hasText: 'curl -sS "$EAI_URL/v1/secrets/$SECRET_ID" \\' }),
  ).toHaveCount(1);

  // The search runs in the page too.
  await reference.getByPlaceholder("Search...").fill("accesses");
  await expect(reference.getByRole("menuitem", { name: /Replace a secret's accesses$/ }).first()).toBeVisible();

  // The document itself, for tools.
  const download = page.getByRole("link", { name: "openapi.json" });
  await expect(download).toHaveAttribute("href", "/v1/openapi.json");

  await page.getByRole("link", { name: "Back to API Tokens" }).click();
  await expect(page).toHaveURL(`/projects/${projectId}/api-tokens`);

  expect(outside, "requests that left the app").toEqual([]);
  expect(violations).toEqual([]);
});

test("the reference is for signed-in people; its renderer is the app's own file", async ({ playwright, request }) => {
  const visitor = await playwright.request.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await visitor.get("/api-reference", { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(page.headers().location).toContain("/login");
  await visitor.dispose();

  const bundle = await request.get("/api-reference/redoc.js");
  expect(bundle.status()).toBe(200);
  expect(bundle.headers()["content-type"]).toContain("javascript");
  const source = await bundle.text();
  expect(source).toContain("Redoc");
  expect(source).not.toContain("cdn.redoc.ly");
});
