import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** AES-256-GCM with a fresh 96-bit nonce and a 128-bit tag. */
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** Raised when a ciphertext cannot be opened: tampered, wrong key, or moved to another row. */
export class DecryptionError extends Error {
  constructor(message = "The stored ciphertext could not be decrypted: it was altered, moved, or sealed with another key.") {
    super(message);
    this.name = "DecryptionError";
  }
}

export type Sealed = { ciphertext: Buffer; iv: Buffer };

/**
 * Encrypts `plaintext` under `key`, binding it to `aad` (additional
 * authenticated data): opening with any other `aad` fails.
 */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext: Buffer.concat([body, cipher.getAuthTag()]), iv };
}

/** Decrypts what `seal` produced; throws DecryptionError instead of ever returning garbled bytes. */
export function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  assertKey(key);
  const { ciphertext, iv } = sealed;
  if (iv.length !== IV_BYTES || ciphertext.length < TAG_BYTES) throw new DecryptionError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
    return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

/** Packs a sealed value into one buffer (iv ‖ ciphertext ‖ tag), for wrapped keys. */
export function pack(sealed: Sealed): Buffer {
  return Buffer.concat([sealed.iv, sealed.ciphertext]);
}

export function unpack(packed: Buffer): Sealed {
  return { iv: packed.subarray(0, IV_BYTES), ciphertext: packed.subarray(IV_BYTES) };
}

function assertKey(key: Buffer) {
  if (key.length !== KEY_BYTES) throw new Error(`An AES-256 key must be ${KEY_BYTES} bytes, got ${key.length}.`);
}
