import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { isDatabaseUnavailable } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address";
import { authConfig } from "./config";
import { authenticate, authenticateWithPasskey, type SecondFactorMethods, type SignInMeta } from "./credentials";
import { relyingPartyFrom } from "./passkeys";
import { checkSessionToken } from "./sessions";

/** Thrown to the sign-in action when the account or address is locked. */
export class TooManyAttempts extends CredentialsSignin {
  code = "locked";
}

/**
 * Thrown to the sign-in action when the password was right and a second factor is needed (or was wrong or used);
 * its code names the factors the account offers, e.g. "second_factor:totp+passkey".
 */
export class SecondFactorNeeded extends CredentialsSignin {
  constructor(refusal: "invalid" | "reused" | undefined, methods: SecondFactorMethods) {
    super();
    const offered = [methods.totp && "totp", methods.passkey && "passkey"].filter(Boolean).join("+");
    this.code = `${refusal === "reused" ? "second_factor_reused" : refusal ? "second_factor_wrong" : "second_factor"}:${offered}`;
  }
}

/** The sign-in request's address, agent and relying party (for passkeys). */
function signInMeta(request: Request | undefined): SignInMeta {
  const headers = request?.headers;
  return {
    ip: headers ? clientAddressFrom(headers) : "unknown",
    userAgent: headers?.get("user-agent") ?? null,
    rp: headers ? relyingPartyFrom(headers) : null,
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  callbacks: {
    ...authConfig.callbacks,
    // Here, with the database at hand, a signed-out session is refused too: the session endpoint
    // (/api/auth/session) and every auth() call then clear the cookie instead of re-signing it.
    async jwt(params) {
      const token = await authConfig.callbacks.jwt(params);
      if (!token || params.user) return token;
      try {
        return await checkSessionToken(token);
      } catch (error) {
        // The database cannot say whether it was signed out: keep the cookie (pages and actions fail on their
        // own database reads meanwhile) rather than sign everyone out during an outage.
        if (isDatabaseUnavailable(error)) return token;
        throw error;
      }
    },
  },
  // Auth.js logs every failed sign-in as an error with its stack; a wrong
  // password is not a server error. Real errors are still logged.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
    warn() {},
  },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email" },
        password: { label: "Password", type: "password" },
        code: { label: "Code" },
        passkey: { label: "Passkey" },
      },
      async authorize(credentials, request) {
        const result = await authenticate(credentials, signInMeta(request));
        if (result.ok) return result.user;
        if (result.reason === "locked") throw new TooManyAttempts();
        if (result.reason === "second_factor") throw new SecondFactorNeeded(result.refusal, result.methods);
        return null;
      },
    }),
    // A passkey alone (lib/auth/passkeys.ts): the browser's assertion, checked against the stored public key.
    Credentials({
      id: "passkey",
      name: "Passkey",
      credentials: { passkey: { label: "Passkey" } },
      async authorize(credentials, request) {
        const result = await authenticateWithPasskey(credentials?.passkey, signInMeta(request));
        if (result.ok) return result.user;
        if (result.reason === "locked") throw new TooManyAttempts();
        return null;
      },
    }),
  ],
});
