/**
 * The `_bulk` wire format Elastic Agent sends (PUSH.md §1): one `create` action line and one document
 * line per event, every line ending in `\n` (the final newline is required).
 */

/** One event ready to send: its target, its id and the document text exactly as it goes on the wire. */
export interface BulkEvent {
  readonly target: string;
  readonly id: string;
  /** The document as one line of JSON (no newline inside). */
  readonly text: string;
  /** UTF-8 length of the action line + document line, newlines included. */
  readonly bytes: number;
}

/**
 * The query string of every request: Beats' `filter_path` (item order is preserved, everything a
 * client does not need is dropped server-side) plus `took` for the server-time metric (PUSH.md §4).
 */
export const BULK_PATH = '/_bulk?filter_path=took,errors,items.*.status,items.*.error';

/** The action line of an event (with its newline). */
export function encodeAction(target: string, id: string): string {
  return `{"create":{"_index":${JSON.stringify(target)},"_id":${JSON.stringify(id)}}}\n`;
}

/** The UTF-8 size of an event's two lines, as {@link BulkEvent.bytes} holds it. */
export function bulkEventBytes(target: string, id: string, text: string): number {
  return Buffer.byteLength(encodeAction(target, id)) + Buffer.byteLength(text) + 1;
}

/** Encodes events as one `_bulk` body (UTF-8). The result's length is the sum of their `bytes`. */
export function encodeBulkBody(events: readonly BulkEvent[]): Buffer {
  const parts: string[] = new Array<string>(events.length * 2);
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    parts[2 * i] = encodeAction(event.target, event.id);
    parts[2 * i + 1] = `${event.text}\n`;
  }
  return Buffer.from(parts.join(''), 'utf8');
}
