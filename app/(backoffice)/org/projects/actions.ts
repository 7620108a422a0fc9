"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeOrgAdmin, userActor } from "@/lib/authz/session";
import { createProject } from "@/lib/projects/projects";

/** Creates a project and names its first administrator (organization administrators only). */
export async function createProjectAction(input: unknown): Promise<ActionResult<{ projectId: string }>> {
  const result = await runAction("createProject", async () => {
    const { user, org } = await authorizeOrgAdmin();
    return createProject(org.organizationId, input, await userActor(user));
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
