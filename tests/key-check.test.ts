import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MasterKeyMismatchError, verifyMasterKey } from "@/lib/crypto/key-check";
import { LocalMasterKeyProvider } from "@/lib/crypto/master-key";
import { createMigratedDatabase } from "./helpers/database";

describe("the master key check", () => {
  let db: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    db = await createMigratedDatabase("keycheck");
  });
  afterAll(() => db.drop());

  const key = new LocalMasterKeyProvider(randomBytes(32));

  it("records a check value on first start and accepts the same key afterwards", async () => {
    expect(await verifyMasterKey(db.prisma, key)).toBe("created");
    expect(await verifyMasterKey(db.prisma, key)).toBe("verified");
    const row = await db.prisma.keyCheck.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.masterKeyId).toBe(key.id);
  });

  it("stops an instance with another key, with a clear message, and writes nothing", async () => {
    const before = await db.prisma.keyCheck.findUniqueOrThrow({ where: { id: 1 } });
    const other = new LocalMasterKeyProvider(randomBytes(32));
    await expect(verifyMasterKey(db.prisma, other)).rejects.toThrow(MasterKeyMismatchError);
    await expect(verifyMasterKey(db.prisma, other)).rejects.toThrow(/does not match this database/);
    const after = await db.prisma.keyCheck.findUniqueOrThrow({ where: { id: 1 } });
    expect(Buffer.from(after.sealed).equals(Buffer.from(before.sealed))).toBe(true);
  });

  it("lets only one of two instances starting together create the check", async () => {
    const fresh = await createMigratedDatabase("keycheck2");
    try {
      const results = await Promise.all([verifyMasterKey(fresh.prisma, key), verifyMasterKey(fresh.prisma, key)]);
      expect(results.sort()).toEqual(["created", "verified"]);
    } finally {
      await fresh.drop();
    }
  });
});
