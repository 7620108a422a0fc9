import { expect, test } from "./support/test";

/**
 * Pages carry a Content Security Policy with a fresh nonce per request, put on
 * Next's own scripts, and run under it without a violation (issue 9, defences).
 */
test("every page load gets its own CSP nonce, the page's scripts carry it, and nothing is blocked", async ({ page, request }) => {
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const response = await request.get("/login");
    const csp = response.headers()["content-security-policy"];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    nonces.push(nonce!);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["x-frame-options"]).toBe("DENY");
  }
  expect(nonces[0]).not.toBe(nonces[1]);

  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/login");
  await page.getByLabel("Email").fill("someone@example.com"); // the page is interactive: its scripts ran
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  expect(violations).toEqual([]);
});

test("a signed-out visitor gets the public files: robots.txt forbids indexing, the product mark is an image", async ({
  playwright,
  baseURL,
}) => {
  const visitor = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const robots = await visitor.get("/robots.txt", { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/);
  for (const file of ["/mark.svg", "/favicon.svg"]) {
    const response = await visitor.get(file, { maxRedirects: 0 });
    expect(response.status(), file).toBe(200);
    expect(response.headers()["content-type"], file).toContain("image/svg+xml");
  }
  await visitor.dispose();
});
