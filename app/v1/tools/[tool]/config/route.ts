import { apiHandler, json } from "@/lib/api/http";
import { resolveToolConfig } from "@/lib/tools/resolve";

/** GET /v1/tools/{tool}/config — every parameter, secret references resolved or with the reason why not. */
export const GET = apiHandler<{ tool: string }>("tools.config", async (context, _request, { tool }) =>
  json(await resolveToolConfig(context, tool)),
);
