"use server";
import { signOut } from "@/lib/auth";
import { revokeSession } from "@/lib/auth/sessions";
import { getCurrentUser, getSessionId } from "@/lib/authz/session";

/**
 * Signs out: the session cookie is cleared, and this session's token stops
 * being accepted, even a copy of the cookie.
 */
export async function signOutAction() {
  const [user, session] = await Promise.all([getCurrentUser(), getSessionId()]);
  if (user && session) await revokeSession(user.id, session.sid, session.authTime);
  await signOut({ redirectTo: "/login" });
}
