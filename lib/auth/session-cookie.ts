import "server-only";
import { decode, encode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { authConfig, authCookieName, cookieFrom, SESSION_MAX_AGE_SECONDS } from "./config";
import { checkSessionToken } from "./sessions";

/** Auth.js's session cookie: its name (also the JWT's key-derivation salt) and options, as Auth.js sets them. */
function sessionCookie() {
  const secure = authConfig.useSecureCookies;
  return {
    name: authCookieName("session-token"),
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure, maxAge: SESSION_MAX_AGE_SECONDS },
  };
}

/**
 * Gives this browser a new session after a change that ended every session of its user (a password change, a
 * second factor enrolled or removed): a new session id and epoch, minted here on the server and set as Auth.js's
 * cookie. It keeps the sign-in time of the session it replaces (`signedInAt`, seconds): a session still lasts
 * 12 hours from the person's sign-in, and a change does not make a sign-in look recent. Nothing a client sends can obtain one: no copy of the old cookie goes on working, this
 * browser's included, and the person who just proved their password stays signed in.
 */
export async function issueSession(user: { id: string; email: string; name: string }, epoch: number, signedInAt: number) {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  const { name, options } = sessionCookie();
  const session = { sid: crypto.randomUUID(), authTime: signedInAt, epoch };
  const token = await encode({
    token: { sub: user.id, name: user.name, email: user.email, ...session },
    secret,
    salt: name,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(name, token, options);
  return session;
}

/** A session token's claims, as the app reads them. */
export type SessionClaims = { sub: string; sid: string; authTime: number; epoch: number };

/**
 * The session this very request issued (issueSession), if any. Next re-renders the page in the response of a
 * server action that set a cookie, and Auth.js reads the request's headers there, which still carry the old
 * cookie (refused from the change on); this reads the cookie as set, checked as any session is.
 */
export async function sessionIssuedInThisRequest(): Promise<SessionClaims | null> {
  const { name } = sessionCookie();
  const value = (await cookies()).get(name)?.value;
  if (!value || !process.env.AUTH_SECRET) return null;
  if (cookieFrom((await headers()).get("cookie"), name) === value) return null;
  const token = await decode({ token: value, secret: process.env.AUTH_SECRET, salt: name }).catch(() => null);
  const checked = token ? await checkSessionToken(token) : null;
  if (!checked) return null;
  const { sub, sid, authTime, epoch } = checked as Partial<SessionClaims>;
  return typeof sub === "string" && typeof sid === "string" && typeof authTime === "number"
    ? { sub, sid, authTime, epoch: typeof epoch === "number" ? epoch : 0 }
    : null;
}
