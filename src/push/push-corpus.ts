/**
 * `pushCorpus`: the Elastic Agent–style load test (PUSH.md). Reads a corpus (possibly several passes),
 * prepares every event, batches per simulated agent, releases batches on an open-model schedule, sends
 * them on each agent's own undici pool, and accounts for every event exactly once.
 *
 * The schedule (PUSH.md §4): with `ratePerSec`, event i of the run is due `i / rate` after the start, and
 * with `--retime speed:X` at its own timestamp compressed by X; a batch is due when its last event is (or
 * its flush timeout). Due times never depend on responses. Each agent has `workers` connections with one
 * request in flight each (Agent's worker model); when they fall behind, batches wait in a small queue and
 * their latency — measured from the due time — shows the backlog (the coordinated-omission fix).
 */
import { AppError } from '../errors.js';
import { createBackoff } from './backoff.js';
import { createBatchQueue, type BatchQueue } from './batch-queue.js';
import { createBulkEncoder } from './bulk-encode.js';
import { createBulkClient, type BulkClient, type PushAuth } from './bulk-client.js';
import { createDeadLetterWriter } from './dead-letter.js';
import { createEventBatcher, type ClosedBatch } from './event-batcher.js';
import type { TargetOverride } from './event-routing.js';
import { createSystemClock, type PushClock } from './push-clock.js';
import { createPushLedger } from './push-ledger.js';
import { createPushMetrics } from './push-metrics.js';
import { PUSH_PROFILES, type PushProfileName } from './push-profiles.js';
import type { DeadLetterReason, EventOutcome, PushEvent } from './push-event.js';
import { needsParse, prepareEvent, prepareRaw, routingOnly, type PrepareOptions } from './prepare-event.js';
import { createDataStreamScanner } from './data-stream-scan.js';
import { routeEvent } from './event-routing.js';
import { forEachLine, type PushInputChunk } from './push-input.js';
import { checkResumeFits, readResumeFile, writeResumeFile, type ResumeSource, type ResumeState } from './resume-file.js';
import type { RetimeSpec } from './retime.js';
import { createRunRetimer } from './run-retimer.js';
import type { PushProgress, PushResult, PushSettings, PushStatus, StoredIds } from './push-result.js';
import { createSeededRandom } from './seeded-random.js';
import { sendBatch, type ScheduledBatch } from './send-batch.js';

/** Options of {@link pushCorpus}. Units are in the names. */
export interface PushCorpusOptions {
  readonly url: string;
  readonly auth?: PushAuth;
  readonly ca?: string | Buffer;
  readonly insecure?: boolean;
  /** Opens one pass over the corpus (called again for `--loop`, and for `--retime now`'s first pass). */
  readonly open: () => AsyncIterable<PushInputChunk>;
  /** The corpus files with their sizes, pinned in the resume file. */
  readonly sources: readonly ResumeSource[];
  readonly profile?: PushProfileName;
  /** Overrides of the profile. */
  readonly bulkMaxSize?: number;
  readonly workers?: number;
  readonly flushTimeoutMs?: number;
  /** Uncompressed bytes per request at most (default 10 MiB). */
  readonly flushBytes?: number;
  /** gzip level 0-9 (default 1, Agent's). */
  readonly compressionLevel?: number;
  readonly target?: TargetOverride;
  readonly idField?: string;
  readonly retime?: RetimeSpec;
  /** Target rate in documents/s across all agents and workers. */
  readonly ratePerSec?: number;
  /** Loop over the corpus until this long has passed (implies passes beyond the first). */
  readonly durationMs?: number;
  /** Loop over the corpus until interrupted. */
  readonly loop?: boolean;
  /** Simulated agents, each with its own pool (default 1). */
  readonly agents?: number;
  readonly deadLetterPath: string;
  /** Read (if it exists) and written at the end. */
  readonly resumePath?: string;
  /** Retries of one batch before the run gives up (default 10). */
  readonly retryBudget?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  readonly requestTimeoutMs?: number;
  readonly clock?: PushClock;
  /** Seed of the backoff jitter (default 1). */
  readonly seed?: number;
  /** Aborts the run as SIGINT does: stop scheduling, finish in-flight requests, account. */
  readonly signal?: AbortSignal;
  /** Aborts the requests in flight too (a second SIGINT): their events stay unaccounted, for a resume. */
  readonly forceSignal?: AbortSignal;
  /** The local matcher (`--verify`): evaluated on each event as sent. */
  readonly match?: (doc: unknown) => boolean;
  /** Keep the ids of stored events per target (needed by `--verify`). */
  readonly collectIds?: boolean;
  readonly onProgress?: (progress: PushProgress) => void;
}

export type { PushProgress, PushResult, PushSettings, PushStatus, StoredIds } from './push-result.js';

const MAX_NAMED = 20;

/**
 * Runs a push. Server and network failures never throw: they end the run with `status: 'failed'` and
 * `fatal` set, after accounting. Throws only for unusable options (`ERR_PUSH_HTTP` bad URL,
 * `ERR_PUSH_RESUME` a resume file of another run, `ERR_IO`).
 */
export async function pushCorpus(options: PushCorpusOptions): Promise<PushResult> {
  const clock = options.clock ?? createSystemClock();
  const profile = PUSH_PROFILES[options.profile ?? 'balanced'];
  const agents = Math.max(1, options.agents ?? 1);
  const settings: PushSettings = {
    url: '',
    profile: profile.name,
    bulkMaxSize: options.bulkMaxSize ?? profile.bulkMaxSize,
    workers: options.workers ?? profile.workers,
    agents,
    flushBytes: options.flushBytes ?? 10 * 1024 * 1024,
    flushTimeoutMs: options.flushTimeoutMs ?? profile.flushTimeoutMs,
    compressionLevel: options.compressionLevel ?? 1,
    ratePerSec: options.ratePerSec ?? null,
    retryBudget: options.retryBudget ?? 10,
  };

  const previous = options.resumePath === undefined ? undefined : await readResumeFile(options.resumePath);
  const pinned = { sources: options.sources, idField: options.idField ?? null, target: options.target?.name ?? null };
  if (previous !== undefined) checkResumeFits(previous, pinned, options.resumePath!);
  const unsettledBefore = new Set(previous?.unsettled ?? []);
  const skip = (seq: number): boolean => previous !== undefined && seq < previous.nextSeq && !unsettledBefore.has(seq);

  const runStartWallMs = clock.wallNow();
  const retimer = await createRunRetimer(options, runStartWallMs, previous);

  const clients: BulkClient[] = [];
  for (let a = 0; a < agents; a += 1) {
    clients.push(
      createBulkClient({
        url: options.url,
        ...(options.auth === undefined ? {} : { auth: options.auth }),
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        insecure: options.insecure === true,
        compressionLevel: settings.compressionLevel,
        connections: settings.workers,
        ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      }),
    );
  }
  const finalSettings: PushSettings = { ...settings, url: clients[0]!.displayUrl };

  const stop = new AbortController();
  const onExternalAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onExternalAbort);
  if (options.signal?.aborted === true) stop.abort();

  const encoder = createBulkEncoder();
  const startMs = clock.now();
  const metrics = createPushMetrics(startMs);
  const ledger = createPushLedger();
  const deadLetters = createDeadLetterWriter(options.deadLetterPath);
  const stored = options.collectIds === true ? new Map<string, StoredIds>() : undefined;
  const scheduled = settings.ratePerSec !== null || options.retime?.kind === 'speed';
  let fatal: Error | undefined;

  const settle = (event: PushEvent, outcome: EventOutcome, reason?: DeadLetterReason): void => {
    ledger.settle(event, outcome, reason);
    if (outcome === 'dead-lettered') deadLetters.write(event, reason!);
    else if (stored !== undefined) {
      let s = stored.get(event.target);
      if (s === undefined) {
        s = { ids: [], matched: new Map(), where: new Map() };
        stored.set(event.target, s);
      }
      const where = `${event.source}:${event.line}`;
      s.ids.push(event.id);
      s.where.set(event.id, where);
      if (event.matched === true) s.matched.set(event.id, where);
    }
  };

  let lastProgressMs = startMs;
  const progress = (): void => {
    if (options.onProgress === undefined || clock.now() - lastProgressMs < 1000) return;
    lastProgressMs = clock.now();
    options.onProgress({
      elapsedMs: lastProgressMs - startMs,
      events: ledger.events,
      acked: ledger.acked,
      duplicates: ledger.duplicates,
      deadLettered: ledger.deadLettered,
      requests: metrics.requests,
    });
  };

  const backoff = createBackoff({
    random: createSeededRandom(options.seed ?? 1),
    ...(options.backoffInitialMs === undefined ? {} : { initialMs: options.backoffInitialMs }),
    ...(options.backoffMaxMs === undefined ? {} : { maxMs: options.backoffMaxMs }),
  });
  const queues: BatchQueue<ScheduledBatch>[] = clients.map(() => createBatchQueue(settings.workers * 2));
  const workers = clients.flatMap((client, a) =>
    Array.from({ length: settings.workers }, async () => {
      const scratch = { buffer: undefined };
      for (;;) {
        const batch = await queues[a]!.pull();
        if (batch === undefined) return;
        if (fatal !== undefined || stop.signal.aborted) continue; // left unsettled: named at the end
        const due = scheduled ? batch.dueMs : clock.now();
        const result = await sendBatch({ events: batch.events, dueMs: due }, {
          client,
          encoder,
          scratch,
          ...(options.forceSignal === undefined ? {} : { forceSignal: options.forceSignal }),
          clock,
          backoff,
          retryBudget: settings.retryBudget,
          stopSignal: stop.signal,
          metrics,
          scheduled,
          settle,
        });
        if (result.fatal !== undefined && fatal === undefined) {
          fatal = result.fatal;
          stop.abort();
        }
        progress();
      }
    }),
  );

  const batcher = createEventBatcher({ agents, bulkMaxSize: settings.bulkMaxSize, flushBytes: settings.flushBytes, flushTimeoutMs: settings.flushTimeoutMs });
  const release = async (closed: ClosedBatch): Promise<void> => {
    const dueAbs = startMs + (closed.dueMs ?? 0);
    if (scheduled && closed.dueMs !== null) {
      const wait = dueAbs - clock.now();
      if (wait > 0) await clock.sleep(wait, stop.signal);
    }
    if (stop.signal.aborted) return; // its events stay registered and unsettled
    await queues[closed.agent]!.push({ events: closed.events, dueMs: dueAbs });
  };
  // Each agent releases its batches on a chain of its own, so a slow agent (full queue) does not hold
  // back the others, as in a real fleet; the reader waits only when too many batches are outstanding.
  const chains: Promise<void>[] = clients.map(() => Promise.resolve());
  const maxOutstanding = agents * 2;
  let outstanding = 0;
  let wake: (() => void) | undefined;
  const dispatch = async (closed: ClosedBatch): Promise<void> => {
    outstanding += 1;
    chains[closed.agent] = chains[closed.agent]!.then(() => release(closed)).finally(() => {
      outstanding -= 1;
      wake?.();
    });
    while (outstanding > maxOutstanding) await new Promise<void>((resolve) => (wake = resolve));
  };

  let seq = 0;
  let skipped = 0;
  let indexInRun = 0;
  let passOffsetMs = 0;
  let lastDueMs = 0;
  let timeUp = false;
  let inputError: AppError | undefined;
  const baseOptions: PrepareOptions = {
    encoder,
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.idField === undefined ? {} : { idField: options.idField }),
    ...(retimer === undefined ? {} : { retimer }),
    agents,
    ...(options.match === undefined ? {} : { match: options.match }),
  };
  // Routing alone needs only the `data_stream` object: scan for it instead of parsing every event.
  const prepareOptions: PrepareOptions = routingOnly(baseOptions)
    ? { ...baseOptions, scanner: createDataStreamScanner((ds) => routeEvent(ds === null ? {} : { data_stream: ds })) }
    : baseOptions;
  const looping = options.loop === true || options.durationMs !== undefined;
  // The fast path: nothing needs the fields and nothing is scheduled — bytes in, bytes out.
  const fast = !needsParse(prepareOptions) && settings.ratePerSec === null;
  const fastTarget = options.target?.name ?? '';
  // Routing by data_stream, unscheduled: the scanner's answer (when it has one) is all an event needs.
  const scanner = prepareOptions.scanner;
  const scanFast = scanner !== undefined && settings.ratePerSec === null;
  const unscheduledDue = null;
  try {
    for (let iteration = 0; ; iteration += 1) {
      let seenInPass = 0;
      for await (const chunk of options.open()) {
        if (stop.signal.aborted || timeUp) break;
        if (options.durationMs !== undefined && clock.now() - startMs >= options.durationMs) break;
        // Lines of a chunk are prepared synchronously; batches that close are released after.
        const closed: ClosedBatch[] = [];
        forEachLine(chunk, (bytes, start, end, line) => {
          if (timeUp) return;
          // A scheduled event due after the end of `--duration` is not read: the run ends on time.
          if (options.durationMs !== undefined && settings.ratePerSec !== null && (indexInRun * 1000) / settings.ratePerSec >= options.durationMs) {
            timeUp = true;
            return;
          }
          const current = seq;
          seq += 1;
          seenInPass += 1;
          if (skip(current)) {
            skipped += 1;
            return;
          }
          const target = fast ? fastTarget : scanFast ? scanner!.target(bytes, start, end) : undefined;
          if (target !== undefined) {
            const event = prepareRaw({ source: chunk.source, line, iteration, seq: current, bytes, start, end }, target, encoder);
            ledger.register(event);
            const out = batcher.add(event, unscheduledDue);
            for (let i = 0; i < out.length; i += 1) closed.push(out[i]!);
            return;
          }
          const prepared = prepareEvent({ source: chunk.source, line, iteration, seq: current, bytes, start, end }, prepareOptions);
          ledger.register(prepared.event);
          if (!prepared.ok) {
            settle(prepared.event, 'dead-lettered', prepared.reason);
            return;
          }
          let due: number | null = null;
          if (settings.ratePerSec !== null) due = (indexInRun * 1000) / settings.ratePerSec;
          else if (retimer !== undefined && options.retime?.kind === 'speed') due = passOffsetMs + (retimer.dueMs(prepared.corpusMs) ?? 0);
          if (due !== null) {
            // Out-of-order timestamps are sent as soon as they are met: the schedule never goes backwards.
            due = Math.max(due, lastDueMs);
            lastDueMs = due;
          }
          indexInRun += 1;
          const out = batcher.add(prepared.event, due);
          for (let i = 0; i < out.length; i += 1) closed.push(out[i]!);
        });
        for (const batch of closed) await dispatch(batch);
      }
      if (stop.signal.aborted || timeUp || !looping || seenInPass === 0) break;
      if (options.durationMs !== undefined && clock.now() - startMs >= options.durationMs) break;
      passOffsetMs = lastDueMs + 1;
      // The next pass continues the timeline: `now` re-anchors at the wall clock, `speed:` where its
      // schedule resumes (PUSH.md §3).
      retimer?.rebase(options.retime?.kind === 'speed' ? runStartWallMs + passOffsetMs : clock.wallNow());
    }
    for (const closed of batcher.flush()) await dispatch(closed);
    await Promise.all(chains);
  } catch (error) {
    // A corpus that fails mid-way (unreadable, corrupt gzip, a malformed record under `fail`) ends the
    // input there: what was read is still sent and accounted for, then the run reports the failure.
    if (!(error instanceof AppError)) throw error;
    inputError = error;
    for (const closed of batcher.flush()) await dispatch(closed);
    await Promise.all(chains);
  } finally {
    for (const queue of queues) queue.close();
    await Promise.all(workers);
    options.signal?.removeEventListener('abort', onExternalAbort);
    await Promise.all(clients.map((c) => c.close()));
    await deadLetters.close();
  }
  const endMs = clock.now();

  const unsettled = ledger.unsettled();
  fatal ??= inputError;
  const status: PushStatus = fatal !== undefined ? 'failed' : stop.signal.aborted ? 'interrupted' : 'complete';
  // Previously unsettled events this run did not reach stay pending; those it reached are re-registered.
  const notReached = (previous?.unsettled ?? []).filter((s) => s >= seq);
  const reRegistered = (previous?.unsettled.length ?? 0) - notReached.length;
  const unsettledSeqs = [...notReached, ...unsettled.map((e) => e.seq)].sort((a, b) => a - b);
  const totals = {
    events: (previous?.totals.events ?? 0) + ledger.events - reRegistered,
    acked: (previous?.totals.acked ?? 0) + ledger.acked,
    duplicates: (previous?.totals.duplicates ?? 0) + ledger.duplicates,
    deadLettered: (previous?.totals.deadLettered ?? 0) + ledger.deadLettered,
  };
  const resumeState: ResumeState = {
    version: 1,
    ...pinned,
    nextSeq: Math.max(seq, previous?.nextSeq ?? 0),
    unsettled: unsettledSeqs,
    totals,
    retimeDeltaNs: retimer !== undefined && options.retime?.kind !== 'speed' ? retimer.deltaNsFor(undefined).toString() : null,
    complete: status === 'complete' && unsettledSeqs.length === 0,
    writtenAt: new Date(clock.wallNow()).toISOString(),
  };
  if (options.resumePath !== undefined) await writeResumeFile(options.resumePath, resumeState);

  return {
    status,
    ...(fatal === undefined ? {} : { fatal }),
    events: ledger.events,
    acked: ledger.acked,
    duplicates: ledger.duplicates,
    deadLettered: ledger.deadLettered,
    unaccounted: {
      count: unsettled.length,
      examples: unsettled.slice(0, MAX_NAMED).map((e) => `${e.source}:${e.line}${e.iteration > 0 ? `#${e.iteration + 1}` : ''}`),
    },
    skippedByResume: skipped,
    targets: ledger.targets,
    metrics,
    elapsedMs: endMs - startMs,
    scheduled,
    settings: finalSettings,
    deadLetterFile: deadLetters.count > 0 ? deadLetters.path : null,
    resumeState,
    ...(stored === undefined ? {} : { stored }),
  };
}
