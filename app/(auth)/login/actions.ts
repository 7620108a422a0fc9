"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { invalidInput, type ActionResult } from "@/lib/action-result";
import { signIn } from "@/lib/auth";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { headers } from "next/headers";
import { addressBucket } from "@/lib/auth/credentials";
import { NO_RELYING_PARTY, relyingPartyFrom, startPasskeySignIn } from "@/lib/auth/passkeys";
import { SSO_MESSAGES, ssoConfig } from "@/lib/auth/sso";
import { passkeySignInSchema, signInSchema, ssoSecondFactorSchema } from "@/lib/auth/schema";
import { db } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address";
import { hitRateLimits } from "@/lib/rate-limit";

/** A refusal that asks for the second factor, with the factors the account offers. */
export type SignInActionResult =
  ActionResult | (Extract<ActionResult, { ok: false }> & { secondFactor: true; methods: { totp: boolean; passkey: boolean } });

/**
 * Signs in with email and password — and, for an account with a second factor, the code or passkey asked for
 * once the password was right — or with a passkey alone (`{ passkey }`); redirects on success.
 */
export async function signInAction(input: unknown, callbackUrl?: string): Promise<SignInActionResult> {
  const redirectTo = safeRedirectPath(callbackUrl);
  const passkeyOnly = passkeySignInSchema.safeParse(input);
  const afterSso = passkeyOnly.success ? null : ssoSecondFactorSchema.safeParse(input);
  const parsed = passkeyOnly.success || afterSso?.success ? null : signInSchema.safeParse(input);
  if (parsed && !parsed.success) return invalidInput(parsed.error, "Enter your email and password.");
  try {
    if (passkeyOnly.success) await signIn("passkey", { passkey: passkeyOnly.data.passkey, redirectTo });
    else if (afterSso?.success) {
      if (!ssoConfig()) return { ok: false, code: "invalid_state", message: "Single sign-on is not set up here." };
      await signIn("sso-second-factor", { code: afterSso.data.code ?? "", passkey: afterSso.data.passkey ?? "", redirectTo });
    } else await signIn("credentials", { ...parsed!.data, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "locked") {
      return { ok: false, code: "forbidden", message: "Too many failed attempts. Wait 15 minutes, then try again." };
    }
    if (error instanceof CredentialsSignin && error.code === "sso_expired") {
      return { ok: false, code: "stale", message: SSO_MESSAGES.expired };
    }
    const [kind, offered = ""] = error instanceof CredentialsSignin ? error.code.split(":") : [];
    if (SECOND_FACTOR_KINDS.has(kind)) {
      const methods = { totp: offered.split("+").includes("totp"), passkey: offered.split("+").includes("passkey") };
      return { ok: false, code: "forbidden", message: secondFactorMessage(kind, methods), secondFactor: true, methods };
    }
    if (error instanceof AuthError) {
      return {
        ok: false,
        code: "forbidden",
        message: passkeyOnly.success ? "This passkey did not sign you in. Try again, or use your password." : "Invalid email or password.",
      };
    }
    // Next's redirect after a successful sign-in is thrown too.
    throw error;
  }
  return { ok: true };
}

const SECOND_FACTOR_KINDS = new Set(["second_factor", "second_factor_wrong", "second_factor_reused"]);

function secondFactorMessage(kind: string, methods: { totp: boolean; passkey: boolean }): string {
  const ask =
    methods.totp && methods.passkey
      ? "Enter the six-digit code from your authenticator app or a recovery code, or use your passkey."
      : methods.passkey
        ? "Use your passkey to finish signing in."
        : "Enter the six-digit code from your authenticator app, or a recovery code.";
  if (kind === "second_factor_reused") return "That code was used already. Wait for the app's next code.";
  if (kind === "second_factor_wrong") return methods.totp ? `That code is not right. ${ask}` : `That passkey did not check out. ${ask}`;
  return ask;
}

/** Starts single sign-on: Auth.js redirects the browser to the identity provider (state, PKCE and nonce set). */
export async function ssoSignInAction(callbackUrl?: string): Promise<ActionResult> {
  if (!ssoConfig()) return { ok: false, code: "invalid_state", message: "Single sign-on is not set up here." };
  // Next's redirect to the provider is thrown.
  await signIn("oidc", { redirectTo: safeRedirectPath(typeof callbackUrl === "string" ? callbackUrl : undefined) });
  return { ok: true };
}

/** The options for this browser to sign in with a passkey, and the challenge's id; a few per address and minute. */
export async function startPasskeySignInAction(): Promise<
  ActionResult<{ options: PublicKeyCredentialRequestOptionsJSON; challengeId: string }>
> {
  const requestHeaders = await headers();
  const rp = relyingPartyFrom(requestHeaders);
  if (!rp) return { ok: false, code: "invalid_state", message: NO_RELYING_PARTY };
  const [state] = await hitRateLimits(db, [`passkey-challenge:${addressBucket(clientAddressFrom(requestHeaders))}`], 15 * 60);
  if (state.count > PASSKEY_CHALLENGES_PER_ADDRESS) {
    return { ok: false, code: "forbidden", message: "Too many passkey attempts from here. Wait 15 minutes, then try again." };
  }
  return { ok: true, ...(await startPasskeySignIn(rp)) };
}

/** Passkey ceremonies one address may start in 15 minutes (each stores a challenge for five). */
const PASSKEY_CHALLENGES_PER_ADDRESS = 60;

/** Only a path of this site: an absolute callback URL keeps its path, never its host. */
function safeRedirectPath(callbackUrl: string | undefined): string {
  if (!callbackUrl) return "/";
  try {
    const url = new URL(callbackUrl, "http://local.invalid");
    const path = url.pathname + url.search;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/login") ? path : "/";
  } catch {
    return "/";
  }
}
