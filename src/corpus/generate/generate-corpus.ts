/**
 * Generates a labelled corpus: blocks are generated in piscina workers (or inline), written in block
 * order with a bounded number in flight, and their truths and scenario counts gathered into the labels.
 * The bytes depend on (seed, profile, events, block size, raw-S1, gzip level) only — never on the thread
 * count or on scheduling — because each block depends only on its index and on the timeline offset, which
 * is summed here in block order.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InvalidOptionError } from '../../errors.js';
import { GenerationInterruptedError } from './generate-errors.js';
import { createChunkBufferPool } from '../chunk-buffer-pool.js';
import {
  blockBufferBytes,
  createBlockGenerator,
  DEFAULT_BLOCK_SIZE,
  type BlockResult,
  type BlockTask,
  type GeneratorConfig,
} from './block-generator.js';
import { formatLabels, SEED_RULE_ID, type CorpusLabels } from './labels.js';
import type { Profile } from './profile.js';
import { SCENARIO_NAMES } from './scenario-catalog.js';
import { blockDurationTicks } from './timeline.js';

/** Options of {@link generateCorpus}. */
export interface GenerateOptions {
  readonly events: number;
  readonly seed: number;
  readonly profile: Profile;
  /** Recorded in the labels (`busy-server`, or the path the user gave). */
  readonly profileName: string;
  /**
   * Receives the corpus bytes in order; awaited (backpressure). Resolving hands `chunk` back: its memory
   * carries a later block, so a writer that keeps the bytes must copy them first (a CorpusWriter's
   * `write` resolves once the bytes are written).
   */
  readonly write: (chunk: Uint8Array) => Promise<void>;
  /** Worker threads; 0 generates inline on the calling thread. */
  readonly threads: number;
  readonly rawS1?: boolean;
  /** gzip level (1–9) to write a gzip file (one member per block); undefined = plain NDJSON. */
  readonly gzipLevel?: number;
  /** Events per block (default {@link DEFAULT_BLOCK_SIZE}); changes the bytes, not the statistics. */
  readonly blockSize?: number;
  /** Blocks in flight per thread (default 2). */
  readonly inFlightPerThread?: number;
  /** Called after each block is written. */
  readonly onProgress?: (eventsWritten: number, events: number) => void;
  /** Monotonic clock in milliseconds (default `performance.now`). */
  readonly now?: () => number;
  /** Worker module URL; defaults to the built `worker.js` beside this module (dist when run from src). */
  readonly workerUrl?: URL;
  /** Stops generation between blocks (no new block is started; the pool is shut down). */
  readonly signal?: AbortSignal;
}

/** What a generation produced. */
export interface GenerateResult {
  readonly events: number;
  readonly labels: CorpusLabels;
  readonly durationMs: number;
  readonly eventsPerSec: number;
}

/**
 * Generates `events` events and returns their labels.
 *
 * @throws InvalidOptionError (`ERR_INVALID_OPTION`) for a bad count, seed, thread count or block size.
 * @throws GenerationInterruptedError (`ERR_CORPUS_INTERRUPTED`) when `signal` aborts.
 */
export async function generateCorpus(options: GenerateOptions): Promise<GenerateResult> {
  const { events, seed } = options;
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isSafeInteger(events) || events < 0) throw new InvalidOptionError('events', events, 'a non-negative integer');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidOptionError('seed', seed, 'a non-negative integer');
  if (!Number.isInteger(options.threads) || options.threads < 0) throw new InvalidOptionError('threads', options.threads, 'an integer ≥ 0');
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new InvalidOptionError('blockSize', blockSize, 'an integer ≥ 1');
  if (options.gzipLevel !== undefined && !(Number.isInteger(options.gzipLevel) && options.gzipLevel >= 1 && options.gzipLevel <= 9)) {
    throw new InvalidOptionError('gzipLevel', options.gzipLevel, 'an integer in [1, 9]');
  }
  const now = options.now ?? (() => performance.now());
  const started = now();
  const config: GeneratorConfig = {
    seed,
    profile: options.profile,
    blockSize,
    rawS1: options.rawS1 === true,
    ...(options.gzipLevel === undefined ? {} : { gzipLevel: options.gzipLevel }),
  };
  const blocks = Math.ceil(events / blockSize);
  const threads = Math.min(options.threads, blocks);
  let pool: Piscina | undefined;
  let run: (task: BlockTask) => Promise<BlockResult>;
  if (threads === 0) {
    const generator = createBlockGenerator(config);
    run = async (task) => generator.generate(task);
  } else {
    pool = new Piscina({
      filename: (options.workerUrl ?? defaultWorkerUrl()).href,
      workerData: config,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 1000,
      // Generation allocates many short-lived strings: a larger young generation keeps scavenges cheap.
      resourceLimits: { maxYoungGenerationSizeMb: 192 },
    });
    const p = pool;
    run = (task) => p.run(task, task.output === undefined ? {} : { transferList: [task.output] }) as Promise<BlockResult>;
  }

  const positives: number[] = [];
  const counts = new Array<number>(SCENARIO_NAMES.length).fill(0);
  const maxInFlight = Math.max(1, threads) * (options.inFlightPerThread ?? 2);
  const pending = new Map<number, Promise<Settled>>();
  let next = 0;
  let startTick = 0;
  let written = 0;
  // Uncompressed blocks are written into buffers that, once written out, carry later blocks (a run
  // allocates about maxInFlight + 1 of them): memory that is already mapped, and no copy on either side.
  const buffers = config.gzipLevel === undefined ? createChunkBufferPool() : undefined;
  const submit = () => {
    const blockIndex = next++;
    const durationTicks = blockDurationTicks(seed, options.profile, blockIndex, blockSize);
    const count = Math.min(blockSize, events - blockIndex * blockSize);
    const output = buffers?.take(blockBufferBytes(count)).buffer as ArrayBuffer | undefined;
    const task: BlockTask = { blockIndex, startTick, durationTicks, count, ...(output === undefined ? {} : { output }) };
    startTick += durationTicks;
    // Settled results: a failing block must not leave other rejections unobserved.
    pending.set(
      blockIndex,
      run(task).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    );
  };
  try {
    for (let b = 0; b < blocks; b++) {
      if (options.signal?.aborted === true) throw new GenerationInterruptedError(written, events);
      while (next < blocks && next - b < maxInFlight) submit();
      const settled = await (pending.get(b) as Promise<Settled>);
      pending.delete(b);
      if ('error' in settled) throw settled.error;
      const result = settled.value;
      await options.write(result.bytes);
      buffers?.recycle(result.bytes.buffer);
      for (const line of result.positives) positives.push(line);
      for (let k = 0; k < counts.length; k++) counts[k]! += result.counts[k] ?? 0;
      written += result.events;
      options.onProgress?.(written, events);
    }
  } finally {
    await pool?.destroy();
  }
  const scenarios: Record<string, number> = {};
  SCENARIO_NAMES.forEach((name, k) => (scenarios[name] = counts[k] ?? 0));
  const labels: CorpusLabels = {
    format: 1,
    events,
    seed,
    profile: options.profileName,
    expected: { [SEED_RULE_ID]: positives },
    scenarios,
  };
  const durationMs = now() - started;
  return { events, labels, durationMs, eventsPerSec: durationMs > 0 ? (events * 1000) / durationMs : 0 };
}

/** The labels text for a result (exact documented format). */
export function labelsText(result: GenerateResult): string {
  return formatLabels(result.labels);
}

type Settled = { value: BlockResult } | { error: unknown };

/**
 * The built worker: `./worker.js` beside this module when running from dist; from the TypeScript
 * sources (vitest), the same file in `dist/src/…` (run `npm run build` first).
 */
export function defaultWorkerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (import.meta.url.endsWith('.ts')) {
    const built = new URL('../../../dist/src/corpus/generate/worker.js', import.meta.url);
    if (existsSync(fileURLToPath(built))) return built;
  }
  return here;
}
