import "server-only";
import { NextRequest } from "next/server";
import { publicOriginFrom } from "@/lib/http/client-address";
import { handlers } from "./index";

/**
 * Auth.js's endpoints, seeing the request at the address the browser used:
 * every URL they build (redirects after sign-in or sign-out, callback URLs)
 * is on the public origin, never Next's internal loopback port.
 */
function atPublicOrigin(request: NextRequest) {
  const origin = publicOriginFrom(request.headers);
  if (!origin) return request;
  return new NextRequest(new URL(request.nextUrl.pathname + request.nextUrl.search, origin), request);
}

export const GET = (request: NextRequest) => handlers.GET(atPublicOrigin(request));
export const POST = (request: NextRequest) => handlers.POST(atPublicOrigin(request));
