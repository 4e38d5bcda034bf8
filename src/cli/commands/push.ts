/**
 * `eql-replay push`: the Elastic Agent–style `_bulk` load test (PUSH.md). Option parsing, credentials
 * from flags or environment, the corpus reading, the progress line and the outputs live here; the work
 * is `pushCorpus` (src/push/) and the rendering is `report/`.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AppError, IoError } from '../../errors.js';
import { chunkCorpus } from '../../corpus/chunker.js';
import type { CorpusFormat, MalformedPolicy } from '../../corpus/read-corpus.js';
import type { PushAuth } from '../../push/bulk-client.js';
import type { TargetOverride } from '../../push/event-routing.js';
import { parseDurationMs } from '../../push/parse-duration.js';
import { PushAccountingError, PushInterruptedError } from '../../push/push-errors.js';
import { pushCorpus, type PushResult } from '../../push/push-corpus.js';
import { isPushProfileName, type PushProfileName } from '../../push/push-profiles.js';
import { pushHtmlInput, pushSummaryRows, summarizePush } from '../../push/push-summary.js';
import { readAhead, type PushInputChunk } from '../../push/push-input.js';
import { writeResumeFile, type ResumeSource } from '../../push/resume-file.js';
import { parseRetimeSpec } from '../../push/retime.js';
import { renderHtmlReport } from '../../report/html-report.js';
import { renderMetricTable } from '../../report/table.js';
import { writeLine, type CliContext } from '../context.js';
import type { PreparedVerify } from './push-verify.js';

/** Environment variables read by `push` (flags win). Secrets are never printed. */
export const PUSH_ENV = {
  url: 'EQL_REPLAY_URL',
  user: 'EQL_REPLAY_USER',
  password: 'EQL_REPLAY_PASSWORD',
  apiKey: 'EQL_REPLAY_API_KEY',
  bearer: 'EQL_REPLAY_BEARER',
} as const;

/** Where a run that did not finish leaves its resume point when `--resume` was not given. */
export const DEFAULT_RESUME_FILE = 'eql-replay-push.resume.json';

interface PushFlags {
  url?: string;
  rate?: number;
  workers?: number;
  bulkMaxSize?: number;
  flushBytes?: number;
  compression: number;
  profile: PushProfileName;
  dataStream?: string;
  index?: string;
  idField?: string;
  retime?: string;
  deadLetter: string;
  resume?: string;
  duration?: number;
  loop?: boolean;
  agents: number;
  ca?: string;
  insecure?: boolean;
  json?: boolean;
  report?: string;
  verify?: string;
  user?: string;
  password?: string;
  apiKey?: string;
  bearer?: string;
  retryBudget: number;
  warmup: number;
  format: CorpusFormat;
  malformed: MalformedPolicy;
  seed: number;
}

/** Registers `push`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('push')
    .description('push a corpus into Elasticsearch/OpenSearch the way Elastic Agent does (_bulk create, gzip, retries), at a controlled rate, measured like Rally, every event accounted for exactly once')
    .argument('<files...>', 'corpus files (NDJSON, _bulk, hits, archive; .gz ok), or - for stdin')
    .option('--url <url>', `cluster URL, e.g. https://127.0.0.1:9200 (env ${PUSH_ENV.url})`)
    .option('--rate <docs/s>', 'target rate in documents/s across all workers and agents (open model); default: as fast as possible', positiveNumber('--rate'))
    .addOption(new Option('--profile <name>', "Elastic Agent preset: balanced (1600/1), throughput (1600/4 workers), scale (1600/1, 20 s flush), latency (50/1, 1 s flush)").choices(['balanced', 'throughput', 'scale', 'latency']).default('balanced'))
    .option('--workers <n>', 'concurrent requests per agent (overrides the profile)', positiveInt('--workers'))
    .option('--bulk-max-size <n>', 'events per _bulk request (overrides the profile)', positiveInt('--bulk-max-size'))
    .option('--flush-bytes <size>', 'uncompressed bytes per request at most, e.g. 5mb (default 10mb)', byteSize)
    .option('--compression <level>', 'gzip level 0-9, 0 = off (Agent default 1)', compressionLevel, 1)
    .option('--data-stream <name>', 'send every event to this data stream instead of its data_stream.* fields')
    .option('--index <name>', 'send every event to this index (create) instead of its data_stream.* fields')
    .option('--id-field <field>', 'use this field as _id instead of the hash of the event bytes')
    .option('--retime <spec>', 'now (last event lands now), shift:DUR (e.g. shift:-2h), speed:X (pace by timestamps, X times faster)')
    .option('--dead-letter <file>', 'NDJSON file for events the server rejects for good', 'dead-letter.ndjson')
    .option('--resume <file>', `read the resume point from FILE if it exists, and write it there at the end (without it, an unfinished run writes ${DEFAULT_RESUME_FILE})`)
    .option('--duration <dur>', 'loop over the corpus until DUR has passed, e.g. 10m', (v) => toUsage(() => parseDurationMs(v, '--duration')))
    .option('--loop', 'loop over the corpus until interrupted (each pass gets new ids)')
    .option('--agents <n>', 'simulated agents, each with its own connection pool and its share of hosts', positiveInt('--agents'), 1)
    .option('--ca <file>', 'PEM file of the CA to trust for https')
    .option('--insecure', 'do not verify the server certificate (explicit opt-out)')
    .option('--user <name>', `basic auth user (env ${PUSH_ENV.user})`)
    .option('--password <pw>', `basic auth password (prefer env ${PUSH_ENV.password}: flags show in ps)`)
    .option('--api-key <key>', `API key, encoded or id:key (env ${PUSH_ENV.apiKey})`)
    .option('--bearer <token>', `bearer token (env ${PUSH_ENV.bearer})`)
    .option('--retry-budget <n>', 'retries of one batch before the run gives up', nonNegativeInt('--retry-budget'), 10)
    .option('--warmup <dur>', 'seconds left out of the throughput stats', (v) => toUsage(() => parseDurationMs(v, '--warmup')), 1000)
    .addOption(new Option('--format <format>', 'corpus format').choices(['auto', 'ndjson', 'bulk', 'hits', 'search', 'archive']).default('auto'))
    .addOption(new Option('--malformed <policy>', 'malformed corpus lines: skip (counted, reported) or fail').choices(['skip', 'fail']).default('skip'))
    .option('--seed <n>', 'seed of the backoff jitter', nonNegativeInt('--seed'), 1)
    .option('--json', 'print the summary as JSON on stdout')
    .option('--report <file.html>', 'write a self-contained HTML report (throughput and latency charts)')
    .option('--verify <rule>', 'after the push: refresh, count, and compare the rule\'s Query DSL hits with the local matcher (e.g. builtin:ssh-keygen)')
    .addHelpText(
      'after',
      `
Credentials: --user/--password, --api-key or --bearer, or ${PUSH_ENV.user}/${PUSH_ENV.password},
${PUSH_ENV.apiKey}, ${PUSH_ENV.bearer}; user:pass@ in the URL works too. They are never printed.
Exit codes: 0 every event acked, duplicate or dead-lettered (and --verify agreed); 1 otherwise.

Example:
  $ eql-replay generate --events 100000 --seed 1 --out corpus.ndjson
  $ export ${PUSH_ENV.password}=changeme
  $ eql-replay push --url https://127.0.0.1:9200 --user elastic --ca http_ca.crt \\
      --retime now --rate 5000 --report push.html --verify builtin:ssh-keygen corpus.ndjson
  $ eql-replay push --url http://127.0.0.1:9200 --profile throughput --agents 4 --duration 5m --json corpus.ndjson`,
    )
    .action(async (files: string[], flags: PushFlags) => {
      await runPush(files, flags, ctx);
    });
}

async function runPush(files: string[], flags: PushFlags, ctx: CliContext): Promise<void> {
  const url = flags.url ?? ctx.env[PUSH_ENV.url];
  if (url === undefined || url === '') throw new AppError('ERR_USAGE', `--url is required (or set ${PUSH_ENV.url})`);
  if (flags.dataStream !== undefined && flags.index !== undefined) throw new AppError('ERR_USAGE', '--data-stream and --index exclude each other');
  if (flags.duration !== undefined && flags.loop === true) throw new AppError('ERR_USAGE', '--duration and --loop exclude each other (--duration loops until it ends)');
  const retime = flags.retime === undefined ? undefined : parseRetimeSpec(flags.retime);
  if (retime?.kind === 'speed' && flags.rate !== undefined) throw new AppError('ERR_USAGE', '--rate and --retime speed:X exclude each other (speed paces by the timestamps)');
  const usesStdin = files.includes('-');
  if (usesStdin && (retime?.kind === 'now' || flags.loop === true || flags.duration !== undefined)) {
    throw new AppError('ERR_USAGE', 'stdin can be read only once: --retime now, --loop and --duration need corpus files');
  }
  if (!isPushProfileName(flags.profile)) throw new AppError('ERR_USAGE', `unknown --profile ${flags.profile}`);

  const auth = resolveAuth(flags, ctx);
  const ca = flags.ca === undefined ? undefined : await readFile(resolve(ctx.cwd, flags.ca)).catch((error: unknown) => {
    throw new IoError(flags.ca!, 'read the CA file', error);
  });
  const paths = files.map((f) => (f === '-' ? '-' : resolve(ctx.cwd, f)));
  const sources: ResumeSource[] = [];
  for (const [i, path] of paths.entries()) {
    if (path === '-') sources.push({ path: '-', bytes: null });
    else {
      const info = await stat(path).catch((error: unknown) => {
        throw new IoError(files[i]!, 'read the corpus file', error);
      });
      sources.push({ path, bytes: info.size });
    }
  }
  let malformed = 0;
  // NDJSON lines go out as they are (a line that is not JSON is dead-lettered, locally or by the server);
  // other formats are read by the corpus readers, whose malformed records follow --malformed.
  const open = async function* (): AsyncIterable<PushInputChunk> {
    for (const [i, path] of paths.entries()) {
      const chunks = chunkCorpus(path, { format: flags.format, malformed: flags.malformed, stdin: ctx.stdin, onMalformed: () => (malformed += 1) });
      for await (const chunk of readAhead(chunks)) {
        yield { source: files[i]!, bytes: chunk.bytes, firstLine: chunk.firstLine, ...(chunk.lineNumbers === undefined ? {} : { lineNumbers: chunk.lineNumbers }) };
      }
    }
  };
  const target: TargetOverride | undefined =
    flags.dataStream !== undefined ? { kind: 'data-stream', name: flags.dataStream } : flags.index !== undefined ? { kind: 'index', name: flags.index } : undefined;

  // Loaded only when asked: the rule compiler is not needed for a plain load test.
  const verify = flags.verify === undefined ? undefined : (await import('./push-verify.js')).runPushVerify;
  const verifier: PreparedVerify | undefined = verify === undefined ? undefined : await verify.prepare(flags.verify!, ctx);
  const controller = new AbortController();
  const force = new AbortController();
  const removeInterrupt = ctx.onInterrupt(() => {
    if (ctx.stderrIsTTY) ctx.stderr.write('\n');
    if (!controller.signal.aborted) {
      writeLine(ctx.stderr, 'interrupt: no new requests; waiting for those in flight (interrupt again to abandon them)…');
      controller.abort();
    } else if (!force.signal.aborted) {
      writeLine(ctx.stderr, 'interrupt: abandoning the requests in flight; their events go to the resume point');
      force.abort();
    }
  });
  let result: PushResult;
  try {
    result = await pushCorpus({
      url,
      ...(auth === undefined ? {} : { auth }),
      ...(ca === undefined ? {} : { ca }),
      insecure: flags.insecure === true,
      open,
      sources,
      profile: flags.profile,
      ...(flags.workers === undefined ? {} : { workers: flags.workers }),
      ...(flags.bulkMaxSize === undefined ? {} : { bulkMaxSize: flags.bulkMaxSize }),
      ...(flags.flushBytes === undefined ? {} : { flushBytes: flags.flushBytes }),
      compressionLevel: flags.compression,
      ...(target === undefined ? {} : { target }),
      ...(flags.idField === undefined ? {} : { idField: flags.idField }),
      ...(retime === undefined ? {} : { retime }),
      ...(flags.rate === undefined ? {} : { ratePerSec: flags.rate }),
      ...(flags.duration === undefined ? {} : { durationMs: flags.duration }),
      loop: flags.loop === true,
      agents: flags.agents,
      deadLetterPath: resolve(ctx.cwd, flags.deadLetter),
      ...(flags.resume === undefined ? {} : { resumePath: resolve(ctx.cwd, flags.resume) }),
      retryBudget: flags.retryBudget,
      seed: flags.seed,
      signal: controller.signal,
      forceSignal: force.signal,
      ...(verifier === undefined ? {} : { match: verifier.match, collectIds: true }),
      ...(ctx.stderrIsTTY
        ? {
            onProgress: (p) =>
              ctx.stderr.write(
                `\r${(p.elapsedMs / 1000).toFixed(0).padStart(5)} s  events ${p.events.toLocaleString('en-US')}  acked ${p.acked.toLocaleString('en-US')}  dup ${p.duplicates}  dead ${p.deadLettered}  ${Math.round((p.acked + p.duplicates) / Math.max(0.001, p.elapsedMs / 1000)).toLocaleString('en-US')} docs/s   `,
              ),
          }
        : {}),
    });
  } finally {
    removeInterrupt();
  }
  if (ctx.stderrIsTTY) ctx.stderr.write('\n');

  const summary = summarizePush(result, { warmupSeconds: flags.warmup / 1000 });
  let resumeWritten: string | undefined = flags.resume === undefined ? undefined : resolve(ctx.cwd, flags.resume);
  if (resumeWritten === undefined && !result.resumeState.complete) {
    resumeWritten = resolve(ctx.cwd, DEFAULT_RESUME_FILE);
    await writeResumeFile(resumeWritten, result.resumeState);
  }
  const verification =
    verify !== undefined && verifier !== undefined && result.status === 'complete' && result.stored !== undefined
      ? await verify.run(verifier, { url, auth, ca, insecure: flags.insecure === true, stored: result.stored })
      : undefined;

  if (flags.report !== undefined) {
    const path = resolve(ctx.cwd, flags.report);
    await writeFile(path, renderHtmlReport(pushHtmlInput(summary, new Date(ctx.now()).toISOString()))).catch((error: unknown) => {
      throw new IoError(flags.report!, 'write the report', error);
    });
  }
  if (flags.json === true) {
    writeLine(ctx.stdout, JSON.stringify({ ...summary, malformed, resumeFile: resumeWritten ?? null, verify: verification ?? null }, null, 2));
  } else {
    ctx.stdout.write(renderMetricTable(pushSummaryRows(summary)));
    for (const [t, c] of Object.entries(summary.targets)) writeLine(ctx.stdout, `${t}: ${c.acked} acked, ${c.duplicates} duplicates, ${c.deadLettered} dead-lettered`);
    if (verification !== undefined) verify!.print(verification, ctx);
  }
  if (malformed > 0) writeLine(ctx.stderr, `warning: ${malformed} malformed corpus line(s) skipped (not events; --malformed fail stops on the first)`);
  if (summary.deadLetterFile !== null) writeLine(ctx.stderr, `${summary.deadLettered} dead-lettered event(s) written to ${summary.deadLetterFile}`);
  if (resumeWritten !== undefined && !result.resumeState.complete) writeLine(ctx.stderr, `resume point written to ${resumeWritten}: rerun with --resume ${resumeWritten}`);

  if (result.status === 'failed') throw result.fatal instanceof AppError ? result.fatal : new AppError('ERR_PUSH_HTTP', String(result.fatal?.message), {});
  if (result.status === 'interrupted') {
    throw new PushInterruptedError(
      `interrupted: ${result.acked + result.duplicates + result.deadLettered} of ${result.events} events accounted, ${result.unaccounted.count} not sent`,
      { events: result.events, unaccounted: result.unaccounted.count },
    );
  }
  if (result.unaccounted.count > 0 || result.acked + result.duplicates + result.deadLettered !== result.events) {
    throw new PushAccountingError(
      `acked ${result.acked} + duplicates ${result.duplicates} + dead-lettered ${result.deadLettered} != events ${result.events}; unaccounted: ${result.unaccounted.examples.join(', ')}`,
      { unaccounted: result.unaccounted.examples },
    );
  }
  if (verification !== undefined && !verification.ok) verify!.fail(verification);
}

function resolveAuth(flags: PushFlags, ctx: CliContext): PushAuth | undefined {
  const user = flags.user ?? ctx.env[PUSH_ENV.user];
  const password = flags.password ?? ctx.env[PUSH_ENV.password];
  const apiKey = flags.apiKey ?? ctx.env[PUSH_ENV.apiKey];
  const bearer = flags.bearer ?? ctx.env[PUSH_ENV.bearer];
  const kinds = [user !== undefined || password !== undefined, apiKey !== undefined, bearer !== undefined].filter(Boolean).length;
  if (kinds > 1) throw new AppError('ERR_USAGE', 'give one kind of credentials: --user/--password, --api-key or --bearer (flags or environment)');
  if (user !== undefined || password !== undefined) {
    if (user === undefined || password === undefined) throw new AppError('ERR_USAGE', `basic auth needs both a user and a password (--user/--password or ${PUSH_ENV.user}/${PUSH_ENV.password})`);
    return { kind: 'basic', user, password };
  }
  if (apiKey !== undefined) return { kind: 'api-key', apiKey };
  if (bearer !== undefined) return { kind: 'bearer', token: bearer };
  return undefined;
}

function toUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AppError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function positiveInt(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${option} must be a whole number ≥ 1, got ${JSON.stringify(value)}`);
    return n;
  };
}

function nonNegativeInt(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${option} must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
    return n;
  };
}

function positiveNumber(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${option} must be a number > 0, got ${JSON.stringify(value)}`);
    return n;
  };
}

function compressionLevel(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 9) throw new InvalidArgumentError(`--compression must be 0-9, got ${JSON.stringify(value)}`);
  return n;
}

function byteSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(b|kb|mb|gb)?$/i.exec(value.trim());
  if (m === null) throw new InvalidArgumentError(`--flush-bytes must be a size like 5242880, 512kb or 5mb, got ${JSON.stringify(value)}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  const n = Math.floor(Number(m[1]) * unit);
  if (n < 1) throw new InvalidArgumentError(`--flush-bytes must be at least 1 byte, got ${JSON.stringify(value)}`);
  return n;
}
