import "server-only";
import type { NextRequest } from "next/server";
import { publicOriginFrom } from "@/lib/http/client-address";
import { handlers } from "./index";
import { isSsoCallback, ssoCallback, ssoConfig } from "./sso";

/**
 * Auth.js's endpoints, seeing the request at the address the browser used:
 * every URL they build (redirects after sign-in or sign-out, callback URLs)
 * is on the public origin, never Next's internal loopback port. A plain
 * Request, because a NextRequest would rewrite 127.0.0.1 to localhost — another
 * origin for the browser, and its cookies.
 */
async function atPublicOrigin(request: NextRequest): Promise<NextRequest> {
  const origin = publicOriginFrom(request.headers);
  if (!origin) return request;
  const url = new URL(request.nextUrl.pathname + request.nextUrl.search, origin);
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  // Auth.js reads only what a Fetch Request has (next-auth's reqWithEnvURL touches nextUrl only when AUTH_URL is set).
  return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal }) as NextRequest;
}

/** Auth.js's answer; the single sign-on provider's answers are counted and audited around it (lib/auth/sso.ts). */
async function handle(request: NextRequest, handler: (request: NextRequest) => Promise<Response>) {
  const atOrigin = await atPublicOrigin(request);
  if (ssoConfig() && isSsoCallback(new URL(atOrigin.url))) return ssoCallback(atOrigin, () => handler(atOrigin));
  return handler(atOrigin);
}

export const GET = (request: NextRequest) => handle(request, handlers.GET);
export const POST = (request: NextRequest) => handle(request, handlers.POST);
