/**
 * Question: which newline counter should the chunker use on the replay engine's main thread — a native
 * `indexOf` loop (memchr) or a JavaScript word-at-a-time (SWAR) loop — for event-sized lines and for very
 * short lines? Baseline: a plain byte loop.
 *
 * Usage: npm run bench:read (runs this first), or node dist/bench/corpus/read-count-lines.bench.js
 * Writes JSON (node version, CPU, git sha) to bench/results/corpus-read-count-lines.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench, type Task } from 'tinybench';
import { countNewlines } from '../../src/corpus/count-newlines.js';

const BYTES = 64 << 20;

/** A 64 MiB buffer of lines of `lineBytes` (± 25 %) bytes, allocated like a chunk (own ArrayBuffer). */
function lines(lineBytes: number): Buffer {
  const buffer = Buffer.allocUnsafeSlow(BYTES);
  buffer.fill(0x61);
  let seed = 7;
  for (let i = 0; i < BYTES; ) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    i += Math.max(1, Math.round(lineBytes * (0.75 + (seed / 2 ** 32) * 0.5)));
    if (i < BYTES) buffer[i] = 0x0a;
  }
  return buffer;
}

function byteLoop(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) n += 1;
  return n;
}

/**
 * Counts with a word-at-a-time trick: four bytes per step, an exact zero-byte test on `word ^ 0x0a0a0a0a`
 * (the high bit of a byte of `t` is set exactly when that byte of x is zero — no false positives, unlike
 * the classic `(x - 0x01010101) & ~x` test).
 */
function countNewlinesSwar(bytes: Uint8Array): number {
  let n = 0;
  let i = 0;
  const end = bytes.byteLength;
  while (i < end && ((bytes.byteOffset + i) & 3) !== 0) if (bytes[i++] === 0x0a) n += 1;
  const words = Math.floor((end - i) / 4);
  const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
  for (let w = 0; w < words; w++) {
    const x = view[w]! ^ 0x0a0a0a0a;
    const t = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
    if (t !== 0) n += ((t >>> 7) & 1) + ((t >>> 15) & 1) + ((t >>> 23) & 1) + ((t >>> 31) & 1);
  }
  for (i += words * 4; i < end; i++) if (bytes[i] === 0x0a) n += 1;
  return n;
}

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

const results: Record<string, unknown>[] = [];
for (const lineBytes of [1024, 64]) {
  const buffer = lines(lineBytes);
  const expected = byteLoop(buffer);
  const bench = new Bench({ name: `count lines of ~${lineBytes} B`, iterations: 10, time: 0, warmupIterations: 2, warmupTime: 0 });
  const check = (n: number): void => {
    if (n !== expected) throw new Error(`count ${n}, expected ${expected}`);
  };
  bench
    .add('baseline: byte loop', () => check(byteLoop(buffer)))
    .add('indexOf loop (countNewlines)', () => check(countNewlines(buffer)))
    .add('word-at-a-time (countNewlinesSwar)', () => check(countNewlinesSwar(buffer)));
  await bench.run();
  const mean = (t: Task): { ms: number; rme: number } => {
    if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state}`);
    return { ms: t.result.latency.mean, rme: t.result.latency.rme };
  };
  const base = mean(bench.tasks[0]!);
  for (const task of bench.tasks) {
    const s = mean(task);
    results.push({
      lineBytes,
      task: task.name,
      gbPerSec: Number((BYTES / 1e9 / (s.ms / 1000)).toFixed(2)),
      speedupVsBaseline: Number((base.ms / s.ms).toFixed(2)),
      errorPct: Number(Math.sqrt(s.rme ** 2 + base.rme ** 2).toFixed(1)),
    });
  }
}
console.table(results);
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/corpus-read-count-lines.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    { bench: 'corpus/read-count-lines', date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, gitSha: gitSha(), bufferBytes: BYTES, results },
    null,
    2,
  ) + '\n',
);
process.stderr.write(`wrote ${out}\n`);
