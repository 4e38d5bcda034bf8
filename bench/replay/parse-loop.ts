/**
 * The baselines of bench/replay (run as whole processes, like the replay they are compared with): one
 * thread that reads a corpus in 1 MiB reads and
 * - `parse`: `JSON.parse`s every line (the naive replay every rule pack could do), or
 * - `count`: only finds the lines (the ceiling: reading the file and splitting it, nothing else).
 *
 * Usage: node dist/bench/replay/parse-loop.js parse|count FILE → prints {"lines":N,"objects":M,"ms":T}.
 * Lines are decoded with `buf.toString('utf8', start, end)`: measured fastest of per-line decoding, one
 * decode per chunk then split, and latin1 decoding of ASCII chunks.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const [mode, path] = process.argv.slice(2);
if ((mode !== 'parse' && mode !== 'count') || path === undefined) {
  process.stderr.write('usage: parse-loop.js parse|count FILE\n');
  process.exit(2);
}

const started = performance.now();
const fd = openSync(path, 'r');
let buffer = Buffer.allocUnsafe(1 << 20);
let carry = 0;
let lines = 0;
let objects = 0;
const onLine = (start: number, end: number): void => {
  lines += 1;
  if (mode === 'parse' && end > start) {
    const value: unknown = JSON.parse(buffer.toString('utf8', start, end));
    if (typeof value === 'object' && value !== null) objects += 1;
  }
};
for (;;) {
  if (carry === buffer.length) {
    const grown = Buffer.allocUnsafe(buffer.length * 2);
    buffer.copy(grown, 0, 0, carry);
    buffer = grown;
  }
  const n = readSync(fd, buffer, carry, buffer.length - carry, null);
  const end = carry + n;
  let start = 0;
  for (let nl = buffer.indexOf(10, 0); nl !== -1 && nl < end; nl = buffer.indexOf(10, start)) {
    onLine(start, nl);
    start = nl + 1;
  }
  if (n === 0) {
    if (start < end) onLine(start, end);
    break;
  }
  buffer.copy(buffer, 0, start, end);
  carry = end - start;
}
closeSync(fd);
process.stdout.write(`${JSON.stringify({ lines, objects, ms: performance.now() - started })}\n`);
