"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { invalidInput, type ActionResult } from "@/lib/action-result";
import { signIn } from "@/lib/auth";
import { signInSchema } from "@/lib/auth/schema";

export type SignInActionResult = ActionResult | (Extract<ActionResult, { ok: false }> & { secondFactor: true });

/**
 * Signs in with email and password — and, for an account with two-factor sign-in, the code asked for once the
 * password was right; redirects on success.
 */
export async function signInAction(input: unknown, callbackUrl?: string): Promise<SignInActionResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error, "Enter your email and password.");
  const redirectTo = safeRedirectPath(callbackUrl);
  try {
    await signIn("credentials", { ...parsed.data, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "locked") {
      return { ok: false, code: "forbidden", message: "Too many failed attempts. Wait 15 minutes, then try again." };
    }
    if (error instanceof CredentialsSignin && error.code in SECOND_FACTOR_MESSAGES) {
      return { ok: false, code: "forbidden", message: SECOND_FACTOR_MESSAGES[error.code], secondFactor: true };
    }
    if (error instanceof AuthError) return { ok: false, code: "forbidden", message: "Invalid email or password." };
    // Next's redirect after a successful sign-in is thrown too.
    throw error;
  }
  return { ok: true };
}

const SECOND_FACTOR_MESSAGES: Record<string, string> = {
  second_factor: "Enter the six-digit code from your authenticator app, or a recovery code.",
  second_factor_wrong: "That code is not right. Enter the code the app shows now, or a recovery code.",
  second_factor_reused: "That code was used already. Wait for the app's next code.",
};

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
