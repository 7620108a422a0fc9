import "server-only";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { KEY_BYTES, open, pack, seal, unpack } from "./aead";

/**
 * The key-encryption key. Only data keys are ever wrapped with it. A cloud
 * KMS (AWS KMS, GCP KMS, Vault Transit) plugs in by implementing this.
 */
export interface MasterKeyProvider {
  /** Stable, non-secret identifier of the key, stored beside what it wraps. */
  readonly id: string;
  wrapKey(dataKey: Buffer, context: string): Promise<Buffer>;
  unwrapKey(wrapped: Buffer, context: string): Promise<Buffer>;
}

/** A master key held in this process's memory (from MASTER_KEY or a key file). */
export class LocalMasterKeyProvider implements MasterKeyProvider {
  readonly id: string;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES)
      throw new MasterKeyConfigError(`The master key must be ${KEY_BYTES} bytes (base64 of 32 random bytes); got ${key.length} bytes.`);
    this.#key = Buffer.from(key);
    this.id = "local:" + createHash("sha256").update("master-key-id\0").update(key).digest("hex").slice(0, 16);
  }

  async wrapKey(dataKey: Buffer, context: string) {
    return pack(seal(this.#key, dataKey, `wrap:${context}`));
  }

  async unwrapKey(wrapped: Buffer, context: string) {
    return open(this.#key, unpack(wrapped), `wrap:${context}`);
  }
}

export class MasterKeyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MasterKeyConfigError";
  }
}

/** Parses base64 (or 64 hex digits) of exactly 32 bytes. */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== KEY_BYTES) {
    throw new MasterKeyConfigError(
      `${source} must hold 32 bytes as base64 (for example the output of \`openssl rand -base64 32\`); it holds ${key.length} bytes.`,
    );
  }
  return key;
}

let cached: MasterKeyProvider | undefined;

/** The configured master key: MASTER_KEY (base64) or the file named by MASTER_KEY_FILE. */
export function getMasterKeyProvider(env: Record<string, string | undefined> = process.env): MasterKeyProvider {
  if (cached && env === process.env) return cached;
  let provider: MasterKeyProvider;
  if (env.MASTER_KEY) {
    provider = new LocalMasterKeyProvider(parseMasterKey(env.MASTER_KEY, "MASTER_KEY"));
  } else if (env.MASTER_KEY_FILE) {
    let text: string;
    try {
      text = readFileSync(env.MASTER_KEY_FILE, "utf8");
    } catch (error) {
      throw new MasterKeyConfigError(
        `The master key file ${env.MASTER_KEY_FILE} cannot be read (${(error as NodeJS.ErrnoException).code}).`,
      );
    }
    provider = new LocalMasterKeyProvider(parseMasterKey(text, `The master key file ${env.MASTER_KEY_FILE}`));
  } else {
    throw new MasterKeyConfigError(
      "No master key is configured: set MASTER_KEY or MASTER_KEY_FILE, or start the app with `npm start`, which generates one in the data folder.",
    );
  }
  if (env === process.env) cached = provider;
  return provider;
}
