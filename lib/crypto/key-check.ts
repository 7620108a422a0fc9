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
      `The master key does not match this database: the database uses master key ${expectedId}, this instance has ${actualId}. ` +
        "Configure the original key (MASTER_KEY or MASTER_KEY_FILE, or restore master.key in the data folder); a different key cannot read the stored secrets. Nothing was written.",
    );
    this.name = "MasterKeyMismatchError";
  }
}

export class UnfinishedRotationError extends Error {
  constructor(count: number, keyIds: string[], actualId: string) {
    super(
      `${count} project data key(s) are wrapped by master key ${keyIds.join(", ")}, not by this instance's ${actualId}: a master key rotation did not finish. ` +
        "Run `npm run keys:rotate-master` again with the same keys to finish it. Nothing was written.",
    );
    this.name = "UnfinishedRotationError";
  }
}

/** The key check's sealed value under `provider`. */
export async function sealKeyCheck(provider: MasterKeyProvider) {
  return new Uint8Array(await provider.wrapKey(CHECK_PLAINTEXT, CHECK_CONTEXT));
}

/** Whether `provider` opens the stored key check. */
export async function opensKeyCheck(db: Tx, provider: MasterKeyProvider): Promise<boolean> {
  const existing = await db.keyCheck.findUnique({ where: { id: 1 } });
  if (!existing) return false;
  try {
    const opened = await provider.unwrapKey(Buffer.from(existing.sealed), CHECK_CONTEXT);
    return opened.length === CHECK_PLAINTEXT.length && timingSafeEqual(opened, CHECK_PLAINTEXT);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    return false;
  }
}

/**
 * On first start stores a check value sealed with the master key; on every
 * later start proves the configured key opens it, and that every project
 * data key is wrapped by it, before anything is written.
 */
export async function verifyMasterKey(db: Tx, provider: MasterKeyProvider): Promise<"created" | "verified"> {
  const existing = await db.keyCheck.findUnique({ where: { id: 1 } });
  if (!existing) {
    // skipDuplicates: two instances starting at once both try; one row wins.
    const { count } = await db.keyCheck.createMany({
      data: [{ id: 1, masterKeyId: provider.id, sealed: await sealKeyCheck(provider) }],
      skipDuplicates: true,
    });
    if (count === 1) return "created";
    return verifyMasterKey(db, provider);
  }
  if (!(await opensKeyCheck(db, provider))) throw new MasterKeyMismatchError(existing.masterKeyId, provider.id);
  // Data keys under another master key: a rotation stopped half-way; they would not open.
  const others = await db.projectDataKey.groupBy({ by: ["masterKeyId"], where: { masterKeyId: { not: provider.id } }, _count: true });
  if (others.length) {
    throw new UnfinishedRotationError(
      others.reduce((n, o) => n + o._count, 0),
      others.map((o) => o.masterKeyId),
      provider.id,
    );
  }
  return "verified";
}
