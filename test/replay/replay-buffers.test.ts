/**
 * Chunk buffers go round: each worker hands its chunk's buffer back with its answer and the reader refills
 * it, so a run holds a fixed set of buffers — at most `threads × inFlightPerThread + 2` — whatever the
 * corpus size, every one back in the pool at the end, and the matches still those of the reference
 * interpreter (a refilled buffer's stale bytes past its chunk are never read).
 *
 * Workers load the built worker: run `npm run build` first (`npm test` does).
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createChunkBufferPool } from '../../src/corpus/chunk-buffer-pool.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { createReplayPool } from '../../src/replay/pool.js';
import type { ReplayWorkerData } from '../../src/replay/protocol.js';
import { generateInMemory } from '../corpus/generate/support/generate-in-memory.js';
import { collectReplay, queryRule, referenceMatches, seedRule, tempDir, writeCorpus } from './support/replay-fixtures.js';

const NO_LITERAL = 'file where file.size > 4096 and event.action in ("creation", "file_create_event", "rename")';

let dir: { dir: string; remove: () => void };
let corpusText: string;
let plain: string;
let gzipped: string;

beforeAll(async () => {
  dir = tempDir();
  const { bytes } = await generateInMemory({ events: 2000, seed: 12, profile: 'accuracy' });
  corpusText = bytes.toString('utf8');
  plain = writeCorpus(dir.dir, 'accuracy.ndjson', corpusText);
  gzipped = writeCorpus(dir.dir, 'accuracy.ndjson.gz', gzipSync(bytes));
});
afterAll(() => dir.remove());

describe('a run recycles a fixed set of chunk buffers', () => {
  const rules = [seedRule(), queryRule(NO_LITERAL, 'no-literal')];
  let expected: number[][];
  beforeAll(() => {
    expected = referenceMatches(corpusText, rules);
  });

  test.for([
    [0, 'plain', 16 * 1024],
    [1, 'plain', 16 * 1024],
    [2, 'plain', 7000],
    [3, 'plain', 50_000],
    [4, 'plain', 16 * 1024],
    [2, 'gzip', 16 * 1024],
    [4, 'gzip', 9000],
  ] as const)('%i threads, %s file, %i-byte chunks: matches as the reference, buffers bounded and all given back', async ([threads, kind, chunkBytes]) => {
    const buffers = createChunkBufferPool();
    const path = kind === 'plain' ? plain : gzipped;
    const run = await collectReplay({ corpora: [path], rules, mapping: DEFAULT_ECS_MAPPING, threads, chunkBytes, labels: false, buffers });
    expect(run.matches).toEqual(expected.map((lines) => lines.map((line) => `${path}:${line}`)));
    expect(run.report.events).toBe(2000);
    const chunks = Math.ceil(Buffer.byteLength(corpusText) / chunkBytes);
    const { allocated, reused, free } = buffers.stats;
    expect(allocated).toBeLessThanOrEqual(Math.max(1, threads) * 2 + 2);
    // Every chunk but those the first buffers served came from a recycled buffer.
    expect(allocated + reused).toBeGreaterThanOrEqual(chunks);
    expect(reused).toBeGreaterThan(0);
    expect(free).toBe(allocated);
  });

  test('several corpora share the run\'s buffers', async () => {
    const buffers = createChunkBufferPool();
    const run = await collectReplay({ corpora: [plain, gzipped, plain], rules, mapping: DEFAULT_ECS_MAPPING, threads: 2, chunkBytes: 16 * 1024, labels: false, buffers });
    expect(run.report.events).toBe(6000);
    expect(run.matches[0]).toHaveLength(3 * expected[0]!.length);
    expect(buffers.stats.allocated).toBeLessThanOrEqual(2 * 2 + 2);
    expect(buffers.stats.free).toBe(buffers.stats.allocated);
  });
});

describe('the worker hands the chunk buffer back', () => {
  const workerData: ReplayWorkerData = {
    rules: [{ query: seedRule().query, prefilter: { groups: [], best: null }, live: true }],
    mapping: DEFAULT_ECS_MAPPING,
    mode: 'parse-all',
    collectMatchedText: false,
    maxExamples: 5,
  };
  const task = (bytes: Uint8Array) => ({ sequence: 0, source: 'x', bytes, firstLine: 1, offset: 0, lineNumbers: null, fileStart: true, labels: null });

  test.for([0, 1])('%i threads: the whole ArrayBuffer, stale bytes past the chunk untouched', async (threads) => {
    const pool = createReplayPool({ threads, workerData });
    try {
      const buffer = Buffer.allocUnsafeSlow(64).fill(0x41);
      buffer.write('{"a":1}\n{"b":2}\n');
      const bytes = buffer.subarray(0, 16);
      const answer = await pool.run(task(bytes));
      expect('result' in answer && answer.result.lines).toBe(2);
      expect(answer.buffer.byteLength).toBe(64);
      expect(Buffer.from(answer.buffer as ArrayBuffer).toString('latin1')).toBe(`{"a":1}\n{"b":2}\n${'A'.repeat(48)}`);
      // Sent to a worker, the caller's view is detached; inline, the answer hands back the very same buffer.
      if (threads === 0) expect(answer.buffer).toBe(buffer.buffer);
      else expect(bytes.byteLength).toBe(0);
    } finally {
      await pool.destroy();
    }
  });

  test('workers run with a 16 MB young generation (a parsing worker would grow it past that, for no speed)', async () => {
    const pool = createReplayPool({ threads: 1, workerData, workerUrl: new URL('./support/resource-limits-worker.mjs', import.meta.url) });
    try {
      const answer = (await pool.run(task(Buffer.allocUnsafeSlow(8)))) as unknown as { limits: { maxYoungGenerationSizeMb: number } };
      expect(answer.limits.maxYoungGenerationSizeMb).toBe(16);
    } finally {
      await pool.destroy();
    }
  });

  test('an error answered by the worker hands the buffer back too', async () => {
    const pool = createReplayPool({ threads: 1, workerData: { ...workerData, rules: [{ ...workerData.rules[0]!, query: queryRule('file where file.size / 0 > 1').query }] } });
    try {
      const line = '{"event":{"category":["file"]},"file":{"size":10}}\n';
      // A buffer of its own (Buffer.from(string) may be a slice of Node's shared pool, never transferable).
      const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(line));
      bytes.write(line);
      const answer = await pool.run(task(bytes));
      expect('error' in answer && answer.error.code).toBe('ERR_MATCH_EVAL');
      expect(Buffer.from(answer.buffer as ArrayBuffer).toString()).toBe(line);
      expect(bytes.byteLength).toBe(0);
    } finally {
      await pool.destroy();
    }
  });
});
