import "server-only";
import { headers } from "next/headers";
import { publicUrl } from "@/lib/http/security-headers";

/**
 * The absolute link of an invitation: on PUBLIC_URL when it is set, else on
 * the address the administrator uses (the front listener only passes on a
 * Host it checked, and forwarded ones only from TRUSTED_PROXIES).
 */
export async function invitationUrl(token: string) {
  const configured = publicUrl();
  if (configured) return new URL(`/invite/${token}`, configured).toString();
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}/invite/${token}`;
}
