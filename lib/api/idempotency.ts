import "server-only";
import { fingerprintUnderDataKey } from "@/lib/crypto/secret-envelope";
import { sql } from "@/lib/db";
import type { ApiReply } from "./app";
import { API_ERROR_STATUS, ApiError, type ApiErrorCode } from "./errors";

/**
 * Idempotency-Key for `POST /v1/secrets`: a program that retries a create
 * after a timeout or a 503 sends the same key, and gets the first answer
 * again instead of a second secret. Keys belong to the token that sent them
 * and live 24 hours. The first request claims its key before it creates
 * anything; its answer (201, or a refusal below 500) is stored for the
 * retries; a failure of the server (5xx) releases the key so a retry runs
 * afresh. A claim whose request never finished (the process died between
 * the create and storing its answer) is taken over after a minute; the
 * retry then finds the secret its first send created (its create's audit
 * event carries the key, lib/api/secrets.ts) and answers with it. A
 * fingerprint made before a data-key rotation is compared under its own key.
 */

export const IDEMPOTENCY_HOURS = 24;
const ABANDONED_AFTER_SECONDS = 60;

type Stored = { requestHash: string; status: number | null; response: unknown };

export async function withIdempotency(
  token: { tokenId: string; projectId: string },
  key: string | undefined,
  request: unknown,
  run: () => Promise<ApiReply>,
): Promise<ApiReply> {
  if (key === undefined) return run();
  const { tokenId } = token;
  // The body holds the value: its fingerprint is keyed (never a plain hash of a value in the database).
  const text = JSON.stringify(request);
  const requestHash = await fingerprintUnderDataKey(token.projectId, text);
  const { rows } = await sql.query<{ claimedAt: string }>({
    name: "api-idempotency-claim",
    text: `INSERT INTO "ApiIdempotencyKey" ("tokenId", "key", "requestHash") VALUES ($1, $2, $3)
           ON CONFLICT ("tokenId", "key") DO UPDATE SET "requestHash" = EXCLUDED."requestHash", "status" = NULL, "response" = NULL, "createdAt" = now()
           WHERE "ApiIdempotencyKey"."createdAt" < now() - make_interval(hours => $4)
              OR ("ApiIdempotencyKey"."status" IS NULL AND "ApiIdempotencyKey"."requestHash" = EXCLUDED."requestHash"
                  AND "ApiIdempotencyKey"."createdAt" < now() - make_interval(secs => $5))
           RETURNING "createdAt"::text AS "claimedAt"`,
    values: [tokenId, key, requestHash, IDEMPOTENCY_HOURS, ABANDONED_AFTER_SECONDS],
  });
  if (!rows.length) {
    const answer = await replay(tokenId, key, requestHash, (stored) => sameRequest(stored, requestHash, token.projectId, text));
    // Released by a server failure a moment ago: this request runs afresh.
    return answer ?? withIdempotency(token, key, request, run);
  }

  // This token's expired keys go now (a key lives 24 hours; nothing else purges them).
  await sql.query({
    name: "api-idempotency-purge",
    text: `DELETE FROM "ApiIdempotencyKey" WHERE "tokenId" = $1 AND "createdAt" < now() - make_interval(hours => $2)`,
    values: [tokenId, IDEMPOTENCY_HOURS],
  });
  // Writes below touch the key only while this request still holds its claim (a retry may have taken over).
  const claim = { tokenId, key, claimedAt: rows[0].claimedAt };
  let reply: ApiReply;
  try {
    reply = await run();
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) {
      await store(claim, error.status, { error: { code: error.code, message: error.message } });
    } else {
      await sql.query({
        text: `DELETE FROM "ApiIdempotencyKey" WHERE "tokenId" = $1 AND "key" = $2 AND "createdAt" = $3::timestamp AND "status" IS NULL`,
        values: [tokenId, key, claim.claimedAt],
      });
    }
    throw error;
  }
  await store(claim, reply.status ?? 200, reply.body);
  return reply;
}

async function store(claim: { tokenId: string; key: string; claimedAt: string }, status: number, response: unknown) {
  await sql.query({
    text: `UPDATE "ApiIdempotencyKey" SET "status" = $4, "response" = $5
           WHERE "tokenId" = $1 AND "key" = $2 AND "createdAt" = $3::timestamp AND "status" IS NULL`,
    values: [claim.tokenId, claim.key, claim.claimedAt, status, JSON.stringify(response)],
  });
}

/**
 * Whether a stored fingerprint is this request's: the same, or — when the project's data key was rotated
 * since — the same under the key version it was made with.
 */
async function sameRequest(stored: string, current: string, projectId: string, text: string): Promise<boolean> {
  if (stored === current) return true;
  // Stored before fingerprints named their key version (within a day of the upgrade): under the active key.
  if (!stored.includes(":")) return stored === current.slice(current.indexOf(":") + 1);
  const version = Number(stored.slice(0, stored.indexOf(":")));
  if (!Number.isInteger(version) || version < 1 || stored.startsWith(`${current.slice(0, current.indexOf(":"))}:`)) return false;
  try {
    return (await fingerprintUnderDataKey(projectId, text, version)) === stored;
  } catch {
    return false; // that key version is gone: another request as far as anyone can tell
  }
}

/** The answer to a retry: the first request's answer, or why there is none (yet); null when the key was released. */
async function replay(
  tokenId: string,
  key: string,
  requestHash: string,
  isSameRequest: (stored: string) => Promise<boolean>,
): Promise<ApiReply | null> {
  const { rows } = await sql.query<Stored & { abandoned: boolean }>({
    text: `SELECT "requestHash", "status", "response", "createdAt" < now() - make_interval(secs => $3) AS "abandoned"
           FROM "ApiIdempotencyKey" WHERE "tokenId" = $1 AND "key" = $2`,
    values: [tokenId, key, ABANDONED_AFTER_SECONDS],
  });
  const stored = rows[0];
  if (!stored) return null;
  if (!(await isSameRequest(stored.requestHash))) {
    throw new ApiError(
      422,
      "invalid_request",
      "This Idempotency-Key was used by this token for a different request; send a new key with a new request.",
    );
  }
  if (stored.status === null && stored.abandoned && stored.requestHash !== requestHash) {
    // Abandoned before a data-key rotation: restate its fingerprint under today's key, and the claim (which
    // compares fingerprints) takes it over on the next try.
    await sql.query({
      text: `UPDATE "ApiIdempotencyKey" SET "requestHash" = $4 WHERE "tokenId" = $1 AND "key" = $2 AND "requestHash" = $3 AND "status" IS NULL`,
      values: [tokenId, key, stored.requestHash, requestHash],
    });
    return null;
  }
  if (stored.status === null) {
    throw new ApiError(409, "conflict", "The request first sent with this Idempotency-Key is still in progress; retry in a moment.", {
      "Retry-After": "1",
    });
  }
  const headers = { "Idempotent-Replayed": "true" };
  if (stored.status >= 400) {
    const { error } = stored.response as { error: { code: ApiErrorCode; message: string } };
    // The request log marks it as a replay too (the first refusal is logged as it happened).
    throw new ApiError(API_ERROR_STATUS[error.code] ?? stored.status, error.code, error.message, headers, {
      type: "secret",
      details: { idempotentReplay: true },
    });
  }
  const body = stored.response as { id: string; name: string; version: number };
  return {
    status: stored.status as 200 | 201,
    body,
    target: { type: "secret", id: body.id, name: body.name, details: { idempotentReplay: true } },
    headers: { ...headers, ETag: `"${body.version}"` },
  };
}
