"use server";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { signIn } from "@/lib/auth";
import { clientAddressFrom } from "@/lib/http/client-address";
import { acceptInvitation } from "@/lib/members/invitations";

/**
 * Sets the invited person's name and password (the link works once), then
 * signs them in with that password: they land in their project. Should the
 * sign-in itself be refused (its rate limits), the password is still set and
 * they are told to sign in.
 */
export async function acceptInvitationAction(token: string, input: unknown): Promise<ActionResult<{ email: string }>> {
  const result = await runAction("acceptInvitation", async () => {
    const h = await headers();
    // A server action's arguments are whatever the caller sends: anything but a string is no link.
    return acceptInvitation(typeof token === "string" ? token : "", input, { ip: clientAddressFrom(h), userAgent: h.get("user-agent") });
  });
  if (!result.ok) return result;
  const password = (input as { password?: unknown }).password;
  try {
    // Succeeds with Next's redirect to the backoffice, which is thrown on purpose.
    await signIn("credentials", { email: result.email, password, redirectTo: "/" });
  } catch (error) {
    // The redirect of a successful sign-in goes on to Next; any other failure leaves the password set: sign in by hand.
    unstable_rethrow(error);
    if (!(error instanceof AuthError)) {
      console.error(
        JSON.stringify({ level: "error", action: "acceptInvitation", msg: "sign-in after accepting failed", error: String(error) }),
      );
    }
  }
  return result;
}
