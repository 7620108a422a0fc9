"use server";
import { orgAction } from "@/lib/actions";
import { invitationUrl } from "@/lib/members/invitation-url";
import { createProject } from "@/lib/projects/projects";

/** Creates a project and names its first administrator, inviting a new person (organization administrators only). */
export const createProjectAction = orgAction({ name: "createProject" }, async (ctx, input: unknown) => {
  const created = await createProject(ctx.organizationId, input, ctx.actor);
  if (!created.ok) return created;
  return {
    ok: true as const,
    projectId: created.projectId,
    invitationUrl: created.invitationToken ? await invitationUrl(created.invitationToken) : null,
  };
});
