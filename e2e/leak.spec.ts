import { readFileSync } from "node:fs";
import { expect, test, type Page, type Response } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { E2E, storageState, type Role } from "./support/environment";
import { createSecretViaEditor, demoProjectId, openSecret } from "./support/pages";
import { callServerAction } from "./support/server-actions";

/**
 * A unique canary value is stored, then everything a person can reach is
 * searched for it: every page (HTML and React Server Components payloads),
 * every list, the server log and every column of the database. It may
 * appear only in the response to an explicit reveal.
 */
const CANARY = `canary-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const NAME = "Leak canary";

function collect(page: Page) {
  const seen: { url: string; method: string; isAction: boolean; body: string }[] = [];
  page.on("response", async (response: Response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/text|json|javascript|x-component/.test(type)) return;
    try {
      const request = response.request();
      seen.push({
        url: response.url(),
        method: request.method(),
        isAction: Boolean(request.headers()["next-action"]),
        body: await response.text(),
      });
    } catch {
      // a response without a body (redirect)
    }
  });
  return seen;
}

async function visitEverything(page: Page, role: Role, projectId: string, secretId: string) {
  const paths = [
    `/projects/${projectId}/dashboard`,
    `/projects/${projectId}/secrets`,
    `/projects/${projectId}/secrets?q=leak`,
    `/projects/${projectId}/secrets?status=ACTIVE&sort=updatedAt&dir=desc`,
    `/projects/${projectId}/secrets?view=trash`,
    `/projects/${projectId}/secrets/${secretId}`,
    `/projects/${projectId}/tools`,
    `/projects/${projectId}/tools/web-search`,
    `/projects/${projectId}/requests`,
    `/projects/${projectId}/members`,
    `/projects/${projectId}/roles`,
    `/org/projects`,
    `/org/members`,
  ];
  if (role === "admin")
    paths.push(`/projects/${projectId}/secrets/new`, `/projects/${projectId}/api-tokens`, `/projects/${projectId}/playground`);
  for (const path of paths) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    // The same page as a client-side navigation payload (RSC).
    const rsc = await page.request.get(path, { headers: { RSC: "1" } });
    expect(await rsc.text(), `RSC payload of ${path} as ${role}`).not.toContain(CANARY);
  }
  // Client-side navigations, as a person clicks through.
  await page.goto(`/projects/${projectId}/dashboard`);
  await page.getByRole("navigation", { name: "Backoffice" }).getByRole("link", { name: "Secrets" }).click();
  await openSecret(page, NAME);
  await page.getByRole("tab", { name: "Accesses" }).click();
  await page.waitForLoadState("networkidle");
}

test("a stored value appears nowhere but in the response to an explicit reveal", async ({ browser }) => {
  test.setTimeout(120_000);
  const projectId = await demoProjectId();
  const admin = await browser.newPage({ storageState: storageState("admin") });
  const adminSeen = collect(admin);
  await createSecretViaEditor(admin, projectId, { name: NAME, value: CANARY, description: "The leak test's canary" });

  const db = await connectE2EDatabase();
  const { rows } = await db.query(`SELECT id FROM "Secret" WHERE name = $1`, [NAME]);
  const secretId = rows[0].id as string;

  // An edit without a new value, and a status change, must not echo it either.
  await admin.goto(`/projects/${projectId}/secrets/${secretId}`);
  await admin.getByLabel("Description").fill("Edited by the leak test");
  await admin.getByRole("button", { name: "Confirm" }).click();
  await expect(admin.getByText(`Saved "${NAME}".`)).toBeVisible();

  await visitEverything(admin, "admin", projectId, secretId);
  const member = await browser.newPage({ storageState: storageState("member") });
  const memberSeen = collect(member);
  await visitEverything(member, "member", projectId, secretId);

  await admin.waitForTimeout(500); // let the last response bodies be collected
  for (const { url, body } of [...adminSeen, ...memberSeen]) expect(body, `response of ${url}`).not.toContain(CANARY);
  expect(adminSeen.length + memberSeen.length).toBeGreaterThan(20);

  // The explicit reveal is the one place it appears — in the action's response only.
  await admin.goto(`/projects/${projectId}/secrets/${secretId}`);
  await admin.getByRole("button", { name: "Reveal current value" }).click();
  await expect(admin.getByLabel("Current value")).toHaveText(CANARY);
  // The same explicit reveal, called directly: its response is where the value is.
  const direct = await callServerAction(
    admin.request,
    "revealSecretAction",
    [projectId, secretId, "reveal"],
    `/projects/${projectId}/secrets`,
  );
  expect(direct.result).toMatchObject({ ok: true, value: CANARY });
  const carrying = adminSeen.filter((r) => r.body.includes(CANARY));
  for (const response of carrying) {
    expect(response.method).toBe("POST");
    expect(response.isAction).toBe(true);
  }
  expect(admin.url()).not.toContain(CANARY);

  // The database holds it only encrypted: no column of any table, as text or bytes.
  const { rows: tables } = await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  const hex = Buffer.from(CANARY).toString("hex");
  for (const { tablename } of tables) {
    const { rows: dump } = await db.query(`SELECT coalesce(string_agg(t::text, E'\\n'), '') AS text FROM "${tablename}" t`);
    expect(dump[0].text, `table ${tablename}`).not.toContain(CANARY);
    expect(dump[0].text.toLowerCase(), `table ${tablename} (bytes)`).not.toContain(hex);
  }
  await db.end();

  // Nor the server's log.
  expect(readFileSync(E2E.serverLog, "utf8")).not.toContain(CANARY);
  await admin.close();
  await member.close();
});
