"use server";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeProjectAction } from "@/lib/authz/guard";
import { runPlayground, type PlaygroundParameter } from "@/lib/tools/playground";

/** Resolves a tool's settings as one of the project's tokens; values come back masked. */
export async function runPlaygroundAction(
  projectId: string,
  input: unknown,
): Promise<ActionResult<{ complete: boolean; parameters: PlaygroundParameter[] }>> {
  return runAction("runPlayground", async () =>
    runPlayground(await authorizeProjectAction(projectId, "tokens.manage", "tool.playground"), input),
  );
}
