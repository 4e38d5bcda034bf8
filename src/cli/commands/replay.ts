/**
 * `eql-replay replay`: replays corpora through one rule or a whole rule pack on a worker pool and reports
 * events/s, matches per rule and — when labels exist — precision and recall, with the first mismatching
 * events. Exit codes: 0 ok; 1 a failure, `--fail-on-mismatch` and a difference, or an interrupt (after
 * the partial report); 2 usage.
 */
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CORPUS_FORMATS, type CorpusFormat, type MalformedPolicy } from '../../corpus/read-corpus.js';
import { IoError } from '../../errors.js';
import { loadReplayRules } from '../../replay/replay-rules.js';
import { ReplayInterruptedError, ReplayMismatchError } from '../../replay/replay-errors.js';
import { runReplay } from '../../replay/run-replay.js';
import { formatReplayProgress } from '../../report/replay-progress.js';
import { renderReplayHtml } from '../../report/replay-html.js';
import { renderReplayReport, type ReplayReport } from '../../report/replay-report.js';
import { writeLine, type CliContext } from '../context.js';
import { addMappingOptions, loadMappingOption } from '../load-match-query.js';

interface ReplayFlags {
  readonly rule: string[];
  readonly query: string[];
  readonly threads?: number;
  readonly labels?: string | boolean;
  readonly json?: boolean;
  readonly outMatches?: string;
  readonly report?: string;
  readonly failOnMismatch?: boolean;
  readonly categoryField: string;
  readonly mapping?: string | boolean;
  readonly chunkBytes?: number;
  readonly malformed: MalformedPolicy;
  readonly validate?: boolean;
  readonly format: CorpusFormat;
}

/** Registers `replay`. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command('replay')
    .description('replay corpora through EQL rules on a worker pool: events/s, matches per rule, precision/recall against labels')
    .argument('<files...>', 'corpus files (NDJSON, _bulk, hits, search, archive; gzip), or - for stdin; read in order')
    .option('-r, --rule <spec>', 'a rule or rule pack: .eql, detection-rules .toml, Kibana export .ndjson, directory, builtin:ssh-keygen (repeatable)', collect, [])
    .option('-q, --query <eql>', 'an EQL query (repeatable)', collect, [])
    .addOption(new Option('-t, --threads <n>', 'worker threads (default: one per CPU)').argParser(threadCount))
    .option('--labels <file>', 'ground truth for the one corpus (default: <corpus>.labels.json when it exists)')
    .option('--no-labels', 'ignore labels beside the corpora')
    .option('--json', 'print the report as one JSON object')
    .option('--out-matches <file>', 'write every event matched by at least one rule as NDJSON, in input order ("-": stdout, report to stderr)')
    .option('--report <file.html>', 'also write a self-contained HTML report')
    .option('--fail-on-mismatch', 'exit 1 when a rule disagrees with its labels (or no labels apply)');
  addMappingOptions(command)
    .addOption(new Option('--chunk-bytes <size>', 'chunk size sent to a worker, e.g. 1m, 4m, 262144 (k/m = KiB/MiB; default 2m when scanning, 1m when parsing every line)').argParser(byteSize))
    .addOption(new Option('--malformed <policy>', 'skip: count and report malformed lines; fail: stop at the first (implies --validate)').choices(['skip', 'fail']).default('skip'))
    .option('--validate', 'parse every line, also those no rule can match, so that every malformed line is found')
    .addOption(new Option('--format <format>', 'corpus format').choices([...CORPUS_FORMATS]).default('auto'))
    .addHelpText(
      'after',
      [
        '',
        'Several rules run in one pass: each line is parsed at most once whatever their number. In a rule pack,',
        'sequence/sample/join rules are skipped and counted; a single such --rule or --query is an error.',
        'Lines are numbered per corpus (file:line). Labels ("expected": {"<rule_id>": [lines]}) give per-rule',
        'TP/FP/FN/TN, precision (null when nothing matched) and recall (null when nothing was expected).',
        'In scan mode only prefilter candidates are parsed: a malformed line no rule could match is not seen',
        '(use --validate). Ctrl-C stops reading, finishes the chunks in flight and prints a partial report',
        '("partial": true), then exits 1.',
        '',
        'Example:',
        '  $ eql-replay replay --rule builtin:ssh-keygen corpus.ndjson            # labels beside it are used',
        '  $ eql-replay replay -r eql-rules.ndjson --threads 2 --json day1.ndjson.gz day2.ndjson',
        "  $ eql-replay replay -q 'file where file.name : \"id_*\"' --out-matches hits.ndjson --report r.html corpus.ndjson",
      ].join('\n'),
    )
    .action(async (files: string[], flags: ReplayFlags) => {
      await runReplayCommand(files, flags, ctx);
    });
}

async function runReplayCommand(files: string[], flags: ReplayFlags, ctx: CliContext): Promise<void> {
  const { mapping, mappingName } = await loadMappingOption(flags.mapping, ctx);
  const { rules, skipped } = await loadReplayRules({ rules: flags.rule, queries: flags.query }, { cwd: ctx.cwd, categoryField: flags.categoryField, mapping });
  const matchesToStdout = flags.outMatches === '-';
  const out = matchesToStdout ? ctx.stderr : ctx.stdout;
  let matchesFile: FileHandle | undefined;
  if (flags.outMatches !== undefined && !matchesToStdout) {
    const path = resolve(ctx.cwd, flags.outMatches);
    matchesFile = await open(path, 'w').catch((error: unknown) => {
      throw new IoError(flags.outMatches!, 'open for writing', error);
    });
  }
  const controller = new AbortController();
  const removeInterrupt = ctx.onInterrupt(() => {
    if (ctx.stderrIsTTY) ctx.stderr.write('\n');
    writeLine(ctx.stderr, 'interrupt: no more reading; finishing the chunks in flight for a partial report…');
    controller.abort();
  });
  let progressShown = false;
  let report: ReplayReport;
  try {
    report = await runReplay({
      corpora: files,
      rules,
      mapping,
      threads: flags.threads ?? ctx.cpus,
      cwd: ctx.cwd,
      stdin: ctx.stdin,
      signal: controller.signal,
      format: flags.format,
      malformed: flags.malformed,
      validate: flags.validate === true,
      skippedRules: skipped,
      // --labels F, --no-labels (false), or neither (commander's true): labels beside each corpus.
      ...(typeof flags.labels === 'string' || flags.labels === false ? { labels: flags.labels } : {}),
      ...(flags.chunkBytes === undefined ? {} : { chunkBytes: flags.chunkBytes }),
      ...(matchesToStdout ? { onMatchedText: (bytes: Uint8Array) => writeStream(ctx.stdout, bytes) } : {}),
      ...(matchesFile === undefined ? {} : { onMatchedText: async (bytes: Uint8Array) => void (await matchesFile!.write(bytes)) }),
      ...(ctx.stderrIsTTY
        ? {
            onProgress: (p) => {
              progressShown = true;
              ctx.stderr.write(`\r${formatReplayProgress(p)}\u001b[K`);
            },
          }
        : {}),
    });
  } finally {
    removeInterrupt();
    await matchesFile?.close();
  }
  if (progressShown) ctx.stderr.write('\n');

  if (flags.report !== undefined) {
    const details = [
      `rules: ${rules.map((r) => r.source).join(', ')}${skipped.length > 0 ? ` (${skipped.length} skipped)` : ''}`,
      `corpora: ${files.join(', ')}`,
      `threads ${report.threads}, chunk ${report.chunkBytes} bytes, mapping: ${mappingName}, category field ${flags.categoryField}`,
    ];
    await writeFile(resolve(ctx.cwd, flags.report), renderReplayHtml(report, { generatedAt: new Date(ctx.now()).toISOString(), details })).catch(
      (error: unknown) => {
        throw new IoError(flags.report!, 'write the report', error);
      },
    );
  }
  if (flags.json === true) writeLine(out, JSON.stringify(report, null, 2));
  else out.write(renderReplayReport(report));

  if (report.partial) throw new ReplayInterruptedError(report.events);
  if (flags.failOnMismatch === true) failOnMismatch(report);
}

function failOnMismatch(report: ReplayReport): void {
  const labelled = report.rules.filter((r) => r.accuracy !== undefined);
  const bad = labelled.filter((r) => r.accuracy!.falsePositives + r.accuracy!.falseNegatives > 0);
  const problems = [...report.warnings.filter((w) => w.startsWith('labels '))];
  if (labelled.length === 0) problems.push('no rule has labels to compare with (put <corpus>.labels.json beside the corpus, or pass --labels F)');
  if (bad.length === 0 && problems.length === 0) return;
  throw new ReplayMismatchError(
    report.accuracy?.falsePositives ?? 0,
    report.accuracy?.falseNegatives ?? 0,
    bad.map((r) => r.id ?? r.name),
    problems,
  );
}

function writeStream(stream: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> | void {
  if (stream.write(bytes)) return;
  return new Promise((done) => stream.once('drain', () => done()));
}

function collect(value: string, previous: string[]): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  return [...previous, value];
}

function threadCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new InvalidArgumentError('expected an integer from 1 to 256');
  return n;
}

function byteSize(value: string): number {
  const m = /^(\d+)\s*(b|k|kb|kib|m|mb|mib)?$/i.exec(value.trim());
  if (m === null) throw new InvalidArgumentError('expected a size like 1048576, 256k or 4m (k = KiB, m = MiB)');
  const unit = (m[2] ?? 'b').toLowerCase();
  const n = Number(m[1]) * (unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1);
  if (!Number.isSafeInteger(n) || n < 1 || n > 1024 * 1024 * 1024) throw new InvalidArgumentError('expected a size from 1 byte to 1 GiB');
  return n;
}
