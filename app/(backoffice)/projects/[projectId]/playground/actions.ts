"use server";
import { projectAction } from "@/lib/actions";
import { runPlayground } from "@/lib/tools/playground";

/** Resolves a tool's settings as one of the project's tokens; values come back masked. */
export const runPlaygroundAction = projectAction(
  { name: "runPlayground", permission: "tokens.manage", audit: "tool.playground", refresh: false },
  (ctx, input: unknown) => runPlayground(ctx, input),
);
