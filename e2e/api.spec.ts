import { execFile } from "node:child_process";
import path from "node:path";
import { expect, test, type APIRequestContext } from "./support/test";
import { connectE2EDatabase } from "./support/database";
import { E2E, storageState } from "./support/environment";
import { demoProjectId } from "./support/pages";
import { apiAs, contractCheckedFetch, issueToken } from "./support/tokens";
import { apiClient } from "../cli/src/client.mjs";

/** The REST API against the running server: every endpoint, status code and reason. */

const json = (definition: Record<string, unknown>) => ({
  headers: { "Content-Type": "application/json" },
  data: { secretDefinition: definition },
});

async function errorCode(response: Awaited<ReturnType<APIRequestContext["get"]>>) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

test.describe("the REST API", () => {
  let projectId: string;
  let manage: APIRequestContext;
  let reader: APIRequestContext;
  let readerId: string;
  let typedManage: ReturnType<typeof apiClient>;
  let typedReader: ReturnType<typeof apiClient>;

  test.beforeAll(async () => {
    projectId = await demoProjectId();
    const manageToken = (await issueToken(projectId, { scope: "MANAGE", name: "api manage" })).token;
    manage = await apiAs(manageToken);
    const issued = await issueToken(projectId, { scope: "READ", name: "api reader" });
    readerId = issued.id;
    reader = await apiAs(issued.token);
    typedManage = apiClient({ url: E2E.baseURL, token: manageToken, fetch: contractCheckedFetch });
    typedReader = apiClient({ url: E2E.baseURL, token: issued.token, fetch: contractCheckedFetch });
  });

  test("refuses a missing, malformed, unknown, expired or revoked token with 401", async () => {
    const cases: [string | null, string][] = [
      [null, "missing_token"],
      ["not-a-token", "invalid_token"],
      [`eai_${"x".repeat(43)}`, "invalid_token"],
      [(await issueToken(projectId, { expiresAt: new Date(Date.now() - 1000) })).token, "token_expired"],
    ];
    for (const [token, code] of cases) {
      const api = await apiAs(token);
      const response = await api.get("/v1/secrets");
      expect(response.status()).toBe(401);
      expect(await errorCode(response)).toBe(code);
      expect(response.headers()["www-authenticate"]).toContain("Bearer");
      await api.dispose();
    }
    // Revocation takes effect at once.
    const { token, id } = await issueToken(projectId);
    const api = await apiAs(token);
    expect((await api.get("/v1/secrets")).status()).toBe(200);
    const db = await connectE2EDatabase();
    await db.query(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE id = $1`, [id]);
    await db.end();
    const after = await api.get("/v1/secrets");
    expect(after.status()).toBe(401);
    expect(await errorCode(after)).toBe("token_revoked");
    await api.dispose();
  });

  // The calls a program makes go through the typed client (openapi-fetch over the generated types, with the
  // contract check); what a typed client cannot send — malformed JSON, other media types, unknown fields — goes
  // through Playwright's raw requests below.
  test("creates, lists, reads and updates secrets with the original platform's shapes", async () => {
    const created = await typedManage.POST("/v1/secrets", {
      body: { secretDefinition: { name: "API created key", secretString: "api-value-1", description: "from the API" } },
    });
    expect(created.response.status).toBe(201);
    const secret = created.data!;
    expect(secret).toMatchObject({ name: "API created key", status: "active", version: 1, description: "from the API" });
    expect(JSON.stringify(secret)).not.toContain("api-value-1");

    const list = await typedReader.GET("/v1/secrets", { params: { query: { name: "api created", start: 0, count: 10 } } });
    expect(list.response.status).toBe(200);
    expect(list.data!.secrets.map((s) => s.name)).toEqual(["API created key"]);
    expect(JSON.stringify(list.data)).not.toContain("api-value-1");
    expect((await typedReader.GET("/v1/secrets", { params: { query: { id: secret.id } } })).data!.secrets).toHaveLength(1);

    const got = await typedReader.GET("/v1/secrets/{id}", { params: { path: { id: secret.id } } });
    expect(got.response.status).toBe(200);
    expect(got.data).toMatchObject({ id: secret.id, name: "API created key", secretString: "api-value-1", description: "from the API" });

    const updated = await typedManage.PUT("/v1/secrets/{id}", {
      params: { path: { id: secret.id } },
      body: { secretDefinition: { secretString: "api-value-2" } },
    });
    expect(updated.response.status).toBe(200);
    expect(updated.data).toMatchObject({ version: 2, status: "active" });
    expect((await typedReader.GET("/v1/secrets/{id}", { params: { path: { id: secret.id } } })).data!.secretString).toBe("api-value-2");
  });

  /** A PUT of some fields of a secret, through the typed client. */
  const change = (
    id: string,
    secretDefinition: { secretString?: string; status?: "active" | "inactive" | "revoked"; expiresOn?: string | null },
  ) => typedManage.PUT("/v1/secrets/{id}", { params: { path: { id } }, body: { secretDefinition } });
  const create = async (name: string, secretString: string, expiresOn?: string) => {
    const created = await typedManage.POST("/v1/secrets", { body: { secretDefinition: { name, secretString, expiresOn } } });
    expect(created.response.status).toBe(201);
    return created.data!;
  };
  const read = (id: string) => typedReader.GET("/v1/secrets/{id}", { params: { path: { id } } });

  test("never serves an Inactive or Revoked secret", async () => {
    const { id } = await create("API status key", "status-value");
    expect((await change(id, { status: "inactive" })).response.status).toBe(200);
    const inactive = await read(id);
    expect(inactive.response.status).toBe(403);
    expect(inactive.error?.error.code).toBe("secret_inactive");
    expect(JSON.stringify(inactive.error)).not.toContain("status-value");

    expect((await change(id, { status: "revoked" })).response.status).toBe(200);
    expect((await read(id)).error?.error.code).toBe("secret_revoked");
    // Bringing it back needs a new value.
    const back = await change(id, { status: "active" });
    expect(back.response.status).toBe(422);
    expect(back.error?.error.message).toContain("enter a new value");
  });

  test("lists versions and rolls back to an earlier value, with write access only", async () => {
    const { id } = await create("API rollback key", "first-api-value");
    expect((await change(id, { secretString: "second-api-value" })).response.status).toBe(200);
    const listed = await typedReader.GET("/v1/secrets/{id}/versions", { params: { path: { id } } });
    expect(listed.data).toMatchObject({ id, currentVersion: 2, versions: [{ version: 2 }, { version: 1 }] });
    expect(JSON.stringify(listed.data)).not.toContain("api-value");

    // A read token may not; bad input is refused with its reason; the creating (manage) token may.
    const rollback = (client: typeof typedManage, version: number) =>
      client.POST("/v1/secrets/{id}/rollback", { params: { path: { id } }, body: { version } });
    const denied = await rollback(typedReader, 1);
    expect(denied.response.status).toBe(403);
    expect(denied.error?.error.code).toBe("forbidden");
    const notEarlier = await rollback(typedManage, 2);
    expect(notEarlier.response.status).toBe(422);
    expect(notEarlier.error?.error.message).toContain("(version)");
    expect((await manage.post(`/v1/secrets/${id}/rollback`, { data: { version: "1" } })).status()).toBe(422);
    expect((await manage.post(`/v1/secrets/${id}/rollback`, { data: { version: 1, extra: true } })).status()).toBe(422);

    const rolled = await rollback(typedManage, 1);
    expect(rolled.response.status).toBe(200);
    expect(rolled.data).toMatchObject({ id, version: 3 });
    expect((await read(id)).data!.secretString).toBe("first-api-value");

    expect((await change(id, { status: "revoked" })).response.status).toBe(200);
    const revoked = await rollback(typedManage, 2);
    expect(revoked.response.status).toBe(403);
    expect(revoked.error?.error.code).toBe("secret_revoked");
  });

  test("stops serving a secret after its last day of use", async () => {
    const { id, expiresOn } = await create("API expiring key", "expiring-value", "2999-12-31");
    expect(expiresOn).toBe("2999-12-31");
    expect((await read(id)).response.status).toBe(200);
    const past = await change(id, { expiresOn: "2001-01-01" });
    expect(past.response.status).toBe(422);
    expect(past.error?.error.message).toContain("(expiresOn)");

    // The day passes (set in the database: the app refuses a past day).
    const db = await connectE2EDatabase();
    await db.query(`UPDATE "Secret" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [id]);
    await db.end();
    const expired = await read(id);
    expect(expired.response.status).toBe(403);
    expect(expired.error?.error.code).toBe("secret_expired");
    expect(JSON.stringify(expired.error)).not.toContain("expiring-value");
    // A later day (or none) serves it again.
    expect((await change(id, { expiresOn: null })).response.status).toBe(200);
    expect((await read(id)).data!.secretString).toBe("expiring-value");
  });

  test("answers bad input with its status code and changes nothing", async () => {
    const cases: [Promise<Awaited<ReturnType<APIRequestContext["post"]>>>, number, string][] = [
      [
        manage.post("/v1/secrets", { headers: { "Content-Type": "application/json" }, data: Buffer.from("{not json") }),
        400,
        "malformed_json",
      ],
      [manage.post("/v1/secrets", { headers: { "Content-Type": "text/plain" }, data: "name=x" }), 415, "unsupported_media_type"],
      [manage.post("/v1/secrets", json({ name: "Unknown field", secretString: "x", color: "red" })), 422, "invalid_request"],
      [manage.post("/v1/secrets", json({ name: "bad/name", secretString: "x" })), 422, "invalid_request"],
      [manage.post("/v1/secrets", json({ name: "Empty", secretString: "" })), 422, "invalid_request"],
      [manage.post("/v1/secrets", json({ name: "Too big", secretString: "v".repeat(200 * 1024) })), 413, "body_too_large"],
      [manage.post("/v1/secrets", json({ name: "api CREATED key", secretString: "dup" })), 409, "conflict"],
      [reader.post("/v1/secrets", json({ name: "Reader cannot", secretString: "x" })), 403, "forbidden"],
      [reader.get("/v1/secrets?count=1000"), 422, "invalid_request"],
      [reader.get("/v1/secrets/not-a-uuid"), 404, "not_found"],
      [reader.get("/v1/secrets/00000000-0000-4000-8000-000000000000"), 404, "not_found"],
      [reader.get("/v1/tools/no-such-tool/config"), 404, "not_found"],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      expect(response.status(), `${response.url()} → ${await response.text()}`).toBe(status);
      expect(await errorCode(response)).toBe(code);
      expect(await response.text()).not.toMatch(/at \w+ \(|node_modules/);
    }
    // Nothing was created (other specs add secrets meanwhile, so look by name).
    for (const name of ["Unknown field", "Empty", "Too big", "Reader cannot"]) {
      expect((await (await reader.get(`/v1/secrets?name=${encodeURIComponent(name)}`)).json()).total, name).toBe(0);
    }
    expect((await (await reader.get("/v1/secrets?name=api%20created%20key")).json()).total).toBe(1);
  });

  test("keeps projects apart: a token of project B neither sees nor reads project A's secrets", async ({ browser }) => {
    const page = await browser.newPage({ storageState: storageState("admin") });
    await page.goto("/org/projects");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill("API project B");
    await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
    await expect(page.getByText('Project "API project B" created.')).toBeVisible();
    await page.close();
    const db = await connectE2EDatabase();
    const { rows } = await db.query(`SELECT id FROM "Project" WHERE name = 'API project B'`);
    await db.end();
    const other = await apiAs((await issueToken(rows[0].id, { scope: "MANAGE" })).token);

    const { id } = await (await manage.post("/v1/secrets", json({ name: "Project A only key", secretString: "a-only" }))).json();
    expect((await (await other.get("/v1/secrets?count=100")).json()).secrets).toEqual([]);
    for (const response of [
      await other.get(`/v1/secrets/${id}`),
      await other.put(`/v1/secrets/${id}`, json({ secretString: "hijack" })),
      await other.get(`/v1/secrets/${id}/accesses`),
    ]) {
      expect(response.status()).toBe(404);
      expect(await response.text()).not.toContain("a-only");
    }
    expect((await (await reader.get(`/v1/secrets/${id}`)).json()).secretString).toBe("a-only");
    await other.dispose();
  });

  test("accesses: read with the original shape, replace, and refuse principals of another project", async () => {
    const { id } = await (await manage.post("/v1/secrets", json({ name: "API access key", secretString: "access-value" }))).json();
    const initial = await (await reader.get(`/v1/secrets/${id}/accesses`)).json();
    // The default for every new secret, plus write for the token that created it.
    expect(initial.secretDefinition.accessList).toEqual([
      { accessLevel: "read", principalType: "service", principalId: "*", principalName: "All project tools" },
      { accessLevel: "write", principalType: "service", principalId: expect.any(String), principalName: "api manage" },
    ]);

    // Only one named token may read it now.
    const replaced = await manage.post(
      `/v1/secrets/${id}/accesses`,
      json({ accessList: [{ accessLevel: "read", principalType: "service", principalId: readerId }] }),
    );
    expect(replaced.status()).toBe(200);
    expect((await replaced.json()).secretDefinition.accessList).toEqual([
      { accessLevel: "read", principalType: "service", principalId: readerId, principalName: "api reader" },
    ]);
    expect((await reader.get(`/v1/secrets/${id}`)).status()).toBe(200);
    const someoneElse = await apiAs((await issueToken(projectId)).token);
    const refused = await someoneElse.get(`/v1/secrets/${id}`);
    expect(refused.status()).toBe(403);
    expect(await errorCode(refused)).toBe("forbidden");
    await someoneElse.dispose();

    expect((await reader.post(`/v1/secrets/${id}/accesses`, json({ accessList: [] }))).status()).toBe(403);
    const foreign = await manage.post(
      `/v1/secrets/${id}/accesses`,
      json({ accessList: [{ accessLevel: "read", principalType: "user", principalId: "outsider@example.com" }] }),
    );
    expect(foreign.status()).toBe(422);
    expect((await (await reader.get(`/v1/secrets/${id}/accesses`)).json()).secretDefinition.accessList).toHaveLength(1);
  });

  test("resolves a tool's settings, with a reason for each reference that does not resolve", async () => {
    const db = await connectE2EDatabase();
    const { id } = await (await manage.post("/v1/secrets", json({ name: "Scraper proxy key", secretString: "proxy-value" }))).json();
    await db.query(
      `INSERT INTO "ToolSetting" (id, "projectId", "toolKey", "paramKey", "secretName", "updatedAt") VALUES (gen_random_uuid(), $1, 'web-scraper', 'proxyApiKey', 'scraper PROXY key', now())
       ON CONFLICT ("projectId", "toolKey", "paramKey") DO UPDATE SET "secretName" = EXCLUDED."secretName"`,
      [projectId],
    );
    const param = async () =>
      (await (await reader.get("/v1/tools/web-scraper/config")).json()).parameters.find((p: { key: string }) => p.key === "proxyApiKey");
    expect(await param()).toMatchObject({ fromSecret: true, secretName: "scraper PROXY key", value: "proxy-value", status: "ok" });

    expect((await manage.put(`/v1/secrets/${id}`, json({ status: "inactive" }))).status()).toBe(200);
    expect(await param()).toMatchObject({ value: null, status: "inactive" });
    await manage.put(`/v1/secrets/${id}`, json({ status: "active" }));

    // Without "All project tools", the project's tokens may not read it.
    await manage.post(`/v1/secrets/${id}/accesses`, json({ accessList: [] }));
    expect(await param()).toMatchObject({ value: null, status: "forbidden" });

    await db.query(`UPDATE "ToolSetting" SET "secretName" = 'No such secret' WHERE "projectId" = $1 AND "toolKey" = 'web-scraper'`, [
      projectId,
    ]);
    expect(await param()).toMatchObject({ value: null, status: "missing" });
    await db.end();
  });

  test("the CLI against the running app: imports a .env, runs a program with the values, gets one", async () => {
    const token = (await issueToken(projectId, { scope: "MANAGE", name: "cli e2e" })).token;
    const cli = (args: string[], input = "") =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [path.resolve("cli/bin/eai-secrets.mjs"), ...args],
          {
            env: { PATH: process.env.PATH ?? "", EAI_URL: E2E.baseURL, EAI_TOKEN: token } as unknown as NodeJS.ProcessEnv,
            timeout: 30_000,
          },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
        );
        child.stdin?.end(input);
      });
    const imported = await cli(["import", "-"], "CLI_E2E_ONE=cli-one\nexport CLI_E2E_TWO='cli two'\n");
    expect(imported).toMatchObject({ code: 0, stdout: "" });
    expect(imported.stderr).toMatch(/^Created 2: CLI_E2E_ONE, CLI_E2E_TWO\n/);
    const ran = await cli([
      "run",
      "--secret",
      "CLI_E2E_ONE",
      "--secret",
      "CLI_E2E_TWO",
      "--",
      process.execPath,
      "-e",
      "process.stdout.write(`${process.env.CLI_E2E_ONE}|${process.env.CLI_E2E_TWO}`); process.exit(7)",
    ]);
    expect(ran).toEqual({ code: 7, stdout: "cli-one|cli two", stderr: "" });
    expect(await cli(["get", "CLI_E2E_TWO"])).toEqual({ code: 0, stdout: "cli two", stderr: "" });
  });

  test("the typed client (openapi-fetch over the generated types) creates, reads with ETag and writes with If-Match", async () => {
    const manageToken = (await issueToken(projectId, { scope: "MANAGE", name: "typed client" })).token;
    const client = apiClient({ url: E2E.baseURL, token: manageToken, fetch: contractCheckedFetch });
    const created = await client.POST("/v1/secrets", {
      params: { header: { "idempotency-key": crypto.randomUUID() } },
      body: { secretDefinition: { name: `Typed client ${Date.now()}`, secretString: "typed-1" } },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    const read = await client.GET("/v1/secrets/{id}", { params: { path: { id } } });
    expect(read.data?.secretString).toBe("typed-1");
    const etag = read.response.headers.get("etag")!;
    expect(etag).toBe('"1"');
    const written = await client.PUT("/v1/secrets/{id}", {
      params: { path: { id }, header: { "if-match": etag } },
      body: { secretDefinition: { secretString: "typed-2" } },
    });
    expect(written.data?.version).toBe(2);
    const stale = await client.PUT("/v1/secrets/{id}", {
      params: { path: { id }, header: { "if-match": etag } },
      body: { secretDefinition: { secretString: "typed-3" } },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({ error: { code: "conflict", currentVersion: 2 } });
  });

  test("a flood of requests gets 429 with Retry-After", async () => {
    const api = await apiAs((await issueToken(projectId)).token);
    let limited: Awaited<ReturnType<APIRequestContext["get"]>> | null = null;
    for (let i = 0; i < 200 && !limited; i++) {
      const response = await api.get("/v1/secrets?count=1");
      if (response.status() === 429) limited = response;
    }
    expect(limited).not.toBeNull();
    expect(await errorCode(limited!)).toBe("rate_limited");
    expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
    await api.dispose();
  });

  test("every call is in the request log, which never holds a value", async () => {
    const db = await connectE2EDatabase();
    const { rows } = await db.query(
      `SELECT action, outcome, details::text AS details FROM "AuditEvent" WHERE "projectId" = $1 AND "actorType" = 'TOKEN'`,
      [projectId],
    );
    await db.end();
    const actions = new Set(rows.map((r) => r.action));
    for (const action of [
      "api.secrets.list",
      "api.secrets.get",
      "api.secrets.create",
      "api.secrets.update",
      "api.secrets.accesses.get",
      "api.secrets.accesses.set",
      "api.tools.config",
      "secret.resolve",
    ]) {
      expect(actions).toContain(action);
    }
    expect(rows.some((r) => r.outcome === "DENIED")).toBe(true);
    const everything = rows.map((r) => r.details).join("\n");
    for (const value of ["api-value-1", "api-value-2", "status-value", "proxy-value", "access-value"])
      expect(everything).not.toContain(value);
  });
});

test("the requests log exports as CSV with the page's filters, for those who may view it", async ({ playwright }) => {
  const projectId = await demoProjectId();
  const formula = await issueToken(projectId, { name: '=HYPERLINK("x")' });
  const client = await apiAs(formula.token);
  expect((await client.get("/v1/secrets/00000000-0000-4000-8000-000000000000")).status()).toBe(404);
  await client.dispose();

  const admin = await playwright.request.newContext({ baseURL: E2E.baseURL, storageState: storageState("admin") });
  const response = await admin.get(`/projects/${projectId}/requests/export?token=${formula.id}&outcome=FAILED`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  expect(response.headers()["content-disposition"]).toMatch(/attachment; filename="requests-\d{4}-\d{2}-\d{2}\.csv"/);
  const lines = (await response.text()).trim().split("\r\n");
  expect(lines[0]).toBe("time,token,action,method,path,status,target_type,target,tool,parameter,outcome,reason,ip");
  expect(lines).toHaveLength(2);
  // A cell a spreadsheet would read as a formula is defused.
  expect(lines[1]).toContain(`"'=HYPERLINK(""x"") (eai_`);
  expect(lines[1]).toContain(",api.secrets.get,GET,/v1/secrets/00000000-0000-4000-8000-000000000000,404,");
  expect(lines[1]).toContain(",FAILED,not_found,");

  const db = await connectE2EDatabase();
  const { rows } = await db.query(
    `SELECT details FROM "AuditEvent" WHERE action = 'requests.export' AND "projectId" = $1 ORDER BY id DESC LIMIT 1`,
    [projectId],
  );
  await db.end();
  expect(rows[0].details).toMatchObject({ rows: 1, filters: { outcome: "FAILED", token: formula.id } });
  // The page itself sends the browser what its rows show: not the caller's address, not the raw details.
  const page = await (await admin.get(`/projects/${projectId}/requests?token=${formula.id}`)).text();
  expect(page).toContain("/v1/secrets/00000000-0000-4000-8000-000000000000");
  expect(page).not.toMatch(/\\?"ip\\?":/);
  expect(page).not.toMatch(/\\?"details\\?":/);
  await admin.dispose();

  const outsider = await playwright.request.newContext({ baseURL: E2E.baseURL, storageState: storageState("outsider") });
  expect((await outsider.get(`/projects/${projectId}/requests/export`)).status()).toBe(404);
  await outsider.dispose();
  const anonymous = await playwright.request.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  const refused = await anonymous.get(`/projects/${projectId}/requests/export`, { maxRedirects: 0 });
  expect([302, 303, 307, 401]).toContain(refused.status());
  expect(await refused.text()).not.toContain("api.secrets.get");
  await anonymous.dispose();
});
