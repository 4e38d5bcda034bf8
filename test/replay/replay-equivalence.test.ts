/**
 * The engine finds exactly the matches the reference interpreter finds, on the same lines, whatever the
 * thread count (inline, 1–4 workers) and the chunk size — in scan mode (one rule, several rules) and in
 * parse-all mode (a rule without a usable literal, a pack too large to scan for, validation).
 *
 * Workers load the built worker: run `npm run build` first (`npm test` does).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_SCAN_COST } from '../../src/replay/choose-mode.js';
import type { ReplayRule } from '../../src/replay/replay-rules.js';
import { generateInMemory } from '../corpus/generate/support/generate-in-memory.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { collectReplay, queryRule, referenceMatches, seedRule, tempDir, writeCorpus } from './support/replay-fixtures.js';

const NO_LITERAL = 'file where file.size > 4096 and event.action in ("creation", "file_create_event", "rename")';

/** Rule sets and the mode each must run in. */
const RULE_SETS: readonly { name: string; mode: 'scan' | 'parse-all'; validate?: boolean; rules: () => ReplayRule[] }[] = [
  { name: 'the seed rule', mode: 'scan', rules: () => [seedRule()] },
  {
    name: 'three rules with literals',
    mode: 'scan',
    rules: () => [
      seedRule(),
      queryRule('file where file.name : ("id_*", "*.pub")', 'keys'),
      queryRule('file where process.name == "ssh-keygen" and event.action in ("rename", "deletion")', 'keygen-other'),
    ],
  },
  { name: 'a rule without a usable literal', mode: 'parse-all', rules: () => [queryRule(NO_LITERAL, 'no-literal')] },
  { name: 'the seed rule, validating every line', mode: 'parse-all', validate: true, rules: () => [seedRule()] },
  {
    name: `more rules than are worth scanning for (scan cost > ${MAX_SCAN_COST}), several categories`,
    mode: 'parse-all',
    rules: () => [
      seedRule(),
      queryRule('file where file.name : ("id_*", "*.pub")', 'a'),
      queryRule('file where event.action == "rename" and file.Ext.original.name : "*.tmp"', 'b'),
      queryRule('any where process.executable == "/usr/bin/ssh-keygen"', 'c'),
      queryRule('process where process.name == "bash"', 'd'),
      queryRule('file where event.type == "deletion" and host.os.type == "linux"', 'e'),
      queryRule('file where event.action in ("creation", "rename") and user.id == 0 and file.path : "/etc/*"', 'f'),
      queryRule('any where event.category : "FILE" and file.extension == "pub"', 'g'),
      queryRule('file where not file.name : "known_hosts*" and file.path : "*/.ssh/*"', 'h'),
      queryRule('file where startsWith(file.path, "/root/") and length(file.name) > 3', 'i'),
    ],
  },
];

let dir: { dir: string; remove: () => void };
let corpusPath: string;
let corpusText: string;

beforeAll(async () => {
  dir = tempDir();
  // The accuracy profile: every scenario, near miss and edge case at high rates.
  const { bytes } = await generateInMemory({ events: 3000, seed: 11, profile: 'accuracy' });
  corpusText = bytes.toString('utf8');
  corpusPath = writeCorpus(dir.dir, 'accuracy.ndjson', corpusText);
});
afterAll(() => dir.remove());

describe.each(RULE_SETS)('$name', ({ mode, validate, rules: makeRules }) => {
  const rules = makeRules();
  let expected: string[][];
  let expectedText: string;
  beforeAll(() => {
    const reference = referenceMatches(corpusText, rules);
    expected = reference.map((lines) => lines.map((line) => `${corpusPath}:${line}`));
    const lines = corpusText.split('\n');
    const any = [...new Set(reference.flat())].sort((a, b) => a - b);
    expectedText = any.map((line) => `${lines[line - 1]}\n`).join('');
  });

  test('the corpus exercises the rules (some matches, not all)', () => {
    expect(expected.some((m) => m.length > 0)).toBe(true);
  });

  test.for([0, 1, 2, 3, 4])('%i threads (0 = inline), 64 KiB chunks: the same lines as the reference', async (threads) => {
    const run = await collectReplay({ corpora: [corpusPath], rules, mapping: DEFAULT_ECS_MAPPING, threads, chunkBytes: 64 * 1024, labels: false, validate: validate === true });
    expect(run.report.mode).toBe(mode);
    expect(run.matches).toEqual(expected);
    expect(run.report.rules.map((r) => r.matches)).toEqual(expected.map((m) => m.length));
    expect(run.matchedText).toBe(expectedText);
    expect(run.report.events).toBe(3000);
    expect(run.report.lines).toBe(3000);
    expect(run.report.threads).toBe(threads);
  });

  test('any chunk size and thread count: the same lines as the reference (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400_000 }), fc.integer({ min: 0, max: 4 }), async (chunkBytes, threads) => {
        const run = await collectReplay({ corpora: [corpusPath], rules, mapping: DEFAULT_ECS_MAPPING, threads, chunkBytes, labels: false, validate: validate === true });
        expect(run.matches).toEqual(expected);
        expect(run.matchedText).toBe(expectedText);
        expect(run.report.events).toBe(3000);
      }),
      { numRuns: 6 },
    );
  });
});

describe('the edge-cases corpus (corpora/edge-cases)', () => {
  const path = new URL('../../corpora/edge-cases/edge-cases.ndjson', import.meta.url).pathname;
  test.for([0, 1, 2])('%i threads: the seed rule agrees with the labels beside it on every line', async (threads) => {
    const run = await collectReplay({ corpora: [path], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads, chunkBytes: 1000 });
    const labels = JSON.parse(readFileSync(`${path}.labels.json`, 'utf8')) as { events: number; expected: Record<string, number[]> };
    const truth = labels.expected['7df3cb8b-5c0c-4228-b772-bb6cd619053c']!;
    expect(run.matches[0]).toEqual(truth.map((line) => `${path}:${line}`));
    expect(run.matches[0]).toEqual(referenceMatches(readFileSync(path, 'utf8'), [seedRule()])[0]!.map((line) => `${path}:${line}`));
    // The curated set grows; its labels are the truth the test holds the engine to.
    expect(truth.length).toBeGreaterThan(10);
    expect(run.report.events).toBe(labels.events);
    expect(run.report.accuracy).toEqual({
      truePositives: truth.length,
      falsePositives: 0,
      falseNegatives: 0,
      trueNegatives: labels.events - truth.length,
      precision: 1,
      recall: 1,
    });
    expect(run.report.corpora[0]!.labels).toBe(`${path}.labels.json`);
  });
});
