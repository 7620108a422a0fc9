import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js configuration without any database import, shared
 * by the proxy (which only redirects signed-out visitors) and lib/auth.
 */
export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [],
  callbacks: {
    authorized({ auth }) {
      return Boolean(auth?.user);
    },
    jwt({ token, user }) {
      // At sign-in only: a random session id that sign-out can revoke (lib/auth/sessions.ts).
      if (user?.id) {
        token.sub = user.id;
        token.sid = crypto.randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      (session as { sid?: string }).sid = typeof token.sid === "string" ? token.sid : undefined;
      return session;
    },
  },
} satisfies NextAuthConfig;
