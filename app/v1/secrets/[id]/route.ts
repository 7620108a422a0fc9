import { apiHandler, json, readBody, requireUuidParam } from "@/lib/api/http";
import { apiGetSecret, apiUpdateSecret } from "@/lib/secrets/api";
import { apiUpdateSecretSchema } from "@/lib/validation/api";

type Params = { id: string };

/** GET /v1/secrets/{id} — with `secretString` only when the token may read it and it is Active. */
export const GET = apiHandler<Params>("secrets.get", async (context, _request, { id }) =>
  json(await apiGetSecret(context, requireUuidParam(id))),
);

/** PUT /v1/secrets/{id} {"secretDefinition": {...}} — manage scope and write access; a new secretString makes a new version. */
export const PUT = apiHandler<Params>("secrets.update", async (context, request, { id }) => {
  const secretId = requireUuidParam(id);
  const body = await readBody(request, apiUpdateSecretSchema);
  return json(await apiUpdateSecret(context, secretId, body));
});
