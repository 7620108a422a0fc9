import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MasterKeyProvider } from "@/lib/crypto/master-key";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * Key rotation against a real PostgreSQL: a project's data key (values
 * re-encrypted, older keys retired) and the master key (data keys
 * re-wrapped), each interrupted and run again.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let rotation: typeof import("@/lib/crypto/rotation");
let secretKeys: typeof import("@/lib/secrets/data-key-rotation");
let keyCheck: typeof import("@/lib/crypto/key-check");
let dataKeys: typeof import("@/lib/crypto/data-keys");
let commands: typeof import("@/lib/secrets/commands");
let masterKeys: typeof import("@/lib/crypto/master-key");
let current: MasterKeyProvider;
const lines: string[] = [];
const log = (line: string) => lines.push(line);

beforeAll(async () => {
  database = await createSeededAppDatabase("rotation");
  rotation = await import("@/lib/crypto/rotation");
  secretKeys = await import("@/lib/secrets/data-key-rotation");
  keyCheck = await import("@/lib/crypto/key-check");
  dataKeys = await import("@/lib/crypto/data-keys");
  commands = await import("@/lib/secrets/commands");
  masterKeys = await import("@/lib/crypto/master-key");
  current = masterKeys.getMasterKeyProvider();
  await keyCheck.verifyMasterKey(database.prisma, current);
});

afterAll(() => database.drop());

const ctx = () => database.adminCtx(database.projectId);

async function create(name: string, value: string) {
  const result = await commands.createSecret(ctx(), { name, value, status: "ACTIVE", description: "" });
  if (!result.ok) throw new Error(result.message);
  return result.secretId;
}

async function reveal(id: string) {
  const result = await commands.revealSecret(ctx(), id, "reveal");
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

const versionsOf = (projectId: string) =>
  database.prisma.secretVersion.findMany({ where: { secret: { projectId } }, orderBy: { id: "asc" } });

describe("rotating a project's data key", () => {
  it("re-encrypts every version under a new key, retires the old one, and the values stay the same", async () => {
    const a = await create("rotate-a", "value of a");
    const b = await create("rotate-b", "value of b, first");
    const updated = await commands.updateSecret(ctx(), b, {
      name: "rotate-b",
      value: "value of b, second",
      status: "ACTIVE",
      description: "",
      revision: 1,
    });
    expect(updated.ok).toBe(true);
    const before = await versionsOf(database.projectId);
    const otherBefore = await versionsOf(database.otherProjectId);

    const result = await secretKeys.rotateProjectDataKey(database.prisma, current, database.projectId, log);
    expect(result).toEqual({ version: 2, reencrypted: before.length });

    const after = await versionsOf(database.projectId);
    expect(after.map((v) => v.dataKeyVersion)).toEqual(after.map(() => 2));
    for (const [i, row] of after.entries()) expect(Buffer.from(row.ciphertext).equals(Buffer.from(before[i].ciphertext))).toBe(false);
    expect(await reveal(a)).toBe("value of a");
    expect(await reveal(b)).toBe("value of b, second");
    const keys = await database.prisma.projectDataKey.findMany({ where: { projectId: database.projectId }, orderBy: { version: "asc" } });
    expect(keys.map((k) => [k.version, k.retiredAt !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    // Another project is untouched; new values take the new key.
    expect(await versionsOf(database.otherProjectId)).toEqual(otherBefore);
    await create("rotate-c", "after the rotation");
    expect((await versionsOf(database.projectId)).at(-1)!.dataKeyVersion).toBe(2);
    expect(await database.prisma.auditEvent.count({ where: { action: "key.rotate_data_key", projectId: database.projectId } })).toBe(1);
  });

  it("finishes an interrupted rotation instead of adding another key", async () => {
    // As if a run created data key v3 and stopped before re-encrypting anything.
    await database.prisma.$transaction((tx) => dataKeys.createProjectDataKey(tx, current, database.projectId, 3));
    const result = await secretKeys.rotateProjectDataKey(database.prisma, current, database.projectId, log);
    expect(result.version).toBe(3);
    expect(new Set((await versionsOf(database.projectId)).map((v) => v.dataKeyVersion))).toEqual(new Set([3]));
    expect(await database.prisma.projectDataKey.count({ where: { projectId: database.projectId } })).toBe(3);
    // Run again with nothing left behind: a fresh rotation.
    expect((await secretKeys.rotateProjectDataKey(database.prisma, current, database.projectId, log)).version).toBe(4);
  });

  it("stops at a version that does not open, leaving it as it was", async () => {
    const id = await create("rotate-tampered", "will be damaged");
    const row = await database.prisma.secretVersion.findFirstOrThrow({ where: { secretId: id } });
    const damaged = Buffer.from(row.ciphertext);
    damaged[0] ^= 0xff;
    await database.prisma.secretVersion.update({ where: { id: row.id }, data: { ciphertext: new Uint8Array(damaged) } });
    await expect(secretKeys.rotateProjectDataKey(database.prisma, current, database.projectId, log)).rejects.toThrow();
    const after = await database.prisma.secretVersion.findUniqueOrThrow({ where: { id: row.id } });
    expect(Buffer.from(after.ciphertext).equals(damaged)).toBe(true);
    expect(after.dataKeyVersion).toBe(row.dataKeyVersion);
    await database.prisma.secretVersion.delete({ where: { id: row.id } });
  });
});

describe("rotating the master key", () => {
  const newProvider = () => new masterKeys.LocalMasterKeyProvider(randomBytes(32));

  it("refuses a data key wrapped by a master key it was not given", async () => {
    const stranger = newProvider();
    await expect(rotation.rotateMasterKey(database.prisma, stranger, newProvider(), log)).rejects.toThrow(/neither the current/);
    await expect(rotation.rotateMasterKey(database.prisma, current, current, log)).rejects.toThrow(/is the current one/);
  });

  it("resumes after an interruption; until then the start-up check refuses the old key", async () => {
    const next = newProvider();
    let wraps = 0;
    const failing: MasterKeyProvider = {
      id: next.id,
      wrapKey: async (key, context) => {
        if (++wraps > 1) throw new Error("interrupted");
        return next.wrapKey(key, context);
      },
      unwrapKey: (wrapped, context) => next.unwrapKey(wrapped, context),
    };
    await expect(rotation.rotateMasterKey(database.prisma, current, failing, log)).rejects.toThrow("interrupted");
    await expect(keyCheck.verifyMasterKey(database.prisma, current)).rejects.toThrow(keyCheck.UnfinishedRotationError);

    const result = await rotation.rotateMasterKey(database.prisma, current, next, log);
    expect(result.rewrapped).toBeGreaterThan(0);
    expect(await keyCheck.verifyMasterKey(database.prisma, next)).toBe("verified");
    await expect(keyCheck.verifyMasterKey(database.prisma, current)).rejects.toThrow(keyCheck.MasterKeyMismatchError);
    expect(await database.prisma.projectDataKey.count({ where: { masterKeyId: { not: next.id } } })).toBe(0);

    // Every value still opens, now through data keys wrapped by the new master key.
    dataKeys.clearDataKeyCache();
    const { open } = await import("@/lib/crypto/aead");
    const { secretAad } = await import("@/lib/crypto/secret-envelope");
    for (const projectId of [database.projectId, database.otherProjectId]) {
      for (const row of await versionsOf(projectId)) {
        const key = await dataKeys.getDataKey(database.prisma, next, projectId, row.dataKeyVersion);
        const plain = open(
          key,
          { ciphertext: Buffer.from(row.ciphertext), iv: Buffer.from(row.iv) },
          secretAad(projectId, row.secretId, row.version),
        );
        expect(plain.length).toBeGreaterThan(0);
      }
    }
    expect(await database.prisma.auditEvent.count({ where: { action: "key.rotate_master" } })).toBe(1);
  });
});
