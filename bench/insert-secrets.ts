/**
 * Fills a project for a benchmark: secrets inserted straight into the database, a thousand per statement,
 * each with a real sealed version 1 (the same rows the app writes, minutes faster than through it).
 * Import it after DATABASE_URL and the master key are set: it opens the app's database client.
 */
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { seal } from "@/lib/crypto/aead";
import { getActiveDataKey } from "@/lib/crypto/data-keys";
import { getMasterKeyProvider } from "@/lib/crypto/master-key";
import { secretAad } from "@/lib/crypto/secret-envelope";
import { db } from "@/lib/db";

type SecretRow = Omit<Prisma.SecretCreateManyInput, "id" | "projectId" | "nameKey"> & { name: string };

/** Inserts `count` secrets described by `row(n)`, readable by every tool when `allTools`; returns their ids in order and the data key that sealed them. */
export async function insertSealedSecrets(
  projectId: string,
  count: number,
  row: (n: number) => SecretRow,
  { allTools = false } = {},
): Promise<{ ids: string[]; key: Buffer }> {
  const { version: keyVersion, key } = await getActiveDataKey(db, getMasterKeyProvider(), projectId);
  const ids: string[] = [];
  for (let offset = 0; offset < count; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - offset) }, (_, i) => {
      const fields = row(offset + i);
      return { ...fields, id: randomUUID(), projectId, nameKey: fields.name.toLowerCase() };
    });
    ids.push(...batch.map((s) => s.id));
    await db.secret.createMany({ data: batch });
    await db.secretVersion.createMany({
      data: batch.map((s) => {
        const sealed = seal(key, Buffer.from(`value-of-${s.name}`), secretAad(projectId, s.id, 1));
        return {
          secretId: s.id,
          version: 1,
          ciphertext: new Uint8Array(sealed.ciphertext),
          iv: new Uint8Array(sealed.iv),
          dataKeyVersion: keyVersion,
        };
      }),
    });
    if (allTools)
      await db.secretAccess.createMany({
        data: batch.map((s) => ({
          secretId: s.id,
          principalType: "ALL_TOOLS" as const,
          principalKey: "all_tools",
          level: "READ" as const,
        })),
      });
  }
  return { ids, key };
}
