"use server";
import { orgAction } from "@/lib/actions";
import { invitationUrl } from "@/lib/members/invitation-url";
import { makeProjectAdministrator, reissueInvitation } from "@/lib/organization/members";

/** Organization administrators only: make someone a Project Administrator of any project. */
export const makeProjectAdminAction = orgAction({ name: "makeProjectAdmin" }, (ctx, input: unknown) =>
  makeProjectAdministrator(ctx.organizationId, input, ctx.actor),
);

/** Organization administrators only: a new invitation link for someone who has not set a password yet. */
export const reissueInvitationAction = orgAction({ name: "reissueInvitation", refresh: false }, async (ctx, input: unknown) => {
  const result = await reissueInvitation(ctx.organizationId, input, ctx.actor);
  return result.ok ? { ok: true as const, invitationUrl: await invitationUrl(result.invitationToken) } : result;
});
