/**
 * Runs the end-to-end tests: makes sure a Chromium is there (Debian's
 * package, or Playwright's download where the network allows), starts from a
 * fresh embedded database, then runs Playwright, which serves the app with
 * `npm start`. Extra arguments go to `playwright test`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

const log = (line) => console.log(`[e2e] ${line}`);

function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
}

let chromium = findChromium();
if (!chromium) {
  log("No Chromium found: installing Debian's chromium package…");
  try {
    const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
    const run = (args) =>
      execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
    run(["apt-get", "update", "-qq"]);
    run(["apt-get", "install", "-y", "-qq", "chromium"]);
    chromium = findChromium();
  } catch {
    log("apt-get could not install chromium.");
  }
}
if (!chromium) {
  log("Falling back to `npx playwright install chromium`…");
  const result = spawnSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(
      "[e2e] No Chromium could be installed. Install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.",
    );
    process.exit(1);
  }
}
if (chromium) log(`Using ${chromium}`);

// A fresh database every run: the specs expect the first-start state.
const dataDir = path.resolve(".data/e2e");
rmSync(dataDir, { recursive: true, force: true });
rmSync(path.resolve(".data/e2e-server.log"), { force: true });
rmSync(path.resolve("e2e/.auth"), { recursive: true, force: true });

const result = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, CHROMIUM_PATH: chromium ?? "", NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(result.status ?? 1);
