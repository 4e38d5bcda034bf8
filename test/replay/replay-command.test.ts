/**
 * `eql-replay replay` run in-process (runCli): exact JSON fields, labels picked up beside the corpus,
 * --fail-on-mismatch, packs with skipped sequences, --out-matches, --report, usage errors, interrupts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { CliContext } from '../../src/cli/context.js';
import { createMemoryCli } from '../support/cli-context.js';
import { tempDir, writeCorpus } from './support/replay-fixtures.js';

const SEED = '7df3cb8b-5c0c-4228-b772-bb6cd619053c';
const positive = (name: string): string =>
  JSON.stringify({
    event: { category: ['file'], action: 'creation' },
    host: { os: { type: 'linux' } },
    process: { executable: '/usr/bin/ssh-keygen' },
    file: { path: `/home/u/.ssh/${name}`, name },
  });
const other = (name: string): string => JSON.stringify({ event: { category: ['file'], action: 'creation' }, host: { os: { type: 'linux' } }, file: { path: `/tmp/${name}`, name } });
const LINES = [other('a'), positive('id_ed25519'), other('b'), positive('id_ed25519.pub'), other('c')];
const TEXT = `${LINES.join('\n')}\n`;
const labels = (lines: number[]): string => JSON.stringify({ format: 1, events: 5, seed: 0, profile: 'crafted', expected: { [SEED]: lines }, scenarios: {} });

let dir: { dir: string; remove: () => void };
let corpus: string;
beforeAll(() => {
  dir = tempDir();
  corpus = writeCorpus(dir.dir, 'events.ndjson', TEXT);
  writeFileSync(`${corpus}.labels.json`, labels([2, 4]));
});
afterAll(() => dir.remove());

async function run(args: string[], ctxOverride: Partial<CliContext> = {}) {
  const cli = createMemoryCli({ cwd: dir.dir });
  const code = await runCli(args, { ...cli.ctx, ...ctxOverride });
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe('replay --json', () => {
  test('one object with the documented fields; labels beside the corpus are used', async () => {
    const { code, stdout, stderr } = await run(['replay', '--rule', 'builtin:ssh-keygen', '--threads', '1', '--json', 'events.ndjson']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      partial: false,
      events: 5,
      bytes: Buffer.byteLength(TEXT),
      threads: 1,
      chunkBytes: 2097152,
      mode: 'scan',
      lines: 5,
      parsed: 2,
      matches: 2,
      rules: [
        {
          id: SEED,
          name: 'SSH Key Generated via ssh-keygen',
          source: 'builtin:ssh-keygen',
          matches: 2,
          candidates: 2,
          firstMatches: ['events.ndjson:2', 'events.ndjson:4'],
          accuracy: { truePositives: 2, falsePositives: 0, falseNegatives: 0, trueNegatives: 3, precision: 1, recall: 1 },
          mismatches: [],
        },
      ],
      skippedRules: [],
      accuracy: { truePositives: 2, falsePositives: 0, falseNegatives: 0, trueNegatives: 3, precision: 1, recall: 1 },
      malformed: 0,
      firstMalformed: [],
      corpora: [{ source: 'events.ndjson', format: 'ndjson', compression: 'none', lines: 5, events: 5, bytes: Buffer.byteLength(TEXT), labels: `${corpus}.labels.json`, complete: true }],
      warnings: [],
    });
    for (const key of ['durationMs', 'eventsPerSec', 'bytesPerSec']) expect(typeof report[key]).toBe('number');
    expect(report['threadBusy']).toHaveLength(1);
  });

  test('an ad-hoc --query has no id and gets no accuracy; --no-labels ignores the labels', async () => {
    const { code, stdout } = await run(['replay', '-q', 'file where file.name : "id_*"', '--threads', '1', '--json', 'events.ndjson']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { accuracy: unknown; rules: { id: unknown; accuracy?: unknown }[]; warnings: string[] };
    expect(report.rules[0]).toMatchObject({ id: null, matches: 2 });
    expect(report.rules[0]!.accuracy).toBeUndefined();
    expect(report.accuracy).toBeNull();
    expect(report.warnings[0]).toMatch(/name no replayed rule/);
    const none = JSON.parse((await run(['replay', '-r', 'builtin:ssh-keygen', '--no-labels', '-t', '1', '--json', 'events.ndjson'])).stdout) as { accuracy: unknown };
    expect(none.accuracy).toBeNull();
  });
});

describe('--fail-on-mismatch', () => {
  test('agreement exits 0', async () => {
    expect((await run(['replay', '-r', 'builtin:ssh-keygen', '-t', '1', '--fail-on-mismatch', 'events.ndjson'])).code).toBe(0);
  });

  test('a difference exits 1 after the report, naming the counts and the rule', async () => {
    const truth = writeCorpus(dir.dir, 'wrong.labels.json', labels([2, 3]));
    const { code, stdout, stderr } = await run(['replay', '-r', 'builtin:ssh-keygen', '-t', '1', '--labels', truth, '--fail-on-mismatch', 'events.ndjson']);
    expect(code).toBe(1);
    expect(stderr).toBe(`ERR_REPLAY_MISMATCH: the matches differ from the labels: 1 false positive(s), 1 false negative(s) (rules: ${SEED})\n`);
    expect(stdout).toContain(`Mismatches of "SSH Key Generated via ssh-keygen" (${SEED}): 2, the first 2:\n`);
    expect(stdout).toContain(`  false negative events.ndjson:3\n    ${LINES[2]}\n`);
    expect(stdout).toContain(`  false positive events.ndjson:4\n    ${LINES[3]}\n`);
  });

  test('no labels at all exits 1: nothing was checked', async () => {
    const { code, stderr } = await run(['replay', '-r', 'builtin:ssh-keygen', '-t', '1', '--no-labels', '--fail-on-mismatch', 'events.ndjson']);
    expect(code).toBe(1);
    expect(stderr).toBe('ERR_REPLAY_MISMATCH: no rule has labels to compare with (put <corpus>.labels.json beside the corpus, or pass --labels F)\n');
  });
});

describe('rules', () => {
  test('a single sequence query is an error naming the construct', async () => {
    const { code, stdout, stderr } = await run(['replay', '-q', 'sequence [file where true] [process where true]', 'events.ndjson']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ERR_EQL_UNSUPPORTED: sequence queries are not supported by replay: it evaluates single-event queries/);
  });

  test('a pipe is an error: replay counts every match', async () => {
    const { code, stderr } = await run(['replay', '-q', 'file where true | head 3', 'events.ndjson']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ERR_EQL_UNSUPPORTED: pipe "head" is not supported by replay/);
  });

  test('in a pack, sequences are skipped and counted; the single-event rules run', async () => {
    const pack = writeCorpus(
      dir.dir,
      'pack.ndjson',
      [
        { rule_id: 'r1', name: 'keys', language: 'eql', type: 'eql', query: 'file where file.name : "id_*"' },
        { rule_id: 'r2', name: 'seq', language: 'eql', type: 'eql', query: 'sequence [file where true] [file where true]' },
        { rule_id: 'r3', name: 'kql', language: 'kuery', type: 'query', query: 'a:b' },
        { rule_id: 'r4', name: 'tmp', language: 'eql', type: 'eql', query: 'file where file.path : "/tmp/*"' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const { code, stdout } = await run(['replay', '-r', pack, '-t', '1', '--json', 'events.ndjson']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { rules: { id: string; matches: number }[]; skippedRules: unknown[] };
    expect(report.rules.map((r) => [r.id, r.matches])).toEqual([
      ['r1', 2],
      ['r4', 3],
    ]);
    expect(report.skippedRules).toEqual([
      { source: `${pack}:3`, id: 'r3', name: 'kql', reason: 'written in kuery, not EQL' },
      { source: `${pack}:2`, id: 'r2', name: 'seq', reason: 'sequence query: replay evaluates single-event queries' },
    ]);
    const human = await run(['replay', '-r', pack, '-t', '1', 'events.ndjson']);
    expect(human.stdout).toContain('2 rules skipped (1 other, 1 sequence); --json lists each with its reason\n');
  });

  test('the per-rule table (parse-all, as "/tmp/ is in most paths; the file.path prefix index picks each rule\'s candidates)', async () => {
    const { stdout } = await run(['replay', '-r', 'builtin:ssh-keygen', '-q', 'file where file.path : "/tmp/*"', '-t', '1', 'events.ndjson']);
    expect(stdout).toContain(
      [
        '| Rule                             | Id                                   | Matches | Candidates | TP | FP | FN | TN | Precision | Recall |',
        '|:---------------------------------|:-------------------------------------|--------:|-----------:|---:|---:|---:|---:|----------:|-------:|',
        `| SSH Key Generated via ssh-keygen | ${SEED} |       2 |          2 |  2 |  0 |  0 |  3 |    1.0000 | 1.0000 |`,
        '| query                            | -                                    |       3 |          3 |  - |  - |  - |  - |         - |      - |',
        '',
      ].join('\n'),
    );
    expect(stdout).toMatch(/^\| Events {2,}\| +5 \| events +\|$/m);
    expect(stdout).toMatch(/^\| Precision +\| +1\.0000 \| +\|$/m);
  });
});

describe('outputs', () => {
  test('--out-matches writes the matched events in input order; --report writes a self-contained page', async () => {
    const { code } = await run(['replay', '-r', 'builtin:ssh-keygen', '-t', '2', '--out-matches', 'hits.ndjson', '--report', 'report.html', 'events.ndjson']);
    expect(code).toBe(0);
    expect(readFileSync(join(dir.dir, 'hits.ndjson'), 'utf8')).toBe(`${LINES[1]}\n${LINES[3]}\n`);
    const html = readFileSync(join(dir.dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<title>eql-replay: 1 rule over 5 events</title>');
    expect(html).toContain(`<td>SSH Key Generated via ssh-keygen</td><td><code>${SEED}</code></td><td class="num">2</td><td class="num">2</td>`);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  test('--out-matches - writes the events to stdout and the report to stderr', async () => {
    const { code, stdout, stderr } = await run(['replay', '-r', 'builtin:ssh-keygen', '-t', '1', '--out-matches', '-', '--json', 'events.ndjson']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${LINES[1]}\n${LINES[3]}\n`);
    expect((JSON.parse(stderr) as { matches: number }).matches).toBe(2);
  });
});

describe('usage and interrupts', () => {
  test.for([
    ['no rule', ['replay', 'events.ndjson'], 2, /^ERR_USAGE: give at least one rule/],
    ['--threads 0', ['replay', '-r', 'builtin:ssh-keygen', '--threads', '0', 'events.ndjson'], 2, /--threads <n>' argument '0' is invalid/],
    ['--labels with two corpora', ['replay', '-r', 'builtin:ssh-keygen', '--labels', 'x.json', 'events.ndjson', 'events.ndjson'], 2, /^ERR_INVALID_OPTION: invalid value for labels/],
    ['--chunk-bytes 1x', ['replay', '-r', 'builtin:ssh-keygen', '--chunk-bytes', '1x', 'events.ndjson'], 2, /expected a size like/],
    ['a missing corpus', ['replay', '-r', 'builtin:ssh-keygen', 'missing.ndjson'], 1, /^ERR_CORPUS_READ: cannot read corpus/],
  ] as const)('%s', async ([, args, exit, message]) => {
    const { code, stderr } = await run([...args]);
    expect(code).toBe(exit);
    expect(stderr).toMatch(message);
  });

  test('Ctrl-C prints the partial report, then exits 1 with ERR_REPLAY_INTERRUPTED', async () => {
    // An interrupt that fires as soon as the handler is registered: nothing is read.
    const { code, stdout, stderr } = await run(['replay', '-r', 'builtin:ssh-keygen', '-t', '1', '--json', 'events.ndjson'], {
      onInterrupt: (handler) => {
        queueMicrotask(handler);
        return () => undefined;
      },
    });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { partial: boolean; events: number; corpora: { complete: boolean }[] };
    expect(report.partial).toBe(true);
    expect(report.corpora[0]!.complete).toBe(false);
    expect(stderr).toContain('interrupt: no more reading; finishing the chunks in flight for a partial report…\n');
    expect(stderr).toContain(`ERR_REPLAY_INTERRUPTED: interrupted after ${report.events} events: the report above is partial\n`);
  });

  test('a terminal gets a progress line on stderr (and nothing else there); a pipe gets none', async () => {
    const tty = createMemoryCli({ cwd: dir.dir, tty: true });
    expect(await runCli(['replay', '-r', 'builtin:ssh-keygen', '-t', '1', 'events.ndjson'], tty.ctx)).toBe(0);
    const size = Buffer.byteLength(TEXT);
    expect(tty.stderr()).toMatch(new RegExp(`^\\rreplay events\\.ndjson  ${size} B / ${size} B \\(100\\.0 %\\)  [\\d,]+ events/s  ETA 0:00\\u001b\\[K\\n$`));
    expect((await run(['replay', '-r', 'builtin:ssh-keygen', '-t', '1', 'events.ndjson'])).stderr).toBe('');
  });

  test('--help has an example', async () => {
    const { code, stdout } = await run(['replay', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Example:\n  $ eql-replay replay --rule builtin:ssh-keygen corpus.ndjson');
    expect(existsSync(join(dir.dir, 'x.json'))).toBe(false);
  });
});
