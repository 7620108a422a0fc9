/**
 * How long the disk under the data directory takes to make a write durable:
 * 8 KiB written then fdatasync'd, the way PostgreSQL flushes its WAL at each
 * commit. Every API read waits for such a flush (its request-log event is
 * committed before the answer leaves), so a disk that stalls a flush stalls
 * every read in flight.
 *
 *   node bench/fsync-probe.mjs [file] [--seconds 10] [--every 0] [--json]
 *
 * `file` defaults to one in the current directory (removed at the end);
 * `--every N` waits N ms between flushes (0: back to back, the disk's most);
 * `--json` prints one line of JSON instead of a sentence. bench/api.ts runs it
 * beside each round (`--every 5`) to show whether the disk stalled meanwhile.
 */
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from "node:fs";
import { setPriority } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const positional = args.filter((arg, i) => !arg.startsWith("--") && !args[i - 1]?.startsWith("--"));
const file = positional[0] ?? `fsync-probe-${process.pid}.bin`;
const seconds = option("seconds", 10);
const every = option("every", 0);

// A flush's time includes waiting for a core once the disk is done: on a busy machine the probe asks to be
// scheduled first (it needs little CPU), so that what it times is the disk. Without the right to, it runs as is.
let raised = true;
try {
  setPriority(-10);
} catch {
  raised = false;
}

const fd = openSync(file, "w");
const block = Buffer.alloc(8192, 1);
const times = [];
const end = Date.now() + seconds * 1000;
for (let i = 0; Date.now() < end; i++) {
  writeSync(fd, block, 0, block.length, (i % 1024) * block.length);
  const started = process.hrtime.bigint();
  fdatasyncSync(fd);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (every > 0) await sleep(every);
}
closeSync(fd);
unlinkSync(file);
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
const result = {
  flushes: times.length,
  p50Ms: at(0.5),
  p99Ms: at(0.99),
  p999Ms: at(0.999),
  slowestMs: times.at(-1),
  over10Ms: times.filter((t) => t > 10).length,
  over50Ms: times.filter((t) => t > 50).length,
  // This process's own CPU, for a caller that counts its children's.
  cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  raisedPriority: raised,
};
if (args.includes("--json")) console.log(JSON.stringify(result));
else {
  const ms = (t) => t.toFixed(2);
  console.log(
    `${result.flushes} fdatasync calls in ${seconds} s: p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}, p99.9 ${ms(result.p999Ms)}, ` +
      `slowest ${ms(result.slowestMs)} ms; ${result.over10Ms} took over 10 ms, ${result.over50Ms} over 50 ms` +
      (raised ? "" : " (at normal priority: the times include waiting for a core)"),
  );
}
