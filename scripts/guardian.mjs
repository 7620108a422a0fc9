// The launcher's watchman, started with an IPC channel by scripts/start.ts.
// When the launcher goes away without having stopped its children (killed
// with SIGKILL, say), the channel closes and this shuts down what it left:
// the embedded PostgreSQL by its fast shutdown (SIGINT, a clean checkpoint),
// and the Next process. After an orderly stop both are gone already and this
// just exits.
import { readFileSync } from "node:fs";
import path from "node:path";

let watched = { postgresDir: null, appPid: null };
process.on("message", (message) => {
  if (message && typeof message === "object") watched = { ...watched, ...message };
  if (message && message.done) process.exit(0);
});

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(dir) {
  try {
    return Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]) || null;
  } catch {
    return null;
  }
}

process.on("disconnect", async () => {
  if (watched.appPid && alive(watched.appPid)) process.kill(watched.appPid, "SIGTERM");
  const pid = watched.postgresDir ? postmasterPid(watched.postgresDir) : null;
  if (pid && alive(pid)) {
    console.error("[secrets] The launcher is gone; shutting the embedded PostgreSQL down.");
    process.kill(pid, "SIGINT");
    for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  process.exit(0);
});
