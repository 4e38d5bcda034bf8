/**
 * Search hits, one `{"_index","_id","_source",…}` object per line (elasticdump output, CORPUS.md §7).
 * A record's `text` is the hit's `_source`, byte for byte; a hit without an object `_source` is malformed.
 */
import { compactValue, memberStart, skipSpace, skipValue } from './json-span.js';
import { createObjectLineReader } from './ndjson-reader.js';
import type { FormatReader, RecordSink } from './record-sink.js';

/**
 * The `_source` text of a hit whose JSON `text` is valid and parsed as `hit`, or the reason there is none.
 * `start` is the index of the hit's `{` in `text`.
 */
export function hitSourceText(
  text: string,
  start: number,
  hit: Record<string, unknown>,
): { text: string; value: Record<string, unknown> } | { reason: string } {
  const src = hit['_source'];
  if (src === undefined) return { reason: 'hit has no _source (was the search run with _source disabled?)' };
  if (typeof src !== 'object' || src === null || Array.isArray(src)) return { reason: 'hit _source is not a JSON object' };
  const at = memberStart(text, start, '_source');
  return { text: compactValue(text, at, skipValue(text, at)), value: src as Record<string, unknown> };
}

/** Creates the one-hit-per-line reader feeding `sink`. */
export function createHitsReader(sink: RecordSink): FormatReader {
  return createObjectLineReader(sink, (text, hit) => hitSourceText(text, skipSpace(text, 0), hit));
}
