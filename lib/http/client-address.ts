import type { IncomingMessage } from "node:http";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";

/**
 * Who is asking. By default the client is the socket's peer and every
 * X-Forwarded-For a client sends is ignored (anyone can write one).
 * TRUSTED_PROXIES is the only way to believe it:
 *
 * - a number N: the last N hops (the socket's peer and the N-1 addresses it
 *   appended) are our proxies; the address before them is the client;
 * - a comma-separated list of addresses, CIDR ranges, or the names
 *   `loopback`, `linklocal`, `uniquelocal`: the hops from these are believed.
 *
 * The front listener decides once per request (with Express's `proxy-addr`)
 * and hands the answer on in CLIENT_ADDRESS_HEADER, which it always
 * overwrites, with a proof only it and the Next process it started know (a
 * random value per start, in their environment): a request that reached Next
 * some other way (`npm run dev`, a local process on Next's internal port)
 * has address "unknown". Nothing else reads a forwarded header.
 */
export const CLIENT_ADDRESS_HEADER = "x-secrets-client-address";
export const CLIENT_ADDRESS_PROOF_HEADER = "x-secrets-client-address-proof";

/** The per-start proof (created on first use; the launcher creates it before it starts Next, which inherits it). */
export function clientAddressProof(): string {
  process.env.SECRETS_CLIENT_ADDRESS_PROOF ??= randomBytes(24).toString("base64url");
  return process.env.SECRETS_CLIENT_ADDRESS_PROOF;
}

export type TrustSetting = (address: string, hop: number) => boolean;

export function parseTrustedProxies(value: string | undefined): TrustSetting {
  const setting = value?.trim() ?? "";
  if (setting === "" || setting === "0" || setting.toLowerCase() === "none") return () => false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  const entries = setting
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    return proxyaddr.compile(entries);
  } catch (error) {
    throw new Error(`TRUSTED_PROXIES: ${(error as Error).message}. Use a hop count, or addresses and CIDR ranges separated by commas.`);
  }
}

/** The client's address for this request under the trust setting; never a value the client chose unless a trusted proxy vouched for it. */
export function clientAddressOf(req: IncomingMessage, trust: TrustSetting): string {
  try {
    return normalize(proxyaddr(req, trust));
  } catch {
    return normalize(req.socket.remoteAddress ?? "unknown");
  }
}

/** IPv4-mapped IPv6 (::ffff:1.2.3.4) reads as the IPv4 address. */
function normalize(address: string) {
  const plain = address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
  // A trusted hop may still pass on garbage a client wrote: only an IP address is an address.
  return isIP(plain) ? plain : "unknown";
}

/** Whether a request came through this start's front listener (it carries the per-start proof). */
function fromFrontListener(headers: { get(name: string): string | null }) {
  const expected = process.env.SECRETS_CLIENT_ADDRESS_PROOF;
  const proof = headers.get(CLIENT_ADDRESS_PROOF_HEADER);
  return Boolean(expected && proof && proof.length === expected.length && timingSafeEqual(Buffer.from(proof), Buffer.from(expected)));
}

/** The address the front listener worked out, as the app reads it (route handlers, actions, sign-in). */
export function clientAddressFrom(headers: { get(name: string): string | null }): string {
  if (!fromFrontListener(headers)) return "unknown";
  const value = headers.get(CLIENT_ADDRESS_HEADER);
  return value && /^[0-9A-Fa-f:.]{2,45}$/.test(value) ? value : "unknown";
}

/**
 * The origin the browser used (the front listener's Host, or PUBLIC_URL),
 * as the front listener forwarded it; null for a request that did not come
 * through it. Next itself knows only its internal loopback address.
 */
export function publicOriginFrom(headers: { get(name: string): string | null }): string | null {
  if (!fromFrontListener(headers)) return null;
  const host = headers.get("x-forwarded-host");
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  return host && /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host) ? `${proto}://${host}` : null;
}
