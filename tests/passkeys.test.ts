import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_PROOF_HEADER, clientAddressProof } from "@/lib/http/client-address";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * Passkeys (lib/auth/passkeys.ts) against a software authenticator written here with Node's crypto: a P-256 key
 * pair, "none" attestation, and assertions signed over authenticatorData ‖ SHA-256(clientDataJSON), as a real
 * authenticator makes them. What must hold: a challenge is taken once (a replayed assertion signs in nothing), the
 * counter must go up, the origin and relying party must be this app's, a second factor must be the person's own.
 */
const RP = { id: "secrets.example.test", origin: "https://secrets.example.test" };
const PASSWORD = "passkey-owner-password";

let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let passkeys: typeof import("@/lib/auth/passkeys");
let credentials: typeof import("@/lib/auth/credentials");
let person: { id: string; email: string; name: string };
const meta = { ip: "192.0.2.60", userAgent: "vitest", rp: RP };
const actor = () => ({ type: "USER" as const, id: person.id, label: person.email, ip: "192.0.2.60", userAgent: "vitest" });
const sessionOf = async (sid = randomUUID()) => ({
  sid,
  epoch: (await database.prisma.user.findUniqueOrThrow({ where: { id: person.id } })).sessionEpoch,
});

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return new Uint8Array(b);
};

/** A platform authenticator in software: one credential, user verification always given. */
class SoftAuthenticator {
  readonly credentialId = new Uint8Array(randomBytes(32));
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  counter = 0;
  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: "jwk" }) as { x: string; y: string };
  }
  get id() {
    return isoBase64URL.fromBuffer(this.credentialId);
  }
  private cosePublicKey() {
    const key = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, isoBase64URL.toBuffer(this.publicJwk.x)],
      [-3, isoBase64URL.toBuffer(this.publicJwk.y)],
    ]);
    return isoCBOR.encode(key);
  }
  register(challenge: string, rp = RP) {
    const clientDataJSON = JSON.stringify({ type: "webauthn.create", challenge, origin: rp.origin, crossOrigin: false });
    const idLength = new Uint8Array([this.credentialId.length >> 8, this.credentialId.length & 255]);
    const authData = concat(
      sha256(rp.id),
      new Uint8Array([0x45]),
      u32(this.counter),
      new Uint8Array(16),
      idLength,
      this.credentialId,
      this.cosePublicKey(),
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]) as never,
    );
    return this.credential({
      clientDataJSON: isoBase64URL.fromUTF8String(clientDataJSON),
      attestationObject: isoBase64URL.fromBuffer(attestationObject),
      transports: ["internal"],
    });
  }
  assert(challenge: string, options: { rp?: typeof RP; counter?: number } = {}) {
    const rp = options.rp ?? RP;
    this.counter = options.counter ?? this.counter + 1;
    const clientDataJSON = JSON.stringify({ type: "webauthn.get", challenge, origin: rp.origin, crossOrigin: false });
    const authData = concat(sha256(rp.id), new Uint8Array([0x05]), u32(this.counter));
    const signature = sign("sha256", concat(authData, sha256(clientDataJSON)), this.privateKey);
    return this.credential({
      clientDataJSON: isoBase64URL.fromUTF8String(clientDataJSON),
      authenticatorData: isoBase64URL.fromBuffer(authData),
      signature: isoBase64URL.fromBuffer(new Uint8Array(signature)),
      userHandle: isoBase64URL.fromUTF8String(person.id),
    });
  }
  /** A WebAuthn credential as the browser hands it over, around one ceremony's response. */
  private credential<R>(response: R) {
    return { id: this.id, rawId: this.id, type: "public-key", clientExtensionResults: {}, response };
  }
}

beforeAll(async () => {
  database = await createSeededAppDatabase("passkeys");
  passkeys = await import("@/lib/auth/passkeys");
  credentials = await import("@/lib/auth/credentials");
  const { hashPassword } = await import("@/lib/auth/passwords");
  const user = await database.prisma.user.create({
    data: { email: "passkey-owner@example.com", name: "Owner", passwordHash: await hashPassword(PASSWORD) },
  });
  person = { id: user.id, email: user.email, name: user.name };
});
afterAll(() => database.drop());

/** Registers `authenticator` for the person, as the Passkeys page does. */
async function register(authenticator: SoftAuthenticator, name = "Laptop") {
  const started = await passkeys.startPasskeyRegistration(person, randomUUID(), PASSWORD, RP, actor());
  if (!started.ok) throw new Error(started.message);
  return passkeys.finishPasskeyRegistration(
    person,
    await sessionOf(),
    { challengeId: started.challengeId, name, response: authenticator.register(started.options.challenge) },
    RP,
    actor(),
  );
}

/** A sign-in ceremony: the challenge from the server, the assertion from `authenticator`. */
async function signInWith(authenticator: SoftAuthenticator, options: { rp?: typeof RP; counter?: number } = {}) {
  const { options: request, challengeId } = await passkeys.startPasskeySignIn(RP);
  return JSON.stringify({ challengeId, response: authenticator.assert(request.challenge, options) });
}

describe("passkeys", () => {
  const laptop = new SoftAuthenticator();

  it("are added only after the password, and only with the challenge the server gave", async () => {
    expect(await passkeys.startPasskeyRegistration(person, randomUUID(), "not-the-password", RP, actor())).toMatchObject({
      ok: false,
      fieldErrors: { password: ["This is not your current password."] },
    });
    // A response to a challenge this server never gave.
    const started = await passkeys.startPasskeyRegistration(person, randomUUID(), PASSWORD, RP, actor());
    if (!started.ok) throw new Error(started.message);
    const forged = laptop.register(isoBase64URL.fromBuffer(new Uint8Array(randomBytes(32))));
    expect(
      await passkeys.finishPasskeyRegistration(
        person,
        await sessionOf(),
        { challengeId: started.challengeId, name: "x", response: forged },
        RP,
        actor(),
      ),
    ).toMatchObject({ ok: false, code: "invalid_input" });
    // Its challenge is spent by that try.
    expect(
      await passkeys.finishPasskeyRegistration(
        person,
        await sessionOf(),
        { challengeId: started.challengeId, name: "x", response: laptop.register(started.options.challenge) },
        RP,
        actor(),
      ),
    ).toMatchObject({ ok: false, code: "invalid_state" });
    expect(await passkeys.listPasskeys(person.id)).toEqual([]);

    const epoch = (await sessionOf()).epoch;
    expect(await register(laptop)).toEqual({ ok: true, sessionEpoch: epoch + 1 });
    const [stored] = await passkeys.listPasskeys(person.id);
    expect(stored).toMatchObject({ name: "Laptop", lastUsedAt: null });
    const events = await database.prisma.auditEvent.findMany({ where: { actorId: person.id, action: "auth.passkey_add" } });
    expect(events.map((e) => e.outcome)).toEqual(["DENIED", "DENIED", "ALLOWED"]);
  });

  it("take an assertion only within bounds, however it arrives", async () => {
    expect(await credentials.authenticateWithPasskey(`"${"x".repeat(20_000)}"`, meta)).toEqual({ ok: false, reason: "invalid" });
    expect(await credentials.authenticateWithPasskey({ challengeId: randomUUID() }, meta)).toEqual({ ok: false, reason: "invalid" });
  });

  it("sign in alone; the same assertion again signs in nothing, and is audited", async () => {
    const assertion = await signInWith(laptop);
    const first = await credentials.authenticateWithPasskey(assertion, meta);
    expect(first).toMatchObject({ ok: true, user: { id: person.id, email: person.email } });
    expect(await credentials.authenticateWithPasskey(assertion, meta)).toEqual({ ok: false, reason: "invalid" });
    const denied = await database.prisma.auditEvent.findMany({
      where: { actorId: person.id, action: "auth.sign_in", outcome: "DENIED" },
      select: { reason: true },
    });
    expect(denied.map((e) => e.reason)).toContain("passkey expired");
  });

  it("refuse a counter that went back (a cloned authenticator), another site's origin, and an unknown passkey", async () => {
    expect(await credentials.authenticateWithPasskey(await signInWith(laptop, { counter: 1 }), meta)).toEqual({
      ok: false,
      reason: "invalid",
    });
    const phishing = { id: "secrets.example.test.evil.test", origin: "https://secrets.example.test.evil.test" };
    expect(await credentials.authenticateWithPasskey(await signInWith(laptop, { rp: phishing }), meta)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await credentials.authenticateWithPasskey(await signInWith(new SoftAuthenticator()), meta)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await credentials.authenticateWithPasskey("not json", meta)).toEqual({ ok: false, reason: "invalid" });
    expect(await credentials.authenticateWithPasskey(await signInWith(laptop), { ...meta, rp: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
    // The right one still works.
    expect(await credentials.authenticateWithPasskey(await signInWith(laptop), meta)).toMatchObject({ ok: true });
  });

  it("are the second step after the password: the person's own passkey only", async () => {
    expect(await credentials.authenticate({ email: person.email, password: PASSWORD }, meta)).toEqual({
      ok: false,
      reason: "second_factor",
      methods: { totp: false, passkey: true },
    });
    // Someone else's passkey does not finish this person's sign-in.
    const { hashPassword } = await import("@/lib/auth/passwords");
    const other = await database.prisma.user.create({
      data: { email: "other-passkey@example.com", name: "Other", passwordHash: await hashPassword("other-password-123") },
    });
    const otherKey = new SoftAuthenticator();
    const started = await passkeys.startPasskeyRegistration(
      { id: other.id, email: other.email, name: other.name },
      randomUUID(),
      "other-password-123",
      RP,
      { ...actor(), id: other.id },
    );
    if (!started.ok) throw new Error(started.message);
    const added = await passkeys.finishPasskeyRegistration(
      other,
      { sid: randomUUID(), epoch: 0 },
      { challengeId: started.challengeId, name: "Theirs", response: otherKey.register(started.options.challenge) },
      RP,
      { ...actor(), id: other.id },
    );
    expect(added.ok).toBe(true);
    expect(
      await credentials.authenticate({ email: person.email, password: PASSWORD, passkey: await signInWith(otherKey) }, meta),
    ).toMatchObject({
      ok: false,
      reason: "second_factor",
      refusal: "invalid",
    });
    expect(
      await credentials.authenticate({ email: person.email, password: PASSWORD, passkey: await signInWith(laptop) }, meta),
    ).toMatchObject({
      ok: true,
      user: { id: person.id },
    });
  });

  it("are added, once the person has one, only with proof of it besides the password", async () => {
    const second = new SoftAuthenticator();
    expect(await passkeys.startPasskeyRegistration(person, randomUUID(), PASSWORD, RP, actor())).toMatchObject({
      ok: false,
      fieldErrors: { code: ["Confirm with one of your passkeys."] },
    });
    expect(
      await passkeys.startPasskeyRegistration(person, randomUUID(), PASSWORD, RP, actor(), { passkey: await signInWith(second) }),
    ).toMatchObject({
      ok: false,
    });
    const started = await passkeys.startPasskeyRegistration(person, randomUUID(), PASSWORD, RP, actor(), {
      passkey: await signInWith(laptop),
    });
    expect(started.ok).toBe(true);
    // An authenticator app cannot be set up on the password alone either.
    const twoFactor = await import("@/lib/auth/two-factor");
    expect(await twoFactor.startEnrolment(person, randomUUID(), PASSWORD, actor())).toMatchObject({
      ok: false,
      fieldErrors: { code: [expect.any(String)] },
    });
  });

  it("are removed only with the password; then sign in no more", async () => {
    const [stored] = await passkeys.listPasskeys(person.id);
    expect(await passkeys.removePasskey(person, await sessionOf(), { passkeyId: stored.id, password: "wrong" }, actor(), RP)).toMatchObject(
      {
        ok: false,
        fieldErrors: { password: ["This is not your current password."] },
      },
    );
    expect(
      await passkeys.removePasskey(person, await sessionOf(), { passkeyId: randomUUID(), password: PASSWORD }, actor(), RP),
    ).toMatchObject({
      code: "not_found",
    });
    // The password alone takes no passkey away: proof of a second factor is asked, and a stranger's passkey is not one.
    const remove = async (proof: object) =>
      passkeys.removePasskey(person, await sessionOf(), { passkeyId: stored.id, password: PASSWORD, ...proof }, actor(), RP);
    expect(await remove({})).toMatchObject({ ok: false, fieldErrors: { code: ["Confirm with one of your passkeys."] } });
    expect(await remove({ passkey: await signInWith(new SoftAuthenticator()) })).toMatchObject({
      ok: false,
      fieldErrors: { code: [expect.any(String)] },
    });
    expect(await passkeys.listPasskeys(person.id)).toHaveLength(1);
    expect((await remove({ passkey: await signInWith(laptop) })).ok).toBe(true);
    expect(await credentials.authenticateWithPasskey(await signInWith(laptop), meta)).toEqual({ ok: false, reason: "invalid" });
  });

  it("need a host name: an app reached by an IP address has no relying party", () => {
    const saved = process.env.PUBLIC_URL;
    try {
      process.env.PUBLIC_URL = "https://127.0.0.1:8443";
      expect(passkeys.relyingPartyFrom({ get: () => null })).toBeNull();
      process.env.PUBLIC_URL = "https://[::1]:8443";
      expect(passkeys.relyingPartyFrom({ get: () => null })).toBeNull();
      // Without PUBLIC_URL, the host the front listener forwarded: one that makes no URL gives no passkeys, not a 500.
      delete process.env.PUBLIC_URL;
      const proof = clientAddressProof();
      const forwarded = (host: string) => ({
        get: (name: string) =>
          ({ [CLIENT_ADDRESS_PROOF_HEADER]: proof, "x-forwarded-host": host, "x-forwarded-proto": "http" })[name] ?? null,
      });
      expect(passkeys.relyingPartyFrom(forwarded("localhost:99999"))).toBeNull();
      expect(passkeys.relyingPartyFrom(forwarded("[1.2.3]"))).toBeNull();
      expect(passkeys.relyingPartyFrom(forwarded("localhost:3000"))).toEqual({ id: "localhost", origin: "http://localhost:3000" });
      process.env.PUBLIC_URL = "https://secrets.example.test:8443";
      expect(passkeys.relyingPartyFrom({ get: () => null })).toEqual({
        id: "secrets.example.test",
        origin: "https://secrets.example.test:8443",
      });
    } finally {
      if (saved === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = saved;
    }
  });
});
