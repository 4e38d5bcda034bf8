/**
 * The unit the push path moves: one corpus event, prepared (routed, id'd, re-timed) and numbered.
 * The document stays as bytes in the corpus chunk it came from (`doc[docStart, docEnd)`): no string is
 * made of it on the fast path, and the bulk body is assembled by copying those bytes.
 */

/** A prepared event. `seq` numbers events in read order across passes; it is what resume files hold. */
export interface PushEvent {
  readonly seq: number;
  /** Corpus file (or `-`) and 1-based line, for dead letters and unaccounted-event messages. */
  readonly source: string;
  readonly line: number;
  /** `--loop` pass, from 0. */
  readonly iteration: number;
  /** Simulated agent (`--agents`), from 0. */
  readonly agent: number;
  /** Data stream or index. */
  readonly target: string;
  /** The `_id`. */
  readonly id: string;
  /** The `_id` escaped for a JSON string (the same string when nothing needs escaping). */
  readonly idJson: string;
  /** The bytes holding the document (one line of JSON, no newline) at `[docStart, docEnd)`. */
  readonly doc: Buffer;
  readonly docStart: number;
  readonly docEnd: number;
  /** UTF-8 size of the event's action line + document line, newlines included. */
  readonly bytes: number;
  /** Whether the local matcher flagged the event as sent (only with `--verify`). */
  readonly matched?: boolean;
}

/** How an event ended. */
export type EventOutcome = 'acked' | 'duplicate' | 'dead-lettered';

/** Why an event was dead-lettered. */
export interface DeadLetterReason {
  /** HTTP status of the item (0 when the tool itself rejected the event before sending). */
  readonly status: number;
  readonly type: string;
  readonly reason: string;
}

/** The document text of an event (decodes its bytes: for messages and dead letters, not the hot path). */
export function eventText(event: Pick<PushEvent, 'doc' | 'docStart' | 'docEnd'>): string {
  return event.doc.toString('utf8', event.docStart, event.docEnd);
}
