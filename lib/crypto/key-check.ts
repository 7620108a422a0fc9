import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { Tx } from "@/lib/db";
import { DecryptionError } from "./aead";
import type { MasterKeyProvider } from "./master-key";

const CHECK_PLAINTEXT = Buffer.from("enterprise-ai-secrets master key check v1");
const CHECK_CONTEXT = "key-check";

export class MasterKeyMismatchError extends Error {
  constructor(expectedId: string, actualId: string) {
    super(
      `The master key does not match this database: the database was set up with key ${expectedId}, this instance has ${actualId}. ` +
        "Configure the original key (MASTER_KEY or MASTER_KEY_FILE, or restore master.key in the data folder); a different key cannot read the stored secrets. Nothing was written.",
    );
    this.name = "MasterKeyMismatchError";
  }
}

/**
 * On first start stores a check value sealed with the master key; on every
 * later start proves the configured key opens it, before anything is written.
 */
export async function verifyMasterKey(db: Tx, provider: MasterKeyProvider): Promise<"created" | "verified"> {
  const existing = await db.keyCheck.findUnique({ where: { id: 1 } });
  if (!existing) {
    const packed = await provider.wrapKey(CHECK_PLAINTEXT, CHECK_CONTEXT);
    // skipDuplicates: two instances starting at once both try; one row wins.
    const { count } = await db.keyCheck.createMany({
      data: [{ id: 1, masterKeyId: provider.id, sealed: new Uint8Array(packed) }],
      skipDuplicates: true,
    });
    if (count === 1) return "created";
    return verifyMasterKey(db, provider);
  }
  try {
    const opened = await provider.unwrapKey(Buffer.from(existing.sealed), CHECK_CONTEXT);
    if (opened.length === CHECK_PLAINTEXT.length && timingSafeEqual(opened, CHECK_PLAINTEXT)) return "verified";
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
  }
  throw new MasterKeyMismatchError(existing.masterKeyId, provider.id);
}
