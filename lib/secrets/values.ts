import "server-only";
import { open, seal } from "@/lib/crypto/aead";
import { getActiveDataKey, getDataKey } from "@/lib/crypto/data-keys";
import { getMasterKeyProvider } from "@/lib/crypto/master-key";
import type { Tx } from "@/lib/db";

/** Binds a sealed value to its project, secret and version: moved elsewhere it fails to open. */
export function secretAad(projectId: string, secretId: string, version: number) {
  return `secret:${projectId}:${secretId}:v${version}`;
}

/** Seals `plaintext` as version `version` of a secret and stores it. */
export async function storeSecretVersion(
  tx: Tx,
  input: { projectId: string; secretId: string; version: number; plaintext: string; createdById: string | null },
) {
  const { version: dataKeyVersion, key } = await getActiveDataKey(tx, getMasterKeyProvider(), input.projectId);
  const sealed = seal(key, Buffer.from(input.plaintext, "utf8"), secretAad(input.projectId, input.secretId, input.version));
  await tx.secretVersion.create({
    data: {
      secretId: input.secretId,
      version: input.version,
      ciphertext: new Uint8Array(sealed.ciphertext),
      iv: new Uint8Array(sealed.iv),
      dataKeyVersion,
      createdById: input.createdById,
    },
  });
}

/** Opens a stored version; throws DecryptionError when it was altered, moved or keyed otherwise. */
export async function openSecretVersion(
  tx: Tx,
  projectId: string,
  row: { secretId: string; version: number; ciphertext: Uint8Array; iv: Uint8Array; dataKeyVersion: number },
): Promise<string> {
  const key = await getDataKey(tx, getMasterKeyProvider(), projectId, row.dataKeyVersion);
  const plaintext = open(
    key,
    { ciphertext: Buffer.from(row.ciphertext), iv: Buffer.from(row.iv) },
    secretAad(projectId, row.secretId, row.version),
  );
  return plaintext.toString("utf8");
}
