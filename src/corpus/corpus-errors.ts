/**
 * The errors a corpus reader raises. Each is an {@link AppError} with a stable code whose message is
 * rendered from `data` (STYLE.md §4), so scripts and tests match on the code and the facts, not the wording.
 */
import { AppError } from '../errors.js';
import type { MalformedLine } from './describe-malformed.js';

/** A corpus that cannot be opened or read (missing file, directory, permission, I/O failure): `ERR_CORPUS_READ`. */
export class CorpusReadError extends AppError {
  constructor(source: string, reason: string, cause?: unknown) {
    super('ERR_CORPUS_READ', `cannot read corpus ${source}: ${reason}`, { source, reason }, { cause });
    this.name = 'CorpusReadError';
  }
}

/**
 * A corpus compressed with something the reader cannot decompress, or gzip data that is corrupt or
 * truncated: `ERR_CORPUS_COMPRESSION`. `hint` says how to fix it (e.g. the command that decompresses it).
 */
export class CorpusCompressionError extends AppError {
  constructor(source: string, compression: string, reason: string, hint: string, cause?: unknown) {
    super(
      'ERR_CORPUS_COMPRESSION',
      `corpus ${source} is ${compression}: ${reason}; ${hint}`,
      { source, compression, reason, hint },
      { cause },
    );
    this.name = 'CorpusCompressionError';
  }
}

/** A corpus whose format cannot be detected or is not one the reader knows: `ERR_CORPUS_FORMAT`. */
export class CorpusFormatError extends AppError {
  constructor(source: string, reason: string) {
    super('ERR_CORPUS_FORMAT', `cannot read corpus ${source}: ${reason}`, { source, reason });
    this.name = 'CorpusFormatError';
  }
}

/**
 * A malformed line met under the `fail` policy: `ERR_CORPUS_MALFORMED`. The message names file, 1-based
 * line, byte offset, the reason and a visible excerpt; `data` is the {@link MalformedLine} itself.
 */
export class CorpusMalformedError extends AppError {
  /** The malformed line this error reports. */
  readonly malformed: MalformedLine;

  constructor(malformed: MalformedLine) {
    super('ERR_CORPUS_MALFORMED', formatMalformed(malformed), { ...malformed });
    this.name = 'CorpusMalformedError';
    this.malformed = malformed;
  }
}

/**
 * Renders a malformed line the way every command reports it:
 * `events.ndjson:3 (byte 61): not JSON: Unexpected token … | {"a":1,`.
 */
export function formatMalformed(m: MalformedLine): string {
  return `malformed line ${m.source}:${m.line} (byte ${m.offset}): ${m.reason}\n  | ${m.excerpt}`;
}
