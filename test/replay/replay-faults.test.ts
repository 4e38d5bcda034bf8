/**
 * Faults: a worker that throws or dies fails the run with ERR_REPLAY_WORKER naming the chunk and its line
 * range (no hang, no lost count); an interrupt stops reading, finishes the chunks in flight and returns a
 * partial report. Fault workers are test fixtures reached through `workerUrl` (not from the CLI).
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { runReplay } from '../../src/replay/run-replay.js';
import { queryRule, seedRule, tempDir, writeCorpus } from './support/replay-fixtures.js';

const LINE = JSON.stringify({ event: { category: ['file'], action: 'creation' }, host: { os: { type: 'linux' } }, file: { path: '/tmp/x', size: 10 } });
// Lines of 200 bytes: 5 lines per 1,000-byte chunk, chunk N holds lines 5N+1 to 5N+5.
const PADDED = LINE.slice(0, -1) + `,"pad":"${'x'.repeat(199 - LINE.length - 9)}"}`;

let dir: { dir: string; remove: () => void };
let corpus: string;
beforeAll(() => {
  dir = tempDir();
  expect(Buffer.byteLength(PADDED) + 1).toBe(200);
  corpus = writeCorpus(dir.dir, 'faults.ndjson', `${PADDED}\n`.repeat(100));
});
afterAll(() => dir.remove());

/** The fixture workers: `throw` throws on chunk 3, `exit` ends its thread on chunk 5. */
const faultWorker = (kind: 'throw' | 'exit', chunk: 3 | 5): URL => new URL(`../fixtures/replay-${kind}-worker.mjs#chunk-${chunk}`, import.meta.url);

describe('a failing worker fails the run, naming the chunk and its lines', () => {
  test('an error thrown while matching keeps its code across the thread boundary', async () => {
    const rule = queryRule('file where file.size / 0 > 1', 'div');
    await expect(runReplay({ corpora: [corpus], rules: [rule], mapping: DEFAULT_ECS_MAPPING, threads: 2, chunkBytes: 1000, labels: false })).rejects.toMatchObject({
      code: 'ERR_REPLAY_WORKER',
      message: `a replay worker failed on chunk 0 (${corpus} lines 1-5): ERR_MATCH_EVAL: division by zero in 10 / 0`,
      data: { chunk: 0, source: corpus, firstLine: 1, lastLine: 5, cause: { code: 'ERR_MATCH_EVAL' } },
    });
  });

  test('an error the worker module throws on chunk 3', async () => {
    await expect(
      runReplay({ corpora: [corpus], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 2, chunkBytes: 1000, labels: false, workerUrl: faultWorker('throw', 3) }),
    ).rejects.toMatchObject({
      code: 'ERR_REPLAY_WORKER',
      message: `a replay worker failed on chunk 3 (${corpus} lines 16-20): injected fault in chunk 3`,
      data: { chunk: 3, firstLine: 16, lastLine: 20, cause: { code: 'ERR_INTERNAL', message: 'injected fault in chunk 3' } },
    });
  });

  test('a worker thread that exits on chunk 5', async () => {
    const error = await runReplay({
      corpora: [corpus],
      rules: [seedRule()],
      mapping: DEFAULT_ECS_MAPPING,
      threads: 2,
      chunkBytes: 1000,
      labels: false,
      workerUrl: faultWorker('exit', 5),
    }).catch((e: unknown) => e);
    // The dying worker takes the chunks it held with it: chunk 5, or chunk 4 when its answer had not yet
    // reached the main thread as the thread ended. The first lost one in input order is named.
    const chunk = (error as { data: { chunk: number } }).data.chunk;
    expect([4, 5]).toContain(chunk);
    const first = chunk * 5 + 1;
    expect(error).toMatchObject({ code: 'ERR_REPLAY_WORKER', data: { chunk, source: corpus, firstLine: first } });
    expect((error as Error).message).toMatch(
      new RegExp(`^a replay worker failed on chunk ${chunk} \\(${corpus.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (lines ${first}-${first + 4}|from line ${first})\\): `),
    );
  });
});

describe('an interrupt gives a partial report', () => {
  test('reading stops, the chunks in flight are merged, the report says partial', async () => {
    const stdin = new PassThrough();
    const controller = new AbortController();
    let merged = 0;
    const running = runReplay({
      corpora: ['-'],
      stdin,
      rules: [queryRule('file where file.size == 10', 'ten')],
      mapping: DEFAULT_ECS_MAPPING,
      threads: 1,
      chunkBytes: 1000,
      onMatches: () => {
        merged += 1;
        // Interrupt once the first chunk is merged; more input is on its way but will not be read.
        if (merged === 1) controller.abort();
      },
      signal: controller.signal,
      inFlightPerThread: 1,
    });
    // 3 chunks' worth now (the first must be followed by more before it is cut), then input that is never read.
    stdin.write(`${PADDED}\n`.repeat(30));
    await new Promise((done) => setTimeout(done, 300));
    stdin.write(`${PADDED}\n`.repeat(30));
    stdin.end();
    const report = await running;
    expect(report.partial).toBe(true);
    expect(report.corpora[0]!.complete).toBe(false);
    // Every event counted was matched (all lines match): nothing lost between the counts.
    expect(report.events).toBe(report.rules[0]!.matches);
    expect(report.events % 5).toBe(0);
    expect(report.events).toBeGreaterThanOrEqual(5);
    expect(report.events).toBeLessThan(60);
  });

  test('an interrupt after the end changes nothing: the report is complete', async () => {
    const controller = new AbortController();
    const report = await runReplay({ corpora: [corpus], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 1, labels: false, signal: controller.signal });
    controller.abort();
    expect(report.partial).toBe(false);
    expect(report.events).toBe(100);
  });
});
