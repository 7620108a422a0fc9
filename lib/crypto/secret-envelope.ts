import "server-only";
import { createHmac } from "node:crypto";
import { open, seal } from "./aead";
import { getActiveDataKey, getActiveDataKeyNow, getDataKey } from "./data-keys";
import { getMasterKeyProvider } from "./master-key";
import { db, sql, type Tx } from "@/lib/db";

/**
 * The sealed form of one version of a secret: AES-256-GCM under the
 * project's data key, bound to its project, secret and version by the
 * additional data, so that a sealed value moved to another row fails to open.
 */

export type SealedVersion = { ciphertext: Uint8Array<ArrayBuffer>; iv: Uint8Array<ArrayBuffer>; dataKeyVersion: number };
type VersionRef = { projectId: string; secretId: string; version: number };

/** Binds a sealed value to its project, secret and version: moved elsewhere it fails to open. */
export function secretAad(projectId: string, secretId: string, version: number) {
  return `secret:${projectId}:${secretId}:v${version}`;
}

/** Seals `plaintext` as one version of a secret under a data key already read (`getActiveDataKey`). */
export function sealWith(dataKey: { version: number; key: Buffer }, ref: VersionRef, plaintext: string): SealedVersion {
  const sealed = seal(dataKey.key, Buffer.from(plaintext, "utf8"), secretAad(ref.projectId, ref.secretId, ref.version));
  return { ciphertext: new Uint8Array(sealed.ciphertext), iv: new Uint8Array(sealed.iv), dataKeyVersion: dataKey.version };
}

/** Seals `plaintext` as one version of a secret under the project's active data key. */
export async function sealSecretVersion(tx: Tx, ref: VersionRef, plaintext: string): Promise<SealedVersion> {
  return sealWith(await getActiveDataKey(tx, getMasterKeyProvider(), ref.projectId), ref, plaintext);
}

/** Opens a sealed version; throws DecryptionError when it was altered, moved or keyed otherwise. */
export async function openSecretVersion(
  tx: Tx,
  projectId: string,
  row: { secretId: string; version: number; ciphertext: Uint8Array; iv: Uint8Array; dataKeyVersion: number },
): Promise<string> {
  const key = await getDataKey(tx, getMasterKeyProvider(), projectId, row.dataKeyVersion);
  const aad = secretAad(projectId, row.secretId, row.version);
  return open(key, { ciphertext: Buffer.from(row.ciphertext), iv: Buffer.from(row.iv) }, aad).toString("utf8");
}

/** The same version sealed again under `newKey` (a data-key rotation); a version that does not open stops it. */
export function resealSecretVersion(oldKey: Buffer, newKey: Buffer, ref: VersionRef, sealed: { ciphertext: Uint8Array; iv: Uint8Array }) {
  const aad = secretAad(ref.projectId, ref.secretId, ref.version);
  const plaintext = open(oldKey, { ciphertext: Buffer.from(sealed.ciphertext), iv: Buffer.from(sealed.iv) }, aad);
  const resealed = seal(newKey, plaintext, aad);
  return { ciphertext: new Uint8Array(resealed.ciphertext), iv: new Uint8Array(resealed.iv) };
}

/**
 * A keyed fingerprint of text that holds a value (an API create's body, lib/api/idempotency.ts): HMAC-SHA256
 * under the project's active data key (or the given version of it), so that storing it tells no more than the
 * sealed value does; a plain hash of a short value could be reversed by trying candidates. Written
 * "<key version>:<hex>", so a fingerprint stored before a data-key rotation can be compared under its own key.
 */
export async function fingerprintUnderDataKey(projectId: string, text: string, version?: number): Promise<string> {
  const provider = getMasterKeyProvider();
  const dataKey =
    version === undefined
      ? await getActiveDataKeyNow(sql, provider, projectId)
      : { version, key: await getDataKey(db, provider, projectId, version) };
  const hex = createHmac("sha256", dataKey.key).update(`fingerprint:${projectId}:`).update(text).digest("hex");
  return `${dataKey.version}:${hex}`;
}
