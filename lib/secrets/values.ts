import "server-only";
import { sealSecretVersion } from "@/lib/crypto/secret-envelope";
import type { Tx } from "@/lib/db";

/** Seals `plaintext` as version `version` of a secret and stores it (lib/crypto/secret-envelope.ts). */
export async function storeSecretVersion(
  tx: Tx,
  input: { projectId: string; secretId: string; version: number; plaintext: string; createdById: string | null },
) {
  const sealed = await sealSecretVersion(tx, input, input.plaintext);
  await tx.secretVersion.create({
    data: { secretId: input.secretId, version: input.version, ...sealed, createdById: input.createdById },
  });
}
