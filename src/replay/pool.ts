/**
 * The replay worker pool: a small facade over Piscina (STYLE.md §1) so that the run loop sees only
 * "replay this chunk" and "stop". Chunks are transferred to the workers (`transferList`: the chunk's
 * ArrayBuffer moves, nothing is copied) and results come back the same way. With `threads: 0` the chunks
 * are replayed inline on the calling thread by the same chunk matcher — for tests and tiny inputs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { createChunkMatcher } from './chunk-matcher.js';
import type { ChunkTask, ReplayWorkerData } from './protocol.js';
import { answerChunk, type WorkerAnswer } from './worker-answer.js';

/**
 * Young generation of each worker's heap, in MB. Parse-all mode allocates an event object tree per line,
 * nearly all dead by the next line, and V8 otherwise grows each worker's young generation to its default
 * maximum: measured on a 5 GB corpus (222-rule pack, 4 threads) 16 MB takes peak RSS from ~322 to ~260 MB
 * (no-literal rule, 2 threads: ~190 to ~158 MB) at the same speed within the noise (best of 4 interleaved
 * runs each: 13.6 s vs 13.9 s; 8.6 s vs 9.0 s); 8 MB saves no more — more objects are promoted.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** Options of {@link createReplayPool}. */
export interface ReplayPoolOptions {
  /** Worker threads; 0 replays inline on the calling thread. */
  readonly threads: number;
  /** The rule set every worker compiles once at start. */
  readonly workerData: ReplayWorkerData;
  /**
   * Chunks sent to a worker at once (default 2): the next one waits in the worker's port while it matches
   * the current one, instead of in the pool until the worker's answer has crossed back to the main thread.
   */
  readonly tasksPerThread?: number;
  /** The worker module (default: the built `worker.js`, see {@link defaultReplayWorkerUrl}). */
  readonly workerUrl?: URL;
}

/** A started pool. */
export interface ReplayPool {
  readonly threads: number;
  /**
   * Replays one chunk; the chunk's bytes are transferred (unusable by the caller afterwards). An error the
   * matcher throws is answered as data ({@link WorkerAnswer}); the promise rejects only when the worker
   * itself failed (it died, or its module could not start).
   */
  run(task: ChunkTask): Promise<WorkerAnswer>;
  /** Stops the workers (idempotent). */
  destroy(): Promise<void>;
}

/** Starts the pool (workers compile the rule set as they start). */
export function createReplayPool(options: ReplayPoolOptions): ReplayPool {
  if (options.threads === 0) {
    const matchChunk = createChunkMatcher(options.workerData);
    return { threads: 0, run: async (task) => answerChunk(matchChunk, task), destroy: async () => undefined };
  }
  const piscina = new Piscina({
    filename: (options.workerUrl ?? defaultReplayWorkerUrl()).href,
    workerData: options.workerData,
    minThreads: options.threads,
    maxThreads: options.threads,
    // The handler is synchronous: a second task per worker is not run concurrently, it is queued in the
    // worker's port, so the worker starts it without a round trip through the main thread's event loop.
    concurrentTasksPerWorker: options.tasksPerThread ?? 2,
    // The run keeps every worker busy until it ends; idle workers never need reaping mid-run.
    idleTimeout: 60_000,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  let destroyed: Promise<void> | undefined;
  return {
    threads: options.threads,
    async run(task) {
      return (await piscina.run(task, { transferList: [task.bytes.buffer as ArrayBuffer] })) as WorkerAnswer;
    },
    destroy() {
      destroyed ??= piscina.destroy();
      return destroyed;
    },
  };
}

/**
 * The built worker: `./worker.js` beside this module when running from dist; from the TypeScript sources
 * (vitest), the same file under `dist/src/replay/` (run `npm run build` first).
 */
export function defaultReplayWorkerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (import.meta.url.endsWith('.ts')) {
    const built = new URL('../../dist/src/replay/worker.js', import.meta.url);
    if (existsSync(fileURLToPath(built))) return built;
  }
  return here;
}
