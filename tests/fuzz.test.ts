import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractFrom, type Contract } from "./helpers/api-contract";
import { createSeededAppDatabase } from "./helpers/database";
import { startApiListener } from "./helpers/front-listener";

/**
 * The fuzz suite (issue 9): thousands of generated bodies and parameters —
 * wrong types, huge and empty strings, unicode, NUL bytes, deep nesting,
 * prototype keys — for every /v1 endpoint (through the front listener) and
 * every server action's domain command. Result: no answer ≥ 500 but a
 * deliberate 503, no crash, nothing written by a refused call, and every
 * call and answer as the OpenAPI document describes them (the contract
 * check, tests/helpers/api-contract.ts).
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let front: Awaited<ReturnType<typeof startApiListener>>;
let base: string;
let manageToken: string;
let secretId: string;
let contract: Contract;

beforeAll(async () => {
  // Thousands of calls in a minute from one token: the per-token limit is not what is under test here.
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000000";
  process.env.API_REFUSED_TOKENS_PER_MINUTE = "100000000";
  database = await createSeededAppDatabase("fuzz");
  front = await startApiListener();
  base = front.url;
  contract = contractFrom(await (await fetch(`${base}/v1/openapi.json`)).json());
  const tokens = await import("@/lib/tokens/tokens");
  const created = await tokens.createApiToken(database.adminCtx(database.projectId), { name: "fuzz", scope: "MANAGE", expiresInDays: 0 });
  if (!created.ok) throw new Error(created.message);
  manageToken = created.token;
  const commands = await import("@/lib/secrets/commands");
  const secret = await commands.createSecret(database.adminCtx(database.projectId), { name: "Fuzzed", value: "fuzz-value" });
  if (!secret.ok) throw new Error(secret.message);
  secretId = secret.secretId;
});

afterAll(async () => {
  await front?.close();
  await database?.drop();
});

/** One fingerprint of every table a refused call must leave alone. */
async function fingerprint() {
  const { rows } = await database.prisma
    .$queryRawUnsafe<{ h: string }[]>(
      `SELECT md5(concat_ws('|',
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "Secret" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "SecretVersion" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "SecretAccess" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "Role" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "ProjectMember" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "ProjectMemberRole" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "User" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "Invitation" t),
       (SELECT string_agg((t.id, t.name, t.scope, t."revokedAt")::text, ',' ORDER BY t.id) FROM "ApiToken" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "ToolSetting" t),
       (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM "Project" t))) AS h`,
    )
    .then((rows) => ({ rows }));
  return rows[0].h;
}

/** Strings that break naive code. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "__proto__",
    "constructor",
    "prototype",
    "../../etc/passwd",
    "%00",
    "' OR 1=1 --",
    "😀".repeat(30),
  ),
  fc.nat({ max: 200_000 }).map((n) => "x".repeat(n)),
);
const key = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("__proto__", "constructor", "prototype", "secretDefinition", "name", "secretString", "version", "accessList"),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("any"), { maxLength: 5 }),
    fc.dictionary(key, tie("any"), { maxKeys: 5 }),
  ),
})).any;
/** Bodies shaped like the API's, with generated parts, and arbitrary JSON, and text that is not JSON. */
const definition = fc.record(
  { name: value, secretString: value, description: value, status: value, expiresOn: value },
  { requiredKeys: [] },
);
const body = fc.oneof(
  value.map((v) => JSON.stringify(v) ?? "null"),
  definition.map((d) => JSON.stringify({ secretDefinition: d })),
  fc.record({ version: value }).map((v) => JSON.stringify(v)),
  fc
    .array(fc.record({ accessLevel: value, principalType: value, principalId: value }, { requiredKeys: [] }), { maxLength: 5 })
    .map((list) => JSON.stringify({ secretDefinition: { accessList: list } })),
  fc.nat({ max: 3000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  // .env imports: generated lines, and generated fields.
  fc
    .record({
      lines: fc.array(fc.tuple(fc.oneof(nasty, fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/)), nasty), { maxLength: 8 }),
      existing: fc.oneof(fc.constantFrom("skip", "overwrite"), value),
    })
    .map(({ lines, existing }) => JSON.stringify({ text: lines.map(([k, v]) => `${k}=${v}`).join("\n"), existing })),
  fc.record({ text: value, existing: value }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  nasty,
);
const pathParam = fc.oneof(
  fc.constant(() => secretId),
  fc.uuid().map((u) => () => u),
  fc.string({ maxLength: 40 }).map((s) => () => encodeURIComponent(s)),
);

const ENDPOINTS: { method: string; path: (id: string) => string; withBody: boolean }[] = [
  { method: "GET", path: () => "/v1/secrets", withBody: false },
  { method: "POST", path: () => "/v1/secrets", withBody: true },
  { method: "POST", path: () => "/v1/secrets/import", withBody: true },
  { method: "GET", path: (id) => `/v1/secrets/${id}`, withBody: false },
  { method: "PUT", path: (id) => `/v1/secrets/${id}`, withBody: true },
  { method: "GET", path: (id) => `/v1/secrets/${id}/versions`, withBody: false },
  { method: "POST", path: (id) => `/v1/secrets/${id}/rollback`, withBody: true },
  { method: "GET", path: (id) => `/v1/secrets/${id}/accesses`, withBody: false },
  { method: "POST", path: (id) => `/v1/secrets/${id}/accesses`, withBody: true },
  { method: "GET", path: (tool) => `/v1/tools/${tool}/config`, withBody: false },
];

describe("every /v1 endpoint under generated input", () => {
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.method} ${endpoint.path("{id}")}: no 5xx but 503, refused calls write nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(
          pathParam,
          body,
          fc.dictionary(fc.constantFrom("name", "id", "start", "count", "__proto__"), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
          fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", ""),
          async (param, text, query, contentType) => {
            const before = await fingerprint();
            const search = new URLSearchParams(query).toString();
            const url = `${endpoint.path(param())}${search ? `?${search}` : ""}`;
            const response = await fetch(`${base}${url}`, {
              method: endpoint.method,
              headers: { Authorization: `Bearer ${manageToken}`, ...(contentType ? { "Content-Type": contentType } : {}) },
              body: endpoint.withBody ? text : undefined,
            });
            const answer = await response.text();
            const call = {
              method: endpoint.method,
              url,
              contentType,
              body: endpoint.withBody ? text : null,
              status: response.status,
              answer,
            };
            expect(contract.check(call)).toEqual([]);
            expect(
              response.status < 500 || (response.status === 503 && answer.includes('"unavailable"')),
              `${response.status} ${answer}`,
            ).toBe(true);
            if (response.status >= 400) {
              expect(JSON.parse(answer).error.code, answer).toMatch(/^[a-z_]+$/);
              expect(await fingerprint(), `${endpoint.method} refused with ${response.status} but wrote`).toBe(before);
            }
          },
        ),
        { numRuns: 250 },
      );
    }, 180_000);
  }
});

describe("the contract", () => {
  it("was exercised on every operation of the document by the calls above", () => {
    const unexercised = contract.operations.filter((o) => o !== "openapi" && !contract.seen.has(o));
    expect(unexercised).toEqual([]);
  });
});

describe("every server action's command under generated input", () => {
  type Command = { name: string; run: (input: unknown) => Promise<{ ok: boolean }> };
  const commands = async (): Promise<Command[]> => {
    const ctx = database.adminCtx(database.projectId);
    const secrets = await import("@/lib/secrets/commands");
    const accesses = await import("@/lib/secrets/accesses");
    const members = await import("@/lib/members/members");
    const roles = await import("@/lib/roles/roles");
    const tokens = await import("@/lib/tokens/tokens");
    const settings = await import("@/lib/tools/settings");
    const catalog = await import("@/lib/tools/catalog");
    const playground = await import("@/lib/tools/playground");
    const projects = await import("@/lib/projects/projects");
    const organization = await import("@/lib/organization/members");
    // (The API fuzz above may have replaced this secret's Accesses with a valid empty list.)
    const access = await database.prisma.secretAccess.upsert({
      where: { secretId_principalKey: { secretId, principalKey: "all_tools" } },
      create: { secretId, principalKey: "all_tools", principalType: "ALL_TOOLS", level: "READ" },
      update: {},
    });
    const adminMember = await database.prisma.projectMember.findFirstOrThrow({ where: { projectId: database.projectId } });
    const role = await database.prisma.role
      .findFirstOrThrow({ where: { projectId: database.projectId, systemKey: null } })
      .catch(() => null);
    return [
      { name: "createSecret", run: (i) => secrets.createSecret(ctx, i) },
      { name: "importSecrets", run: (i) => secrets.importSecrets(ctx, i) },
      { name: "updateSecret", run: (i) => secrets.updateSecret(ctx, secretId, i) },
      { name: "rollbackSecret", run: (i) => secrets.rollbackSecret(ctx, secretId, i) },
      { name: "addSecretAccess", run: (i) => accesses.addSecretAccess(ctx, secretId, i) },
      { name: "changeSecretAccess", run: (i) => accesses.changeSecretAccess(ctx, secretId, access.id, i) },
      { name: "addMember", run: (i) => members.addMember(ctx, i) },
      { name: "updateMemberRoles", run: (i) => members.updateMemberRoles(ctx, adminMember.id, i) },
      { name: "createRole", run: (i) => roles.createRole(ctx, i) },
      ...(role ? [{ name: "updateRole", run: (i: unknown) => roles.updateRole(ctx, role.id, i) }] : []),
      { name: "createApiToken", run: (i) => tokens.createApiToken(ctx, i) },
      { name: "saveToolSettings", run: (i) => settings.saveToolSettings(ctx, catalog.findTool("web-search")!, i) },
      { name: "runPlayground", run: (i) => playground.runPlayground(ctx, i) },
      { name: "createProject", run: (i) => projects.createProject(database.organizationId, i, database.actor) },
      { name: "makeProjectAdministrator", run: (i) => organization.makeProjectAdministrator(database.organizationId, i, database.actor) },
      { name: "reissueInvitation", run: (i) => organization.reissueInvitation(database.organizationId, i, database.actor) },
    ];
  };

  it("never throws, and a refused input changes nothing", async () => {
    const all = await commands();
    const input = fc.oneof(value, fc.dictionary(key, value, { maxKeys: 6 }), definition);
    const failures: string[] = [];
    for (const command of all) {
      await fc.assert(
        fc.asyncProperty(input, async (i) => {
          const before = await fingerprint();
          let result: { ok: boolean };
          try {
            result = await command.run(i);
          } catch (error) {
            failures.push(`${command.name} threw ${(error as Error).message.slice(0, 200)} for ${JSON.stringify(i)?.slice(0, 200)}`);
            return;
          }
          expect(typeof result.ok).toBe("boolean");
          if (!result.ok) expect(await fingerprint(), `${command.name} refused but wrote`).toBe(before);
        }),
        { numRuns: 150 },
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it("signing in and accepting an invitation never throw either", async () => {
    const { authenticate } = await import("@/lib/auth/credentials");
    const { acceptInvitation } = await import("@/lib/members/invitations");
    await fc.assert(
      fc.asyncProperty(value, nasty, async (i, token) => {
        const before = await fingerprint();
        expect(typeof (await authenticate(i, { ip: "192.0.2.50", userAgent: null })).ok).toBe("boolean");
        const accepted = await acceptInvitation(token, i, { ip: "192.0.2.50", userAgent: null });
        expect(accepted.ok).toBe(false);
        expect(await fingerprint()).toBe(before);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
