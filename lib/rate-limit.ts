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
  return (await hitRateLimits(db, [key], windowSeconds))[0];
}

/**
 * Counts one hit on each key in one statement (rows locked in key order, so
 * concurrent callers never deadlock) and returns each window's count after it.
 */
export async function hitRateLimits(db: Tx, keys: string[], windowSeconds: number): Promise<RateLimitState[]> {
  const rows = await db.$queryRaw<{ key: string; count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimitBucket" AS b ("key", "windowStart", "count")
    SELECT k, now(), 1 FROM unnest(${keys}::text[]) AS k ORDER BY k
    ON CONFLICT ("key") DO UPDATE SET
      "windowStart" = CASE WHEN b."windowStart" <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE b."windowStart" END,
      "count" = CASE WHEN b."windowStart" <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE b."count" + 1 END
    RETURNING b."key", b."count", b."windowStart"`;
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return keys.map((key) => rateLimitState(byKey.get(key)!, windowSeconds));
}

/** The first counter over its ceiling (`ceilings` in the counters' order), or null when all are within theirs. */
export function firstOver(states: RateLimitState[], ceilings: number[]): RateLimitState | null {
  return states.find((state, i) => state.count > ceilings[i]) ?? null;
}

/** Gives back one hit on each key (a sign-in that succeeded was counted as an attempt). */
export async function undoRateLimitHit(db: Tx, keys: string[]) {
  await db.$executeRaw`
    UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0)
    WHERE "key" IN (SELECT k FROM unnest(${keys}::text[]) AS k ORDER BY k)`;
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

/** No window is longer than this; counters older than it count nothing and are deleted. */
const STALE_AFTER_SECONDS = 24 * 60 * 60;
let lastPrune = 0;

/** Deletes counters whose window ended long ago, at most every ten minutes per process. */
export async function pruneStaleRateLimits(db: Tx, now = Date.now()) {
  if (now - lastPrune < 10 * 60 * 1000) return 0;
  lastPrune = now;
  return db.$executeRaw`DELETE FROM "RateLimitBucket" WHERE "windowStart" < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`;
}

export function rateLimitState(row: { count: number; windowStart: Date }, windowSeconds: number): RateLimitState {
  const ends = row.windowStart.getTime() + windowSeconds * 1000;
  return { count: Number(row.count), retryAfterSeconds: Math.max(1, Math.ceil((ends - Date.now()) / 1000)) };
}
