import "server-only";
import { invalidInput, type ActionResult } from "@/lib/action-result";
import { db } from "@/lib/db";
import { z } from "zod";
import { resolveToolConfig } from "./resolve";
import type { AuthorizedProject } from "@/lib/authz/context";

const playgroundSchema = z.object({ toolKey: z.string().min(1, "Choose a tool."), tokenId: z.uuid("Choose an API token.") });

/** What the Playground shows for every served secret value, whatever the value. */
export const MASKED = "•••••••• (served, masked)";

export type PlaygroundParameter = { key: string; fromSecret: boolean; secretName?: string; status: string; shown: string };

/**
 * Runs a tool's resolution exactly as one of the project's tokens would, and
 * returns each parameter's outcome with secret values masked. Audited as the
 * person, through the token.
 */
export async function runPlayground(
  ctx: AuthorizedProject,
  input: unknown,
): Promise<ActionResult<{ complete: boolean; parameters: PlaygroundParameter[] }>> {
  const parsed = playgroundSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const token = await db.apiToken.findFirst({
    where: { id: parsed.data.tokenId, projectId: ctx.projectId },
    select: { id: true, name: true, scope: true, revokedAt: true, expiresAt: true },
  });
  if (!token) return { ok: false, code: "not_found", message: "This token does not exist in this project." };
  if (token.revokedAt)
    return { ok: false, code: "invalid_state", message: `"${token.name}" is revoked: every call with it gets 401 token_revoked.` };
  if (token.expiresAt && token.expiresAt <= new Date())
    return { ok: false, code: "invalid_state", message: `"${token.name}" has expired: every call with it gets 401 token_expired.` };
  const result = await resolveToolConfig(
    {
      grant: { tokenId: token.id, projectId: ctx.projectId, scope: token.scope },
      actor: { ...ctx.actor, label: `${ctx.actor.label} (Playground, as ${token.name})` },
    },
    parsed.data.toolKey,
  );
  if (!result.ok) return result;
  return {
    ok: true,
    complete: result.complete,
    parameters: result.parameters.map((p) => ({
      key: p.key,
      fromSecret: p.fromSecret,
      secretName: p.secretName,
      status: p.status,
      // A masked value says only that it was served: not even its length (a length narrows a guess).
      shown: p.value === null ? "—" : p.fromSecret ? MASKED : String(p.value),
    })),
  };
}
