/**
 * What every bench records beside its numbers — the machine, the code and how busy the machine was — and
 * how it writes its result: `bench/results/<name>.json`, one file per bench, read by
 * scripts/run-benches.mjs (`npm run bench`) for its summary table.
 *
 * The machine is shared (2 cores, other work running): the 1-minute load average at the start and at the
 * end of a bench says how much to trust its absolute numbers; its ratios to a baseline measured in the
 * same run are the comparable ones.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (benches run from dist/bench/…; this file is dist/bench/bench-environment.js once built). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The machine, the code and the load a bench ran with. */
export interface BenchEnvironment {
  readonly node: string;
  readonly v8: string;
  readonly cpu: string;
  /** Cores this process may use (`os.availableParallelism()`). */
  readonly cores: number;
  /** 1-minute load average when the bench started (this module was loaded) and now. */
  readonly loadAverage1m: { readonly start: number; readonly end: number };
  readonly gitSha: string;
  /** True when tracked files differ from the commit: the numbers are then not exactly `gitSha`'s. */
  readonly gitDirty: boolean;
  /** ISO time the bench started. */
  readonly startedAt: string;
  /** ISO time of this description (the bench's end when taken for its result). */
  readonly date: string;
}

/**
 * One number a bench answers its question with, as `npm run bench` shows it: a ratio to the bench's
 * baseline (or a value in `unit`), its error, and the target it is held to, if any.
 */
export interface BenchHeadline {
  readonly label: string;
  readonly value: number;
  /** `×` for a ratio (throughput over the baseline's, or time over the baseline's when `lowerIsBetter`). */
  readonly unit: string;
  /** 95 % relative error in percent, when known. */
  readonly errorPct?: number;
  /** The target in words (`≥ 3×`), and whether `value` meets it; null without a target. */
  readonly target: string | null;
  readonly met: boolean | null;
}

const started = { date: new Date(), load: loadavg()[0] ?? 0 };

/** Describes the machine, the code and the load (start: when this module was loaded; end: now). */
export function benchEnvironment(): BenchEnvironment {
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    loadAverage1m: { start: round2(started.load), end: round2(loadavg()[0] ?? 0) },
    gitSha: git(['rev-parse', 'HEAD']),
    gitDirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    startedAt: started.date.toISOString(),
    date: new Date().toISOString(),
  };
}

/**
 * Writes `bench/results/<name>.json`: `{bench: name, ...environment, headlines, ...data}` (two-space
 * JSON), and says so on stderr. Returns the path. A `--quick` run writes to `bench/results/quick/`
 * instead: a smoke run never replaces the numbers of a full one.
 */
export function writeBenchResult(name: string, data: Record<string, unknown>, headlines: readonly BenchHeadline[] = []): string {
  const out = join(PROJECT_ROOT, flagOption('--quick') ? 'bench/results/quick' : 'bench/results', `${name}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ bench: name, ...benchEnvironment(), headlines, ...data }, null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
  return out;
}

/**
 * A number option `--name N` from the command line (`fallback` when absent). A bench is run by hand, so a
 * bad value stops it with a message instead of measuring something else.
 */
export function numberOption(name: string, fallback: number, argv: readonly string[] = process.argv.slice(2)): number {
  const i = argv.indexOf(name);
  if (i === -1) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number, got ${JSON.stringify(argv[i + 1])}`);
  return value;
}

/** True when `--name` is on the command line (for example `--quick`: smaller sizes for a smoke run). */
export function flagOption(name: string, argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes(name);
}

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
