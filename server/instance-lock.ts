import "server-only";
import pg from "pg";

/**
 * Who is serving, as PostgreSQL sees it. Every running instance holds one
 * shared advisory lock on its own connection for as long as it serves; a
 * master key rotation takes the same lock exclusively for its whole run. So
 * the rotation refuses to start while any instance serves (it would leave
 * data keys wrapped by a key the instances no longer have), and an instance
 * refuses to start while a rotation runs. A lock dies with its connection:
 * a killed instance holds nothing.
 */
const LOCK = [0x5ec2e75, 1] as const;

export class InstanceLockError extends Error {}

type Log = (line: string) => void;

/**
 * Holds the serving lock until stop(), reconnecting when the connection
 * drops; throws when a rotation runs. Should a rotation have started while
 * the connection was down, `onRotation` is called: the instance must stop
 * serving, its keys may be stale.
 */
export async function holdServingLock(databaseUrl: string, log: Log, onRotation: (error: InstanceLockError) => void = () => {}) {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function acquire(first: boolean) {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: "secrets-instance" });
    next.on("error", () => {});
    await next.connect();
    const { rows } = await next.query<{ ok: boolean }>("SELECT pg_try_advisory_lock_shared($1, $2) AS ok", [...LOCK]);
    if (!rows[0].ok) {
      await next.end().catch(() => {});
      throw new InstanceLockError(
        first
          ? "A master key rotation (npm run keys:rotate-master) is running on this database; start the app when it has finished."
          : "A master key rotation is running on this database.",
      );
    }
    client = next;
    // The connection dropped (the database restarted, say): hold the lock again as soon as it is back.
    next.once("end", () => {
      client = null;
      if (!stopped) schedule();
    });
  }

  function schedule() {
    retry = setTimeout(() => {
      acquire(false).catch((error) => {
        if (error instanceof InstanceLockError) return onRotation(error);
        log(`Could not hold the serving lock again yet (${(error as Error).message}); retrying.`);
        schedule();
      });
    }, 2000);
  }

  await acquire(true);
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client as pg.Client | null;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}

/**
 * Runs `work` holding the lock exclusively (a master key rotation), or
 * refuses, saying how many instances serve.
 */
export async function withNoInstanceServing<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "secrets-key-rotation" });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [...LOCK]);
    if (!rows[0].ok) {
      const { rows: holders } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted`,
        [...LOCK],
      );
      throw new InstanceLockError(
        `${holders[0].n} instance(s) of the app are serving from this database (or another rotation runs). ` +
          "Stop every instance first: a master key rotation needs them stopped. Nothing was changed.",
      );
    }
    return await work();
  } finally {
    await client.end().catch(() => {});
  }
}
