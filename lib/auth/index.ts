import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { isDatabaseUnavailable } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address";
import { authConfig } from "./config";
import { authenticate, authenticateWithPasskey, type SecondFactorMethods, type SignInMeta } from "./credentials";
import { relyingPartyFrom } from "./passkeys";
import { checkSessionToken } from "./sessions";
import { admitSsoSignIn, completeSsoSignIn, noteSsoFailure, ssoConfig, ssoTicketFrom, type SsoConfig } from "./sso";

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

/** Thrown to the sign-in action when a single sign-on's second step came too late (or its ticket was used). */
export class SsoExpired extends CredentialsSignin {
  code = "sso_expired";
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

/**
 * The single sign-on provider (lib/auth/sso.ts), when configured: OpenID Connect with state, PKCE and nonce
 * checked; the person's email and whether it is verified come from the provider's user info, whose subject
 * must be the ID token's.
 */
function ssoProvider(config: SsoConfig) {
  return {
    id: "oidc",
    name: config.name,
    type: "oidc" as const,
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    checks: ["pkce", "state", "nonce"] as ("pkce" | "state" | "nonce")[],
    idToken: false,
    authorization: { params: { scope: "openid email profile" } },
    profile(profile: Record<string, unknown>) {
      return { id: String(profile.sub), email: typeof profile.email === "string" ? profile.email : null, name: null };
    },
  };
}

const sso = ssoConfig();

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  pages: { ...authConfig.pages, error: "/login" },
  callbacks: {
    ...authConfig.callbacks,
    // Who a single sign-on is here (lib/auth/sso.ts): the provider's identity becomes one of our people, or no one.
    async signIn({ user, account, profile }) {
      if (account?.provider !== "oidc") return true;
      const admitted = sso ? await admitSsoSignIn(profile, sso) : ({ ok: false, reason: "failed" } as const);
      if (!admitted.ok) return `/login?sso=${admitted.reason}`;
      Object.assign(user, admitted.person);
      return true;
    },
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
      noteSsoFailure(error);
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
    warn() {},
  },
  providers: [
    ...(sso ? [ssoProvider(sso)] : []),
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
    // The second factor after a single sign-on (lib/auth/sso.ts): the provider's part is in the ticket cookie.
    ...(sso
      ? [
          Credentials({
            id: "sso-second-factor",
            name: "Single sign-on, second factor",
            credentials: { code: { label: "Code" }, passkey: { label: "Passkey" } },
            async authorize(credentials, request) {
              const meta = signInMeta(request);
              const code = typeof credentials?.code === "string" && credentials.code ? credentials.code : undefined;
              const passkey = typeof credentials?.passkey === "string" && credentials.passkey ? credentials.passkey : undefined;
              const result = await completeSsoSignIn(
                ssoTicketFrom(request?.headers.get("cookie") ?? null),
                { code, passkey },
                { ip: meta.ip, userAgent: meta.userAgent, rp: meta.rp ?? null },
              );
              if (result.ok) return result.user;
              if (result.reason === "locked") throw new TooManyAttempts();
              if (result.reason === "expired" || !result.methods) throw new SsoExpired();
              throw new SecondFactorNeeded(result.reason === "reused" ? "reused" : code || passkey ? "invalid" : undefined, result.methods);
            },
          }),
        ]
      : []),
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
