"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeOrgAdmin, userActor } from "@/lib/authz/session";
import { invitationUrl } from "@/lib/members/invitation-url";
import { makeProjectAdministrator, reissueInvitation } from "@/lib/organization/members";

/** Organization administrators only: make someone a Project Administrator of any project. */
export async function makeProjectAdminAction(input: unknown): Promise<ActionResult> {
  const result = await runAction("makeProjectAdmin", async () => {
    const { user, org } = await authorizeOrgAdmin();
    return makeProjectAdministrator(org.organizationId, input, await userActor(user));
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Organization administrators only: a new invitation link for someone who has not set a password yet. */
export async function reissueInvitationAction(input: unknown): Promise<ActionResult<{ invitationUrl: string }>> {
  return runAction("reissueInvitation", async () => {
    const { user, org } = await authorizeOrgAdmin();
    const result = await reissueInvitation(org.organizationId, input, await userActor(user));
    return result.ok ? { ok: true as const, invitationUrl: await invitationUrl(result.invitationToken) } : result;
  });
}
