/**
 * `runReplay`: replays corpora through a rule set on a worker pool and reports events/s, matches and —
 * when labels exist — accuracy.
 *
 * The main thread reads each corpus as large newline-aligned chunks (`chunkCorpus`) and transfers them to
 * the workers (no copy, no per-line message). A bounded number of chunks is in flight (`inFlightPerThread`
 * × threads); each worker transfers its chunk's buffer back with its answer and the reader refills it (one
 * buffer pool for the run), so a run holds a fixed set of chunk buffers — memory stays flat whatever the
 * corpus size and the thread count, and no isolate collects a chunk's worth of garbage per chunk. Results
 * are merged strictly in input order (a FIFO of pending chunks is a reorder buffer: the head is awaited,
 * later ones may already be done). Several corpora are read one after the other through the same pool;
 * line numbers are per corpus.
 *
 * Faults: a worker that throws (or dies) fails the run with `ERR_REPLAY_WORKER` naming the chunk and its
 * line range, after the chunks in flight have settled — no hang, no unobserved rejection. An abort of
 * `signal` (SIGINT at the CLI) stops reading, lets the chunks in flight finish and returns a report
 * marked `partial`.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { createChunkBufferPool, type ChunkBufferPool } from '../corpus/chunk-buffer-pool.js';
import { chunkCorpus, DEFAULT_CHUNK_BYTES, type Chunk } from '../corpus/chunker.js';
import { CorpusMalformedError } from '../corpus/corpus-errors.js';
import type { CorpusFormat, MalformedPolicy } from '../corpus/read-corpus.js';
import { deserializeError, InvalidOptionError } from '../errors.js';
import type { Mapping } from '../match/mapping.js';
import { buildPrefilter, type Prefilter } from '../match/prefilter.js';
import type { ReplayProgress } from '../report/replay-progress.js';
import type { ReplayReport, ReplaySkippedRule } from '../report/replay-report.js';
import { chooseReplayMode, neverMatches } from './choose-mode.js';
import { ChunkLabeler, readCorpusLabels, type CorpusTruth } from './corpus-labels.js';
import { createReplayPool } from './pool.js';
import type { ChunkTask, ReplayWorkerData } from './protocol.js';
import { readAhead } from './read-ahead.js';
import { ReplayWorkerError } from './replay-errors.js';
import type { ReplayRule } from './replay-rules.js';
import { REPORTED_EXAMPLES, ReplayTotals } from './replay-totals.js';
import type { WorkerAnswer } from './worker-answer.js';

/**
 * Default chunk size in scan mode: 2 MiB. Measured on busy-server events with 2 threads: ~20 % faster
 * than 1 MiB. Chunk buffers are recycled, so memory for chunks is about (2 × threads + 2) buffers of this
 * size.
 */
export const SCAN_CHUNK_BYTES = 2 << 20;

/** What a worker is sent for a rule's prefilter in parse-all mode, where it does not scan. */
const NO_PREFILTER: Prefilter = { groups: [], best: null };

/** Options of {@link runReplay}. */
export interface RunReplayOptions {
  /** Corpus paths (relative ones against `cwd`), or `-` for `stdin`; named in reports as given. */
  readonly corpora: readonly string[];
  readonly rules: readonly ReplayRule[];
  /** The index mapping the rules were compiled with (`null`: none). */
  readonly mapping: Mapping | null;
  /** Worker threads (≥ 1); 0 replays inline on the calling thread. */
  readonly threads: number;
  /**
   * Target chunk size in bytes. Default: {@link SCAN_CHUNK_BYTES} in scan mode, where a chunk costs
   * little to match and fewer, larger chunks halve the per-chunk overhead (read, copy, message);
   * {@link DEFAULT_CHUNK_BYTES} in parse-all mode, where parsing dominates and smaller chunks keep the
   * workers' memory lower.
   */
  readonly chunkBytes?: number;
  /** Corpus format (default `auto`). */
  readonly format?: CorpusFormat;
  /**
   * `skip` (default): malformed lines are counted and reported. `fail`: the first malformed line (in input
   * order) fails the run with `ERR_CORPUS_MALFORMED`; it implies {@link validate}, because a line no
   * prefilter selects would otherwise never be parsed.
   */
  readonly malformed?: MalformedPolicy;
  /** Parse every line, whatever the rules' prefilters (strict validation of the corpus). */
  readonly validate?: boolean;
  /**
   * Ground truth: a labels file for the one corpus; by default `F.labels.json` beside each corpus is used
   * when it exists; `false`: no labels.
   */
  readonly labels?: string | false;
  /** Directory relative paths are resolved against (default: the process's). */
  readonly cwd?: string;
  /** The stream a `-` corpus reads. */
  readonly stdin?: Readable;
  /** Stops the run: reading stops, chunks in flight finish, and the report is `partial`. */
  readonly signal?: AbortSignal;
  /**
   * Receives every rule's matches, chunk by chunk in input order: the corpus (as named), the rule's slot in
   * `rules` and the 1-based lines it matched there, ascending.
   */
  readonly onMatches?: (matches: { readonly source: string; readonly slot: number; readonly lines: ArrayLike<number> }) => void;
  /** Receives the text of every event matched by at least one rule, as NDJSON, in input order (awaited). */
  readonly onMatchedText?: (ndjson: Uint8Array) => void | Promise<void>;
  /** Called at most every `progressIntervalMs` (default 250) as results are merged, and once at the end. */
  readonly onProgress?: (progress: ReplayProgress) => void;
  readonly progressIntervalMs?: number;
  /** Rules of packs that were not loaded, for the report. */
  readonly skippedRules?: readonly ReplaySkippedRule[];
  /** Chunks in flight per thread (default 2). */
  readonly inFlightPerThread?: number;
  /**
   * The pool chunk buffers are taken from and given back to as the workers hand them back (default: one
   * for the run). At most `threads × inFlightPerThread + 2` buffers of `chunkBytes + 1` bytes are taken
   * from it at once (those of lines longer than a chunk aside), and every one is back in it at the end.
   */
  readonly buffers?: ChunkBufferPool;
  /** Monotonic clock in milliseconds (default `performance.now`). */
  readonly now?: () => number;
  /**
   * The worker module (default: the built replay worker). A test hook — e.g. a worker that throws on some
   * chunk — not reachable from the CLI.
   */
  readonly workerUrl?: URL;
}

type Pending =
  | { readonly kind: 'chunk'; readonly corpus: number; readonly task: ChunkMeta; readonly answer: Promise<Settled> }
  | { readonly kind: 'end'; readonly corpus: number; readonly complete: boolean; readonly read: () => ReadFacts };

/** What a corpus's reading knows once it has ended. */
interface ReadFacts {
  readonly bytes: number;
  readonly format: string | null;
  readonly compression: string | null;
}
type Settled = { readonly answer: WorkerAnswer } | { readonly failure: unknown };

/** What the main thread keeps of a chunk it sent (its bytes are gone to the worker). */
interface ChunkMeta {
  readonly sequence: number;
  readonly source: string;
  readonly firstLine: number;
  readonly byteLength: number;
  readonly lastDocumentLine: number | null;
}

/**
 * Replays `corpora` through `rules`.
 *
 * @throws InvalidOptionError (`ERR_INVALID_OPTION`) for bad options; ReplayWorkerError
 *   (`ERR_REPLAY_WORKER`) when a worker fails; CorpusMalformedError (`ERR_CORPUS_MALFORMED`) under
 *   `malformed: 'fail'`; LabelsError (`ERR_CORPUS_LABELS`); the corpus readers' `ERR_CORPUS_*`.
 */
export async function runReplay(options: RunReplayOptions): Promise<ReplayReport> {
  validateOptions(options);
  const now = options.now ?? (() => performance.now());
  const { rules, mapping } = options;
  const pathOf = (corpus: string): string => (corpus === '-' || isAbsolute(corpus) || options.cwd === undefined ? corpus : resolve(options.cwd, corpus));

  const choice = chooseReplayMode(rules.length, (i) => buildPrefilter(rules[i]!.query, { mapping }), {
    validate: options.validate === true || options.malformed === 'fail',
    names: rules.map((r) => r.name),
  });
  const chunkBytes = options.chunkBytes ?? (choice.mode === 'scan' ? SCAN_CHUNK_BYTES : DEFAULT_CHUNK_BYTES);
  const workerData: ReplayWorkerData = {
    // Workers scan only in scan mode: in parse-all mode the prefilters would only cost memory there.
    rules: rules.map((rule, slot) => ({
      query: rule.query,
      prefilter: choice.mode === 'scan' ? choice.prefilters[slot]! : NO_PREFILTER,
      live: !neverMatches(choice.prefilters[slot] ?? null),
    })),
    mapping,
    mode: choice.mode,
    collectMatchedText: options.onMatchedText !== undefined,
    maxExamples: REPORTED_EXAMPLES,
  };
  const ids = rules.map((rule) => rule.id);
  const truths: (CorpusTruth | null)[] = [];
  for (const corpus of options.corpora) {
    const explicit = typeof options.labels === 'string' ? pathOf(options.labels) : undefined;
    truths.push(options.labels === false ? null : await readCorpusLabels(pathOf(corpus), explicit, ids));
  }
  const totals = new ReplayTotals(rules, options.corpora, truths);
  const sizes = options.onProgress === undefined ? null : await corpusSizes(options.corpora.map(pathOf));

  const stop = new AbortController();
  const onAbort = (): void => stop.abort(new Error('replay interrupted'));
  if (options.signal?.aborted === true) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const inFlightPerThread = options.inFlightPerThread ?? 2;
  // One pool for every corpus of the run: the buffers the workers hand back are refilled with the next chunks.
  const buffers = options.buffers ?? createChunkBufferPool();
  const pool = createReplayPool({
    threads: options.threads,
    workerData,
    tasksPerThread: inFlightPerThread,
    ...(options.workerUrl === undefined ? {} : { workerUrl: options.workerUrl }),
  });
  const maxInFlight = Math.max(1, options.threads) * inFlightPerThread;
  const pending: Pending[] = [];
  const started = now();
  let lastProgress = started;
  let partial = false;
  let sequence = 0;
  let totalBytes: number | null = sizes === null ? null : sizes.reduce<number | null>((sum, s) => (sum === null || s === null ? null : sum + s), 0);
  let currentCorpus = 0;

  const merge = async (entry: Pending): Promise<void> => {
    if (entry.kind === 'end') {
      totals.endCorpus(entry.corpus, { complete: entry.complete, ...entry.read() });
      return;
    }
    const settled = await entry.answer;
    const meta = entry.task;
    if ('failure' in settled) throw new ReplayWorkerError(workerFailure(meta, nextFirstLine(meta.sequence)), settled.failure);
    const answer = settled.answer;
    if ('error' in answer) {
      throw new ReplayWorkerError({ chunk: meta.sequence, source: meta.source, firstLine: meta.firstLine, lastLine: answer.lastLine }, deserializeError(answer.error));
    }
    const result = answer.result;
    if (options.malformed === 'fail' && result.firstMalformed.length > 0) throw new CorpusMalformedError(result.firstMalformed[0]!);
    totals.add(entry.corpus, result, meta.byteLength);
    totals.noteLastLine(entry.corpus, meta.lastDocumentLine ?? meta.firstLine + result.lines - 1);
    if (options.onMatches !== undefined) {
      for (let slot = 0; slot < rules.length; slot++) {
        const from = result.matchOffsets[slot]!;
        const to = result.matchOffsets[slot + 1]!;
        if (to > from) options.onMatches({ source: meta.source, slot, lines: result.matchLines.subarray(from, to) });
      }
    }
    if (result.matchedText !== null && result.matchedText.byteLength > 0) await options.onMatchedText?.(result.matchedText);
    progress(false);
  };
  /** Reports progress at most every `progressIntervalMs`, or now when `final`. */
  const progress = (final: boolean): void => {
    const at = now();
    if (options.onProgress === undefined || (!final && at - lastProgress < (options.progressIntervalMs ?? 250))) return;
    lastProgress = at;
    options.onProgress({
      bytes: totals.bytesMerged,
      totalBytes,
      events: totals.eventsMerged,
      elapsedMs: at - started,
      source: options.corpora[currentCorpus]!,
      file: currentCorpus + 1,
      files: options.corpora.length,
    });
  };
  /** The chunks of a corpus, read into the run's recycled buffers. */
  const openChunks = (path: string, source: string, corpus: number): { chunks: AsyncIterable<Chunk>; read: () => ReadFacts } => {
    const chunked = chunkCorpus(path, {
      chunkBytes,
      buffers,
      signal: stop.signal,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.malformed === undefined ? {} : { malformed: options.malformed }),
      onMalformed: (m) => totals.addReaderMalformed(corpus, { ...m, source }),
    });
    const stats = chunked.stats;
    return {
      chunks: chunked,
      read: () => ({ bytes: stats.documents?.bytes ?? stats.bytes, format: stats.format ?? null, compression: stats.compression ?? null }),
    };
  };
  const nextFirstLine = (after: number): number | null => {
    const next = pending.find((p) => p.kind === 'chunk' && p.task.sequence === after + 1);
    return next?.kind === 'chunk' ? next.task.firstLine : null;
  };

  try {
    for (let corpus = 0; corpus < options.corpora.length && !partial; corpus++) {
      currentCorpus = corpus;
      const source = options.corpora[corpus]!;
      const truth = truths[corpus] ?? null;
      const labeler = truth === null ? null : new ChunkLabeler(truth);
      const { chunks, read } = openChunks(pathOf(source), source, corpus);
      let complete = true;
      try {
        for await (const chunk of readAhead(chunks)) {
          const facts = read();
          if (facts.compression === 'gzip' || (facts.format !== null && facts.format !== 'ndjson')) totalBytes = null;
          const task = toTask(chunk, sequence++, source, labeler);
          pending.push({ kind: 'chunk', corpus, task: metaOf(task, chunk), answer: settle(pool.run(task), buffers) });
          while (pending.length >= maxInFlight) await merge(pending.shift()!);
        }
      } catch (error) {
        if (!isInterruption(error, stop.signal)) throw error;
        complete = false;
        partial = true;
      }
      pending.push({ kind: 'end', corpus, complete, read });
    }
    while (pending.length > 0) await merge(pending.shift()!);
    // The last word of the progress line: everything read.
    progress(true);
  } catch (error) {
    // Let every chunk in flight settle (their outcomes are wrapped: nothing is left unobserved).
    await Promise.all(pending.map((p) => (p.kind === 'chunk' ? p.answer : undefined)));
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  return totals.report({
    partial,
    durationMs: now() - started,
    threads: options.threads,
    chunkBytes,
    mode: choice.mode,
    modeReason: choice.reason,
    skippedRules: options.skippedRules ?? [],
  });
}

function toTask(chunk: Chunk, sequence: number, source: string, labeler: ChunkLabeler | null): ChunkTask {
  return {
    sequence,
    source,
    bytes: chunk.bytes,
    firstLine: chunk.firstLine,
    offset: chunk.offset,
    lineNumbers: chunk.lineNumbers ?? null,
    fileStart: chunk.index === 0 && chunk.lineNumbers === undefined,
    labels: labeler === null ? null : labeler.labelsFor(chunk),
  };
}

function metaOf(task: ChunkTask, chunk: Chunk): ChunkMeta {
  const numbers = chunk.lineNumbers;
  return {
    sequence: task.sequence,
    source: task.source,
    firstLine: task.firstLine,
    byteLength: chunk.bytes.byteLength,
    lastDocumentLine: numbers === undefined ? null : (numbers[numbers.length - 1] ?? null),
  };
}

function workerFailure(meta: ChunkMeta, nextFirstLine: number | null) {
  const lastLine = meta.lastDocumentLine ?? (nextFirstLine === null ? null : nextFirstLine - 1);
  return { chunk: meta.sequence, source: meta.source, firstLine: meta.firstLine, lastLine };
}

/** True for the error an aborted read throws (the signal's reason, or an AbortError from a stream). */
function isInterruption(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted && (error === signal.reason || (error instanceof Error && error.name === 'AbortError'));
}

/**
 * Wraps a chunk's outcome as data, and gives the chunk's buffer back to the pool as soon as the worker
 * has answered — not when the answer is merged, which may wait for earlier chunks.
 */
function settle(answer: Promise<WorkerAnswer>, buffers: ChunkBufferPool): Promise<Settled> {
  return answer.then(
    (value) => {
      buffers.recycle(value.buffer);
      return { answer: value };
    },
    (failure: unknown) => ({ failure }),
  );
}

/** File sizes for the progress share; `null` for stdin or a file that cannot be stat'ed. */
async function corpusSizes(paths: readonly string[]): Promise<(number | null)[]> {
  return Promise.all(
    paths.map(async (path) => {
      if (path === '-') return null;
      try {
        const s = await stat(path);
        return s.isFile() ? s.size : null;
      } catch (error) {
        // The read that follows reports a missing file with the reader's wording; progress just lacks a size.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    }),
  );
}

function validateOptions(options: RunReplayOptions): void {
  if (options.corpora.length === 0) throw new InvalidOptionError('corpora', '[]', 'at least one corpus path (or "-")');
  if (options.rules.length === 0) throw new InvalidOptionError('rules', '[]', 'at least one rule');
  if (!Number.isInteger(options.threads) || options.threads < 0 || options.threads > 256) {
    throw new InvalidOptionError('threads', options.threads, 'an integer from 0 (inline) to 256');
  }
  if (options.chunkBytes !== undefined && (!Number.isSafeInteger(options.chunkBytes) || options.chunkBytes < 1)) {
    throw new InvalidOptionError('chunkBytes', options.chunkBytes, 'a positive integer number of bytes');
  }
  if (options.inFlightPerThread !== undefined && (!Number.isInteger(options.inFlightPerThread) || options.inFlightPerThread < 1)) {
    throw new InvalidOptionError('inFlightPerThread', options.inFlightPerThread, 'an integer ≥ 1');
  }
  if (typeof options.labels === 'string' && options.corpora.length !== 1) {
    throw new InvalidOptionError('labels', options.labels, 'one corpus: with several, put F.labels.json beside each corpus');
  }
  if (options.corpora.filter((c) => c === '-').length > 1) throw new InvalidOptionError('corpora', '-', 'stdin ("-") at most once');
  const categoryField = options.rules[0]!.query.categoryField;
  const other = options.rules.find((r) => r.query.categoryField !== categoryField);
  if (other !== undefined) {
    throw new InvalidOptionError('rules', other.name, `rules normalized with one category field (${categoryField}, not ${other.query.categoryField})`);
  }
}
