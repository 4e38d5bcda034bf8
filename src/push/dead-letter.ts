/**
 * The dead-letter file (PUSH.md §2): every event the server rejected for good — never dropped silently.
 * NDJSON, one object per event:
 * `{"source","line","pass","_index","_id","status","error":{"type","reason"},"event":<the document as sent>}`.
 * The file is created on the first dead letter only, so a clean run leaves none behind.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { IoError } from '../errors.js';
import { eventText, type DeadLetterReason, type PushEvent } from './push-event.js';

/** Appends dead letters to a file. */
export interface DeadLetterWriter {
  write(event: PushEvent, reason: DeadLetterReason): void;
  /** Lines written so far. */
  readonly count: number;
  /** Flushes and closes (no-op if nothing was written). */
  close(): Promise<void>;
  readonly path: string;
}

/** Formats one dead-letter line (without the newline). the document is embedded as JSON when it is JSON. */
export function formatDeadLetter(event: PushEvent, reason: DeadLetterReason): string {
  const head = JSON.stringify({
    source: event.source,
    line: event.line,
    pass: event.iteration + 1,
    _index: event.target,
    _id: event.id,
    status: reason.status,
    error: { type: reason.type, reason: reason.reason },
  });
  // The document is embedded verbatim when it parses (the usual case); a line that is not JSON is kept
  // as a string so the dead-letter file itself always stays valid NDJSON.
  const text = eventText(event);
  let embedded: string;
  try {
    JSON.parse(text);
    embedded = text;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    embedded = JSON.stringify(text);
  }
  return `${head.slice(0, -1)},"event":${embedded}}`;
}

/**
 * Creates a writer appending to `path` (the file is truncated when the first line is written).
 * @throws IoError (`ERR_IO`) from `close()` when the file cannot be written
 */
export function createDeadLetterWriter(path: string): DeadLetterWriter {
  let stream: WriteStream | undefined;
  let failure: unknown;
  let count = 0;
  return {
    path,
    get count() {
      return count;
    },
    write(event, reason) {
      if (stream === undefined) {
        stream = createWriteStream(path, { flags: 'w' });
        // Keep the process alive on a write error: it is reported by close() (finished() rejects with it).
        stream.on('error', (error) => {
          failure ??= error;
        });
      }
      stream.write(`${formatDeadLetter(event, reason)}\n`);
      count += 1;
    },
    async close() {
      if (stream === undefined) return;
      stream.end();
      try {
        await finished(stream);
      } catch (error) {
        throw new IoError(path, 'write the dead-letter file', failure ?? error);
      }
    },
  };
}
