import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth/config";
import { pageCsp, servedOverHttps } from "@/lib/http/security-headers";

// Every page gets a Content Security Policy with a fresh nonce (Next's
// documented pattern: Next reads the nonce from the request's policy and puts
// it on its scripts). The sign-in redirect for signed-out visitors is only a
// courtesy: every page, action and route handler checks the session and the
// permissions itself.
const { auth } = NextAuth({ ...authConfig, callbacks: { ...authConfig.callbacks, authorized: () => true } });

const PUBLIC = /^\/(?:api\/auth(?:\/|$)|login(?:\/|$)|invite\/|health$)/;

export default auth((request) => {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === "development", https: servedOverHttps() });
  const { pathname } = request.nextUrl;
  let response: NextResponse;
  if (!request.auth?.user && !PUBLIC.test(pathname)) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/login";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", pathname + request.nextUrl.search);
    response = NextResponse.redirect(signIn);
  } else {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("Content-Security-Policy", csp);
  return response;
});

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
