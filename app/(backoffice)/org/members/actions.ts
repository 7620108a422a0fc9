"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeOrgAdmin, userActor } from "@/lib/authz/session";
import { makeProjectAdministrator } from "@/lib/organization/members";

/** Organization administrators only: make someone a Project Administrator of any project. */
export async function makeProjectAdminAction(input: unknown): Promise<ActionResult> {
  const result = await runAction("makeProjectAdmin", async () => {
    const { user, org } = await authorizeOrgAdmin();
    return makeProjectAdministrator(org.organizationId, input, await userActor(user));
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
