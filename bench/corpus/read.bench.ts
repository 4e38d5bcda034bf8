/**
 * Question: how fast do the corpus readers and the chunker go through an uncompressed corpus, against the
 * raw `fs.read` loop over the same file (the ceiling)? Target: the chunker ≥ 1 GB/s (it runs on the replay
 * engine's main thread, in front of the worker pool).
 *
 * Usage: npm run bench:read [-- --size-mb 256 --iterations 5] [-- --quick]
 * Writes the project's own generated corpus (busy-server) to a temp dir, reports GB/s and the ratio to the
 * baseline (with its error), and writes JSON (node version, CPU, git sha, load) to
 * bench/results/corpus-read.json.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { chunkCorpus } from '../../src/corpus/chunker.js';
import { createBlockGenerator, DEFAULT_BLOCK_SIZE } from '../../src/corpus/generate/block-generator.js';
import { loadProfile } from '../../src/corpus/generate/profile-loader.js';
import { blockDurationTicks } from '../../src/corpus/generate/timeline.js';
import { readCorpus, readCorpusBatches } from '../../src/corpus/read-corpus.js';
import { flagOption, numberOption, PROJECT_ROOT, writeBenchResult } from '../bench-environment.js';
import { ratioErrorPct, taskStats } from '../task-stats.js';

const quick = flagOption('--quick');
const sizeBytes = numberOption('--size-mb', quick ? 32 : 256) * 1024 * 1024;
const iterations = numberOption('--iterations', quick ? 2 : 5);
const TARGET_GB_PER_SEC = 1;

/**
 * At least `bytes` of the project's own generated corpus (busy-server, seed 42: Elastic Defend, Endgame and
 * SentinelOne Linux file events, ~2.4 kB a line), written block by block to `path`.
 */
async function buildCorpus(path: string, bytes: number): Promise<{ lines: number; bytes: number }> {
  const { profile } = await loadProfile('busy-server', { cwd: PROJECT_ROOT });
  const generator = createBlockGenerator({ seed: 42, profile, blockSize: DEFAULT_BLOCK_SIZE, rawS1: false });
  const fd = openSync(path, 'w');
  let written = 0;
  let lines = 0;
  try {
    for (let block = 0, startTick = 0; written < bytes; block++) {
      const durationTicks = blockDurationTicks(42, profile, block, DEFAULT_BLOCK_SIZE);
      const result = generator.generate({ blockIndex: block, startTick, durationTicks, count: DEFAULT_BLOCK_SIZE });
      startTick += durationTicks;
      written += writeSync(fd, result.bytes);
      lines += result.events;
    }
  } finally {
    closeSync(fd);
  }
  return { lines, bytes: written };
}

const dir = mkdtempSync(join(tmpdir(), 'eql-replay-bench-read-'));
const path = join(dir, 'defend.ndjson');
try {
  process.stderr.write(`building a ${(sizeBytes / 2 ** 20).toFixed(0)} MiB corpus in ${dir}…\n`);
  const corpus = await buildCorpus(path, sizeBytes);
  const sink = { n: 0 };

  const bench = new Bench({ name: 'corpus read', iterations, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench
    .add('baseline: fs.read loop, 1 MiB reused buffer', () => {
      const fd = openSync(path, 'r');
      const buffer = Buffer.allocUnsafe(1 << 20);
      try {
        for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) sink.n += buffer[0]!;
      } finally {
        closeSync(fd);
      }
    })
    .add('chunkCorpus, 1 MiB chunks', async () => {
      for await (const c of chunkCorpus(path, { format: 'ndjson' })) sink.n += c.firstLine;
    })
    .add('chunkCorpus, 4 MiB chunks', async () => {
      for await (const c of chunkCorpus(path, { format: 'ndjson', chunkBytes: 4 << 20 })) sink.n += c.firstLine;
    })
    .add('readCorpusBatches (validates every line)', async () => {
      for await (const batch of readCorpusBatches(path)) sink.n += batch.length;
    })
    .add('readCorpus, one await per record', async () => {
      for await (const r of readCorpus(path)) sink.n += r.line;
    });
  await bench.run();

  const base = taskStats(bench.tasks[0]!);
  const rows = bench.tasks.map((task) => {
    const s = taskStats(task);
    const gbPerSec = corpus.bytes / 1e9 / (s.meanMs / 1000);
    const isReader = task.name.startsWith('read');
    return {
      task: task.name,
      meanMs: Number(s.meanMs.toFixed(1)),
      rmePct: Number(s.rmePct.toFixed(1)),
      gbPerSec: Number(gbPerSec.toFixed(3)),
      // Ratio of throughputs = baseline time / task time.
      ratioToBaseline: Number((base.meanMs / s.meanMs).toFixed(3)),
      ratioErrorPct: Number(ratioErrorPct(s, base).toFixed(1)),
      ...(isReader ? { recordsPerSec: Math.round(corpus.lines / (s.meanMs / 1000)) } : {}),
    };
  });
  console.table(rows);
  const chunker = rows.find((r) => r.task === 'chunkCorpus, 1 MiB chunks')!;
  writeBenchResult(
    'corpus-read',
    {
      question: 'reader and chunker throughput on uncompressed NDJSON vs a raw fs.read loop (ratio)',
      corpus: { bytes: corpus.bytes, lines: corpus.lines, meanLineBytes: Math.round(corpus.bytes / corpus.lines), source: 'generateCorpus busy-server, seed 42' },
      iterations,
      quick,
      note: 'file in the page cache after the first pass; 1 thread; ratios are the comparable numbers (shared, noisy machine)',
      rows,
      checksum: sink.n,
    },
    [
      { label: 'chunkCorpus (1 MiB chunks), GB/s on one thread', value: chunker.gbPerSec, unit: 'GB/s', errorPct: chunker.rmePct, target: `≥ ${TARGET_GB_PER_SEC} GB/s`, met: chunker.gbPerSec >= TARGET_GB_PER_SEC },
      { label: 'chunkCorpus (1 MiB chunks) vs fs.read loop', value: chunker.ratioToBaseline, unit: '×', errorPct: chunker.ratioErrorPct, target: null, met: null },
    ],
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
