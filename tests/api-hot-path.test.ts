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
