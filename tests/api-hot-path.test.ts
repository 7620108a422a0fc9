import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiContext } from "@/lib/api/app";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * The REST API's batched statements against a real PostgreSQL: calls that
 * arrive together share one statement, yet each is authenticated, counted,
 * scoped to its token's project and audited on its own.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let tokens: typeof import("@/lib/tokens/tokens");
let api: typeof import("@/lib/api/secrets");
let commands: typeof import("@/lib/secrets/commands");
let recordAuditNow: (typeof import("@/lib/audit/record-now"))["recordAuditNow"];

beforeAll(async () => {
  database = await createSeededAppDatabase("apihot");
  tokens = await import("@/lib/tokens/tokens");
  api = await import("@/lib/api/secrets");
  commands = await import("@/lib/secrets/commands");
  ({ recordAuditNow } = await import("@/lib/audit/record-now"));
});

afterAll(() => database.drop());

async function issue(projectId: string, name: string, expiresInDays = 0) {
  const created = await tokens.createApiToken(database.adminCtx(projectId), { name, scope: "READ", expiresInDays });
  if (!created.ok) throw new Error(created.message);
  return created;
}

const bearer = (token: string) => `Bearer ${token}`;

async function contextFor(token: string): Promise<ApiContext> {
  const check = await tokens.authenticateApiCall(bearer(token));
  if (!check.ok) throw new Error(check.code);
  const { tokenContext } = await import("@/lib/authz/context");
  return { ...tokenContext(check.token, { type: "TOKEN", id: check.token.id, label: check.token.name }), token: check.token };
}

describe("authenticateApiCall", () => {
  it("gives each of many concurrent calls its own position in the token's window", async () => {
    const { token, tokenId } = await issue(database.projectId, "concurrent");
    const checks = await Promise.all(Array.from({ length: 40 }, () => tokens.authenticateApiCall(bearer(token))));
    const counts = checks.map((c) => (c.ok ? c.calls.count : -1)).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const bucket = await database.prisma.rateLimitBucket.findUniqueOrThrow({ where: { key: tokens.apiCallKey(tokenId) } });
    expect(bucket.count).toBe(40);
    const row = await database.prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(Math.abs(row.lastUsedAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("refuses missing, unknown, revoked and expired tokens in the same batch as valid ones, counting only the valid", async () => {
    const valid = await issue(database.projectId, "valid");
    const revoked = await issue(database.projectId, "revoked");
    const expired = await issue(database.projectId, "expired", 1);
    await tokens.revokeApiToken(database.adminCtx(database.projectId), revoked.tokenId);
    await database.prisma.apiToken.update({ where: { id: expired.tokenId }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const results = await Promise.all([
      tokens.authenticateApiCall(bearer(valid.token)),
      tokens.authenticateApiCall(bearer(revoked.token)),
      tokens.authenticateApiCall(bearer(expired.token)),
      tokens.authenticateApiCall(bearer(`eai_${"x".repeat(43)}`)),
      tokens.authenticateApiCall(null),
      tokens.authenticateApiCall("Basic abc"),
      tokens.authenticateApiCall(bearer(valid.token)),
    ]);
    expect(results.map((r) => (r.ok ? "ok" : r.code))).toEqual([
      "ok",
      "token_revoked",
      "token_expired",
      "invalid_token",
      "missing_token",
      "missing_token",
      "ok",
    ]);
    const buckets = await database.prisma.rateLimitBucket.findMany({
      where: { key: { in: [valid.tokenId, revoked.tokenId, expired.tokenId].map(tokens.apiCallKey) } },
    });
    expect(buckets.map((b) => [b.key, b.count])).toEqual([[tokens.apiCallKey(valid.tokenId), 2]]);
  });
});

describe("reading secrets together", () => {
  it("serves each call only its own token's project, even in one batch", async () => {
    const mine = await commands.createSecret(database.adminCtx(database.projectId), {
      name: "batch-mine",
      value: "value-a",
      status: "ACTIVE",
      description: "",
    });
    const theirs = await commands.createSecret(database.adminCtx(database.otherProjectId), {
      name: "batch-theirs",
      value: "value-b",
      status: "ACTIVE",
      description: "",
    });
    if (!mine.ok || !theirs.ok) throw new Error("secrets not created");
    const a = await contextFor((await issue(database.projectId, "reader A")).token);
    const b = await contextFor((await issue(database.otherProjectId, "reader B")).token);

    const outcomes = await Promise.allSettled([
      api.apiGetSecret(a, mine.secretId),
      api.apiGetSecret(b, theirs.secretId),
      api.apiGetSecret(a, theirs.secretId),
      api.apiGetSecret(b, mine.secretId),
    ]);
    expect(outcomes[0]).toMatchObject({ status: "fulfilled", value: { body: { name: "batch-mine", secretString: "value-a" } } });
    expect(outcomes[1]).toMatchObject({ status: "fulfilled", value: { body: { name: "batch-theirs", secretString: "value-b" } } });
    expect(outcomes[2]).toMatchObject({ status: "rejected", reason: { status: 404, code: "not_found" } });
    expect(outcomes[3]).toMatchObject({ status: "rejected", reason: { status: 404, code: "not_found" } });
  });
});

describe("reading the served secret with the token check", () => {
  it("reads it only for a valid token, only from that token's project, and serves it as the token's own read would", async () => {
    const mine = await commands.createSecret(database.adminCtx(database.projectId), {
      name: "ahead-mine",
      value: "value-ahead",
      status: "ACTIVE",
      description: "",
    });
    const theirs = await commands.createSecret(database.adminCtx(database.otherProjectId), {
      name: "ahead-theirs",
      value: "value-theirs",
      status: "ACTIVE",
      description: "",
    });
    if (!mine.ok || !theirs.ok) throw new Error("secrets not created");
    const reader = await issue(database.projectId, "ahead reader");
    const revoked = await issue(database.projectId, "ahead revoked");
    await tokens.revokeApiToken(database.adminCtx(database.projectId), revoked.tokenId);

    const [own, other, revokedCheck, notUuid, upper] = await Promise.all([
      tokens.authenticateApiCall(bearer(reader.token), mine.secretId),
      tokens.authenticateApiCall(bearer(reader.token), theirs.secretId),
      tokens.authenticateApiCall(bearer(revoked.token), mine.secretId),
      tokens.authenticateApiCall(bearer(reader.token), "not-a-uuid"),
      tokens.authenticateApiCall(bearer(reader.token), mine.secretId.toUpperCase()),
    ]);
    if (!own.ok || !other.ok || !notUuid.ok || !upper.ok) throw new Error("a valid token was refused");
    expect(own.secret).toMatchObject({ id: mine.secretId, secret: { id: mine.secretId, name: "ahead-mine", status: "ACTIVE" } });
    // Another project's id reads nothing, though it exists; a revoked token gets no secret at all.
    expect(other.secret).toEqual({ id: theirs.secretId, secret: undefined });
    expect(revokedCheck).toEqual({ ok: false, code: "token_revoked", token: expect.objectContaining({ id: revoked.tokenId }) });
    expect(notUuid.secret).toBeUndefined();
    expect(upper.secret?.secret?.id).toBe(mine.secretId);
    // Only one call per token counted each: five checks, four for the valid token.
    expect(upper.calls.count).toBeLessThanOrEqual(4);

    const { tokenContext } = await import("@/lib/authz/context");
    const contextOf = (check: typeof own) => ({
      ...tokenContext(check.token, { type: "TOKEN", id: check.token.id, label: check.token.name }),
      token: check.token,
      secretReadWithToken: check.secret,
    });
    await expect(api.apiGetSecret(contextOf(own), mine.secretId)).resolves.toMatchObject({
      body: { name: "ahead-mine", secretString: "value-ahead" },
    });
    await expect(api.apiGetSecret(contextOf(other), theirs.secretId)).rejects.toMatchObject({ status: 404, code: "not_found" });
    // A read made for another id is not used for this one: the handler reads the id it was asked.
    await expect(api.apiGetSecret(contextOf(other), mine.secretId)).resolves.toMatchObject({ body: { secretString: "value-ahead" } });
  });
});

describe("recordAuditNow", () => {
  it("writes every one of many concurrent events, never fewer", async () => {
    const before = await database.prisma.auditEvent.count({ where: { action: "test.concurrent" } });
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        recordAuditNow(
          { type: "TOKEN", id: `t${i % 3}`, label: "bench", ip: "127.0.0.1", userAgent: "vitest" },
          {
            action: "test.concurrent",
            outcome: i % 2 ? "ALLOWED" : "DENIED",
            projectId: database.projectId,
            targetType: "secret",
            targetId: String(i),
            details: { i },
          },
        ),
      ),
    );
    const events = await database.prisma.auditEvent.findMany({ where: { action: "test.concurrent" }, orderBy: { id: "asc" } });
    expect(events.length - before).toBe(300);
    expect(new Set(events.map((e) => e.targetId)).size).toBe(300);
    const event = events.find((e) => e.targetId === "7")!;
    expect(event).toMatchObject({
      actorType: "TOKEN",
      actorId: "t1",
      outcome: "ALLOWED",
      projectId: database.projectId,
      details: { i: 7 },
    });
  });

  it("stores each field exactly as given, whatever characters it holds, and absent ones as NULL", async () => {
    // The events go to PostgreSQL as arrays, one per column: text that looks like array syntax must arrive whole.
    const awkward = [`"quoted" \\ back\\slash`, "{braces},comma", "NULL", "", "  spaced  ", "naïve — 日本語 🔑", "line\nbreak\ttab"];
    await Promise.all(
      awkward.map((text, i) =>
        recordAuditNow(
          { type: "TOKEN", id: text, label: text, ip: i % 2 ? text : undefined, userAgent: text },
          {
            action: "test.awkward",
            projectId: database.projectId,
            targetType: i % 2 ? undefined : "secret",
            targetId: String(i),
            targetName: text,
            reason: text,
            details: { text, nested: [text, null] },
          },
        ),
      ),
    );
    const events = await database.prisma.auditEvent.findMany({ where: { action: "test.awkward" } });
    expect(events).toHaveLength(awkward.length);
    for (const event of events) {
      const i = Number(event.targetId);
      const text = awkward[i];
      expect(event).toMatchObject({
        actorType: "TOKEN",
        actorId: text,
        actorLabel: text,
        ip: i % 2 ? text : null,
        userAgent: text,
        outcome: "ALLOWED",
        targetType: i % 2 ? null : "secret",
        targetName: text,
        reason: text,
        organizationId: null,
        details: { text, nested: [text, null] },
      });
    }
  });
});

describe("recordAuditNow, one bad event among many", () => {
  it("fails only the request whose event PostgreSQL refuses; the others written with it are committed", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        recordAuditNow(
          // A NUL character is the one text PostgreSQL refuses outright.
          { type: "TOKEN", id: `t${i}`, label: i === 5 ? "bad\u0000label" : "good" },
          { action: "test.one-bad", projectId: database.projectId, targetType: "secret", targetId: String(i) },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 5 ? "rejected" : "fulfilled")));
    const events = await database.prisma.auditEvent.findMany({ where: { action: "test.one-bad" }, select: { targetId: true } });
    expect(events.map((e) => Number(e.targetId)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
  });
});

describe("creating secrets together", () => {
  it("writes each of many concurrent creates whole, with its own value, Accesses and audit event; a taken name refuses only its own", async () => {
    const manage = async (projectId: string, name: string) => {
      const created = await tokens.createApiToken(database.adminCtx(projectId), { name, scope: "MANAGE", expiresInDays: 0 });
      if (!created.ok) throw new Error(created.message);
      return { ...created, context: await contextFor(created.token) };
    };
    const a = await manage(database.projectId, "creator A");
    const b = await manage(database.otherProjectId, "creator B");
    const held = await commands.createSecret(database.adminCtx(database.projectId), {
      name: "Held name",
      value: "x",
      status: "ACTIVE",
      description: "",
    });
    if (!held.ok) throw new Error("not created");
    const define = (name: string, more: object = {}) => ({ secretDefinition: { name, secretString: `value of ${name}`, ...more } });

    // Forty names in reverse order (the batch writes them sorted), then the other cases, each with its token.
    const calls: [typeof a, ReturnType<typeof define>][] = [
      ...Array.from(
        { length: 40 },
        (_, i) => [a, define(`Create ${String(39 - i).padStart(2, "0")}`)] as [typeof a, ReturnType<typeof define>],
      ),
      [a, define("create 05")], // the name of call 34 in another case
      [a, define("HELD NAME")],
      [b, define("Create 05")], // another project: its own names
      [a, define("Born revoked", { status: "revoked", expiresOn: "2099-01-31" })],
    ];
    const outcomes = await Promise.allSettled(calls.map(([caller, body]) => api.apiCreateSecret(caller.context, body)));
    const refused = outcomes.flatMap((o, i) => (o.status === "rejected" ? [[i, o.reason.status, o.reason.code]] : []));
    // Whichever of the two "create 05" came first goes in; the held name is refused; nothing else is.
    expect(refused).toHaveLength(2);
    expect(refused).toContainEqual([41, 409, "conflict"]);
    expect([outcomes[34].status, outcomes[40].status].sort()).toEqual(["fulfilled", "rejected"]);

    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status !== "fulfilled") continue;
      const caller = calls[i][0];
      const body = outcome.value.body as { id: string; name: string; status: string };
      expect(outcome.value.status).toBe(201);
      expect(body.name).toBe(calls[i][1].secretDefinition.name);
      // Each value was sealed for its own row: a mix-up in the batch would not open, or show another's value.
      if (body.status === "active") {
        const read = await api.apiGetSecret(caller.context, body.id);
        expect(read.body).toMatchObject({ id: body.id, name: body.name, version: 1, secretString: `value of ${body.name}` });
      }
      const accesses = await database.prisma.secretAccess.findMany({ where: { secretId: body.id }, orderBy: { principalKey: "asc" } });
      expect(accesses.map((x) => [x.principalKey, x.level])).toEqual([
        ["all_tools", "READ"],
        [`token:${caller.tokenId}`, "WRITE"],
      ]);
      const events = await database.prisma.auditEvent.findMany({ where: { action: "secret.create", targetId: body.id } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorType: "TOKEN", actorId: caller.tokenId, targetName: body.name, outcome: "ALLOWED" });
      expect(JSON.stringify(events[0].details)).not.toContain("value of");
    }

    const revoked = await database.prisma.secret.findFirstOrThrow({ where: { projectId: database.projectId, name: "Born revoked" } });
    expect(revoked).toMatchObject({ status: "REVOKED", revokedThroughVersion: 1, version: 1 });
    expect(revoked.expiresAt?.toISOString().slice(0, 10)).toBe("2099-01-31");
    // 40 in project A (one of the two "create 05"), 1 in project B: each with exactly one version.
    expect(await database.prisma.secretVersion.count({ where: { secret: { nameKey: { startsWith: "create " } } } })).toBe(41);
  });
});

describe("what a batch of creates must not share", () => {
  const creator = async (projectId: string, name: string) => {
    const created = await tokens.createApiToken(database.adminCtx(projectId), { name, scope: "MANAGE", expiresInDays: 0 });
    if (!created.ok) throw new Error(created.message);
    return contextFor(created.token);
  };

  it("keys a name as every other path does, so an API-created name stays unique ignoring case in the UI", async () => {
    const context = await creator(database.projectId, "unicode creator");
    const reply = await api.apiCreateSecret(context, { secretDefinition: { name: "Äpfel ΟΔΟΣ", secretString: "v" } });
    const stored = await database.prisma.secret.findUniqueOrThrow({ where: { id: (reply.body as { id: string }).id } });
    expect(stored.nameKey).toBe("Äpfel ΟΔΟΣ".toLowerCase());
    const again = await commands.createSecret(database.adminCtx(database.projectId), {
      name: "ÄPFEL ΟΔΟΣ",
      value: "w",
      status: "ACTIVE",
      description: "",
    });
    expect(again).toMatchObject({ ok: false, code: "name_taken" });
  });

  it("fails only the create that breaks, not the others written with it", async () => {
    const { insertNewSecretTogether } = await import("@/lib/secrets/new-secrets");
    const actor = { type: "TOKEN" as const, id: "t-batch", label: "batch" };
    const item = (projectId: string, name: string) => ({
      projectId,
      actor,
      name,
      description: "",
      status: "ACTIVE" as const,
      expiresAt: null,
      value: `value of ${name}`,
    });
    const outcomes = await Promise.allSettled([
      insertNewSecretTogether(item(database.projectId, "batch ok 1")),
      // A project that does not exist: its foreign key fails the statement it is in.
      insertNewSecretTogether(item("00000000-0000-4000-8000-000000000000", "batch broken")),
      insertNewSecretTogether(item(database.projectId, "batch ok 2")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await database.prisma.secret.count({ where: { name: { in: ["batch ok 1", "batch ok 2", "batch broken"] } } })).toBe(2);
  });

  it("refuses a NUL character in the text it stores, before the database sees it", async () => {
    const { apiCreateSecretSchema } = await import("@/lib/api/schema");
    const parsed = apiCreateSecretSchema.safeParse({ secretDefinition: { name: "nul", secretString: "v", description: "a\u0000b" } });
    expect(parsed.success).toBe(false);
    const { apiAccessListSchema } = await import("@/lib/api/schema");
    const accessList = (principalId: string) => ({
      secretDefinition: { accessList: [{ accessLevel: "read", principalType: "user", principalId }] },
    });
    expect(apiAccessListSchema.safeParse(accessList("a@example.com")).success).toBe(true);
    expect(apiAccessListSchema.safeParse(accessList("a\u0000@example.com")).success).toBe(false);
    const result = await commands.createSecret(database.adminCtx(database.projectId), {
      name: "nul",
      value: "v",
      status: "ACTIVE",
      description: "a\u0000b",
    });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { description: [expect.stringContaining("NUL")] } });
    const { galleryQuerySchema } = await import("@/lib/secrets/schema");
    const { listSecrets } = await import("@/lib/secrets/queries");
    const listed = await listSecrets(database.projectId, galleryQuerySchema.parse({ q: "Äpfel\u0000" }));
    expect(listed.rows.map((r) => r.name)).toEqual(["Äpfel ΟΔΟΣ"]);
  });
});

describe("when the database cannot be reached", () => {
  it("answers 503 with a JSON error and serves nothing (runs last: it closes the app's pool)", async () => {
    const { token } = await issue(database.projectId, "during an outage");
    const { GET } = await import("@/app/v1/[...path]/route");
    const { sql } = await import("@/lib/db");
    await sql.end();
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      const response = await GET(new Request("http://localhost/v1/secrets", { headers: { authorization: bearer(token) } }));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: { code: "unavailable", message: "The server cannot check API tokens right now; nothing was changed. Retry later." },
      });
    } finally {
      console.error = original;
    }
    expect(errors.join("\n")).toContain("API request failed");
  });
});
