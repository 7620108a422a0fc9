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

/** Tables whose content a denied call must leave exactly as it was (audit events and counters are expected to grow). */
export const GUARDED_TABLES = [
  "Organization",
  "OrganizationMember",
  "User",
  "Project",
  "Role",
  "ProjectMember",
  "ProjectMemberRole",
  "Secret",
  "SecretVersion",
  "SecretAccess",
  "Invitation",
  "ApiToken",
  "ToolSetting",
];

/** A fingerprint of every guarded table: equal before and after means the call changed nothing. */
export async function snapshot(db: pg.Client) {
  const parts: string[] = [];
  for (const table of GUARDED_TABLES) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h FROM "${table}" t`,
    );
    parts.push(`${table}:${rows[0].n}:${rows[0].h}`);
  }
  return parts;
}
