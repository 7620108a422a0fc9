import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./support/test";

/**
 * `npm start` owns its children (issue 9, point 1): whichever of the
 * launcher, the Next process or the embedded PostgreSQL dies, the others stop
 * — no orphans, PostgreSQL shut down properly (its postmaster.pid removed) —
 * and the exit code says what happened. Each case starts its own instance on
 * a fresh data folder (the build is the suite's).
 */
type Tree = { launcher: number; next: number; postgres: number; all: number[] };

function processes() {
  return execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => Boolean(m))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
}

function tree(root: number): Tree | null {
  const all = processes();
  const below = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (below.has(p.ppid) && !below.has(p.pid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  const mine = all.filter((p) => below.has(p.pid));
  const launcher = mine.find((p) => /scripts\/start\.ts start/.test(p.args) && /--import/.test(p.args));
  const next = mine.find((p) => /^next-server|next\/dist\/bin\/next/.test(p.args));
  const postgres = mine.find((p) => /\/bin\/postgres -D/.test(p.args));
  return launcher && next && postgres ? { launcher: launcher.pid, next: next.pid, postgres: postgres.pid, all: [...below] } : null;
}

/** Running, and not a zombie waiting for a parent to reap it. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

async function freePort() {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startInstance() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "secrets-launcher-"));
  const port = await freePort();
  const child: ChildProcess = spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      SERVER_LOG_FILE: "",
      ADMIN_PASSWORD: "launcher-test-password",
    },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status, { timeout: 90_000, intervals: [500] })
    .toBe(200);
  let found: Tree | null = null;
  await expect.poll(() => (found = tree(child.pid!)) !== null, { timeout: 10_000 }).toBe(true);
  return { dataDir, port, child, exited, tree: found! as Tree, pidFile: path.join(dataDir, "postgres", "postmaster.pid") };
}

test.describe.configure({ mode: "serial" });

test("the launcher killed with SIGKILL: Next and PostgreSQL stop, PostgreSQL cleanly", async () => {
  test.setTimeout(150_000);
  const instance = await startInstance();
  process.kill(instance.tree.launcher, "SIGKILL");
  await expect.poll(() => instance.tree.all.filter(alive), { timeout: 30_000 }).toEqual([]);
  expect(existsSync(instance.pidFile), "postmaster.pid left behind: PostgreSQL did not shut down cleanly").toBe(false);
  rmSync(instance.dataDir, { recursive: true, force: true });
});

test("the Next process dies: the launcher stops PostgreSQL cleanly and exits with code 3", async () => {
  test.setTimeout(150_000);
  const instance = await startInstance();
  process.kill(instance.tree.next, "SIGKILL");
  expect(await instance.exited).toBe(3);
  await expect.poll(() => instance.tree.all.filter(alive), { timeout: 30_000 }).toEqual([]);
  expect(existsSync(instance.pidFile)).toBe(false);
  rmSync(instance.dataDir, { recursive: true, force: true });
});

test("PostgreSQL dies: the launcher stops the app and exits with code 4", async () => {
  test.setTimeout(150_000);
  const instance = await startInstance();
  process.kill(instance.tree.postgres, "SIGKILL");
  expect(await instance.exited).toBe(4);
  await expect.poll(() => instance.tree.all.filter(alive), { timeout: 30_000 }).toEqual([]);
  rmSync(instance.dataDir, { recursive: true, force: true });
});
