import { NextResponse, type NextRequest } from "next/server";
import { pageCsp, servedOverHttps } from "@/lib/http/security-headers";

// Every page gets a Content Security Policy with a fresh nonce (Next's
// documented pattern: Next reads the nonce from the request's policy and puts
// it on its scripts). A visitor without a session cookie is sent to sign in:
// only a courtesy, every page, action and route handler checks the session
// and the permissions from the database itself. The proxy never reads or
// re-signs the session (a signed-out session must not be refreshed here).
const PUBLIC = /^\/(?:api\/auth(?:\/|$)|login(?:\/|$)|invite\/|health$|robots\.txt$|favicon\.svg$|mark\.svg$)/;
const SESSION_COOKIE = /^(?:__Secure-)?authjs\.session-token(?:\.\d+)?$/;

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === "development", https: servedOverHttps() });
  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  if (!PUBLIC.test(pathname) && !request.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name))) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/login";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", pathname + search);
    response = NextResponse.redirect(signIn);
  } else {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!v1/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
