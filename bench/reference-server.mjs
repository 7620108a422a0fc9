/**
 * The benchmark's yardstick: the least a "get one secret" endpoint can do —
 * plain node:http, pg, one indexed query, one AES-256-GCM decrypt. No auth,
 * no policy, no audit. Started by bench/api.ts with DATABASE_URL, DATA_KEY
 * (hex) and PORT.
 */
import { createDecipheriv } from "node:crypto";
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const key = Buffer.from(process.env.DATA_KEY, "hex");

const server = http.createServer(async (req, res) => {
  const id = req.url?.split("/").pop();
  try {
    const { rows } = await pool.query(
      `SELECT s."projectId", s.name, s.version, v.ciphertext, v.iv FROM "Secret" s JOIN "SecretVersion" v ON v."secretId" = s.id AND v.version = s.version WHERE s.id = $1`,
      [id],
    );
    if (!rows.length) {
      res.writeHead(404).end();
      return;
    }
    const row = rows[0];
    const decipher = createDecipheriv("aes-256-gcm", key, row.iv);
    decipher.setAAD(Buffer.from(`secret:${row.projectId}:${id}:v${row.version}`));
    decipher.setAuthTag(row.ciphertext.subarray(row.ciphertext.length - 16));
    const value = Buffer.concat([decipher.update(row.ciphertext.subarray(0, row.ciphertext.length - 16)), decipher.final()]).toString();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id, name: row.name, secretString: value }));
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
