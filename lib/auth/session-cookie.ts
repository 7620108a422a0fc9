import "server-only";
import { encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { authConfig, SESSION_MAX_AGE_SECONDS } from "./config";

/** Auth.js's session cookie: its name (also the JWT's key-derivation salt) and options, as Auth.js sets them. */
function sessionCookie() {
  const secure = authConfig.useSecureCookies;
  return {
    name: `${secure ? "__Secure-" : ""}authjs.session-token`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure, maxAge: SESSION_MAX_AGE_SECONDS },
  };
}

/**
 * Gives this browser a new session after a change that ended every session of its user (a password change, a
 * second factor enrolled or removed): a new session id, sign-in time and epoch, minted here on the server and set
 * as Auth.js's cookie. Nothing a client sends can obtain one: no copy of the old cookie goes on working, this
 * browser's included, and the person who just proved their password stays signed in.
 */
export async function issueSession(user: { id: string; email: string; name: string }, epoch: number) {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  const { name, options } = sessionCookie();
  const session = { sid: crypto.randomUUID(), authTime: Math.floor(Date.now() / 1000), epoch };
  const token = await encode({
    token: { sub: user.id, name: user.name, email: user.email, ...session },
    secret,
    salt: name,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(name, token, options);
  return session;
}
