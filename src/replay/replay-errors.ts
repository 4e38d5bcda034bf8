/**
 * Errors of the replay engine. Each is an {@link AppError} with a stable code whose message is rendered
 * from `data` (STYLE.md §4).
 */
import { AppError } from '../errors.js';

/** Where a failed chunk was. */
export interface FailedChunk {
  /** Position of the chunk in the run (0-based, all corpora). */
  readonly chunk: number;
  readonly source: string;
  readonly firstLine: number;
  /** Last line of the chunk, when known (`null` when the worker died before saying). */
  readonly lastLine: number | null;
}

/**
 * A worker failed on a chunk (`ERR_REPLAY_WORKER`): it threw, or it died. The run stops; the message names
 * the chunk and its line range, and `data.cause` holds the worker's error as plain data (its code, when it
 * was an AppError, and its message). The rebuilt error is the `cause`.
 */
export class ReplayWorkerError extends AppError {
  constructor(where: FailedChunk, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const code = cause instanceof AppError ? cause.code : 'ERR_INTERNAL';
    const lines = where.lastLine === null ? `from line ${where.firstLine}` : `lines ${where.firstLine}-${where.lastLine}`;
    super(
      'ERR_REPLAY_WORKER',
      `a replay worker failed on chunk ${where.chunk} (${where.source} ${lines}): ${code === 'ERR_INTERNAL' ? '' : `${code}: `}${reason}`,
      { ...where, cause: { code, message: reason } },
      { cause },
    );
    this.name = 'ReplayWorkerError';
  }
}

/** The run was interrupted (SIGINT): the partial report was printed (`ERR_REPLAY_INTERRUPTED`, exit 1). */
export class ReplayInterruptedError extends AppError {
  constructor(events: number) {
    super('ERR_REPLAY_INTERRUPTED', `interrupted after ${events} events: the report above is partial`, { events });
    this.name = 'ReplayInterruptedError';
  }
}

/**
 * `--fail-on-mismatch` and the matches differ from the labels, or no labels apply, or labels do not fit
 * their corpus (`ERR_REPLAY_MISMATCH`, exit 1).
 */
export class ReplayMismatchError extends AppError {
  constructor(falsePositives: number, falseNegatives: number, rules: readonly string[], problems: readonly string[] = []) {
    const differences =
      rules.length === 0 ? [] : [`the matches differ from the labels: ${falsePositives} false positive(s), ${falseNegatives} false negative(s) (rules: ${rules.join(', ')})`];
    super('ERR_REPLAY_MISMATCH', [...differences, ...problems].join('; '), {
      falsePositives,
      falseNegatives,
      rules: [...rules],
      problems: [...problems],
    });
    this.name = 'ReplayMismatchError';
  }
}
