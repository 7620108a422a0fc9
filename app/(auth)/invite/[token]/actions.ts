"use server";
import { headers } from "next/headers";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { clientAddressFrom } from "@/lib/http/client-address";
import { acceptInvitation } from "@/lib/members/invitations";

/** Sets the invited person's name and password; the link works once. */
export async function acceptInvitationAction(token: string, input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction("acceptInvitation", async () => {
    const h = await headers();
    return acceptInvitation(String(token), input, { ip: clientAddressFrom(h), userAgent: h.get("user-agent") });
  });
}
