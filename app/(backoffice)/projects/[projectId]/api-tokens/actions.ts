"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeProjectAction } from "@/lib/authz/guard";
import { isUuid } from "@/lib/authz/session";
import { createApiToken, revokeApiToken } from "@/lib/tokens/tokens";

/** Creates a project API token; the token itself is returned this once. */
export async function createApiTokenAction(projectId: string, input: unknown): Promise<ActionResult<{ tokenId: string; token: string }>> {
  const result = await runAction("createApiToken", async () =>
    createApiToken(await authorizeProjectAction(projectId, "tokens.manage", "token.create"), input),
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function revokeApiTokenAction(projectId: string, tokenId: string): Promise<ActionResult<{ name: string }>> {
  if (!isUuid(tokenId)) return { ok: false, code: "not_found", message: "This token does not exist in this project." };
  const result = await runAction("revokeApiToken", async () =>
    revokeApiToken(await authorizeProjectAction(projectId, "tokens.manage", "token.revoke", { type: "token", id: tokenId }), tokenId),
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}
