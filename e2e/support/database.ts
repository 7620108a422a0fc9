import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { E2E } from "./environment";

/**
 * A client on the end-to-end server's own embedded database. Refuses any
 * database that is not on this machine, so fixtures can never touch a real one.
 */
export async function connectE2EDatabase() {
  const url = readFileSync(path.join(E2E.dataDir, "database-url"), "utf8").trim();
  const { hostname } = new URL(url);
  if (!["127.0.0.1", "localhost", "::1"].includes(hostname)) {
    throw new Error(`Refusing to seed end-to-end fixtures into ${hostname}: only a local database is allowed.`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}
