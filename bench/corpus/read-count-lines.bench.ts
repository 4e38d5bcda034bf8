/**
 * Question: which newline counter should the chunker use on the replay engine's main thread — a native
 * `indexOf` loop (memchr) or a JavaScript word-at-a-time (SWAR) loop — for event-sized lines and for very
 * short lines? Baseline: a plain byte loop.
 *
 * Usage: npm run bench:read (runs this first), or node dist/bench/corpus/read-count-lines.bench.js [--quick]
 * Writes JSON (node version, CPU, git sha, load) to bench/results/corpus-read-count-lines.json.
 */
import { Bench } from 'tinybench';
import { countNewlines } from '../../src/corpus/count-newlines.js';
import { flagOption, writeBenchResult } from '../bench-environment.js';
import { ratioErrorPct, taskStats } from '../task-stats.js';

const quick = flagOption('--quick');
const BYTES = (quick ? 8 : 64) << 20;

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
  const base = taskStats(bench.tasks[0]!);
  for (const task of bench.tasks) {
    const s = taskStats(task);
    results.push({
      lineBytes,
      task: task.name,
      gbPerSec: Number((BYTES / 1e9 / (s.meanMs / 1000)).toFixed(2)),
      speedupVsBaseline: Number((base.meanMs / s.meanMs).toFixed(2)),
      errorPct: Number(ratioErrorPct(s, base).toFixed(1)),
    });
  }
}
console.table(results);
const speedup = (lineBytes: number, task: string): number => Number(results.find((r) => r['lineBytes'] === lineBytes && String(r['task']).startsWith(task))?.['speedupVsBaseline'] ?? Number.NaN);
writeBenchResult(
  'corpus-read-count-lines',
  { question: 'newline counting on the replay main thread: indexOf loop vs word-at-a-time vs a byte loop (speedup)', bufferBytes: BYTES, quick, results },
  [1024, 64].map((lineBytes) => ({ label: `countNewlines (indexOf) vs byte loop, ~${lineBytes} B lines`, value: speedup(lineBytes, 'indexOf'), unit: '×', target: null, met: null })),
);
