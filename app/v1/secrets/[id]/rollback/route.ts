import { apiHandler, json, readBody, requireUuidParam } from "@/lib/api/http";
import { apiRollbackSecret } from "@/lib/secrets/api";
import { apiRollbackSchema } from "@/lib/validation/api";

/** POST /v1/secrets/{id}/rollback {"version": n} — version n's value becomes a new version; manage scope and write access. */
export const POST = apiHandler<{ id: string }>("secrets.rollback", async (context, request, { id }) => {
  const secretId = requireUuidParam(id);
  const body = await readBody(request, apiRollbackSchema);
  return json(await apiRollbackSecret(context, secretId, body));
});
