import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, Prisma } from "@/lib/generated/prisma/client";

export { Prisma };
export type Db = PrismaClient;
/** A client or an interactive transaction: what domain functions accept. */
export type Tx = Prisma.TransactionClient | PrismaClient;

/** Creates the connection pool and a Prisma client over it (pg driver adapter, no native engine). */
export function createDatabase(connectionString: string) {
  const pool = new pg.Pool({
    connectionString,
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    // Prisma keeps DateTime columns (timestamp without time zone) in UTC; so do the sessions and the raw queries.
    options: "-c TimeZone=UTC",
    types: {
      getTypeParser: (oid: number, format?: string) =>
        oid === TIMESTAMP_OID ? parseUtcTimestamp : pg.types.getTypeParser(oid, format as never),
    } as never,
  });
  // A connection that fails while idle (the server restarted) is dropped by the pool and replaced on next use.
  pool.on("error", (error) =>
    console.error(JSON.stringify({ level: "warn", msg: "An idle database connection was closed", error: error.message })),
  );
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
}

const TIMESTAMP_OID = 1114;
const parseUtcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);

const globalForDb = globalThis as unknown as { database?: ReturnType<typeof createDatabase> };
const database = globalForDb.database ?? createDatabase(process.env.DATABASE_URL ?? "");
// Kept across hot reloads in development, so that each reload does not open another pool.
if (process.env.NODE_ENV !== "production") globalForDb.database = database;

/** The one Prisma client of the app process. */
export const db: PrismaClient = database.prisma;

/**
 * The same connection pool, for the few statements on the REST API's hot
 * path, where Prisma's per-query work costs more than the query itself
 * (see bench/api.ts). Everything else goes through `db`.
 */
export const sql: pg.Pool = database.pool;

/** Closes the app's connections (tests, and the end of scripts). */
export async function closeDatabase() {
  await db.$disconnect();
  if (!sql.ended) await sql.end();
}

/** True when `error` is a unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Error codes that mean "the database cannot be reached or is not serving", from Node, PostgreSQL and Prisma. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, connection exceptions, too many connections
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "53300",
  // Prisma: cannot reach, timed out, server closed the connection, no connection from the pool in time
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  // Prisma: no transaction could be started (pool exhausted, server gone); PostgreSQL: statement timeout, read-only after a failover
  "P2028",
  "57014",
  "25006",
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|not queryable|ECONNREFUSED|ECONNRESET|terminating connection|database system is (?:shutting down|starting up|in recovery|not yet accepting)|Server has closed the connection|Can't reach database server|Cannot use a pool after calling end|timeout exceeded when trying to connect|Connection closed|connection is closed|the connection pool was ended/i;

/**
 * True when `error` (or anything in its cause chain) says the database is
 * down or unreachable, rather than that the request was wrong: callers answer
 * 503 with Retry-After, and nothing was changed by the failed statement.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    const adapter = e.meta?.driverAdapterError as { cause?: { originalCode?: unknown; kind?: unknown } } | undefined;
    if (adapter?.cause && typeof adapter.cause.originalCode === "string" && UNAVAILABLE_CODES.has(adapter.cause.originalCode)) return true;
    current = e.cause ?? adapter;
  }
  return false;
}
