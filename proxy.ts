import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

// Only a courtesy redirect for signed-out visitors: every page, action and
// route handler checks the session and the permissions itself.
const { auth } = NextAuth(authConfig);
export default auth;

export const config = {
  matcher: ["/((?!api/auth|login|invite|v1/|_next/static|_next/image|favicon.ico|health).*)"],
};
