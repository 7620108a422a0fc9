import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError, open, seal } from "@/lib/crypto/aead";
import { LocalMasterKeyProvider, MasterKeyConfigError, getMasterKeyProvider, parseMasterKey } from "@/lib/crypto/master-key";

const key = randomBytes(32);
const aad = "secret:project-a:secret-1:v1";

describe("seal and open (AES-256-GCM)", () => {
  it("round-trips a value", () => {
    const sealed = seal(key, Buffer.from("1235 54789"), aad);
    expect(open(key, sealed, aad).toString()).toBe("1235 54789");
  });

  it("uses a fresh 96-bit nonce each time, so equal values give different ciphertexts", () => {
    const a = seal(key, Buffer.from("same"), aad);
    const b = seal(key, Buffer.from("same"), aad);
    expect(a.iv).toHaveLength(12);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it("never contains the plaintext", () => {
    const sealed = seal(key, Buffer.from("canary-plaintext-value"), aad);
    expect(sealed.ciphertext.includes(Buffer.from("canary"))).toBe(false);
  });

  it("fails closed when the ciphertext is moved to another secret or version (AAD binding)", () => {
    const sealed = seal(key, Buffer.from("value"), aad);
    expect(() => open(key, sealed, "secret:project-a:secret-2:v1")).toThrow(DecryptionError);
    expect(() => open(key, sealed, "secret:project-a:secret-1:v2")).toThrow(DecryptionError);
    expect(() => open(key, sealed, "secret:project-b:secret-1:v1")).toThrow(DecryptionError);
  });

  it("detects any tampered byte", () => {
    const sealed = seal(key, Buffer.from("value"), aad);
    for (const index of [0, sealed.ciphertext.length - 1]) {
      const tampered = Buffer.from(sealed.ciphertext);
      tampered[index] ^= 0x01;
      expect(() => open(key, { ciphertext: tampered, iv: sealed.iv }, aad)).toThrow(DecryptionError);
    }
    const iv = Buffer.from(sealed.iv);
    iv[0] ^= 0x01;
    expect(() => open(key, { ciphertext: sealed.ciphertext, iv }, aad)).toThrow(DecryptionError);
    expect(() => open(key, { ciphertext: sealed.ciphertext.subarray(0, 4), iv: sealed.iv }, aad)).toThrow(DecryptionError);
  });

  it("refuses a wrong key", () => {
    const sealed = seal(key, Buffer.from("value"), aad);
    expect(() => open(randomBytes(32), sealed, aad)).toThrow(DecryptionError);
  });
});

describe("master key", () => {
  it("wraps and unwraps a data key, bound to its context", async () => {
    const provider = new LocalMasterKeyProvider(randomBytes(32));
    const dataKey = randomBytes(32);
    const wrapped = await provider.wrapKey(dataKey, "project:p1:data-key:v1");
    expect(wrapped.includes(dataKey)).toBe(false);
    expect((await provider.unwrapKey(wrapped, "project:p1:data-key:v1")).equals(dataKey)).toBe(true);
    await expect(provider.unwrapKey(wrapped, "project:p2:data-key:v1")).rejects.toThrow(DecryptionError);
  });

  it("cannot unwrap with another master key", async () => {
    const wrapped = await new LocalMasterKeyProvider(randomBytes(32)).wrapKey(randomBytes(32), "ctx");
    await expect(new LocalMasterKeyProvider(randomBytes(32)).unwrapKey(wrapped, "ctx")).rejects.toThrow(DecryptionError);
  });

  it("has a stable id that differs between keys", () => {
    const bytes = randomBytes(32);
    expect(new LocalMasterKeyProvider(bytes).id).toBe(new LocalMasterKeyProvider(bytes).id);
    expect(new LocalMasterKeyProvider(bytes).id).not.toBe(new LocalMasterKeyProvider(randomBytes(32)).id);
    expect(new LocalMasterKeyProvider(bytes).id).not.toContain(bytes.toString("hex").slice(0, 8));
  });

  it("parses base64 and hex keys and rejects other lengths with a clear message", () => {
    const bytes = randomBytes(32);
    expect(parseMasterKey(bytes.toString("base64"), "MASTER_KEY").equals(bytes)).toBe(true);
    expect(parseMasterKey(bytes.toString("hex"), "MASTER_KEY").equals(bytes)).toBe(true);
    expect(() => parseMasterKey("c2hvcnQ=", "MASTER_KEY")).toThrow(/MASTER_KEY must hold 32 bytes/);
  });

  it("reports a missing configuration", () => {
    expect(() => getMasterKeyProvider({})).toThrow(MasterKeyConfigError);
    expect(() => getMasterKeyProvider({ MASTER_KEY_FILE: "/nonexistent/master.key" })).toThrow(/cannot be read/);
  });
});
