import "server-only";
import type { Tx } from "@/lib/db";

/**
 * Fixed-window counters kept in PostgreSQL, so a limit holds across every
 * app instance. One atomic upsert per hit (the API counts its calls in
 * lib/tokens/tokens.ts, in the statement that checks the token).
 */
export type RateLimitState = { count: number; retryAfterSeconds: number };

/** Counts one hit on `key` in a window of `windowSeconds` and returns the window's count. */
export async function hitRateLimit(db: Tx, key: string, windowSeconds: number): Promise<RateLimitState> {
  const rows = await db.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, now(), 1)
    ON CONFLICT ("key") DO UPDATE SET
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE "RateLimitBucket"."windowStart" END,
      "count" = CASE WHEN "RateLimitBucket"."windowStart" <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE "RateLimitBucket"."count" + 1 END
    RETURNING "count", "windowStart"`;
  return rateLimitState(rows[0], windowSeconds);
}

/** The current window's count for `key` without counting a hit. */
export async function peekRateLimit(db: Tx, key: string, windowSeconds: number): Promise<RateLimitState> {
  const row = await db.rateLimitBucket.findUnique({ where: { key } });
  if (!row || row.windowStart.getTime() <= Date.now() - windowSeconds * 1000) return { count: 0, retryAfterSeconds: 0 };
  return rateLimitState(row, windowSeconds);
}

export async function resetRateLimit(db: Tx, key: string) {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}

export function rateLimitState(row: { count: number; windowStart: Date }, windowSeconds: number): RateLimitState {
  const ends = row.windowStart.getTime() + windowSeconds * 1000;
  return { count: Number(row.count), retryAfterSeconds: Math.max(1, Math.ceil((ends - Date.now()) / 1000)) };
}
