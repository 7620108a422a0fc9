import "server-only";
import { resolveToolConfig } from "@/lib/tools/resolve";
import type { ApiContext, ApiReply } from "./app";
import { ApiError } from "./errors";

/** GET /v1/tools/{tool}/config: every parameter, secret references resolved or with the reason why not. */
export async function apiToolConfig(context: ApiContext, toolKey: string): Promise<ApiReply> {
  const result = await resolveToolConfig(context, toolKey);
  if (!result.ok) throw new ApiError(404, "not_found", result.message);
  const { ok: _ok, ...body } = result;
  const outcomes = Object.fromEntries(body.parameters.filter((p) => p.fromSecret).map((p) => [p.key, p.status]));
  return { body, target: { type: "tool", id: body.tool, name: body.name, details: { complete: body.complete, outcomes } } };
}
