/**
 * The engine agrees with the generator's ground truth on every line (precision = recall = 1, no false
 * positive or negative) for several profiles and seeds: the labels come from the scenarios that wrote the
 * events (EQL-SEMANTICS.md §8), never from a matcher.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { labelsText } from '../../src/corpus/generate/generate-corpus.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { runReplay } from '../../src/replay/run-replay.js';
import { generateInMemory } from '../corpus/generate/support/generate-in-memory.js';
import { seedRule, tempDir, writeCorpus } from './support/replay-fixtures.js';

const RUNS = [
  { profile: 'accuracy', seed: 21, events: 20_000 },
  { profile: 'accuracy', seed: 22, events: 20_000 },
  { profile: 'busy-server', seed: 23, events: 30_000 },
  { profile: 'intrusion', seed: 24, events: 20_000 },
  { profile: 'cloud-first-boot', seed: 25, events: 20_000 },
  { profile: 'idle-server', seed: 26, events: 20_000 },
] as const;

let dir: { dir: string; remove: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

describe('replay agrees with generated labels on every line', () => {
  test.for(RUNS)('$profile, seed $seed ($events events), 2 threads', async ({ profile, seed, events }) => {
    const { bytes, result } = await generateInMemory({ events, seed, profile });
    const corpus = writeCorpus(dir.dir, `${profile}-${seed}.ndjson`, bytes);
    writeFileSync(`${corpus}.labels.json`, labelsText(result));
    const positives = result.labels.expected['7df3cb8b-5c0c-4228-b772-bb6cd619053c']!.length;
    const report = await runReplay({ corpora: [corpus], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 2, chunkBytes: 256 * 1024 });
    expect(report.rules[0]!.mismatches).toEqual([]);
    expect(report.accuracy).toEqual({
      truePositives: positives,
      falsePositives: 0,
      falseNegatives: 0,
      trueNegatives: events - positives,
      precision: positives === 0 ? null : 1,
      recall: positives === 0 ? null : 1,
    });
    expect(report.warnings).toEqual([]);
    expect(report.events).toBe(events);
  });
});
