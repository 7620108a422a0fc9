import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededAppDatabase } from "./helpers/database";
import { startApiListener } from "./helpers/front-listener";
// @ts-expect-error -- plain JavaScript with JSDoc types, checked by `tsc -p cli`
import { variableName, toVariables } from "../cli/src/names.mjs";
import { apiClient } from "../cli/src/client.mjs";

/**
 * The CLI (cli/, `eai-secrets`) run as a user runs it — a separate Node
 * process with EAI_URL and EAI_TOKEN — against the app's API served by the
 * front listener on a real PostgreSQL.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let front: Awaited<ReturnType<typeof startApiListener>>;
let url: string;
let manageToken: string;
let readToken: string;

const BIN = path.resolve(import.meta.dirname, "../cli/bin/eai-secrets.mjs");

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  database = await createSeededAppDatabase("cli");
  front = await startApiListener();
  url = front.url;
  const tokens = await import("@/lib/tokens/tokens");
  const manage = await tokens.createApiToken(database.adminCtx(database.projectId), {
    name: "cli manage",
    scope: "MANAGE",
    expiresInDays: 0,
  });
  const read = await tokens.createApiToken(database.adminCtx(database.projectId), { name: "cli read", scope: "READ", expiresInDays: 0 });
  if (!manage.ok || !read.ok) throw new Error("tokens not created");
  manageToken = manage.token;
  readToken = read.token;
});

afterAll(async () => {
  await front?.close();
  await database?.drop();
});

type Ran = { code: number; stdout: string; stderr: string; signal?: string };
function cli(args: string[], options: { token?: string | null; input?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  const token = options.token === undefined ? manageToken : options.token;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          PATH: process.env.PATH ?? "",
          EAI_URL: url,
          ...(token ? { EAI_TOKEN: token } : {}),
          ...options.env,
        } as unknown as NodeJS.ProcessEnv,
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const failed = error as { code?: number | null; signal?: string | null } | null;
        resolve({ code: failed ? Number(failed.code ?? -1) : 0, stdout, stderr, ...(failed?.signal ? { signal: failed.signal } : {}) });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

const printEnv = (variable: string) => ["--", process.execPath, "-e", `process.stdout.write(process.env.${variable} ?? "(unset)")`];

describe("variable names", () => {
  it("follow one documented rule", () => {
    expect(variableName("My API key")).toBe("MY_API_KEY");
    expect(variableName("apiKey")).toBe("API_KEY");
    expect(variableName("stripe.secret-key")).toBe("STRIPE_SECRET_KEY");
    expect(variableName("2fa seed")).toBe("_2FA_SEED");
    expect(variableName("v2Token")).toBe("V2_TOKEN");
    // A name that is already a variable's name stays itself.
    for (const name of ["CLI_E2E_ONE", "AWS_S3_BUCKET", "OAUTH2TOKEN", "E2E"]) expect(variableName(name)).toBe(name);
    expect(
      toVariables([
        { name: "My API key", value: "a" },
        { name: "my.api.key", value: "b" },
      ]),
    ).toEqual({
      ok: false,
      message: '"My API key" and "my.api.key" both map to the variable MY_API_KEY; rename one.',
    });
  });
});

describe("the typed client", () => {
  it("retries 503 and 429 as Retry-After says, then answers", async () => {
    const answers = [
      new Response(JSON.stringify({ error: { code: "unavailable", message: "m" } }), { status: 503, headers: { "Retry-After": "2" } }),
      new Response(JSON.stringify({ error: { code: "rate_limited", message: "m" } }), { status: 429, headers: { "Retry-After": "1" } }),
      Response.json({ secrets: [], start: 0, count: 0, total: 0 }),
    ];
    const slept: number[] = [];
    const client = apiClient({
      url,
      token: "eai_x",
      fetch: async () => answers.shift()!,
      sleep: async (ms: number) => void slept.push(ms),
    });
    const { data } = await client.GET("/v1/secrets", { params: { query: {} } });
    expect(data).toEqual({ secrets: [], start: 0, count: 0, total: 0 });
    expect(slept).toEqual([2000, 1000]);
  });
});

describe("eai-secrets", () => {
  it("sets from stdin, gets to stdout only, and runs a program with the value in its environment", async () => {
    const set = await cli(["set", "My API key"], { input: "first-value\n" });
    expect(set).toMatchObject({ code: 0, stdout: "" });
    expect(set.stderr).toMatch(/Created "My API key"/);
    const got = await cli(["get", "My API key"], { token: readToken });
    expect(got).toEqual({ code: 0, stdout: "first-value", stderr: "" });
    const ran = await cli(["run", ...printEnv("MY_API_KEY")], { token: readToken });
    expect(ran).toEqual({ code: 0, stdout: "first-value", stderr: "" });
  });

  it("passes the program's exit code through, and ends by the signal that ended the program", async () => {
    expect((await cli(["run", "--", process.execPath, "-e", "process.exit(7)"], { token: readToken })).code).toBe(7);
    const killed = await cli(["run", "--", process.execPath, "-e", "process.kill(process.pid, 'SIGTERM')"], { token: readToken });
    expect(killed.signal).toBe("SIGTERM");
  });

  it("keeps versions: set again, list them, roll back, and read the earlier value as the newest version", async () => {
    expect((await cli(["set", "Rotated key"], { input: "one" })).code).toBe(0);
    expect((await cli(["set", "Rotated key"], { input: "two" })).stderr).toMatch(/version 2/);
    const versions = await cli(["versions", "Rotated key", "--json"]);
    expect(JSON.parse(versions.stdout)).toMatchObject({ currentVersion: 2, versions: [{ version: 2 }, { version: 1 }] });
    const rolled = await cli(["rollback", "Rotated key", "1"]);
    expect(rolled).toMatchObject({ code: 0, stdout: "" });
    expect(rolled.stderr).toMatch(/version 3/);
    expect((await cli(["get", "Rotated key"])).stdout).toBe("one");
  });

  it("refuses to start the program when a secret is not served, naming why; --allow-missing starts it without", async () => {
    expect((await cli(["set", "Paused key"], { input: "paused-value" })).code).toBe(0);
    const id = (await database.prisma.secret.findFirstOrThrow({ where: { name: "Paused key" } })).id;
    await database.prisma.secret.update({ where: { id }, data: { status: "INACTIVE" } });
    const refused = await cli(["run", ...printEnv("PAUSED_KEY")], { token: readToken });
    expect(refused.code).toBe(4);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/Not started.*\n.*"Paused key": secret_inactive/);
    expect(refused.stderr).not.toContain("paused-value");
    const allowed = await cli(["run", "--allow-missing", ...printEnv("PAUSED_KEY")], { token: readToken });
    expect(allowed).toMatchObject({ code: 0, stdout: "(unset)" });
    await database.prisma.secret.update({ where: { id }, data: { status: "ACTIVE" } });
  });

  it("refuses two names that map to one variable, naming both", async () => {
    expect((await cli(["set", "Twin.name"], { input: "a" })).code).toBe(0);
    expect((await cli(["set", "twin-name"], { input: "b" })).code).toBe(0);
    const ran = await cli(["run", "--secret", "Twin.name", "--secret", "twin-name", ...printEnv("TWIN_NAME")]);
    expect(ran.code).toBe(4);
    expect(ran.stderr).toMatch(/"Twin.name" and "twin-name" both map to the variable TWIN_NAME/);
    await database.prisma.secret.deleteMany({ where: { name: "twin-name" } });
  });

  it("exports every readable value as dotenv or JSON, and lists names without values", async () => {
    const dotenv = await cli(["export"], { token: readToken });
    expect(dotenv.stdout).toMatch(/^MY_API_KEY='first-value'$/m);
    const json = JSON.parse((await cli(["export", "--format", "json"], { token: readToken })).stdout);
    expect(json["My API key"]).toBe("first-value");
    const listed = await cli(["list"], { token: readToken });
    expect(listed.stdout).toMatch(/My API key\s+active/);
    expect(listed.stdout).not.toContain("first-value");
  });

  it("writes a dotenv export a shell can source without running anything in a value", async () => {
    expect((await cli(["set", "Shell bait"], { input: "$(touch /tmp/eai-pwned) `id` it's" })).code).toBe(0);
    const dotenv = await cli(["export"]);
    expect(dotenv.stdout).toMatch(/^SHELL_BAIT='\$\(touch \/tmp\/eai-pwned\) `id` it'\\''s'$/m);
    const sourced = await new Promise<string>((resolve) =>
      execFile("sh", ["-c", `${dotenv.stdout.split("\n").find((l) => l.startsWith("SHELL_BAIT="))}; printf %s "$SHELL_BAIT"`], (_e, out) =>
        resolve(out),
      ),
    );
    expect(sourced).toBe("$(touch /tmp/eai-pwned) `id` it's");
    await database.prisma.secret.deleteMany({ where: { name: "Shell bait" } });
  });

  it("never lets a secret set a variable that decides what runs, nor replace one already set without --override", async () => {
    const preset = await cli(["run", "--secret", "My API key", ...printEnv("MY_API_KEY")], { env: { MY_API_KEY: "from-the-shell" } });
    expect(preset.code).toBe(4);
    expect(preset.stderr).toMatch(/"My API key" → MY_API_KEY would replace a variable already set here; use --override/);
    const overridden = await cli(["run", "--override", "--secret", "My API key", ...printEnv("MY_API_KEY")], {
      env: { MY_API_KEY: "from-the-shell" },
    });
    expect(overridden).toMatchObject({ code: 0, stdout: "first-value" });
    expect((await cli(["set", "node options"], { input: "--require /tmp/evil.js" })).code).toBe(0);
    const guarded = await cli(["run", "--override", ...printEnv("NODE_OPTIONS")], { token: readToken });
    expect(guarded.code).toBe(4);
    expect(guarded.stdout).toBe("");
    expect(guarded.stderr).toMatch(/"node options" → NODE_OPTIONS would set a variable that decides what runs/);
    await database.prisma.secret.deleteMany({ where: { name: "node options" } });
  });

  it("imports a .env file with the Secrets page's rules, reporting each line left out without its value", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "eai-import-"));
    const file = path.join(dir, "app.env");
    expect((await cli(["set", "IMPORT_EXISTING"], { input: "kept-value" })).code).toBe(0);
    await writeFile(
      file,
      [
        "# a comment",
        "IMPORT_NEW=import-value-one",
        'export IMPORT_QUOTED="import value two"',
        "IMPORT_EXISTING=import-value-three",
        "not a line",
        "IMPORT_EMPTY=",
      ].join("\n"),
    );
    const first = await cli(["import", file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("");
    expect(first.stderr).toMatch(
      /^Created 2: IMPORT_NEW, IMPORT_QUOTED\nUpdated 0\nSkipped 3:\n {2}line 4 \(IMPORT_EXISTING\): IMPORT_EXISTING already exists; it was left as it is\.\n {2}line 5: .+\n {2}line 6 \(IMPORT_EMPTY\): The value is empty\.\n$/,
    );
    expect(first.stderr).not.toMatch(/import-value|import value/);
    // Audited as the token's import, one event per new secret and a summary; no event holds a value.
    const events = await database.prisma.auditEvent.findMany({
      where: { projectId: database.projectId, OR: [{ action: "secret.import" }, { targetName: { in: ["IMPORT_NEW", "IMPORT_QUOTED"] } }] },
      select: { action: true, actorType: true, actorLabel: true, targetName: true, details: true },
    });
    expect(events.map((e) => [e.action, e.actorType, e.targetName]).sort()).toEqual([
      ["secret.create", "TOKEN", "IMPORT_NEW"],
      ["secret.create", "TOKEN", "IMPORT_QUOTED"],
      ["secret.import", "TOKEN", null],
    ]);
    expect(events.find((e) => e.action === "secret.import")?.details).toMatchObject({ created: 2, updated: 0, skipped: 3 });
    expect(JSON.stringify(events)).not.toMatch(/import-value|import value/);
    expect((await cli(["get", "IMPORT_QUOTED"])).stdout).toBe("import value two");
    expect((await cli(["get", "IMPORT_EXISTING"])).stdout).toBe("kept-value");

    // The importing token may go on writing what it created, as after its single creates.
    const created = await database.prisma.secret.findFirstOrThrow({
      where: { projectId: database.projectId, name: "IMPORT_NEW" },
      select: { description: true, accesses: { where: { principalType: "TOKEN" }, select: { level: true } } },
    });
    expect(created).toEqual({ description: "Imported from a .env file", accesses: [{ level: "WRITE" }] });

    // --overwrite gives an existing name the file's value as a new version; --json reports for scripts.
    const again = await cli(["import", "--overwrite", "--json", file]);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { created: string[]; updated: string[]; skipped: { line: number; name?: string }[] };
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual(["IMPORT_NEW", "IMPORT_QUOTED", "IMPORT_EXISTING"]);
    expect(report.skipped.map((p) => p.line)).toEqual([5, 6]);
    expect(again.stdout).not.toMatch(/import-value|import value/);
    expect((await cli(["get", "IMPORT_EXISTING"])).stdout).toBe("import-value-three");

    // From stdin, and the token's rights decide: a read token may not import; a manage token without write
    // access to a secret may not overwrite it.
    const piped = await cli(["import", "-"], { input: "IMPORT_PIPED=from-stdin\n" });
    expect(piped.stderr).toMatch(/^Created 1: IMPORT_PIPED\n/);
    const reader = await cli(["import", file], { token: readToken });
    expect(reader.code).toBe(4);
    expect(reader.stderr).toMatch(/^eai-secrets: forbidden: Importing secrets needs a token with the manage scope\./);
    const tokens = await import("@/lib/tokens/tokens");
    const other = await tokens.createApiToken(database.adminCtx(database.projectId), {
      name: "cli other",
      scope: "MANAGE",
      expiresInDays: 0,
    });
    if (!other.ok) throw new Error("token not created");
    const otherImport = await cli(["import", "--overwrite", "-"], { token: other.token, input: "IMPORT_PIPED=other\n" });
    expect(otherImport.code).toBe(0);
    expect(otherImport.stderr).toMatch(/IMPORT_PIPED already exists and this token has no write access to it; it was left as it is\./);
    expect((await cli(["get", "IMPORT_PIPED"])).stdout).toBe("from-stdin");

    // Too many entries: refused whole, nothing created.
    const many = Array.from({ length: 501 }, (_, i) => `IMPORT_MANY_${i}=v${i}`).join("\n");
    const tooMany = await cli(["import", "-"], { input: many });
    expect(tooMany.code).toBe(4);
    expect(tooMany.stderr).toMatch(/invalid_request: This \.env holds 501 entries; import at most 500 at a time/);
    expect(await database.prisma.secret.count({ where: { name: { startsWith: "IMPORT_MANY_" } } })).toBe(0);
    const missing = await cli(["import", path.join(dir, "missing.env")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read .*missing\.env \(ENOENT\)/);
  });

  it("prints an error as one JSON line under --json, with the API's code and the exit code", async () => {
    const badToken = await cli(["list", "--json"], { token: `eai_${"x".repeat(43)}` });
    expect(badToken.code).toBe(3);
    expect(JSON.parse(badToken.stderr)).toEqual({ error: { code: "invalid_token", message: "This API token is not valid." }, exitCode: 3 });
    const notFound = await cli(["versions", "No such secret", "--json"]);
    expect(JSON.parse(notFound.stderr)).toEqual({
      error: { code: "not_found", message: 'No secret named "No such secret" in the token\'s project.' },
      exitCode: 4,
    });
    const usage = await cli(["import", "--json"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({ error: { code: "usage" }, exitCode: 2 });
    const unreachable = await cli(["list", "--json"], { env: { EAI_URL: "http://127.0.0.1:9" } });
    expect(JSON.parse(unreachable.stderr)).toMatchObject({ error: { code: "unreachable" }, exitCode: 5 });
    const set = await cli(["set", "JSON_SET", "--json"], { input: "json-set-value" });
    expect(JSON.parse(set.stdout)).toMatchObject({ action: "created", secret: { name: "JSON_SET", version: 1 } });
    expect(set.stdout).not.toContain("json-set-value");
  });

  it("refuses bad input with one line and its own exit code, and never prints a value", async () => {
    const asArgument = await cli(["set", "My API key", "typed-in-argument"]);
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toMatch(/never takes a value as an argument/);
    expect((await cli(["get", "My API key"])).stdout).toBe("first-value");
    expect((await cli(["set", "Empty input"], { input: "" })).code).toBe(2);
    expect((await cli(["list"], { token: null })).code).toBe(3);
    expect((await cli(["list"], { env: { EAI_URL: "" } })).code).toBe(3);
    const badToken = await cli(["list"], { token: `eai_${"x".repeat(43)}` });
    expect(badToken.code).toBe(3);
    expect(badToken.stderr).toBe("eai-secrets: invalid_token: This API token is not valid.\n");
    const unknownTool = await cli(["run", "--tool", "no-such-tool", "--", "true"], { token: readToken });
    expect(unknownTool.code).toBe(4);
    expect(unknownTool.stderr).toMatch(/^eai-secrets: not_found: /);
    const forbidden = await cli(["set", "From a reader"], { token: readToken, input: "x" });
    expect(forbidden.code).toBe(4);
    expect(forbidden.stderr).toMatch(/forbidden/);
    expect((await cli(["frobnicate"])).code).toBe(2);
    const unreachable = await cli(["list"], { env: { EAI_URL: "http://127.0.0.1:9" } });
    expect(unreachable.code).toBe(5);
    const clear = await cli(["list"], { env: { EAI_URL: "http://secrets.example.com" } });
    expect(clear.code).toBe(3);
    expect(clear.stderr).toMatch(/in clear\. Use https:\/\//);
  });
});
