/**
 * Question: how fast does `eql-replay replay` run, as a whole process, against one thread that reads the
 * same file and `JSON.parse`s every line — for the seed rule (a rare literal: scan mode), a rule with no
 * usable literal (parse-all), and Elastic's 222 Linux single-event rules in one pass — with 1, 2 and 4
 * threads? And what is its peak RSS on a 5 GB corpus?
 *
 * Baselines (bench/replay/parse-loop.ts, whole processes too): `parse` (read + JSON.parse every line,
 * one thread) — the ratio every target is stated against — and `count` (read + split lines only: the
 * ceiling of anything that reads the file on one thread).
 *
 * Method: a 2M-event busy-server corpus generated into a temp dir (deleted after); every task is a child
 * process; rounds are interleaved (each round runs every task once) because the machine is shared and
 * noisy; a task's time is the mean wall time over the rounds, its error the 95 % confidence half-width
 * (t distribution) relative to the mean; a ratio's error combines both. Peak RSS comes from the child's
 * own getrusage (report-max-rss.ts, preloaded), workers included.
 *
 * Usage: npm run bench:replay [-- --rounds 3 --events 2000000 --rss-events 2100000 --keep] [-- --quick]
 * Writes bench/results/replay.json (node version, CPU, git sha, chunk size and threads beside every number).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flagOption, PROJECT_ROOT as ROOT, writeBenchResult, type BenchHeadline } from '../bench-environment.js';
import { sampleStats } from '../sample-stats.js';

const CLI = join(ROOT, 'dist/src/cli/main.js');
const PARSE_LOOP = join(ROOT, 'dist/bench/replay/parse-loop.js');
const RSS_PRELOAD = pathToFileURL(join(ROOT, 'dist/bench/replay/report-max-rss.js')).href;
const PACK_SOURCE = resolve(ROOT, '../shared/conformance/detection-rules/eql-rules.ndjson');
const SEED_ID = '7df3cb8b-5c0c-4228-b772-bb6cd619053c';
const NO_LITERAL = 'file where file.size > 4096 and event.action in ("creation", "file_create_event", "rename")';
const MIB = 1 << 20;

const options = parseArgs(process.argv.slice(2));

interface Task {
  readonly name: string;
  readonly kind: 'parse-loop' | 'count-loop' | 'replay';
  readonly rules: string;
  readonly threads: number;
  readonly chunkBytes: number | null;
  readonly args: readonly string[];
  /** A target ratio to the parse loop (the brief's), when there is one. */
  readonly target: number | null;
}

interface Sample {
  readonly wallMs: number;
  readonly engineMs: number | null;
  readonly events: number;
  readonly maxRssKb: number;
  readonly mode: string | null;
  readonly chunkBytes: number | null;
  readonly matches: number | null;
  readonly accuracy: { falsePositives: number; falseNegatives: number } | null;
  /** The machine's 1-minute load average when the sample started (the machine is shared). */
  readonly loadAvg: number;
}

const dir = mkdtempSync(join(options.tmp ?? tmpdir(), 'eql-replay-bench-'));
try {
  await main();
} finally {
  if (options.keep) process.stderr.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const corpus = join(dir, 'busy-server-2m.ndjson');
  log(`generating ${options.events.toLocaleString('en-US')} events (busy-server, seed 7) into ${corpus}…`);
  await run(process.execPath, [CLI, 'generate', '-n', String(options.events), '--seed', '7', '--out', corpus]);
  const corpusBytes = statSync(corpus).size;
  const pack = extractLinuxPack();

  const tasks: Task[] = [
    { name: 'baseline: read + JSON.parse every line', kind: 'parse-loop', rules: '-', threads: 1, chunkBytes: null, args: [PARSE_LOOP, 'parse', corpus], target: null },
    { name: 'ceiling: read + split lines', kind: 'count-loop', rules: '-', threads: 1, chunkBytes: null, args: [PARSE_LOOP, 'count', corpus], target: null },
  ];
  // `chunkBytes: null` runs the engine's default for the mode (2 MiB scan, 1 MiB parse-all; the report says which).
  const replay = (name: string, rules: string, ruleArgs: string[], threads: number, chunkBytes: number | null, target: number | null): Task => ({
    name,
    kind: 'replay',
    rules,
    threads,
    chunkBytes,
    args: ['--import', RSS_PRELOAD, CLI, 'replay', ...ruleArgs, '--threads', String(threads), ...(chunkBytes === null ? [] : ['--chunk-bytes', String(chunkBytes)]), '--json', corpus],
    target,
  });
  for (const threads of [1, 2, 4]) tasks.push(replay('seed rule (scan)', 'builtin:ssh-keygen', ['--rule', 'builtin:ssh-keygen'], threads, null, threads === 2 ? 6 : null));
  for (const chunk of [MIB, 4 * MIB]) tasks.push(replay('seed rule (scan)', 'builtin:ssh-keygen', ['--rule', 'builtin:ssh-keygen'], 2, chunk, null));
  for (const threads of [1, 2, 4]) tasks.push(replay('no usable literal (parse-all)', NO_LITERAL, ['--query', NO_LITERAL], threads, null, threads === 2 ? 1.5 : null));
  if (pack !== null) {
    for (const threads of [1, 2, 4]) tasks.push(replay('222 Linux rules in one pass', 'eql-rules.ndjson rules/linux kind event', ['--rule', pack], threads, null, threads === 2 ? 1 : null));
  }

  log('warming the page cache…');
  await measure(tasks[1]!);
  const samples = new Map<Task, Sample[]>(tasks.map((t) => [t, []]));
  for (let round = 1; round <= options.rounds; round++) {
    // Rotate the order every round so that no task always follows the same one.
    const order = tasks.map((_, i) => tasks[(i + round) % tasks.length]!);
    for (const task of order) {
      const sample = await measure(task);
      samples.get(task)!.push(sample);
      log(`round ${round}/${options.rounds}  ${label(task).padEnd(58)} ${(sample.wallMs / 1000).toFixed(2).padStart(7)} s  ${Math.round(sample.events / (sample.wallMs / 1000)).toLocaleString('en-US').padStart(10)} events/s  rss ${Math.round(sample.maxRssKb / 1024)} MB  load ${sample.loadAvg.toFixed(2)}`);
    }
  }

  const parse = sampleStats(samples.get(tasks[0]!)!.map((s) => s.wallMs));
  const count = sampleStats(samples.get(tasks[1]!)!.map((s) => s.wallMs));
  const rows = tasks.map((task) => {
    const list = samples.get(task)!;
    const wall = sampleStats(list.map((s) => s.wallMs));
    const events = list[0]!.events;
    const ratio = parse.mean / wall.mean;
    const ratioErrorPct = Math.sqrt(wall.rmePct ** 2 + parse.rmePct ** 2);
    const first = list[0]!;
    return {
      task: task.name,
      rules: task.rules,
      threads: task.threads,
      chunkBytes: first.chunkBytes,
      mode: first.mode,
      rounds: list.length,
      meanWallMs: round1(wall.mean),
      rmePct: round1(wall.rmePct),
      meanEngineMs: list.every((s) => s.engineMs !== null) ? round1(mean(list.map((s) => s.engineMs!))) : null,
      events,
      eventsPerSec: Math.round(events / (wall.mean / 1000)),
      mbPerSec: round1(corpusBytes / 1e6 / (wall.mean / 1000)),
      ratioToParseLoop: round2(ratio),
      ratioErrorPct: round1(ratioErrorPct),
      shareOfCountLoop: round2(count.mean / wall.mean),
      peakRssMb: Math.round(Math.max(...list.map((s) => s.maxRssKb)) / 1024),
      meanLoadAvg1m: round2(mean(list.map((s) => s.loadAvg))),
      matches: first.matches,
      seedRuleAccuracy: first.accuracy,
      target: task.target === null ? null : `≥ ${task.target}× the parse loop`,
      targetMet: task.target === null ? null : ratio >= task.target,
    };
  });
  for (const row of rows) {
    if (row.seedRuleAccuracy !== null && row.seedRuleAccuracy.falsePositives + row.seedRuleAccuracy.falseNegatives !== 0) {
      throw new Error(`${row.task}: the seed rule disagrees with the labels: ${JSON.stringify(row.seedRuleAccuracy)}`);
    }
  }

  const rss = await measureRss(pack);
  const headlines: BenchHeadline[] = rows
    .filter((r) => r.target !== null)
    .map((r) => ({ label: `replay ${r.task}, ${r.threads} threads, events/s vs one thread parsing every line`, value: r.ratioToParseLoop, unit: '×', errorPct: r.ratioErrorPct, target: r.target!.replace(' the parse loop', ''), met: r.targetMet }));
  for (const r of rss) headlines.push({ label: `replay ${String(r['task'])}, peak RSS on ${(Number(r['corpusBytes']) / 1e9).toFixed(1)} GB`, value: Number(r['peakRssMb']), unit: 'MB', target: options.quick ? null : '< 300 MB', met: options.quick ? null : (r['targetMet'] as boolean) });
  const out = writeBenchResult(
    'replay',
    {
      question: 'whole-process events/s of replay (seed rule, no-literal rule, 222 Linux rules; 1/2/4 threads) vs one thread reading the same file and JSON.parsing every line; peak RSS on a 5 GB corpus',
      corpus: { events: options.events, bytes: corpusBytes, profile: 'busy-server', seed: 7 },
      rounds: options.rounds,
      quick: options.quick,
      note: 'every number is a whole child process (startup, worker start and rule compilation included), interleaved rounds on a shared 2-core machine: compare ratios, not absolute times',
      rows,
      rss,
    },
    headlines,
  );
  console.table(rows.map((r) => ({ task: r.task, threads: r.threads, chunk: r.chunkBytes, 'events/s': r.eventsPerSec, '× parse': `${r.ratioToParseLoop} ±${r.ratioErrorPct}%`, 'of count': r.shareOfCountLoop, rssMb: r.peakRssMb, target: r.target ?? '', met: r.targetMet ?? '' })));
  console.table(rss);
  process.stdout.write(`${markdownTable(rows, rss)}\nwrote ${out}\n`);
}

/** Peak RSS of replay on a corpus of at least 5 GB (generated for it, then deleted). */
async function measureRss(pack: string | null): Promise<Record<string, unknown>[]> {
  const big = join(dir, 'busy-server-5gb.ndjson');
  log(`generating ${options.rssEvents.toLocaleString('en-US')} events for the RSS check…`);
  await run(process.execPath, [CLI, 'generate', '-n', String(options.rssEvents), '--seed', '8', '--out', big]);
  const bytes = statSync(big).size;
  const out: Record<string, unknown>[] = [];
  const cases: [string, string[]][] = [['seed rule (scan)', ['--rule', 'builtin:ssh-keygen']], ['no usable literal (parse-all)', ['--query', NO_LITERAL]]];
  if (pack !== null) cases.push(['222 Linux rules in one pass', ['--rule', pack]]);
  for (const [name, ruleArgs] of cases) {
    const task: Task = { name, kind: 'replay', rules: name, threads: 2, chunkBytes: null, args: ['--import', RSS_PRELOAD, CLI, 'replay', ...ruleArgs, '--threads', '2', '--json', big], target: null };
    const sample = await measure(task);
    out.push({ task: name, threads: 2, chunkBytes: sample.chunkBytes, corpusBytes: bytes, events: sample.events, peakRssMb: Math.round(sample.maxRssKb / 1024), target: '< 300 MB', targetMet: sample.maxRssKb / 1024 < 300 });
    log(`rss ${name}: ${Math.round(sample.maxRssKb / 1024)} MB over ${(bytes / 1e9).toFixed(2)} GB`);
  }
  rmSync(big, { force: true });
  rmSync(`${big}.labels.json`, { force: true });
  return out;
}

async function measure(task: Task): Promise<Sample> {
  const loadAvg = loadavg()[0] ?? 0;
  const started = performance.now();
  const { stdout, stderr } = await run(process.execPath, task.args);
  const wallMs = performance.now() - started;
  const rss = /max-rss-kb (\d+)/.exec(stderr);
  if (task.kind !== 'replay') {
    const r = JSON.parse(stdout) as { lines: number; objects: number };
    return { wallMs, engineMs: null, events: r.lines, maxRssKb: rss === null ? 0 : Number(rss[1]), mode: null, chunkBytes: null, matches: null, accuracy: null, loadAvg };
  }
  const report = JSON.parse(stdout) as { events: number; durationMs: number; mode: string; chunkBytes: number; matches: number; rules: { id: string | null; accuracy?: { falsePositives: number; falseNegatives: number } }[] };
  const seed = report.rules.find((r) => r.id === SEED_ID);
  return {
    wallMs,
    engineMs: report.durationMs,
    events: report.events,
    maxRssKb: rss === null ? 0 : Number(rss[1]),
    mode: report.mode,
    chunkBytes: report.chunkBytes,
    matches: report.matches,
    accuracy: seed?.accuracy ?? null,
    loadAvg,
  };
}

function run(command: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) done({ stdout, stderr });
      else fail(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** The 222 Linux single-event rules of Elastic's detection-rules, as a Kibana-export-like pack; null without ../shared. */
function extractLinuxPack(): string | null {
  if (!existsSync(PACK_SOURCE)) {
    log(`no ${PACK_SOURCE}: the rule-pack rows are skipped`);
    return null;
  }
  const lines = readFileSync(PACK_SOURCE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      const rule = JSON.parse(line) as { path: string; kind: string };
      return rule.path.startsWith('rules/linux/') && rule.kind === 'event';
    });
  const path = join(dir, 'linux-single-event-rules.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  log(`${lines.length} Linux single-event rules → ${path}`);
  return path;
}

function markdownTable(rows: readonly Record<string, unknown>[], rss: readonly Record<string, unknown>[]): string {
  const lines = [
    '| task | threads | chunk | events/s | × parse loop | share of count loop | peak RSS | target |',
    '|:--|--:|--:|--:|--:|--:|--:|:--|',
    ...rows.map((r) => {
      const chunk = r['chunkBytes'] === null ? '-' : `${Number(r['chunkBytes']) / 1024} KiB`;
      const target = r['target'] === null ? '' : `${String(r['target'])}: ${r['targetMet'] === true ? 'met' : '**missed**'}`;
      return `| ${String(r['task'])} | ${String(r['threads'])} | ${chunk} | ${Number(r['eventsPerSec']).toLocaleString('en-US')} | ${String(r['ratioToParseLoop'])}× ±${String(r['ratioErrorPct'])} % | ${String(r['shareOfCountLoop'])} | ${String(r['peakRssMb'])} MB | ${target} |`;
    }),
    '',
    '| peak RSS on | threads | chunk | corpus | peak RSS | target |',
    '|:--|--:|--:|--:|--:|:--|',
    ...rss.map(
      (r) =>
        `| ${String(r['task'])} | 2 | ${Number(r['chunkBytes']) / 1024} KiB | ${(Number(r['corpusBytes']) / 1e9).toFixed(2)} GB | ${String(r['peakRssMb'])} MB | < 300 MB: ${r['targetMet'] === true ? 'met' : '**missed**'} |`,
    ),
  ];
  return lines.join('\n');
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function label(task: Task): string {
  return `${task.name}, ${task.threads} thread${task.threads === 1 ? '' : 's'}${task.chunkBytes === null ? (task.kind === 'replay' ? ', default chunk' : '') : `, ${task.chunkBytes / 1024} KiB`}`;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseArgs(argv: readonly string[]): { rounds: number; events: number; rssEvents: number; keep: boolean; tmp: string | undefined; quick: boolean } {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    if (i === -1) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} needs a whole number ≥ 1`);
    return n;
  };
  const tmpIndex = argv.indexOf('--tmp');
  // --quick: a smoke run (one round, small corpora; the RSS rows are then not on 5 GB and carry no target).
  const quick = flagOption('--quick', argv);
  return {
    rounds: value('--rounds', quick ? 1 : 3),
    events: value('--events', quick ? 200_000 : 2_000_000),
    rssEvents: value('--rss-events', quick ? 200_000 : 2_100_000),
    keep: argv.includes('--keep'),
    tmp: tmpIndex === -1 ? undefined : argv[tmpIndex + 1],
    quick,
  };
}
