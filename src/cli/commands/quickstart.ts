/**
 * `eql-replay quickstart` (what `npm start` runs): generates — once, cached under `corpora/cache/` — a
 * labelled 1M-event corpus with the default profile and a fixed seed, replays the seed rule over it with
 * every core, and prints events/s and precision/recall. The cache is regenerated when it is missing,
 * truncated, or was made by another generator or profile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_PROFILE_NAME, loadProfile } from '../../corpus/generate/profile-loader.js';
import { DEFAULT_ECS_MAPPING } from '../../match/mapping.js';
import { ensureCachedCorpus } from '../../replay/cached-corpus.js';
import { prepareRule } from '../../replay/replay-rules.js';
import { ReplayInterruptedError } from '../../replay/replay-errors.js';
import { runReplay } from '../../replay/run-replay.js';
import { formatRatio } from '../../report/replay-report.js';
import { formatBytes, formatReplayProgress } from '../../report/replay-progress.js';
import { parseRule } from '../../rules/load-rule.js';
import { SSH_KEYGEN_RULE } from '../../rules/builtin-rules.js';
import { writeLine, type CliContext } from '../context.js';

interface QuickstartFlags {
  readonly events: number;
  readonly seed: number;
  readonly threads?: number;
  readonly cacheDir?: string;
  readonly json?: boolean;
}

/** The quick start's corpus: a million events of the default profile, always the same. */
const EVENTS = 1_000_000;
const SEED = 1;

/** Registers `quickstart`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('quickstart')
    .description('the embedded default (npm start): replay the seed rule over a cached, labelled 1M-event corpus')
    .addOption(new Option('-n, --events <count>', 'events in the corpus').argParser(positiveInt('--events')).default(EVENTS, '1000000'))
    .addOption(new Option('-s, --seed <seed>', 'generator seed').argParser(nonNegativeInt('--seed')).default(SEED))
    .addOption(new Option('-t, --threads <n>', 'threads for generation and replay (default: one per CPU)').argParser(positiveInt('--threads')))
    .option('--cache-dir <dir>', 'where the corpus is cached (default: corpora/cache in the package)')
    .option('--json', 'print the replay report as one JSON object')
    .addHelpText(
      'after',
      [
        '',
        `The corpus (profile ${DEFAULT_PROFILE_NAME}, seed ${SEED}, ${EVENTS.toLocaleString('en-US')} events, about 2.4 GB) is generated on the`,
        'first run only, with its ground truth; later runs reuse it while it is intact.',
        '',
        'Example:',
        '  $ npm start',
        '  $ eql-replay quickstart --events 100000 --threads 2',
      ].join('\n'),
    )
    .action(async (flags: QuickstartFlags) => {
      await runQuickstart(flags, ctx);
    });
}

async function runQuickstart(flags: QuickstartFlags, ctx: CliContext): Promise<void> {
  const threads = flags.threads ?? ctx.cpus;
  const dir = flags.cacheDir === undefined ? defaultCacheDir() : resolve(ctx.cwd, flags.cacheDir);
  const say = (line: string): void => writeLine(flags.json === true ? ctx.stderr : ctx.stdout, line);
  const { profile, name } = await loadProfile(DEFAULT_PROFILE_NAME, { cwd: ctx.cwd });
  const controller = new AbortController();
  const removeInterrupt = ctx.onInterrupt(() => {
    if (ctx.stderrIsTTY) ctx.stderr.write('\n');
    writeLine(ctx.stderr, 'interrupt: stopping…');
    controller.abort();
  });
  try {
    say(`quick start: the seed rule "${SSH_KEYGEN_RULE.name}" over ${flags.events.toLocaleString('en-US')} labelled events (profile ${name}, seed ${flags.seed})`);
    let generating = false;
    const cached = await ensureCachedCorpus({
      dir,
      events: flags.events,
      seed: flags.seed,
      profile,
      profileName: name,
      threads,
      signal: controller.signal,
      onProgress: (done, total) => {
        if (!generating) {
          generating = true;
          say(`generating the corpus once into ${dir} (later runs reuse it)…`);
        }
        if (ctx.stderrIsTTY) ctx.stderr.write(`\rgenerate: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events\u001b[K`);
      },
    });
    if (ctx.stderrIsTTY && cached.generated) ctx.stderr.write('\n');
    say(
      cached.generated
        ? `generated ${cached.path} (${formatBytes(cached.bytes)}) in ${(cached.generateMs / 1000).toFixed(1)} s${cached.reason === 'not generated yet' ? '' : ` (regenerated: ${cached.reason})`}`
        : `reusing ${cached.path} (${formatBytes(cached.bytes)})`,
    );
    const rule = prepareRule(parseRule(SSH_KEYGEN_RULE), 'event.category', DEFAULT_ECS_MAPPING);
    let progressShown = false;
    const report = await runReplay({
      corpora: [cached.path],
      rules: [rule],
      mapping: DEFAULT_ECS_MAPPING,
      threads,
      signal: controller.signal,
      ...(ctx.stderrIsTTY
        ? {
            onProgress: (p) => {
              progressShown = true;
              ctx.stderr.write(`\r${formatReplayProgress(p)}\u001b[K`);
            },
          }
        : {}),
    });
    if (progressShown) ctx.stderr.write('\n');
    if (flags.json === true) {
      writeLine(ctx.stdout, JSON.stringify(report, null, 2));
    } else {
      const a = report.rules[0]?.accuracy;
      say(
        `replayed ${report.events.toLocaleString('en-US')} events in ${(report.durationMs / 1000).toFixed(2)} s on ${report.threads} thread${report.threads === 1 ? '' : 's'}: ` +
          `${Math.round(report.eventsPerSec).toLocaleString('en-US')} events/s (${(report.bytesPerSec / 1e6).toFixed(0)} MB/s)`,
      );
      say(
        a === undefined
          ? 'no labels: accuracy unknown'
          : `precision ${formatRatio(a.precision)}, recall ${formatRatio(a.recall)} (${a.truePositives} true positives, ${a.falsePositives} false positives, ${a.falseNegatives} false negatives)`,
      );
      say('');
      say('next: eql-replay replay --rule builtin:ssh-keygen --report report.html ' + cached.path);
      say('      eql-replay explain --rule builtin:ssh-keygen --line ' + (report.rules[0]?.firstMatches[0] ?? `${cached.path}:1`));
    }
    if (report.partial) throw new ReplayInterruptedError(report.events);
  } finally {
    removeInterrupt();
  }
}

/** `corpora/cache` of the package this module belongs to (from dist/src/cli/commands or src/cli/commands). */
function defaultCacheDir(): string {
  for (const up of ['../../../../', '../../../']) {
    const root = new URL(up, import.meta.url);
    const pkg = fileURLToPath(new URL('package.json', root));
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'eql-replay') return fileURLToPath(new URL('corpora/cache/', root));
  }
  return fileURLToPath(new URL('../../../../corpora/cache/', import.meta.url));
}

function positiveInt(option: string) {
  return (value: string): number => {
    const n = Number(value.replaceAll('_', ''));
    if (!/^\d[\d_]*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${option} must be a whole number ≥ 1`);
    return n;
  };
}

function nonNegativeInt(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${option} must be a whole number ≥ 0`);
    return n;
  };
}
