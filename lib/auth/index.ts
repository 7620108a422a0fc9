import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { isDatabaseUnavailable } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address";
import { authConfig } from "./config";
import { authenticate } from "./credentials";
import { checkSessionToken } from "./sessions";

/** Thrown to the sign-in action when the account or address is locked. */
export class TooManyAttempts extends CredentialsSignin {
  code = "locked";
}

/** Thrown to the sign-in action when the password was right and a second factor is needed (or was wrong). */
export class SecondFactorNeeded extends CredentialsSignin {
  code = "second_factor";
}
export class SecondFactorWrong extends CredentialsSignin {
  code = "second_factor_wrong";
}
export class SecondFactorReused extends CredentialsSignin {
  code = "second_factor_reused";
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
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" }, code: { label: "Code" } },
      async authorize(credentials, request) {
        const headers = request?.headers;
        const ip = headers ? clientAddressFrom(headers) : "unknown";
        const result = await authenticate(credentials, { ip, userAgent: headers?.get("user-agent") ?? null });
        if (result.ok) return result.user;
        if (result.reason === "locked") throw new TooManyAttempts();
        if (result.reason === "second_factor") {
          throw result.refusal === "reused"
            ? new SecondFactorReused()
            : result.refusal
              ? new SecondFactorWrong()
              : new SecondFactorNeeded();
        }
        return null;
      },
    }),
  ],
});
