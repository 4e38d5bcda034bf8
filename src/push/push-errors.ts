/**
 * The push path's errors (STYLE.md §4): each an {@link AppError} with a stable code and its facts in
 * `data`. Messages never contain credentials: URLs are redacted before they get here.
 */
import { AppError } from '../errors.js';

/** A request-level failure the run cannot get past (auth, bad URL, TLS, retry budget spent). */
export class PushHttpError extends AppError {
  constructor(message: string, data: Readonly<Record<string, unknown>>, options?: { cause?: unknown }) {
    super('ERR_PUSH_HTTP', message, data, options);
    this.name = 'PushHttpError';
  }
}

/** A network-level failure of one request (reset, refused, timeout): retried while the budget lasts. */
export class PushNetworkError extends AppError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('ERR_PUSH_HTTP', `network error: ${reason}`, { reason, retryable: true }, options);
    this.name = 'PushNetworkError';
  }
}

/** `acked + duplicates + deadLettered != events`: names the unaccounted events. */
export class PushAccountingError extends AppError {
  constructor(message: string, data: Readonly<Record<string, unknown>>) {
    super('ERR_PUSH_ACCOUNTING', message, data);
    this.name = 'PushAccountingError';
  }
}

/** A resume file that does not fit the run (other corpus, other options, unreadable). */
export class PushResumeError extends AppError {
  constructor(message: string, data: Readonly<Record<string, unknown>>, options?: { cause?: unknown }) {
    super('ERR_PUSH_RESUME', message, data, options);
    this.name = 'PushResumeError';
  }
}

/** The run was interrupted (SIGINT): what was done is in the report and the resume file. */
export class PushInterruptedError extends AppError {
  constructor(message: string, data: Readonly<Record<string, unknown>>) {
    super('ERR_PUSH_INTERRUPTED', message, data);
    this.name = 'PushInterruptedError';
  }
}

/** `--verify` found a difference between the server and the local matcher (or the counts). */
export class PushVerifyError extends AppError {
  constructor(message: string, data: Readonly<Record<string, unknown>>) {
    super('ERR_PUSH_VERIFY', message, data);
    this.name = 'PushVerifyError';
  }
}
