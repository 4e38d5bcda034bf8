/**
 * The `_bulk` wire format Elastic Agent sends (PUSH.md §1): one `create` action line and one document
 * line per event, every line ending in `\n` (the final newline is required).
 *
 * Encoding is a copy: the action line's constant parts are cached per target, the id is written in
 * place, and the document bytes are copied from the corpus chunk — no per-event string is built.
 */
import type { PushEvent } from './push-event.js';

/**
 * The query string of every request: Beats' `filter_path` (item order is preserved, everything a
 * client does not need is dropped server-side) plus `took` for the server-time metric (PUSH.md §4).
 */
export const BULK_PATH = '/_bulk?filter_path=took,errors,items.*.status,items.*.error';

const SUFFIX = Buffer.from('"}}\n');
const NEWLINE = 10;
const prefixes = new Map<string, Buffer>();

/** `{"create":{"_index":<target>,"_id":"` as bytes, cached (targets are few). */
function prefixOf(target: string): Buffer {
  let prefix = prefixes.get(target);
  if (prefix === undefined) {
    prefix = Buffer.from(`{"create":{"_index":${JSON.stringify(target)},"_id":"`);
    if (prefixes.size < 10_000) prefixes.set(target, prefix);
  }
  return prefix;
}

/** The action line of an event (with its newline), as text. */
export function encodeAction(target: string, idJson: string): string {
  return `{"create":{"_index":${JSON.stringify(target)},"_id":"${idJson}"}}\n`;
}

/** The UTF-8 size of an event's two lines: what {@link PushEvent.bytes} holds. */
export function bulkEventBytes(target: string, idJson: string, docBytes: number, idIsAscii = false): number {
  return prefixOf(target).length + (idIsAscii ? idJson.length : Buffer.byteLength(idJson)) + SUFFIX.length + docBytes + 1;
}

/** Encodes events as one `_bulk` body. Its length is the sum of their `bytes`. */
export function encodeBulkBody(events: readonly PushEvent[]): Buffer {
  let total = 0;
  for (let i = 0; i < events.length; i += 1) total += events[i]!.bytes;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i]!;
    const prefix = prefixOf(e.target);
    prefix.copy(out, at);
    at += prefix.length;
    at += out.write(e.idJson, at, 'utf8');
    SUFFIX.copy(out, at);
    at += SUFFIX.length;
    e.doc.copy(out, at, e.docStart, e.docEnd);
    at += e.docEnd - e.docStart;
    out[at] = NEWLINE;
    at += 1;
  }
  return at === total ? out : out.subarray(0, at);
}
