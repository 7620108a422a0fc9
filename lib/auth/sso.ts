import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { decode, encode } from "next-auth/jwt";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address";
import { hitRateLimits, peekRateLimit, pruneStaleRateLimits, undoRateLimitHit } from "@/lib/rate-limit";
import { authConfig, authCookieName, cookieFrom } from "./config";
import { addressBucket, secondFactorPasskey, SIGN_IN_LIMITS } from "./credentials";
import { emailSchema } from "./schema";
import type { RelyingParty } from "./passkeys";
import { secondFactors, verifySecondFactor } from "./two-factor";

/**
 * Single sign-on over OpenID Connect: one identity provider, configured by OIDC_ISSUER, OIDC_CLIENT_ID and
 * OIDC_CLIENT_SECRET (and OIDC_NAME, the name on the sign-in button). Auth.js runs the protocol (state, PKCE,
 * nonce, the ID token's issuer, audience and expiry); this module decides who a verified identity is here:
 * the person already linked to it, else the person with its verified email (linked now), else a newcomer from
 * a domain an organization admits — or no one.
 */
export type SsoConfig = { issuer: string; clientId: string; clientSecret: string; name: string };

let configured: SsoConfig | null | undefined;

/** The provider's settings, or null when single sign-on is not set up (or set up wrong: said once in the log). */
export function ssoConfig(env: Record<string, string | undefined> = process.env): SsoConfig | null {
  if (env === process.env && configured !== undefined) return configured;
  const result = readSsoConfig(env);
  if (env === process.env) configured = result;
  return result;
}

function readSsoConfig(env: Record<string, string | undefined>): SsoConfig | null {
  const issuer = env.OIDC_ISSUER?.trim();
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const clientSecret = env.OIDC_CLIENT_SECRET?.trim();
  if (!issuer && !clientId && !clientSecret) return null;
  const refuse = (why: string) => {
    console.error(`[sso] Single sign-on is off: ${why}`);
    return null;
  };
  if (!issuer || !clientId || !clientSecret) return refuse("set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together.");
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return refuse("OIDC_ISSUER is not a URL.");
  }
  // Plain HTTP only to this machine (a provider beside the app, as in the tests): anywhere else, tokens would cross the network in clear.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    return refuse("OIDC_ISSUER must be an https:// address (http:// only on this machine's loopback).");
  }
  const name = env.OIDC_NAME?.trim().slice(0, 40) || "single sign-on";
  return { issuer, clientId, clientSecret, name };
}

function isLoopback(hostname: string) {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || (isIP(host) === 4 && host.startsWith("127.")) || host === "::1";
}

/** Why a single sign-on was refused; each is a message on the sign-in page (`/login?sso=…`). */
export type SsoRefusal = "unverified" | "unknown" | "linked_elsewhere" | "locked" | "failed" | "expired" | "second_factor";

/** What the provider says about the person (its user info, whose subject Auth.js checked against the ID token). */
type SsoProfile = { sub?: unknown; email?: unknown; email_verified?: unknown; name?: unknown };

export type SsoPerson = { id: string; email: string; name: string; sessionEpoch: number };

type Meta = { ip: string; userAgent: string | null };

/** One callback from the provider, as it goes through Auth.js: its request's address, and how it ended. */
type SsoAttempt = {
  meta: Meta;
  outcome?: "admitted" | "refused";
  failure?: string;
  /** The person, when they sign in with a second factor too: asked next, on the sign-in page (and the identity to link then). */
  pending?: { userId: string; epoch: number; link?: PendingLink };
};
const attempts = new AsyncLocalStorage<SsoAttempt>();

/**
 * Decides who a verified identity is. Refusals are audited (never with a token) and counted toward the sign-in
 * limits by the callback around it (ssoCallback). Returns the person, or the refusal.
 */
export async function admitSsoSignIn(
  profile: SsoProfile | undefined,
  config: SsoConfig,
): Promise<{ ok: true; person: SsoPerson } | { ok: false; reason: SsoRefusal }> {
  const attempt = attempts.getStore();
  // Only inside the callback this module watches: a sign-in it did not count is no sign-in.
  if (!attempt) return { ok: false, reason: "failed" };
  const subject = typeof profile?.sub === "string" && profile.sub.length > 0 && profile.sub.length <= 255 ? profile.sub : null;
  const email = ssoEmail(profile?.email);
  const verified = profile?.email_verified === true || profile?.email_verified === "true";
  // An email the provider did not verify is anyone's to write: it is no actor, only a detail.
  const actor = { type: "USER" as const, id: null, label: email && verified ? email : "single sign-on", ...attempt.meta };
  const refuse = async (reason: SsoRefusal, why: string, userId: string | null = null) => {
    attempt.outcome = "refused";
    const details = { method: "sso", ...(email && !verified ? { unverifiedEmail: email } : {}) };
    await recordAudit(db, { ...actor, id: userId }, { action: "auth.sign_in", outcome: "DENIED", reason: why, details });
    return { ok: false as const, reason };
  };
  if (!subject) return refuse("failed", "sso answer without a subject");
  if (!email) return refuse("unverified", "sso answer without a usable email");
  if (!verified) return refuse("unverified", "sso email not verified");

  const linked = await db.userIdentity.findUnique({
    where: { issuer_subject: { issuer: config.issuer, subject } },
    select: { id: true, user: { select: personFields } },
  });
  if (linked) {
    await db.userIdentity.update({ where: { id: linked.id }, data: { lastUsedAt: new Date() } });
    return admit(attempt, { ...actor, id: linked.user.id, label: linked.user.email }, linked.user, "linked");
  }

  const existing = await db.user.findUnique({
    where: { email },
    select: { ...personFields, passwordHash: true, identities: { where: { issuer: config.issuer }, select: { id: true } } },
  });
  if (existing) {
    // One identity per person at this provider: another account there claiming the same email (a reissued
    // address, say) does not take over the one already linked.
    if (existing.identities.length > 0) return refuse("linked_elsewhere", "sso email linked to another identity", existing.id);
    const link = { subject, name: typeof profile?.name === "string" ? profile.name.trim().slice(0, 100) : "" };
    // A person who signs in with a second factor is linked only once they gave it (completeSsoSignIn).
    if (await hasAnyFactor(existing.id)) return holdForSecondFactor(attempt, existing, link);
    if (!(await linkIdentity(existing.id, link, { ...actor, id: existing.id }, config))) {
      return refuse("linked_elsewhere", "sso email linked to another identity", existing.id);
    }
    const person = await db.user.findUniqueOrThrow({ where: { id: existing.id }, select: personFields });
    return admit(attempt, { ...actor, id: existing.id }, person, "linked now");
  }

  const domain = email.slice(email.lastIndexOf("@") + 1);
  const organization = await db.organization.findFirst({
    where: { ssoSignUpDomains: { has: domain } },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (!organization) return refuse("unknown", "sso email unknown");
  const name = (typeof profile?.name === "string" && profile.name.trim().slice(0, 100)) || email.slice(0, email.indexOf("@"));
  const person = await db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email, name }, select: personFields });
    await tx.organizationMember.create({ data: { organizationId: organization.id, userId: user.id, role: "MEMBER" } });
    await tx.userIdentity.create({ data: { userId: user.id, issuer: config.issuer, subject, email, lastUsedAt: new Date() } });
    await recordAudit(
      tx,
      { ...actor, id: user.id },
      {
        action: "auth.sso_sign_up",
        organizationId: organization.id,
        targetType: "user",
        targetId: user.id,
        targetName: email,
        details: { domain },
      },
    );
    return user;
  });
  return admit(attempt, { ...actor, id: person.id }, person, "signed up");
}

const personFields = { id: true, email: true, name: true, sessionEpoch: true } as const;

/**
 * The provider's email as this app takes one: trimmed, lower-cased, plain ASCII and a valid address, so that no
 * Unicode look-alike ("\u212Aate@…" lower-cases to "kate@…") or odd string matches a person or a domain. Else "".
 */
function ssoEmail(value: unknown): string {
  if (typeof value !== "string") return "";
  const trimmed = value.trim();
  if (!/^[\x21-\x7e]+$/.test(trimmed)) return "";
  const parsed = emailSchema.safeParse(trimmed);
  return parsed.success ? parsed.data : "";
}

async function hasAnyFactor(userId: string) {
  const methods = await secondFactors(userId);
  return methods.totp || methods.passkey;
}

type PendingLink = { subject: string; name: string };

/**
 * Links the provider's identity to the person (one identity per person at a provider: the database refuses a
 * second, also when two first sign-ins race) and takes their pending invitations. False, changing nothing, when
 * another identity got linked first.
 */
async function linkIdentity(userId: string, link: PendingLink, actor: Actor, config: SsoConfig): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
      await tx.userIdentity.create({
        data: { userId, issuer: config.issuer, subject: link.subject, email: user.email, lastUsedAt: new Date() },
      });
      // A pending invitation is taken by signing in: its links stop working.
      const invited = await tx.invitation.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
      if (!user.passwordHash && invited.count > 0 && link.name) await tx.user.update({ where: { id: userId }, data: { name: link.name } });
      await recordAudit(tx, actor, {
        action: "auth.sso_link",
        targetType: "user",
        targetId: userId,
        targetName: user.email,
        details: { invitationAccepted: invited.count > 0 },
      });
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      // The same identity linked by a concurrent sign-in is this link; another one is not.
      const same = await db.userIdentity.findUnique({ where: { issuer_subject: { issuer: config.issuer, subject: link.subject } } });
      return same?.userId === userId;
    }
    throw error;
  }
}

function holdForSecondFactor(attempt: SsoAttempt, person: SsoPerson, link?: PendingLink) {
  attempt.outcome = "admitted";
  attempt.pending = { userId: person.id, epoch: person.sessionEpoch, ...(link ? { link } : {}) };
  return { ok: false as const, reason: "second_factor" as const };
}

async function admit(attempt: SsoAttempt, actor: Parameters<typeof recordAudit>[1], person: SsoPerson, how: string) {
  // The provider vouched for the person; one who signs in with a second factor gives it next, as after a password.
  if (await hasAnyFactor(person.id)) return holdForSecondFactor(attempt, person);
  attempt.outcome = "admitted";
  await recordAudit(db, actor, { action: "auth.sign_in", details: { method: "sso", identity: how } });
  return { ok: true as const, person };
}

/** Keeps what Auth.js logged about a refused callback (the protocol check that failed), for the audit. */
export function noteSsoFailure(error: unknown) {
  const attempt = attempts.getStore();
  if (!attempt || attempt.failure) return;
  attempt.failure = describe(error);
}

/** The innermost message of an error: oauth4webapi's words for the check that failed, never a token. */
function describe(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { cause?: unknown })?.cause;
    const inner = (next as { err?: unknown })?.err ?? next;
    if (!(inner instanceof Error)) break;
    current = inner;
  }
  const message = current instanceof Error ? current.message : String(current);
  return message
    .split("\n")[0]
    .replace(/Read more at .*/, "")
    .trim()
    .slice(0, 200);
}

/** Whether a request is the provider's answer (Auth.js's callback for the "oidc" provider). */
export function isSsoCallback(url: URL): boolean {
  // As Auth.js reads the path: empty segments dropped ("/api/auth/callback//oidc" is the same route).
  return url.pathname.split("/").filter(Boolean).join("/") === "api/auth/callback/oidc";
}

/**
 * The state cookie Auth.js set when this browser started a single sign-on (under its exact name), or null. Its
 * value stays the same for the whole attempt, failed answers included.
 */
function stateCookieOf(request: Request): string | null {
  return cookieFrom(request.headers.get("cookie"), authCookieName("state"));
}

/**
 * Whether this answer counts toward the address's sign-in limit: only an answer to a sign-in this browser started,
 * and each started sign-in once — so no other site can lock an address out, by making browsers fetch the callback
 * or by replaying one person's started sign-in over and over.
 */
async function countsTowardLimit(request: Request): Promise<boolean> {
  const state = stateCookieOf(request);
  if (!state) return false;
  const [seen] = await hitRateLimits(db, [`sso-state:${createHash("sha256").update(state).digest("base64url")}`], 30 * 60);
  return seen.count === 1;
}

/** The error codes a provider may answer with (RFC 6749 4.1.2.1, OpenID Connect Core 3.1.2.6); any other is "other". */
const PROVIDER_ERRORS = new Set([
  "access_denied",
  "invalid_request",
  "unauthorized_client",
  "unsupported_response_type",
  "invalid_scope",
  "server_error",
  "temporarily_unavailable",
  "interaction_required",
  "login_required",
  "account_selection_required",
  "consent_required",
  "invalid_request_uri",
  "invalid_request_object",
  "request_not_supported",
  "request_uri_not_supported",
  "registration_not_supported",
]);

/**
 * Runs Auth.js's callback for the provider's answer, counted and audited: the attempt is counted toward the
 * address's sign-in limit first (an address over it is refused before anything is checked) and given back when
 * someone is admitted; a refusal by a protocol check (state, PKCE, the ID token's issuer, audience, nonce or
 * expiry, an error from the provider) is audited with the check that failed. Every refusal lands on the sign-in
 * page with a message, never on Auth.js's error page.
 */
export async function ssoCallback(request: Request, run: () => Promise<Response>): Promise<Response> {
  const meta = { ip: clientAddressFrom(request.headers), userAgent: request.headers.get("user-agent") };
  const addressKey = `sign-in:address:${addressBucket(meta.ip)}`;
  const actor = { type: "USER" as const, id: null, label: "single sign-on", ...meta };
  await pruneStaleRateLimits(db);
  // Counted only when this browser started a sign-in: an answer without its cookies (another site making the
  // browser fetch this address, say) is refused by Auth.js all the same, and must not lock the address out.
  const counted = await countsTowardLimit(request);
  const [address] = counted
    ? await hitRateLimits(db, [addressKey], SIGN_IN_LIMITS.windowSeconds)
    : [await peekRateLimit(db, addressKey, SIGN_IN_LIMITS.windowSeconds)];
  if (address.count > SIGN_IN_LIMITS.perAddress) {
    await recordAudit(db, actor, {
      action: "auth.sign_in",
      outcome: "DENIED",
      reason: "too many failed attempts",
      details: { method: "sso" },
    });
    return toSignInPage(request, "locked");
  }
  const attempt: SsoAttempt = { meta };
  const response = await attempts.run(attempt, run);
  if (attempt.outcome === "admitted") {
    if (counted) await undoRateLimitHit(db, [addressKey]);
    // To the second step, with the ticket (and no session: Auth.js made none for this answer).
    if (attempt.pending) return toSignInPage(request, "second_factor", response, await issueSsoTicket(attempt.pending));
    return response;
  }
  if (attempt.outcome === "refused") return response;
  const providerError = new URL(request.url).searchParams.get("error");
  const reason = providerError
    ? `sso provider answered ${PROVIDER_ERRORS.has(providerError) ? providerError : "another error"}`
    : `sso answer refused: ${attempt.failure ?? "no session was made"}`;
  await recordAudit(db, actor, { action: "auth.sign_in", outcome: "DENIED", reason, details: { method: "sso" } });
  return toSignInPage(request, providerError === "access_denied" ? "cancelled" : "failed", response);
}

/** A redirect to the sign-in page with why (keeping the cookies Auth.js cleared, such as its used state). */
function toSignInPage(request: Request, why: SsoRefusal | "cancelled", response?: Response, ticket?: string): Response {
  const headers = new Headers({ location: new URL(`/login?sso=${why}`, request.url).toString(), "cache-control": "no-store" });
  for (const cookie of response?.headers.getSetCookie() ?? []) headers.append("set-cookie", cookie);
  if (ticket) headers.append("set-cookie", ticket);
  return new Response(null, { status: 303, headers });
}

/** How long the second step may wait after the provider's answer. */
const TICKET_SECONDS = 5 * 60;
/** Counts a ticket's use (a counter outlasting the ticket): a used ticket is read as none. */
const ticketKey = (jti: string) => `sso-ticket:${jti}`;

/** The cookie holding a single sign-on waiting for its second factor (encrypted with AUTH_SECRET, as a session is). */
export function ssoTicketCookieName() {
  return authCookieName("sso-pending");
}

async function issueSsoTicket(pending: NonNullable<SsoAttempt["pending"]>) {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  const name = ssoTicketCookieName();
  const value = await encode({
    token: { sub: pending.userId, epoch: pending.epoch, jti: randomUUID(), ...(pending.link ? { link: pending.link } : {}) },
    secret,
    salt: name,
    maxAge: TICKET_SECONDS,
  });
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${TICKET_SECONDS}${authConfig.useSecureCookies ? "; Secure" : ""}`;
}

/** The person a ticket names, while it lasts and their sessions were not ended since; null otherwise. */
export async function readSsoTicket(
  value: string | undefined,
): Promise<{ userId: string; jti: string; email: string; name: string; sessionEpoch: number; link: PendingLink | null } | null> {
  const secret = process.env.AUTH_SECRET;
  if (!value || !secret || value.length > 4096) return null;
  const token = await decode({ token: value, secret, salt: ssoTicketCookieName() }).catch(() => null);
  if (!token || typeof token.sub !== "string" || typeof token.jti !== "string" || typeof token.epoch !== "number") return null;
  const [user, used] = await Promise.all([
    db.user.findUnique({ where: { id: token.sub }, select: { id: true, email: true, name: true, sessionEpoch: true } }),
    peekRateLimit(db, ticketKey(token.jti), TICKET_SECONDS * 2),
  ]);
  if (!user || user.sessionEpoch !== token.epoch || used.count > 0) return null;
  const link = token.link as Partial<PendingLink> | undefined;
  return {
    userId: user.id,
    jti: token.jti,
    email: user.email,
    name: user.name,
    sessionEpoch: user.sessionEpoch,
    link: typeof link?.subject === "string" ? { subject: link.subject, name: typeof link.name === "string" ? link.name : "" } : null,
  };
}

/** The ticket cookie's value in a Cookie header. */
export function ssoTicketFrom(cookieHeader: string | null): string | undefined {
  return cookieFrom(cookieHeader, ssoTicketCookieName()) ?? undefined;
}

export type SsoSecondStep =
  | { ok: true; user: SsoPerson; method: "totp" | "recovery_code" | "passkey" }
  | { ok: false; reason: "expired" | "locked" | "invalid" | "reused"; methods?: { totp: boolean; passkey: boolean } };

/**
 * The second step of a single sign-on: the code or passkey of the person the ticket names, checked and counted
 * as after a password (lib/auth/credentials.ts). A ticket signs in once; a wrong factor leaves it for another try
 * until it expires.
 */
export async function completeSsoSignIn(
  ticketValue: string | undefined,
  input: { code?: string; passkey?: string },
  meta: Meta & { rp: RelyingParty | null },
  config: SsoConfig | null = ssoConfig(),
): Promise<SsoSecondStep> {
  const ticket = await readSsoTicket(ticketValue);
  if (!ticket) return { ok: false, reason: "expired" };
  const actor = { type: "USER" as const, id: ticket.userId, label: ticket.email, ip: meta.ip, userAgent: meta.userAgent };
  const methods = await secondFactors(ticket.userId);
  if (!input.code && !input.passkey) return { ok: false, reason: "invalid", methods };
  const checked = input.passkey
    ? await secondFactorPasskey(ticket.userId, input.passkey, methods.passkey ? meta.rp : null, actor)
    : await verifySecondFactor(ticket.userId, input.code!, actor, { address: addressBucket(meta.ip) });
  if (!checked.ok) return { ok: false, reason: checked.reason, methods };
  // Taken once: a copy of the cookie with another code signs in no one.
  const [used] = await hitRateLimits(db, [ticketKey(ticket.jti)], TICKET_SECONDS * 2);
  if (used.count > 1) return { ok: false, reason: "expired" };
  // The identity the provider answered with is linked now that the person proved themselves.
  if (ticket.link && (!config || !(await linkIdentity(ticket.userId, ticket.link, actor, config)))) return { ok: false, reason: "expired" };
  await recordAudit(db, actor, { action: "auth.sign_in", details: { method: "sso", secondFactor: checked.method } });
  return {
    ok: true,
    user: { id: ticket.userId, email: ticket.email, name: ticket.name, sessionEpoch: ticket.sessionEpoch },
    method: checked.method,
  };
}

/** The sign-in page's words for each refusal. */
export const SSO_MESSAGES: Record<SsoRefusal | "cancelled", string> = {
  unverified: "Your identity provider has not verified your email address, so it cannot sign you in here. Verify it there, then try again.",
  unknown: "No account here uses your email address. Ask an administrator to invite you, then sign in again.",
  linked_elsewhere:
    "Your email address here is linked to another account at your identity provider. Sign in with that one, or ask an administrator.",
  locked: "Too many failed attempts. Wait 15 minutes, then try again.",
  failed: "Single sign-on did not complete. Try again; if it keeps failing, tell your administrator.",
  cancelled: "Single sign-on was cancelled.",
  expired: "Your single sign-on expired before the second step. Sign in again.",
  second_factor: "Your identity provider signed you in. Finish with your second factor.",
};
