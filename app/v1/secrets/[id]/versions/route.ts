import { apiHandler, json, requireUuidParam } from "@/lib/api/http";
import { apiListVersions } from "@/lib/secrets/api";

/** GET /v1/secrets/{id}/versions — the stored versions, newest first; never values. */
export const GET = apiHandler<{ id: string }>("secrets.versions", async (context, _request, { id }) =>
  json(await apiListVersions(context, requireUuidParam(id))),
);
