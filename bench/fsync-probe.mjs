/**
 * How long the disk under the data directory takes to make a write durable:
 * 8 KiB written then fdatasync'd, for 10 s, the way PostgreSQL flushes its WAL
 * at each commit. `node bench/fsync-probe.mjs [file]` (default: a file in the
 * current directory, removed at the end). A diagnostic for the read's p99:
 * each read commits twice (its call counted, its request-log event).
 */
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from "node:fs";

const file = process.argv[2] ?? `fsync-probe-${process.pid}.bin`;
const fd = openSync(file, "w");
const block = Buffer.alloc(8192, 1);
const times = [];
const end = Date.now() + 10_000;
for (let i = 0; Date.now() < end; i++) {
  writeSync(fd, block, 0, block.length, (i % 1024) * block.length);
  const started = process.hrtime.bigint();
  fdatasyncSync(fd);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
closeSync(fd);
unlinkSync(file);
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
console.log(
  `${times.length} fdatasync calls in 10 s: p50 ${at(0.5)}, p99 ${at(0.99)}, p99.9 ${at(0.999)}, slowest ${times.at(-1).toFixed(2)} ms`,
);
