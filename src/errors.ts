/**
 * The error interface of eql-replay.
 *
 * Every failure a user can cause or meet is an {@link AppError} with a stable {@link ErrorCode}; the
 * message is rendered from `data` so that a caller (or a test) can rely on the code and the data rather
 * than on wording. Errors lose their class when they cross a worker thread: {@link serializeError} turns
 * one into plain data and {@link deserializeError} rebuilds it on the other side (STYLE.md §4).
 */

/** Every error code the tool emits, by area. Codes are stable: scripts may match on them. */
export type ErrorCode =
  // usage of the CLI or the library (exit 2 at the CLI)
  | 'ERR_USAGE'
  | 'ERR_INVALID_OPTION'
  // EQL front end
  | 'ERR_EQL_SYNTAX'
  | 'ERR_EQL_SEMANTIC'
  | 'ERR_EQL_UNSUPPORTED'
  // matcher
  | 'ERR_MATCH_REGEX'
  | 'ERR_MATCH_MAPPING'
  | 'ERR_MATCH_EVAL'
  // rules
  | 'ERR_RULE_LOAD'
  | 'ERR_RULE_LANGUAGE'
  | 'ERR_RULE_CHECK'
  // corpora
  | 'ERR_CORPUS_READ'
  | 'ERR_CORPUS_FORMAT'
  | 'ERR_CORPUS_MALFORMED'
  | 'ERR_CORPUS_COMPRESSION'
  | 'ERR_CORPUS_PROFILE'
  | 'ERR_CORPUS_LABELS'
  | 'ERR_CORPUS_INTERRUPTED'
  // replay
  | 'ERR_REPLAY_WORKER'
  | 'ERR_REPLAY_MISMATCH'
  | 'ERR_REPLAY_INTERRUPTED'
  // push
  | 'ERR_PUSH_HTTP'
  | 'ERR_PUSH_ACCOUNTING'
  | 'ERR_PUSH_VERIFY'
  | 'ERR_PUSH_RESUME'
  | 'ERR_PUSH_INTERRUPTED'
  // I/O around all of the above
  | 'ERR_IO';

/** The codes, as a runtime list (used to validate codes that arrive from a worker). */
export const ERROR_CODES: readonly ErrorCode[] = [
  'ERR_USAGE',
  'ERR_INVALID_OPTION',
  'ERR_EQL_SYNTAX',
  'ERR_EQL_SEMANTIC',
  'ERR_EQL_UNSUPPORTED',
  'ERR_MATCH_REGEX',
  'ERR_MATCH_MAPPING',
  'ERR_MATCH_EVAL',
  'ERR_RULE_LOAD',
  'ERR_RULE_LANGUAGE',
  'ERR_RULE_CHECK',
  'ERR_CORPUS_READ',
  'ERR_CORPUS_FORMAT',
  'ERR_CORPUS_MALFORMED',
  'ERR_CORPUS_COMPRESSION',
  'ERR_CORPUS_PROFILE',
  'ERR_CORPUS_LABELS',
  'ERR_CORPUS_INTERRUPTED',
  'ERR_REPLAY_WORKER',
  'ERR_REPLAY_MISMATCH',
  'ERR_REPLAY_INTERRUPTED',
  'ERR_PUSH_HTTP',
  'ERR_PUSH_ACCOUNTING',
  'ERR_PUSH_VERIFY',
  'ERR_PUSH_RESUME',
  'ERR_PUSH_INTERRUPTED',
  'ERR_IO',
];

/** Structured data carried by an error; must survive `structuredClone` (plain JSON-like values). */
export type ErrorData = Readonly<Record<string, unknown>>;

/**
 * Base class of every error the tool raises on purpose.
 *
 * `code` is stable, `data` holds the facts the message was rendered from, `exitCode` is what the CLI
 * exits with (1 for a user-facing failure, 2 for a usage error).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly data: ErrorData;

  constructor(code: ErrorCode, message: string, data: ErrorData = {}, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.data = data;
  }

  /** The process exit code the CLI uses for this error: 2 for usage errors, 1 otherwise. */
  get exitCode(): 1 | 2 {
    return this.code === 'ERR_USAGE' || this.code === 'ERR_INVALID_OPTION' ? 2 : 1;
  }
}

/** A command-line or API option with a bad value; names the option and the value it got. */
export class InvalidOptionError extends AppError {
  constructor(option: string, value: unknown, expected: string) {
    super('ERR_INVALID_OPTION', `invalid value for ${option}: ${formatValue(value)} (expected ${expected})`, {
      option,
      value: formatValue(value),
      expected,
    });
    this.name = 'InvalidOptionError';
  }
}

/** Any I/O failure around a named path (file, directory, URL). */
export class IoError extends AppError {
  constructor(path: string, action: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('ERR_IO', `cannot ${action} ${path}: ${reason}`, { path, action, reason }, { cause });
    this.name = 'IoError';
  }
}

/** Plain-data form of an error, safe to post between threads. */
export interface SerializedError {
  readonly name: string;
  readonly code: ErrorCode | 'ERR_INTERNAL';
  readonly message: string;
  readonly data: ErrorData;
  readonly stack?: string;
}

/**
 * Turns any thrown value into plain data that survives `postMessage`.
 * An {@link AppError} keeps its code and data; anything else becomes `ERR_INTERNAL` with its stack.
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) {
    return { name: error.name, code: error.code, message: error.message, data: toCloneable(error.data) };
  }
  if (error instanceof Error) {
    return {
      name: error.name,
      code: 'ERR_INTERNAL',
      message: error.message,
      data: {},
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { name: 'Error', code: 'ERR_INTERNAL', message: String(error), data: {} };
}

/**
 * Rebuilds an error from {@link serializeError}'s output: an {@link AppError} when the code is known,
 * otherwise a plain `Error` that keeps the worker's stack (an internal bug stays visibly one).
 */
export function deserializeError(serialized: SerializedError): Error {
  if (serialized.code !== 'ERR_INTERNAL' && (ERROR_CODES as readonly string[]).includes(serialized.code)) {
    const error = new AppError(serialized.code, serialized.message, serialized.data);
    error.name = serialized.name;
    return error;
  }
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}

/** True when `value` is plain data of the serialized form (as arrives from a worker). */
export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['code'] === 'string' && typeof v['message'] === 'string' && typeof v['data'] === 'object';
}

function toCloneable(data: ErrorData): ErrorData {
  // JSON round trip drops functions and class identity so postMessage never throws DataCloneError.
  return JSON.parse(JSON.stringify(data)) as ErrorData;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
