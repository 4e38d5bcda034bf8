/**
 * Errors of the corpus generator. Each is an {@link AppError} with a stable code and a message rendered
 * from `data` (STYLE.md §4).
 */
import { AppError } from '../../errors.js';

/**
 * A generation profile that cannot be read or is invalid: `ERR_CORPUS_PROFILE`. The message names the
 * profile's source and the bad key, e.g.
 * `corpora/profiles/x.json: "rate.burstProbability" must be a number in [0, 1], got 3`.
 */
export class ProfileError extends AppError {
  constructor(source: string, problem: string, key?: string, cause?: unknown) {
    super('ERR_CORPUS_PROFILE', `${source}: ${problem}`, key === undefined ? { source, problem } : { source, key, problem }, {
      cause,
    });
    this.name = 'ProfileError';
  }
}

/** A ground-truth labels file that is not in the documented format: `ERR_CORPUS_LABELS`. */
export class LabelsError extends AppError {
  constructor(source: string, problem: string, cause?: unknown) {
    super('ERR_CORPUS_LABELS', `labels ${source}: ${problem}`, { source, problem }, { cause });
    this.name = 'LabelsError';
  }
}

/** Generation stopped by its abort signal (Ctrl-C at the CLI): `ERR_CORPUS_INTERRUPTED`. */
export class GenerationInterruptedError extends AppError {
  constructor(eventsWritten: number, events: number) {
    super('ERR_CORPUS_INTERRUPTED', `generation interrupted after ${eventsWritten} of ${events} events`, { eventsWritten, events });
    this.name = 'GenerationInterruptedError';
  }
}
