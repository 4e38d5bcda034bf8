/**
 * Accuracy against labels: exact TP/FP/FN/TN per rule and summed, the first mismatches with the event
 * text (false negatives too, which no worker parsed), labels beside the corpus picked up, an explicit
 * labels file, labels that do not fit their corpus.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { runReplay } from '../../src/replay/run-replay.js';
import { queryRule, seedRule, tempDir, writeCorpus } from './support/replay-fixtures.js';

const SEED = '7df3cb8b-5c0c-4228-b772-bb6cd619053c';
const positive = (name: string): string =>
  JSON.stringify({
    event: { category: ['file'], action: 'creation' },
    host: { os: { type: 'linux' } },
    process: { executable: '/usr/bin/ssh-keygen', name: 'ssh-keygen' },
    file: { path: `/root/.ssh/${name}`, name },
  });
const other = (name: string): string => JSON.stringify({ event: { category: ['file'], action: 'creation' }, host: { os: { type: 'linux' } }, file: { path: `/tmp/${name}`, name } });

// Seed rule matches lines 1, 3, 6, 8; the `tmp` rule matches 2, 4, 5, 7.
const LINES = [positive('id_a'), other('a'), positive('id_b'), other('b'), other('c'), positive('id_c'), other('d'), positive('id_d')];
const TEXT = `${LINES.join('\n')}\n`;

function labels(expected: Record<string, number[]>, events = 8): string {
  return JSON.stringify({ format: 1, events, seed: 0, profile: 'crafted', expected, scenarios: {} });
}

let dir: { dir: string; remove: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

describe('accuracy against crafted labels', () => {
  const rules = () => [seedRule(), queryRule('file where file.path : "/tmp/*"', 'tmp'), queryRule('file where file.name == "zzz"')];

  test.for([0, 1, 3])('%i threads, 1-line chunks: exact counts per rule, summed over the rules with labels', async (threads) => {
    const corpus = writeCorpus(dir.dir, `crafted-${threads}.ndjson`, TEXT);
    // Seed: expects 1 (TP), 2 (FN: not matched), 3 (TP), 8 (TP); matches 6 which is not expected (FP).
    // tmp: expects 2, 4, 5, 7 exactly (all TP). The third rule has no id: no accuracy.
    writeFileSync(`${corpus}.labels.json`, labels({ [SEED]: [1, 2, 3, 8], tmp: [2, 4, 5, 7], unrelated: [1] }));
    const report = await runReplay({ corpora: [corpus], rules: rules(), mapping: DEFAULT_ECS_MAPPING, threads, chunkBytes: 1 });
    const [seed, tmp, anonymous] = report.rules;
    expect(seed!.accuracy).toEqual({ truePositives: 3, falsePositives: 1, falseNegatives: 1, trueNegatives: 3, precision: 0.75, recall: 0.75 });
    expect(seed!.mismatches).toEqual([
      { source: corpus, line: 2, kind: 'false negative', text: LINES[1] },
      { source: corpus, line: 6, kind: 'false positive', text: LINES[5] },
    ]);
    expect(tmp!.accuracy).toEqual({ truePositives: 4, falsePositives: 0, falseNegatives: 0, trueNegatives: 4, precision: 1, recall: 1 });
    expect(tmp!.mismatches).toEqual([]);
    expect(anonymous!.accuracy).toBeUndefined();
    expect(report.accuracy).toEqual({ truePositives: 7, falsePositives: 1, falseNegatives: 1, trueNegatives: 7, precision: 7 / 8, recall: 7 / 8 });
    expect(report.corpora[0]!.labels).toBe(`${corpus}.labels.json`);
    expect(report.warnings).toEqual([]);
  });

  test('an explicit labels file wins; labels: false ignores the one beside the corpus', async () => {
    const corpus = writeCorpus(dir.dir, 'explicit.ndjson', TEXT);
    writeFileSync(`${corpus}.labels.json`, labels({ [SEED]: [1] }));
    const other = writeCorpus(dir.dir, 'truth.json', labels({ [SEED]: [1, 3, 6, 8] }));
    const explicit = await runReplay({ corpora: [corpus], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 0, labels: other });
    expect(explicit.accuracy).toMatchObject({ truePositives: 4, falsePositives: 0, falseNegatives: 0 });
    expect(explicit.corpora[0]!.labels).toBe(other);
    const none = await runReplay({ corpora: [corpus], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 0, labels: false });
    expect(none.accuracy).toBeNull();
    expect(none.rules[0]!.accuracy).toBeUndefined();
  });

  test('labels beyond the end of the corpus are false negatives with no text, and the mismatch of sizes is warned about', async () => {
    const corpus = writeCorpus(dir.dir, 'short.ndjson', TEXT);
    writeFileSync(`${corpus}.labels.json`, labels({ [SEED]: [1, 3, 6, 8, 10] }, 10));
    const report = await runReplay({ corpora: [corpus], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 2, chunkBytes: 200 });
    expect(report.accuracy).toEqual({ truePositives: 4, falsePositives: 0, falseNegatives: 1, trueNegatives: 4, precision: 1, recall: 0.8 });
    expect(report.rules[0]!.mismatches).toEqual([{ source: corpus, line: 10, kind: 'false negative', text: null }]);
    expect(report.warnings).toEqual([`labels ${corpus}.labels.json describe 10 events but ${corpus} has 8 lines: they may belong to another corpus`]);
  });

  test('labels that name no replayed rule give no accuracy and say so', async () => {
    const corpus = writeCorpus(dir.dir, 'unnamed.ndjson', TEXT);
    writeFileSync(`${corpus}.labels.json`, labels({ other: [1] }));
    const report = await runReplay({ corpora: [corpus], rules: [queryRule('file where true')], mapping: DEFAULT_ECS_MAPPING, threads: 0 });
    expect(report.accuracy).toBeNull();
    expect(report.warnings).toEqual([`labels ${corpus}.labels.json name no replayed rule (they have other): ${corpus} gets no accuracy`]);
  });

  test('an invalid labels file is ERR_CORPUS_LABELS naming it', async () => {
    const corpus = writeCorpus(dir.dir, 'bad-labels.ndjson', TEXT);
    writeFileSync(`${corpus}.labels.json`, labels({ [SEED]: [3, 1] }));
    await expect(runReplay({ corpora: [corpus], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 0 })).rejects.toMatchObject({
      code: 'ERR_CORPUS_LABELS',
      message: `labels ${corpus}.labels.json: "expected.${SEED}" line 1 is not an ascending 1-based line number ≤ 8`,
    });
  });

  test('a _bulk corpus: a label on an action line (no document) is a false negative outside the events', async () => {
    const action = '{"create":{"_index":"logs-endpoint.events.file-default"}}';
    const corpus = writeCorpus(dir.dir, 'bulk.ndjson', `${action}\n${LINES[0]}\n${action}\n${LINES[1]}\n`);
    writeFileSync(`${corpus}.labels.json`, labels({ [SEED]: [1, 2] }, 4));
    const report = await runReplay({ corpora: [corpus], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 1 });
    expect(report.accuracy).toEqual({ truePositives: 1, falsePositives: 0, falseNegatives: 1, trueNegatives: 1, precision: 1, recall: 0.5 });
    expect(report.rules[0]!.mismatches).toEqual([{ source: corpus, line: 1, kind: 'false negative', text: null }]);
  });
});
