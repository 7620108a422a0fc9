"use server";
import { signOut } from "@/lib/auth";
import { revokeSession } from "@/lib/auth/sessions";
import { getCurrentUser, getSessionId } from "@/lib/authz/session";

/**
 * Signs out: the session cookie is cleared, and this session's token stops
 * being accepted, even a copy of the cookie.
 */
export async function signOutAction() {
  const [user, sid] = await Promise.all([getCurrentUser(), getSessionId()]);
  if (user && sid) await revokeSession(user.id, sid);
  await signOut({ redirectTo: "/login" });
}
