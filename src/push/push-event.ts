/**
 * The unit the push path moves: one corpus event, prepared (routed, id'd, re-timed) and numbered.
 */
import type { BulkEvent } from './bulk-encode.js';

/** A prepared event. `seq` numbers events in read order across passes; it is what resume files hold. */
export interface PushEvent extends BulkEvent {
  readonly seq: number;
  /** Corpus file (or `-`) and 1-based line, for dead letters and unaccounted-event messages. */
  readonly source: string;
  readonly line: number;
  /** `--loop` pass, from 0. */
  readonly iteration: number;
  /** Simulated agent (`--agents`), from 0. */
  readonly agent: number;
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

/** `source:line` of an event, for messages. */
export function describeEvent(event: Pick<PushEvent, 'source' | 'line' | 'iteration'>): string {
  return `${event.source}:${event.line}${event.iteration > 0 ? ` (pass ${event.iteration + 1})` : ''}`;
}
