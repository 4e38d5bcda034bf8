/**
 * Same seed, same bytes: whatever the thread count, inline or in workers, plain or gzip. Worker tests
 * load the BUILT worker (dist/): run `npm run build` first (npm test does).
 */
import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { generateInMemory, parseLines } from './support/generate-in-memory.js';
import { SEED_RULE_ID } from '../../../src/corpus/generate/labels.js';

const built = existsSync(fileURLToPath(new URL('../../../dist/src/corpus/generate/worker.js', import.meta.url)));
const EVENTS = 3 * 4096 + 1234; // three full blocks and a partial one

describe.skipIf(!built)('determinism across thread counts (needs dist/: npm run build)', () => {
  test('1, 2 and 3 worker threads and inline generation give the same NDJSON bytes and labels', async () => {
    const runs = await Promise.all([0, 1, 2, 3].map((threads) => generateInMemory({ events: EVENTS, seed: 42, profile: 'accuracy', threads })));
    const [inline, ...pooled] = runs;
    for (const run of pooled) {
      expect(run.bytes.equals(inline!.bytes)).toBe(true);
      expect(run.result.labels).toEqual(inline!.result.labels);
    }
    expect(parseLines(inline!.bytes)).toHaveLength(EVENTS);
  });

  test('gzip output is deterministic too, has no mtime or file name, and decompresses to the plain corpus', async () => {
    const plain = await generateInMemory({ events: EVENTS, seed: 42, profile: 'accuracy', threads: 2 });
    const [a, b] = await Promise.all([1, 3].map((threads) => generateInMemory({ events: EVENTS, seed: 42, profile: 'accuracy', threads, gzipLevel: 6 })));
    expect(a!.bytes.equals(b!.bytes)).toBe(true);
    // Header: magic, deflate, FLG = 0 (no FNAME), MTIME = 0.
    expect([...a!.bytes.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    // One gzip member per block: zlib reads the concatenation as one stream.
    expect(gunzipSync(a!.bytes).equals(plain.bytes)).toBe(true);
  });
});

describe('determinism without workers', () => {
  test('a different seed gives different bytes', async () => {
    const [a, b] = await Promise.all([1, 2].map((seed) => generateInMemory({ events: 2000, seed, profile: 'busy-server' })));
    expect(a!.bytes.equals(b!.bytes)).toBe(false);
  });

  test('a corpus of N events is a prefix of one of M > N events (same seed and profile)', async () => {
    const small = await generateInMemory({ events: 5000, seed: 9, profile: 'intrusion' });
    const large = await generateInMemory({ events: 9000, seed: 9, profile: 'intrusion' });
    expect(large.bytes.subarray(0, small.bytes.length).equals(small.bytes)).toBe(true);
    const smallPositives = small.result.labels.expected[SEED_RULE_ID]!;
    expect(large.result.labels.expected[SEED_RULE_ID]!.filter((line) => line <= 5000)).toEqual(smallPositives);
  });

  test('--raw-s1 changes only the SentinelOne lines: the other lines are identical', async () => {
    const [post, raw] = await Promise.all([false, true].map((rawS1) => generateInMemory({ events: 4000, seed: 5, profile: 'accuracy', rawS1 })));
    const a = post!.bytes.toString('utf8').split('\n');
    const b = raw!.bytes.toString('utf8').split('\n');
    expect(a).toHaveLength(b.length);
    let s1 = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i]!.includes('"sentinel_one_cloud_funnel"')) {
        s1++;
        const message = JSON.parse(b[i]!) as { message: string };
        expect(JSON.parse(message.message)['tgt.file.path']).toBe((JSON.parse(a[i]!) as { file: { path: unknown } }).file.path);
      } else {
        expect(b[i]).toBe(a[i]);
      }
    }
    expect(s1).toBeGreaterThan(100);
  });
});

describe('the byte-writing fast path', () => {
  test.for(['accuracy', 'busy-server'] as const)('%s: Defend lines written as bytes equal the string renderer\'s', async (name) => {
    const { createBlockGenerator } = await import('../../../src/corpus/generate/block-generator.js');
    const { loadProfile } = await import('../../../src/corpus/generate/profile-loader.js');
    const { profile } = await loadProfile(name, { cwd: process.cwd() });
    const fast = createBlockGenerator({ seed: 17, profile, blockSize: 4096, rawS1: false });
    const slow = createBlockGenerator({ seed: 17, profile, blockSize: 4096, rawS1: false, fastPaths: false });
    for (let b = 0; b < 4; b++) {
      const task = { blockIndex: b, startTick: b * 1e8, durationTicks: 1e8, count: 4096 };
      expect(Buffer.from(fast.generate(task).bytes).equals(Buffer.from(slow.generate(task).bytes))).toBe(true);
    }
  });
});
