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

/** The action line of an event (with its newline), as text. */
export function encodeAction(target: string, idJson: string): string {
  return `{"create":{"_index":${JSON.stringify(target)},"_id":"${idJson}"}}\n`;
}

/** Encodes `_bulk` bodies; one per run, caching the constant part of each target's action line. */
export interface BulkEncoder {
  /** The UTF-8 size of an event's two lines: what {@link PushEvent.bytes} holds. */
  eventBytes(target: string, idJson: string, docBytes: number, idIsAscii?: boolean): number;
  /**
   * Encodes events as one `_bulk` body. Its length is the sum of their `bytes`. With `scratch`, the body
   * is written into `scratch.buffer` (grown when too small) and is valid only until the next call with
   * the same scratch: a worker that awaits each response before encoding again reuses one buffer
   * instead of allocating megabytes per request (external memory drives the GC).
   */
  encode(events: readonly PushEvent[], scratch?: EncodeScratch): Buffer;
}

/** A reusable output buffer for {@link BulkEncoder.encode}, one per worker. */
export interface EncodeScratch {
  buffer: Buffer | undefined;
}

/** Creates an encoder with its own cache of action-line prefixes (targets are few). */
export function createBulkEncoder(): BulkEncoder {
  const prefixes = new Map<string, Buffer>();
  let lastTarget = '';
  let lastPrefix: Buffer | undefined;
  /** `{"create":{"_index":<target>,"_id":"` as bytes; consecutive events usually share it. */
  const prefixOf = (target: string): Buffer => {
    if (target === lastTarget && lastPrefix !== undefined) return lastPrefix;
    let prefix = prefixes.get(target);
    if (prefix === undefined) {
      prefix = Buffer.from(`{"create":{"_index":${JSON.stringify(target)},"_id":"`);
      prefixes.set(target, prefix);
    }
    lastTarget = target;
    lastPrefix = prefix;
    return prefix;
  };
  return {
    eventBytes(target, idJson, docBytes, idIsAscii = false) {
      return prefixOf(target).length + (idIsAscii ? idJson.length : Buffer.byteLength(idJson)) + SUFFIX.length + docBytes + 1;
    },
    encode(events, scratch) {
      let total = 0;
      for (let i = 0; i < events.length; i += 1) total += events[i]!.bytes;
      let out: Buffer;
      if (scratch === undefined) out = Buffer.allocUnsafe(total);
      else {
        if (scratch.buffer === undefined || scratch.buffer.length < total) scratch.buffer = Buffer.allocUnsafeSlow(Math.ceil(total * 1.25));
        out = scratch.buffer;
      }
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
      return at === out.length ? out : out.subarray(0, at);
    },
  };
}
