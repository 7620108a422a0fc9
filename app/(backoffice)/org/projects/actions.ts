"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeOrgAdmin, userActor } from "@/lib/authz/session";
import { invitationUrl } from "@/lib/members/invitation-url";
import { createProject } from "@/lib/projects/projects";

/** Creates a project and names its first administrator, inviting a new person (organization administrators only). */
export async function createProjectAction(input: unknown): Promise<ActionResult<{ projectId: string; invitationUrl: string | null }>> {
  const result = await runAction("createProject", async () => {
    const { user, org } = await authorizeOrgAdmin();
    const created = await createProject(org.organizationId, input, await userActor(user));
    if (!created.ok) return created;
    return {
      ok: true as const,
      projectId: created.projectId,
      invitationUrl: created.invitationToken ? await invitationUrl(created.invitationToken) : null,
    };
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
