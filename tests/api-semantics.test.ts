import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * What a program may rely on when it writes through the API (issue 13):
 * concurrent writes without a precondition each succeed in turn with their
 * own version; with If-Match, a stale write is refused with the version now.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let call: (path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }) => Promise<Response>;

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  database = await createSeededAppDatabase("apisem");
  const tokens = await import("@/lib/tokens/tokens");
  const created = await tokens.createApiToken(database.adminCtx(database.projectId), { name: "writer", scope: "MANAGE", expiresInDays: 0 });
  if (!created.ok) throw new Error(created.message);
  const { apiApp } = await import("@/lib/api/app");
  call = (path, init = {}) =>
    Promise.resolve(
      apiApp().request(`http://localhost${path}`, {
        method: init.method ?? "GET",
        headers: {
          Authorization: `Bearer ${created.token}`,
          ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
    );
});

afterAll(() => database.drop());

async function createSecret(name: string) {
  const response = await call("/v1/secrets", { method: "POST", body: { secretDefinition: { name, secretString: "first" } } });
  expect(response.status).toBe(201);
  expect(response.headers.get("etag")).toBe('"1"');
  return ((await response.json()) as { id: string }).id;
}

const put = (id: string, secretString: string, headers: Record<string, string> = {}) =>
  call(`/v1/secrets/${id}`, { method: "PUT", body: { secretDefinition: { secretString } }, headers });

describe("PUT /v1/secrets/{id}", () => {
  it("without If-Match: forty concurrent writers each succeed with their own version, and no value is lost", async () => {
    const id = await createSecret("Written by forty");
    const values = Array.from({ length: 40 }, (_, i) => `value-${i}`);
    const answers = await Promise.all(values.map((value) => put(id, value)));
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(answers.map((a) => a.status)).toEqual(values.map(() => 200));
    // Each got its own version (the answer names the version its write made, or a later one if another landed since).
    const versions = await database.prisma.secretVersion.findMany({ where: { secretId: id }, select: { version: true } });
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(Math.max(...bodies.map((b) => b.version))).toBe(41);
    // Every value is in the history: each version decrypts to one of the values, all forty present.
    const { openSecretVersion } = await import("@/lib/crypto/secret-envelope");
    const { db } = await import("@/lib/db");
    const stored = await database.prisma.secretVersion.findMany({ where: { secretId: id, version: { gt: 1 } } });
    const opened = await Promise.all(
      stored.map((v) =>
        openSecretVersion(db, database.projectId, {
          secretId: id,
          version: v.version,
          ciphertext: v.ciphertext,
          iv: v.iv,
          dataKeyVersion: v.dataKeyVersion,
        }),
      ),
    );
    expect(opened.sort()).toEqual([...values].sort());
  });

  it("with If-Match: GET's ETag lets one write through; a stale one gets 409 with currentVersion and words for a program", async () => {
    const id = await createSecret("Guarded");
    const read = await call(`/v1/secrets/${id}`);
    expect(read.headers.get("etag")).toBe('"1"');
    const first = await put(id, "second", { "If-Match": '"1"' });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"2"');
    const stale = await put(id, "lost?", { "If-Match": '"1"' });
    expect(stale.status).toBe(409);
    const { error } = await stale.json();
    expect(error).toEqual({ code: "conflict", currentVersion: 2, message: expect.stringContaining("version 2") });
    expect(error.message).not.toMatch(/reload|opened/i);
    // Nothing was written by the refused call.
    expect(await database.prisma.secretVersion.count({ where: { secretId: id } })).toBe(2);
  });

  it("with the same If-Match from ten writers at once, exactly one wins; the others learn the version now", async () => {
    const id = await createSecret("Raced");
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => put(id, `racer-${i}`, { "If-Match": '"1"' })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect((await answer.json()).error).toMatchObject({ code: "conflict", currentVersion: 2 });
    }
    expect(await database.prisma.secretVersion.count({ where: { secretId: id } })).toBe(2);
  });

  it("refuses an If-Match that is not a quoted version with 422, naming the header", async () => {
    const id = await createSecret("Badly guarded");
    for (const header of ["1", "*", '"abc"', '"1", "2"']) {
      const answer = await put(id, "x", { "If-Match": header });
      expect(answer.status, header).toBe(422);
      expect((await answer.json()).error).toMatchObject({ code: "invalid_request", message: expect.stringContaining("if-match header") });
    }
    expect(await database.prisma.secretVersion.count({ where: { secretId: id } })).toBe(1);
  });
});

describe("POST /v1/secrets/{id}/rollback", () => {
  it("applies concurrent rollbacks in turn without If-Match, and refuses a stale one with it", async () => {
    const id = await createSecret("Rolled");
    expect((await put(id, "second")).status).toBe(200);
    const rollbacks = await Promise.all(
      Array.from({ length: 5 }, () => call(`/v1/secrets/${id}/rollback`, { method: "POST", body: { version: 1 } })),
    );
    expect(rollbacks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await database.prisma.secretVersion.count({ where: { secretId: id } })).toBe(7);
    const stale = await call(`/v1/secrets/${id}/rollback`, { method: "POST", body: { version: 1 }, headers: { "If-Match": '"2"' } });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "conflict", currentVersion: 7 });
  });
});
