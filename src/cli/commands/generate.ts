/**
 * `eql-replay generate`: writes a labelled synthetic corpus of Linux file events (Elastic Defend,
 * Endgame, SentinelOne) and its ground truth for the seed rule. The same seed and profile give the same
 * bytes whatever the thread count.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, InvalidArgumentError, type Command } from 'commander';
import { IoError } from '../../errors.js';
import { labelsText } from '../../corpus/generate/generate-corpus.js';
import { writeGeneratedCorpus } from '../../corpus/generate/write-generated-corpus.js';
import { DEFAULT_PROFILE_NAME, listProfiles, loadProfile } from '../../corpus/generate/profile-loader.js';
import { SEED_RULE_ID } from '../../corpus/generate/labels.js';
import { writeLine, type CliContext } from '../context.js';

interface GenerateFlags {
  events: number;
  seed: number;
  out: string;
  profile: string;
  threads?: number;
  rawS1?: boolean;
  labels?: string;
  gzip?: boolean;
  gzipLevel: number;
  json?: boolean;
}

/** Registers `generate`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('generate')
    .description('write a labelled synthetic corpus of Linux file events (Defend, Endgame, SentinelOne) and its ground truth')
    .requiredOption('-o, --out <file>', 'corpus file; ".gz" compresses; "-" writes to stdout')
    .addOption(new Option('-n, --events <count>', 'number of events (accepts 250k, 1M)').argParser(parseCount).default(100_000, '100k'))
    .addOption(new Option('-s, --seed <seed>', 'PRNG seed (a non-negative integer)').argParser(parseSeed).default(1))
    .option('-p, --profile <name|file>', `a shipped profile (${listProfiles().join(', ')}) or a JSON file`, DEFAULT_PROFILE_NAME)
    .addOption(new Option('-t, --threads <n>', 'worker threads (default: one per CPU)').argParser(parseThreads))
    .option('--raw-s1', 'emit SentinelOne events raw, before the integration pipeline (vendor JSON in "message")')
    .option('--labels <file>', 'ground-truth file (default: <out>.labels.json; needed with --out -)')
    .option('--gzip', 'gzip the output even without a ".gz" name (e.g. to stdout)')
    .addOption(new Option('--gzip-level <level>', 'gzip level 1-9 (part of the bytes: keep it for reproducibility)').argParser(parseLevel).default(6))
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Ground truth: <out>.labels.json = {"format":1,"events":N,"seed":S,"profile":P,',
        `  "expected":{"${SEED_RULE_ID}":[1-based line numbers]},"scenarios":{...counts...}}`,
        'With --raw-s1, SentinelOne lines match nothing as stored (the event is inside "message");',
        'the same seed without --raw-s1 gives the same events, so its labels are the post-pipeline truth.',
        '',
        'Example:',
        '  $ eql-replay generate --events 1M --seed 7 --out corpus.ndjson.gz',
        '  $ eql-replay generate -n 50k --profile intrusion --out - --labels truth.json | head',
        '  $ eql-replay generate -n 10k --profile ./my-fleet.json --out small.ndjson --json',
      ].join('\n'),
    )
    .action(async (flags: GenerateFlags) => {
      await runGenerate(flags, ctx);
    });
}

async function runGenerate(flags: GenerateFlags, ctx: CliContext): Promise<void> {
  const toStdout = flags.out === '-';
  const outPath = toStdout ? '-' : resolve(ctx.cwd, flags.out);
  const gzip = flags.gzip === true || (!toStdout && flags.out.endsWith('.gz'));
  const labelsPath = flags.labels !== undefined ? resolve(ctx.cwd, flags.labels) : toStdout ? undefined : `${outPath}.labels.json`;
  // With the corpus on stdout, the summary goes to stderr so that the two never mix.
  const report = toStdout ? ctx.stderr : ctx.stdout;
  const loaded = await loadProfile(flags.profile, { cwd: ctx.cwd });
  const progress = ctx.stderrIsTTY
    ? (done: number, total: number) => ctx.stderr.write(`\rgenerate: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events`)
    : undefined;
  const controller = new AbortController();
  const removeInterrupt = ctx.onInterrupt(() => {
    if (ctx.stderrIsTTY) ctx.stderr.write('\n');
    writeLine(ctx.stderr, 'interrupt: stopping after the blocks in flight; the partial corpus will be removed');
    controller.abort();
  });
  let written;
  try {
    // A failed or interrupted run leaves no corpus under the final name (only a regular file's temp).
    written = await writeGeneratedCorpus(toStdout ? ctx.stdout : outPath, {
      events: flags.events,
      seed: flags.seed,
      profile: loaded.profile,
      profileName: loaded.name,
      threads: flags.threads ?? ctx.cpus,
      rawS1: flags.rawS1 === true,
      ...(gzip ? { gzipLevel: flags.gzipLevel } : {}),
      ...(progress === undefined ? {} : { onProgress: progress }),
      signal: controller.signal,
    });
  } finally {
    removeInterrupt();
  }
  const { result, bytes } = written;
  if (progress !== undefined) ctx.stderr.write('\n');
  if (labelsPath !== undefined) {
    try {
      await writeFile(labelsPath, labelsText(result));
    } catch (error) {
      throw new IoError(labelsPath, 'write', error);
    }
  } else {
    writeLine(ctx.stderr, 'generate: no labels written (the corpus went to stdout; pass --labels FILE to keep the ground truth)');
  }
  const positives = result.labels.expected[SEED_RULE_ID]?.length ?? 0;
  if (flags.json === true) {
    writeLine(
      report,
      JSON.stringify({
        events: result.events,
        bytes,
        durationMs: Math.round(result.durationMs),
        eventsPerSec: Math.round(result.eventsPerSec),
        out: toStdout ? '-' : flags.out,
        labels: labelsPath === undefined ? null : (flags.labels ?? `${flags.out}.labels.json`),
        seed: flags.seed,
        profile: loaded.name,
        positives,
        scenarios: result.labels.scenarios,
      }),
    );
    return;
  }
  const active = Object.entries(result.labels.scenarios).filter(([, n]) => n > 0);
  writeLine(
    report,
    `generated ${result.events.toLocaleString('en-US')} events (profile ${loaded.name}, seed ${flags.seed}) -> ${toStdout ? 'stdout' : flags.out}` +
      ` (${formatBytes(bytes)}) in ${(result.durationMs / 1000).toFixed(1)} s (${Math.round(result.eventsPerSec).toLocaleString('en-US')} events/s)`,
  );
  if (labelsPath !== undefined) writeLine(report, `labels -> ${flags.labels ?? `${flags.out}.labels.json`}: ${positives} positives for ${SEED_RULE_ID}`);
  writeLine(report, `scenarios: ${active.map(([name, n]) => `${name} ${n}`).join(', ')}`);
}

function parseCount(value: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(value.replaceAll('_', ''));
  const n = m === null ? Number.NaN : Number(m[1]) * (m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1e6);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative whole number of events, e.g. 100000, 250k or 1M');
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new InvalidArgumentError('expected an integer from 1 to 256');
  return n;
}

function parseLevel(value: string): number {
  const n = Number(value);
  if (!/^[1-9]$/.test(value)) throw new InvalidArgumentError('expected an integer from 1 to 9');
  return n;
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}
