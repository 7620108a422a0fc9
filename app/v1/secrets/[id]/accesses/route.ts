import { apiHandler, json, readBody, requireUuidParam } from "@/lib/api/http";
import { apiGetAccesses, apiSetAccesses } from "@/lib/secrets/api";
import { apiAccessListSchema } from "@/lib/validation/api";

type Params = { id: string };

/** GET /v1/secrets/{id}/accesses — {"secretDefinition": {"accessList": [...]}}. */
export const GET = apiHandler<Params>("secrets.accesses.get", async (context, _request, { id }) =>
  json(await apiGetAccesses(context, requireUuidParam(id))),
);

/** POST /v1/secrets/{id}/accesses — replaces the list; manage scope. */
export const POST = apiHandler<Params>("secrets.accesses.set", async (context, request, { id }) => {
  const secretId = requireUuidParam(id);
  const body = await readBody(request, apiAccessListSchema);
  return json(await apiSetAccesses(context, secretId, body));
});
