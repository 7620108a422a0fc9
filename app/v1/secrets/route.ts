import { apiHandler, ApiError, json, readBody } from "@/lib/api/http";
import { apiCreateSecret, apiListSecrets } from "@/lib/secrets/api";
import { apiCreateSecretSchema, apiListQuerySchema } from "@/lib/validation/api";

/** GET /v1/secrets?name=&id=&start=0&count=10 — the project's secrets, never values. */
export const GET = apiHandler("secrets.list", async (context, request) => {
  const parsed = apiListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new ApiError(422, "invalid_request", parsed.error.issues[0].message);
  return json(await apiListSecrets(context, parsed.data));
});

/** POST /v1/secrets {"secretDefinition": {name, secretString, description?, status?}} — manage scope. */
export const POST = apiHandler("secrets.create", async (context, request) => {
  const body = await readBody(request, apiCreateSecretSchema);
  return json(await apiCreateSecret(context, body), 201);
});
