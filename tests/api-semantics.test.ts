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
    // Each answer names its own write's version, in its body and its ETag: forty answers, forty versions.
    expect(bodies.map((b) => b.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect(answers.map((a, i) => a.headers.get("etag") === `"${bodies[i].version}"`)).toEqual(values.map(() => true));
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
    for (const header of ["1", "*", '"abc"', '"1", "2"', 'W/"1"']) {
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

describe("POST /v1/secrets with Idempotency-Key", () => {
  const create = (name: string, key: string, secretString = "created once") =>
    call("/v1/secrets", { method: "POST", body: { secretDefinition: { name, secretString } }, headers: { "Idempotency-Key": key } });

  it("answers a retry with the first answer, never a second secret or version; the key keeps no value", async () => {
    const first = await create("Idempotent one", "key-one");
    const retry = await create("Idempotent one", "key-one");
    expect([first.status, retry.status]).toEqual([201, 201]);
    const [a, b] = [await first.json(), await retry.json()];
    expect(b).toEqual(a);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("etag")).toBe('"1"');
    expect(await database.prisma.secret.count({ where: { name: "Idempotent one" } })).toBe(1);
    expect(await database.prisma.secretVersion.count({ where: { secretId: a.id } })).toBe(1);
    const stored = await database.prisma.apiIdempotencyKey.findMany({ where: { key: "key-one" } });
    expect(JSON.stringify(stored)).not.toContain("created once");
    const { createHash } = await import("node:crypto");
    const plain = createHash("sha256")
      .update(JSON.stringify(["POST /v1/secrets", { secretDefinition: { name: "Idempotent one", secretString: "created once" } }]))
      .digest("hex");
    expect(stored[0].requestHash).not.toBe(plain);
  });

  it("lets ten concurrent sends of one key create one secret; the others get it replayed or are told to retry", async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => create("Idempotent race", "key-race")));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect(answer.headers.get("retry-after")).toBe("1");
      expect((await answer.json()).error.code).toBe("conflict");
    }
    expect(await database.prisma.secret.count({ where: { name: "Idempotent race" } })).toBe(1);
    // Once the first has answered, a retry gets its answer.
    expect((await create("Idempotent race", "key-race")).status).toBe(201);
  });

  it("refuses the same key with another body, replays a refusal, and keeps keys apart per token", async () => {
    expect((await create("Idempotent two", "key-two")).status).toBe(201);
    const other = await create("Idempotent two", "key-two", "another value");
    expect(other.status).toBe(422);
    expect((await other.json()).error.message).toMatch(/different request/);
    // A first answer that refused (the name is taken) is the answer to its retries too.
    const taken = await create("Idempotent two", "key-taken");
    const takenAgain = await create("Idempotent two", "key-taken");
    expect([taken.status, takenAgain.status]).toEqual([409, 409]);
    expect(takenAgain.headers.get("idempotent-replayed")).toBe("true");
    // The request log tells the replay from the refusal it repeats.
    const logged = await database.prisma.auditEvent.findMany({
      where: { action: "api.secrets.create" },
      orderBy: { id: "desc" },
      take: 2,
      select: { details: true },
    });
    expect(logged.map((e) => (e.details as { idempotentReplay?: boolean; status: number }).idempotentReplay ?? false)).toEqual([
      true,
      false,
    ]);
    expect(logged.map((e) => (e.details as { status: number }).status)).toEqual([409, 409]);
    // Another token's identical key is its own.
    const tokens = await import("@/lib/tokens/tokens");
    const second = await tokens.createApiToken(database.adminCtx(database.projectId), {
      name: "second writer",
      scope: "MANAGE",
      expiresInDays: 0,
    });
    if (!second.ok) throw new Error(second.message);
    const { apiApp } = await import("@/lib/api/app");
    const theirs = await apiApp().request("http://localhost/v1/secrets", {
      method: "POST",
      headers: { Authorization: `Bearer ${second.token}`, "Content-Type": "application/json", "Idempotency-Key": "key-two" },
      body: JSON.stringify({ secretDefinition: { name: "Idempotent three", secretString: "x" } }),
    });
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
  });

  it("answers a retry with the secret the first send created when its answer was never stored (a crash, a lost connection)", async () => {
    const first = await create("Idempotent lost answer", "key-lost");
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; version: number };
    // The process died between the create and storing its answer: the claim is left in progress, then abandoned.
    await database.prisma
      .$executeRaw`UPDATE "ApiIdempotencyKey" SET "status" = NULL, "response" = NULL, "createdAt" = now() - interval '2 minutes' WHERE "key" = 'key-lost'`;
    const afterCrash = await create("Idempotent lost answer", "key-lost");
    expect(afterCrash.status).toBe(201);
    expect(afterCrash.headers.get("idempotent-replayed")).toBe("true");
    expect(((await afterCrash.json()) as { id: string }).id).toBe(created.id);
    // A server failure released the key after the create had committed: the retry runs afresh and finds it.
    await database.prisma.apiIdempotencyKey.deleteMany({ where: { key: "key-lost" } });
    const afterRelease = await create("Idempotent lost answer", "key-lost");
    expect(afterRelease.status).toBe(201);
    expect(((await afterRelease.json()) as { id: string }).id).toBe(created.id);
    expect(await database.prisma.secret.count({ where: { name: "Idempotent lost answer" } })).toBe(1);
    // A reused key whose row is gone answers only its own request: another taken name, or the same name with
    // another value, is told the name is taken, never handed the earlier secret.
    await database.prisma.apiIdempotencyKey.deleteMany({ where: { key: "key-lost" } });
    expect((await create("Idempotent one", "key-lost")).status).toBe(409);
    await database.prisma.apiIdempotencyKey.deleteMany({ where: { key: "key-lost" } });
    expect((await create("Idempotent lost answer", "key-lost", "another value")).status).toBe(409);
    // Only this key's own create is found: another key for the same name is told the name is taken.
    const otherKey = await create("Idempotent lost answer", "key-lost-other");
    expect(otherKey.status).toBe(409);
    expect((await otherKey.json()).error.message).not.toMatch(/in progress/);
  });

  it("still recognises a retry after the project's data key was rotated", async () => {
    const first = await create("Idempotent across rotation", "key-rotation");
    expect(first.status).toBe(201);
    const { rotateProjectDataKey } = await import("@/lib/secrets/data-key-rotation");
    const { getMasterKeyProvider } = await import("@/lib/crypto/master-key");
    await rotateProjectDataKey(database.prisma, getMasterKeyProvider(), database.projectId, () => {});
    const retry = await create("Idempotent across rotation", "key-rotation");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    // Another body with the same key is still another request.
    expect((await create("Idempotent across rotation", "key-rotation", "another value")).status).toBe(422);

    // A send abandoned before the rotation (its answer never stored) is taken over after a minute, and the retry
    // finds the secret it created.
    const abandoned = await create("Idempotent abandoned across rotation", "key-abandoned");
    expect(abandoned.status).toBe(201);
    await database.prisma
      .$executeRaw`UPDATE "ApiIdempotencyKey" SET "status" = NULL, "response" = NULL, "createdAt" = now() - interval '2 minutes' WHERE "key" = 'key-abandoned'`;
    await rotateProjectDataKey(database.prisma, getMasterKeyProvider(), database.projectId, () => {});
    const taken = await create("Idempotent abandoned across rotation", "key-abandoned");
    expect(taken.status).toBe(201);
    expect(((await taken.json()) as { id: string }).id).toBe(((await abandoned.json()) as { id: string }).id);
  });

  it("refuses a key that is not 1 to 255 visible ASCII characters", async () => {
    for (const key of ["has space", "x".repeat(256), "é"]) {
      const answer = await create("Badly keyed", key);
      expect(answer.status, key).toBe(422);
    }
    expect(await database.prisma.secret.count({ where: { name: "Badly keyed" } })).toBe(0);
  });
});

describe("the API's words", () => {
  it("speak to a program's author, naming the field, for what the editor would say to a person", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "   ", secretString: "x" }, "name must not be empty (secretDefinition.name)"],
      [{ name: "bad/name", secretString: "x" }, "name holds letters, digits, spaces and _ - . only (secretDefinition.name)"],
      [{ name: "x".repeat(101), secretString: "x" }, "name has at most 100 characters (secretDefinition.name)"],
      [
        { name: "Long description", secretString: "x", description: "d".repeat(501) },
        "description has at most 500 characters (secretDefinition.description)",
      ],
    ];
    for (const [definition, message] of cases) {
      const answer = await call("/v1/secrets", { method: "POST", body: { secretDefinition: definition } });
      expect(answer.status).toBe(422);
      expect((await answer.json()).error).toEqual({ code: "invalid_request", message });
    }
  });
});

describe("what is sent is what is matched and stored", () => {
  it("GET /v1/secrets?name= and the Requests log's secret filter match % and _ as typed, not as wildcards", async () => {
    await createSecret("Wild_card");
    await createSecret("Wildxcard");
    const names = async (query: string) =>
      ((await (await call(`/v1/secrets?name=${encodeURIComponent(query)}`)).json()) as { secrets: { name: string }[] }).secrets
        .map((s) => s.name)
        .sort();
    expect(await names("d_c")).toEqual(["Wild_card"]);
    expect(await names("_")).toEqual(["Wild_card"]);
    expect(await names("%")).toEqual([]);
    const { listRequests } = await import("@/lib/requests/requests");
    const logged = await listRequests(database.projectId, { secret: "d_c", page: 1 });
    expect(logged.rows.length).toBeGreaterThan(0);
    expect(new Set(logged.rows.map((r) => r.targetName))).toEqual(new Set(["Wild_card"]));
  });

  it("refuses a value or description holding half of a UTF-16 surrogate pair (it would be stored as U+FFFD), and creates nothing", async () => {
    for (const definition of [
      { name: "Surrogate value", secretString: "ab\ud800cd" },
      { name: "Surrogate description", secretString: "fine", description: "trailing \udc00" },
    ]) {
      const answer = await call("/v1/secrets", { method: "POST", body: { secretDefinition: definition } });
      expect(answer.status).toBe(422);
      expect((await answer.json()).error).toMatchObject({
        code: "invalid_request",
        message: expect.stringContaining("lone UTF-16 surrogate"),
      });
      expect(await database.prisma.secret.count({ where: { projectId: database.projectId, name: definition.name } })).toBe(0);
    }
    const id = await createSecret("Surrogate later");
    expect((await put(id, "x\ud83d")).status).toBe(422);
    expect(await database.prisma.secretVersion.count({ where: { secretId: id } })).toBe(1);
    // A whole pair (an emoji) is a character like any other, stored and served as sent.
    expect((await put(id, "key-😀")).status).toBe(200);
    expect(((await (await call(`/v1/secrets/${id}`)).json()) as { secretString: string }).secretString).toBe("key-😀");
  });
});
