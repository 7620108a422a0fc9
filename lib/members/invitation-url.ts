import "server-only";
import { headers } from "next/headers";

/** The absolute link of an invitation, on the address the administrator uses. */
export async function invitationUrl(token: string) {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}/invite/${token}`;
}
