/**
 * The benchmark's yardstick: the least a "get one secret" endpoint can do —
 * plain node:http, pg, one indexed query, one AES-256-GCM decrypt — and the
 * least a "tool config" can: one query for the tool's settings with their
 * secrets' current versions, a decrypt per secret. No auth, no policy, no
 * audit. Started by bench/api.ts with DATABASE_URL, DATA_KEY (hex),
 * PROJECT_ID and PORT.
 */
import { createDecipheriv } from "node:crypto";
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const key = Buffer.from(process.env.DATA_KEY, "hex");

function open(row) {
  const decipher = createDecipheriv("aes-256-gcm", key, row.iv);
  decipher.setAAD(Buffer.from(`secret:${row.projectId}:${row.id}:v${row.version}`));
  decipher.setAuthTag(row.ciphertext.subarray(row.ciphertext.length - 16));
  return Buffer.concat([decipher.update(row.ciphertext.subarray(0, row.ciphertext.length - 16)), decipher.final()]).toString();
}

async function getSecret(id, res) {
  const { rows } = await pool.query(
    `SELECT s.id, s."projectId", s.name, s.version, v.ciphertext, v.iv FROM "Secret" s JOIN "SecretVersion" v ON v."secretId" = s.id AND v.version = s.version WHERE s.id = $1`,
    [id],
  );
  if (!rows.length) return res.writeHead(404).end();
  const row = rows[0];
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id, name: row.name, secretString: open(row) }));
}

async function toolConfig(tool, res) {
  const { rows } = await pool.query(
    `SELECT t."paramKey", t.value, s.id, s."projectId", s.version, v.ciphertext, v.iv
     FROM "ToolSetting" t
     LEFT JOIN "Secret" s ON s."projectId" = t."projectId" AND s."nameKey" = lower(t."secretName")
     LEFT JOIN "SecretVersion" v ON v."secretId" = s.id AND v.version = s.version
     WHERE t."projectId" = $1 AND t."toolKey" = $2`,
    [process.env.PROJECT_ID, tool],
  );
  const config = Object.fromEntries(rows.map((row) => [row.paramKey, row.id ? open(row) : row.value]));
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ tool, config }));
}

const server = http.createServer(async (req, res) => {
  const parts = (req.url ?? "").split("/");
  try {
    if (parts[1] === "tools") await toolConfig(parts[2], res);
    else await getSecret(parts.pop(), res);
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
