import { createHash, randomBytes } from "node:crypto";
import { request, type APIRequestContext } from "@playwright/test";
import { connectE2EDatabase } from "./database";
import { E2E } from "./environment";

/**
 * Issues an API token straight into the end-to-end database, stored the way
 * the app stores them (SHA-256 of the token). The token UI has its own spec.
 */
export async function issueToken(projectId: string, options: { scope?: "READ" | "MANAGE"; expiresAt?: Date | null; name?: string } = {}) {
  const token = `eai_${randomBytes(32).toString("base64url")}`;
  const db = await connectE2EDatabase();
  try {
    const { rows } = await db.query(
      `INSERT INTO "ApiToken" (id, "projectId", name, prefix, "tokenHash", scope, "expiresAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        projectId,
        options.name ?? `e2e ${Date.now()}`,
        token.slice(0, 10),
        createHash("sha256").update(token).digest("hex"),
        options.scope ?? "READ",
        options.expiresAt ?? null,
      ],
    );
    return { token, id: rows[0].id as string };
  } finally {
    await db.end();
  }
}

/** A request context that sends the token as a bearer. */
export function apiAs(token: string | null): Promise<APIRequestContext> {
  return request.newContext({
    baseURL: E2E.baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
  });
}
