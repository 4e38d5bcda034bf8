/**
 * Lines as the corpus readers see them: byte order mark, CRLF, blank lines, malformed lines (reported
 * with file, line, byte offset and excerpt; in scan mode only among candidates), several corpora with
 * their own line numbers, gzip and `_bulk` corpora keeping their original line numbers, rule packs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { loadReplayRules } from '../../src/replay/replay-rules.js';
import { runReplay } from '../../src/replay/run-replay.js';
import { collectReplay, queryRule, referenceMatches, seedRule, tempDir, writeCorpus } from './support/replay-fixtures.js';

const POSITIVE = JSON.stringify({
  event: { category: ['file'], action: 'creation' },
  host: { os: { type: 'linux' } },
  process: { executable: '/usr/bin/ssh-keygen' },
  file: { path: '/root/.ssh/id_rsa', name: 'id_rsa' },
});
/** Holds every literal of the seed rule (a candidate) but is cut short. */
const TRUNCATED = POSITIVE.slice(0, -2);
const OTHER = JSON.stringify({ event: { category: ['file'], action: 'creation' }, host: { os: { type: 'linux' } }, file: { path: '/tmp/x' } });

let dir: { dir: string; remove: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

describe('line handling', () => {
  // 1 BOM+positive (CRLF), 2 blank, 3 other, 4 spaces, 5 positive (CRLF), 6 malformed candidate, 7 malformed
  // non-candidate, 8 an array, 9 positive without a final newline.
  const text =
    `\ufeff${POSITIVE}\r\n` + '\n' + `${OTHER}\n` + '   \t\n' + `${POSITIVE}\r\n` + `${TRUNCATED}\n` + 'not json at all\n' + '[1,2]\n' + POSITIVE;

  test.for([0, 2])('%i threads: byte order mark and CRLF dropped, blank lines are no events, the last line needs no newline', async (threads) => {
    const path = writeCorpus(dir.dir, `lines-${threads}.ndjson`, text);
    const run = await collectReplay({ corpora: [path], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads, chunkBytes: 64, labels: false });
    expect(run.matches[0]).toEqual([`${path}:1`, `${path}:5`, `${path}:9`]);
    expect(run.matchedText).toBe(`${POSITIVE}\n${POSITIVE}\n${POSITIVE}\n`);
    expect(run.report.lines).toBe(9);
    // Scan mode: the candidate malformed line (6) is found, the non-candidate ones (7, 8) are not parsed.
    expect(run.report.mode).toBe('scan');
    expect(run.report.malformed).toBe(1);
    expect(run.report.events).toBe(9 - 2 - 1);
    expect(run.report.firstMalformed).toEqual([
      {
        source: path,
        line: 6,
        offset: Buffer.byteLength(`\ufeff${POSITIVE}\r\n\n${OTHER}\n   \t\n${POSITIVE}\r\n`),
        excerpt: `${TRUNCATED.slice(0, 120)}… (${TRUNCATED.length - 120} more characters)`,
        reason: expect.stringMatching(/^not JSON: /) as unknown as string,
      },
    ]);
  });

  test('validation parses every line and reports every malformed one with its line', async () => {
    const path = writeCorpus(dir.dir, 'validate.ndjson', text);
    const report = await runReplay({ corpora: [path], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 1, chunkBytes: 100, validate: true, labels: false });
    expect(report.mode).toBe('parse-all');
    expect(report.malformed).toBe(3);
    expect(report.firstMalformed.map((m) => [m.line, m.reason.replace(/:.*/, '')])).toEqual([
      [6, 'not JSON'],
      [7, 'not JSON'],
      [8, 'not a JSON object (found an array)'],
    ]);
    expect(report.events).toBe(9 - 2 - 3);
    expect(report.parsed).toBe(7);
  });

  test('--malformed fail stops at the first malformed line in input order, whatever the thread scheduling', async () => {
    const path = writeCorpus(dir.dir, 'fail.ndjson', text);
    await expect(
      runReplay({ corpora: [path], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 3, chunkBytes: 1, malformed: 'fail', labels: false }),
    ).rejects.toMatchObject({ code: 'ERR_CORPUS_MALFORMED', data: { source: path, line: 6 } });
  });
});

describe('several corpora and formats', () => {
  test('line numbers are per corpus, corpora are read in order', async () => {
    const a = writeCorpus(dir.dir, 'a.ndjson', `${OTHER}\n${POSITIVE}\n`);
    const b = writeCorpus(dir.dir, 'b.ndjson.gz', gzipSync(`${POSITIVE}\n${OTHER}\n${OTHER}\n${POSITIVE}\n`));
    const run = await collectReplay({ corpora: [a, b], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 2, labels: false });
    expect(run.matches[0]).toEqual([`${a}:2`, `${b}:1`, `${b}:4`]);
    expect(run.report.rules[0]!.firstMatches).toEqual([`${a}:2`, `${b}:1`, `${b}:4`]);
    expect(run.report.corpora.map((c) => [c.source, c.format, c.compression, c.lines, c.events, c.complete])).toEqual([
      [a, 'ndjson', 'none', 2, 2, true],
      [b, 'ndjson', 'gzip', 4, 4, true],
    ]);
    expect(run.report.events).toBe(6);
  });

  test('a _bulk corpus keeps the original line of each document', async () => {
    const action = '{"create":{"_index":"logs-endpoint.events.file-default"}}';
    const path = writeCorpus(dir.dir, 'bulk.ndjson', `${action}\n${OTHER}\n${action}\n${POSITIVE}\n${action}\n${POSITIVE}\n`);
    const run = await collectReplay({ corpora: [path], rules: [seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 1, labels: false });
    expect(run.report.corpora[0]!.format).toBe('bulk');
    expect(run.matches[0]).toEqual([`${path}:4`, `${path}:6`]);
    expect(run.report.events).toBe(3);
  });

  test('stdin ("-") is a corpus', async () => {
    const { Readable } = await import('node:stream');
    const run = await collectReplay({
      corpora: ['-'],
      stdin: Readable.from([Buffer.from(`${OTHER}\n${POSITIVE}\n`)]),
      rules: [seedRule()],
      mapping: DEFAULT_ECS_MAPPING,
      threads: 1,
    });
    expect(run.matches[0]).toEqual(['-:2']);
    expect(run.report.corpora[0]!.labels).toBeNull();
  });
});

const PACK = new URL('../../../shared/conformance/detection-rules/eql-rules.ndjson', import.meta.url).pathname;

describe.skipIf(!existsSync(PACK))('a rule pack (../shared/conformance/detection-rules/eql-rules.ndjson; skipped when ../shared is absent)', () => {
  test('every single-event rule runs in one pass; the 217 sequences and 3 samples are skipped and counted', async () => {
    const loaded = await loadReplayRules({ rules: [PACK], queries: [] }, { mapping: DEFAULT_ECS_MAPPING });
    const kinds = new Map<string, number>();
    for (const s of loaded.skipped) kinds.set(s.reason.split(' ')[0]!, (kinds.get(s.reason.split(' ')[0]!) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ sequence: 217, sample: 3 });
    expect(loaded.rules).toHaveLength(861);
  });

  test('the 222 Linux single-event rules agree with their compiled predicates line by line, each line parsed once', async () => {
    const lines = readFileSync(PACK, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"path": "rules/linux/') && line.includes('"kind": "event"'));
    expect(lines).toHaveLength(222);
    const packPath = writeCorpus(dir.dir, 'linux.ndjson', `${lines.join('\n')}\n`);
    const { rules } = await loadReplayRules({ rules: [packPath], queries: [] }, { mapping: DEFAULT_ECS_MAPPING });
    const { generateInMemory } = await import('../corpus/generate/support/generate-in-memory.js');
    const { bytes } = await generateInMemory({ events: 2000, seed: 5, profile: 'accuracy' });
    const corpus = writeCorpus(dir.dir, 'pack-corpus.ndjson', bytes);
    const expected = referenceMatches(bytes.toString('utf8'), rules, { oracle: 'compiled' }).map((m) => m.map((line) => `${corpus}:${line}`));
    for (const threads of [0, 2]) {
      const run = await collectReplay({ corpora: [corpus], rules, mapping: DEFAULT_ECS_MAPPING, threads, chunkBytes: 100_000, labels: false });
      expect(run.report.mode).toBe('parse-all');
      expect(run.report.parsed).toBe(2000);
      expect(run.matches).toEqual(expected);
    }
    expect(expected.filter((m) => m.length > 0).length).toBeGreaterThan(1);
  });
});

describe('rules', () => {
  test('a rule that can never match is not evaluated', async () => {
    const path = writeCorpus(dir.dir, 'never.ndjson', `${POSITIVE}\n`);
    const report = await runReplay({ corpora: [path], rules: [queryRule('file where false', 'never'), seedRule()], mapping: DEFAULT_ECS_MAPPING, threads: 0, labels: false });
    expect(report.rules.map((r) => [r.id, r.matches, r.candidates])).toEqual([
      ['never', 0, 0],
      ['7df3cb8b-5c0c-4228-b772-bb6cd619053c', 1, 1],
    ]);
  });
});
