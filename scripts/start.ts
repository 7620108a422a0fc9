/**
 * The one entry point: `npm start` (production), `npm run dev`, and
 * `npm run db:migrate`. On a fresh machine it generates the local keys,
 * starts the embedded PostgreSQL (unless DATABASE_URL is set), applies the
 * migrations, checks the master key against the database, seeds the first
 * administrator, builds when needed and serves the app. Ctrl-C stops the app
 * and the database together.
 *
 * The launcher owns its children: when the Next process or the embedded
 * PostgreSQL stops on its own, it stops the rest and exits with a code that
 * says which (EXIT below); when the launcher itself is killed, the Next
 * process (scripts/child-guard.cjs) and a small guardian process
 * (scripts/guardian.mjs) stop what it left. An unhandled error anywhere in
 * the launcher is logged and stops the whole service: never half alive.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import net from "node:net";
import path from "node:path";
import { getMasterKeyProvider } from "@/lib/crypto/master-key";
import { verifyMasterKey } from "@/lib/crypto/key-check";
import { applyMigrations } from "@/lib/db/migrate";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/server/embedded-postgres";
import { clientAddressProof, parseTrustedProxies } from "@/lib/http/client-address";
import { startFrontServer } from "@/server/front-server";
import { holdServingLock, withNoInstanceServing } from "@/server/instance-lock";
import { prepareLocalConfig } from "@/server/local-config";
import { seedFirstStart } from "@/server/seed";

type Mode = "start" | "dev" | "migrate" | "rotate-master-key" | "rotate-data-keys";
const SERVING: Mode[] = ["start", "dev"];
const mode = (process.argv[2] ?? "start") as Mode;

/** Exit codes (README "Running it"). */
const EXIT = { ok: 0, startFailed: 1, appStopped: 3, databaseStopped: 4, keyRotation: 5, internalError: 70 } as const;

// A secrets product does not phone home: Next's telemetry is off for every command run from here.
process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const log = (line: string) => console.log(`[secrets] ${line}`);
const fail = (line: string): never => {
  console.error(`[secrets] ${line}`);
  process.exit(EXIT.startFailed);
};

let database: EmbeddedDatabase | undefined;
let app: ChildProcess | undefined;
let front: Server | undefined;
let stopping = false;
let guardian: ChildProcess | undefined;
let servingLock: { stop: () => Promise<void> } | undefined;

async function main() {
  if (!["start", "dev", "migrate", "rotate-master-key", "rotate-data-keys"].includes(mode))
    fail(`Unknown mode "${mode}": use start, dev, migrate, rotate-master-key or rotate-data-keys.`);
  const env = process.env;
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? "127.0.0.1";
  if (SERVING.includes(mode)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a number from 1 to 65535, not "${env.PORT}".`);
    await assertPortFree(port, host);
  }

  if (SERVING.includes(mode)) {
    try {
      parseTrustedProxies(env.TRUSTED_PROXIES);
    } catch (error) {
      fail((error as Error).message);
    }
  }

  const usesDataFolderKey = !env.MASTER_KEY && !env.MASTER_KEY_FILE;
  const { dataDir } = await prepareLocalConfig(env, log);
  let masterKey;
  try {
    masterKey = getMasterKeyProvider();
  } catch (error) {
    fail((error as Error).message);
  }

  if (mode === "start" && needsBuild()) {
    log("Building the app (first start, or the sources changed)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
    if (build.status !== 0) fail("The build failed; see the output above.");
  }

  if (env.DATABASE_URL) {
    checkDatabaseUrl(env.DATABASE_URL);
    log(`Using the PostgreSQL server of DATABASE_URL (${redact(env.DATABASE_URL)}).`);
  } else {
    log(`Starting the embedded PostgreSQL in ${path.join(dataDir, "postgres")}…`);
    database = await startEmbeddedPostgres(dataDir, { log });
    env.DATABASE_URL = database.url;
    database.onUnexpectedExit((code, signal) => {
      void shutdown(EXIT.databaseStopped, `The embedded PostgreSQL stopped unexpectedly (${signal ?? `code ${code}`}); stopping the app.`);
    });
    startGuardian({ postgresDir: database.clusterDir });
    // For tools on this machine (psql, the end-to-end fixtures); owner-only like the password it holds.
    await writeFile(path.join(dataDir, "database-url"), database.url + "\n", { mode: 0o600 });
  }

  // Imported only now: lib/db creates the app's client from DATABASE_URL when first loaded
  // (the /v1 routes served by this process use it).
  const { createDatabase } = await import("@/lib/db");
  // The launcher's own connections for the checks and the seed, closed before serving.
  const { prisma, pool } = createDatabase(env.DATABASE_URL);
  const closeSetupConnections = async () => {
    await prisma.$disconnect();
    await pool.end();
  };
  // A database that already has its key check is checked before anything, migrations included, is written.
  const [{ exists }] = await prisma.$queryRaw<{ exists: boolean }[]>`SELECT to_regclass('"KeyCheck"') IS NOT NULL AS "exists"`;
  // (A master key rotation checks the keys itself: it may find one half done.)
  if (exists && mode !== "rotate-master-key") {
    try {
      await verifyMasterKey(prisma, masterKey!);
    } catch (error) {
      await closeSetupConnections();
      return shutdown(1, (error as Error).message);
    }
  }

  try {
    const applied = await applyMigrations(env.DATABASE_URL, { log });
    log(applied.length ? `Applied ${applied.length} migration(s).` : "The database schema is up to date.");
  } catch (error) {
    await shutdown(1, `Migrations could not be applied: ${(error as Error).message}`);
  }
  if (mode === "migrate") {
    await closeSetupConnections();
    return shutdown(0);
  }
  if (mode === "rotate-master-key" || mode === "rotate-data-keys") {
    const { rotateMasterKeyCommand, rotateDataKeysCommand } = await import("@/server/key-commands");
    try {
      if (mode === "rotate-master-key") {
        await withNoInstanceServing(env.DATABASE_URL, () => rotateMasterKeyCommand(prisma, { env, dataDir, usesDataFolderKey, log }));
      } else await rotateDataKeysCommand(prisma, { projects: process.argv.slice(3), log });
    } catch (error) {
      await closeSetupConnections();
      return shutdown(1, (error as Error).message);
    }
    await closeSetupConnections();
    return shutdown(0, "Done.");
  }

  // Held while serving, taken before the key is checked: a master key rotation refuses to run meanwhile, and one
  // running now keeps this instance from starting (server/instance-lock.ts).
  try {
    servingLock = await holdServingLock(env.DATABASE_URL, log, (error) => {
      void shutdown(
        EXIT.keyRotation,
        `${error.message} This instance stops: its master key may be stale. Start it again when the rotation is done.`,
      );
    });
  } catch (error) {
    await closeSetupConnections();
    return shutdown(EXIT.startFailed, (error as Error).message);
  }

  try {
    const check = await verifyMasterKey(prisma, masterKey!);
    log(check === "created" ? `Recorded the master key check (${masterKey!.id}).` : `Master key ${masterKey!.id} matches the database.`);
    const seeded = await seedFirstStart(prisma, masterKey!, { adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD });
    if (seeded.created) {
      log(`Created the organization, the demo project and the first administrator ${seeded.adminEmail}.`);
      if (seeded.generatedPassword) {
        log(`Generated password for ${seeded.adminEmail} (shown once, set ADMIN_PASSWORD to choose it): ${seeded.generatedPassword}`);
      }
    }
  } catch (error) {
    await closeSetupConnections();
    return shutdown(1, (error as Error).message);
  }
  await closeSetupConnections();

  // In production a front listener serves /v1 itself and proxies the rest to Next on an internal port.
  const nextPort = mode === "dev" ? port : await freePort();
  const args = mode === "dev" ? ["dev", "-p", String(port), "-H", host] : ["start", "-p", String(nextPort), "-H", "127.0.0.1"];
  // Before Next starts, so that it inherits the proof the front listener sends with each client address.
  clientAddressProof();
  // SERVER_LOG_FILE keeps a copy of the server's output (the leak tests search it).
  const logFile = env.SERVER_LOG_FILE ? createWriteStream(env.SERVER_LOG_FILE, { flags: "a", mode: 0o600 }) : null;
  app = spawn(process.execPath, ["--require", path.join(root, "scripts", "child-guard.cjs"), nextBin, ...args], {
    stdio: logFile ? ["inherit", "pipe", "pipe", "ipc"] : ["inherit", "inherit", "inherit", "ipc"],
    env: { ...env, NODE_ENV: mode === "dev" ? "development" : "production" },
  });
  startGuardian({ appPid: app.pid });
  if (logFile) {
    app.stdout?.on("data", (chunk) => (process.stdout.write(chunk), logFile.write(chunk)));
    app.stderr?.on("data", (chunk) => (process.stderr.write(chunk), logFile.write(chunk)));
  }
  if (mode === "start") front = await startFrontServer({ host, port, nextPort, trustedProxies: env.TRUSTED_PROXIES });
  log(`Serving on http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
  app.on("exit", (code, signal) => {
    app = undefined;
    if (!stopping) void shutdown(EXIT.appStopped, `The app process stopped unexpectedly (${signal ?? `code ${code}`}); stopping the rest.`);
  });
}

/** Tells the guardian (started once, on first use) what to stop should this process vanish. */
function startGuardian(watch: { postgresDir?: string; appPid?: number }) {
  if (!guardian) {
    guardian = spawn(process.execPath, [path.join(root, "scripts", "guardian.mjs")], {
      // Its own process group: a signal to the launcher's group (Ctrl-C) is the launcher's to handle.
      detached: true,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    guardian.unref();
    guardian.on("error", () => {});
  }
  guardian.send?.(watch);
}

async function shutdown(code: number, message?: string): Promise<never> {
  stopping = true;
  if (message) (code ? console.error : console.log)(`[secrets] ${message}`);
  front?.close();
  if (app) {
    const child = app;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await servingLock?.stop();
  if (database) {
    await database.stop().catch(() => {});
    log("Stopped the embedded PostgreSQL.");
  }
  if (guardian?.connected) guardian.send({ done: true });
  process.exit(code);
}

// Anything thrown or rejected that nobody handled: logged, and the whole service stops.
process.on("unhandledRejection", (reason) => {
  console.error(
    JSON.stringify({ level: "fatal", msg: "unhandled rejection", error: reason instanceof Error ? reason.stack : String(reason) }),
  );
  if (!stopping) void shutdown(EXIT.internalError, "An internal error stopped the service (see the log above).");
});
process.on("uncaughtException", (error) => {
  console.error(JSON.stringify({ level: "fatal", msg: "uncaught exception", error: error.stack ?? String(error) }));
  if (!stopping) void shutdown(EXIT.internalError, "An internal error stopped the service (see the log above).");
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (!stopping) void shutdown(0);
  });
}

/** Builds when there is no build yet or a source file is newer than it. */
function needsBuild(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public", "proxy.ts", "next.config.ts", "postcss.config.mjs", "package-lock.json"];
  return sources.some((s) => newerThan(path.join(root, s), built));
}

function newerThan(file: string, time: number): boolean {
  if (!existsSync(file)) return false;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  if (file.endsWith(path.join("lib", "generated"))) return false;
  return readdirSync(file).some((entry) => newerThan(path.join(file, entry), time));
}

function checkDatabaseUrl(url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail("DATABASE_URL is not a valid URL. Expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE.");
  }
  if (!["postgres:", "postgresql:"].includes(parsed.protocol) || !parsed.hostname || parsed.pathname.length < 2) {
    fail("DATABASE_URL must look like postgresql://USER:PASSWORD@HOST:PORT/DATABASE.");
  }
}

function redact(url: string) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "invalid URL";
  }
}

function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      fail(
        error.code === "EADDRINUSE"
          ? `Port ${port} is already in use on ${host}. Stop what uses it or set PORT to another port.`
          : `Cannot listen on ${host}:${port} (${error.code}).`,
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

main().catch((error) => shutdown(EXIT.startFailed, `Start-up failed: ${(error as Error).stack ?? error}`));
