import type { NextAuthConfig } from "next-auth";
import { servedOverHttps } from "@/lib/http/security-headers";

/** How long a session lasts from sign-in, at most; using it does not extend it. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** The name of one of Auth.js's cookies ("session-token", "state"…), with the `__Secure-` prefix over HTTPS. */
export function authCookieName(name: string): string {
  return `${authConfig.useSecureCookies ? "__Secure-" : ""}authjs.${name}`;
}

/** One cookie's value in a Cookie header, or null. */
export function cookieFrom(cookieHeader: string | null, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(/;\s*/)) {
    if (part.startsWith(`${name}=`) && part.length > name.length + 1) return part.slice(name.length + 1);
  }
  return null;
}

/** A session's token, as the jwt callbacks see it. */
type SessionToken = { sub?: string; sid?: unknown; authTime?: unknown };

/**
 * False once a token is past its absolute lifetime, counted from sign-in.
 * Auth.js re-signs a token with a fresh expiry whenever it is used, so the
 * lifetime is kept in the token itself; a revoked session id thus needs
 * remembering only until SESSION_MAX_AGE_SECONDS after its sign-in.
 */
export function withinLifetime(value: object, now = Date.now()): boolean {
  const token = value as SessionToken;
  return typeof token.authTime === "number" && typeof token.sid === "string" && now / 1000 - token.authTime < SESSION_MAX_AGE_SECONDS;
}

/**
 * The part of the Auth.js configuration without any database import (lib/auth
 * adds the credentials provider and the revocation check). The proxy does not
 * use it: it only looks for a session cookie, and never re-signs one.
 */
export const authConfig = {
  trustHost: true,
  // PUBLIC_URL=https://… : cookies only over HTTPS (__Secure- names).
  useSecureCookies: servedOverHttps(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      // At sign-in only: a random session id that sign-out can revoke (lib/auth/sessions.ts), the sign-in time,
      // and the user's session epoch as read with the password (a later "sign out everywhere" raises it).
      if (user?.id) {
        token.sub = user.id;
        token.sid = crypto.randomUUID();
        token.authTime = Math.floor(Date.now() / 1000);
        token.epoch = (user as { sessionEpoch?: number }).sessionEpoch ?? 0;
        return token;
      }
      return withinLifetime(token) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      (session as { sid?: string }).sid = typeof token.sid === "string" ? token.sid : undefined;
      (session as { authTime?: number }).authTime = typeof token.authTime === "number" ? token.authTime : undefined;
      (session as { epoch?: number }).epoch = typeof token.epoch === "number" ? token.epoch : 0;
      return session;
    },
  },
} satisfies NextAuthConfig;
