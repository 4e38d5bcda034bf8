/** `eql-replay generate` run in-process through runCli. */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../../src/cli/program.js';
import { parseLabels, SEED_RULE_ID } from '../../../src/corpus/generate/labels.js';
import { createMemoryCli } from '../../support/cli-context.js';

const dir = mkdtempSync(join(tmpdir(), 'eql-replay-generate-'));
// The command always generates in worker threads, which load the built worker.
const built = existsSync(new URL('../../../dist/src/corpus/generate/worker.js', import.meta.url));

describe.skipIf(!built)('eql-replay generate (needs dist/: npm run build)', () => {
  test('writes the corpus and F.labels.json, and --json prints the summary', async () => {
    const cli = createMemoryCli({ cwd: dir });
    const code = await runCli(['generate', '--events', '5k', '--seed', '3', '--profile', 'accuracy', '--threads', '1', '--out', 'c.ndjson', '--json'], { ...cli.ctx, cpus: 1 });
    expect(cli.stderr()).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(cli.stdout()) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(['events', 'bytes', 'durationMs', 'eventsPerSec', 'out', 'labels', 'seed', 'profile', 'positives', 'scenarios']);
    expect(summary).toMatchObject({ events: 5000, out: 'c.ndjson', labels: 'c.ndjson.labels.json', seed: 3, profile: 'accuracy' });
    const corpus = readFileSync(join(dir, 'c.ndjson'));
    expect(summary['bytes']).toBe(corpus.length);
    expect(corpus.toString('utf8').split('\n')).toHaveLength(5001);
    const labels = parseLabels(readFileSync(join(dir, 'c.ndjson.labels.json'), 'utf8'), 'c.ndjson.labels.json');
    expect(Object.keys(labels)).toEqual(['format', 'events', 'seed', 'profile', 'expected', 'scenarios']);
    expect(labels).toMatchObject({ format: 1, events: 5000, seed: 3, profile: 'accuracy' });
    expect(labels.expected[SEED_RULE_ID]!.length).toBe(summary['positives']);
    expect(labels.scenarios).toEqual(summary['scenarios']);
    // No temporary file is left behind.
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('".gz" output is gzip and the same events as the plain file', async () => {
    const cli = createMemoryCli({ cwd: dir });
    expect(await runCli(['generate', '-n', '5000', '-s', '3', '-p', 'accuracy', '-t', '1', '-o', 'c.ndjson.gz'], cli.ctx)).toBe(0);
    expect(gunzipSync(readFileSync(join(dir, 'c.ndjson.gz'))).equals(readFileSync(join(dir, 'c.ndjson')))).toBe(true);
    expect(cli.stdout()).toMatch(/^generated 5,000 events \(profile accuracy, seed 3\) -> c\.ndjson\.gz \(/);
  });

  test('--out - writes the corpus to stdout, the summary to stderr, and notes that labels are skipped', async () => {
    const cli = createMemoryCli({ cwd: dir });
    expect(await runCli(['generate', '-n', '100', '-t', '1', '--out', '-'], cli.ctx)).toBe(0);
    expect(cli.stdout().split('\n')).toHaveLength(101);
    expect(cli.stderr()).toContain('generate: no labels written (the corpus went to stdout; pass --labels FILE to keep the ground truth)');
    expect(cli.stderr()).toMatch(/generated 100 events \(profile busy-server, seed 1\) -> stdout/);
  });

  test('--out - with --labels keeps the ground truth', async () => {
    const cli = createMemoryCli({ cwd: dir });
    expect(await runCli(['generate', '-n', '100', '-t', '1', '--out', '-', '--labels', 'truth.json'], cli.ctx)).toBe(0);
    expect(parseLabels(readFileSync(join(dir, 'truth.json'), 'utf8'), 'truth.json').events).toBe(100);
  });

  test('a bad profile is a user-facing failure (exit 1) naming the key; nothing is written', async () => {
    const cli = createMemoryCli({ cwd: dir });
    expect(await runCli(['generate', '-n', '10', '-o', 'never.ndjson', '-p', 'nope'], cli.ctx)).toBe(1);
    expect(cli.stderr()).toContain('ERR_CORPUS_PROFILE: corpora/profiles/nope.json: no such profile');
    expect(existsSync(join(dir, 'never.ndjson'))).toBe(false);
  });

  test.for([
    [['generate', '-o', 'x', '--events', 'many'], "option '-n, --events <count>' argument 'many' is invalid"],
    [['generate', '-o', 'x', '--threads', '0'], "option '-t, --threads <n>' argument '0' is invalid"],
    [['generate', '-o', 'x', '--gzip-level', '10'], "option '--gzip-level <level>' argument '10' is invalid"],
    [['generate'], "required option '-o, --out <file>' not specified"],
  ] as const)('usage error %j exits 2', async ([args, message]) => {
    const cli = createMemoryCli({ cwd: dir });
    expect(await runCli([...args], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain(message);
  });

  test('Ctrl-C stops between blocks, exits 1 with ERR_CORPUS_INTERRUPTED and leaves no partial corpus', async () => {
    const cli = createMemoryCli({ cwd: dir });
    const running = runCli(['generate', '-n', '5M', '-t', '1', '-o', 'interrupted.ndjson'], cli.ctx);
    // Interrupt once the first blocks are written (the temporary file exists).
    while (!readdirSync(dir).some((f) => f.startsWith('.interrupted.ndjson.tmp-'))) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    cli.interrupt();
    expect(await running).toBe(1);
    expect(cli.stderr()).toContain('interrupt: stopping after the blocks in flight; the partial corpus will be removed');
    expect(cli.stderr()).toMatch(/ERR_CORPUS_INTERRUPTED: generation interrupted after \d+ of 5000000 events/);
    expect(readdirSync(dir).filter((f) => f.includes('interrupted'))).toEqual([]);
  });

  test('progress goes to stderr only when it is a terminal', async () => {
    const quiet = createMemoryCli({ cwd: dir });
    expect(await runCli(['generate', '-n', '5000', '-t', '1', '-o', 'p.ndjson'], quiet.ctx)).toBe(0);
    expect(quiet.stderr()).toBe('');
    const tty = createMemoryCli({ cwd: dir, tty: true });
    expect(await runCli(['generate', '-n', '5000', '-t', '1', '-o', 'p.ndjson'], tty.ctx)).toBe(0);
    expect(tty.stderr()).toBe('\rgenerate: 4,096 / 5,000 events\rgenerate: 5,000 / 5,000 events\n');
  });

  test('--help has an Example block', async () => {
    const cli = createMemoryCli();
    expect(await runCli(['generate', '--help'], cli.ctx)).toBe(0);
    expect(cli.stdout()).toContain('Example:\n  $ eql-replay generate --events 1M --seed 7 --out corpus.ndjson.gz');
  });
});
