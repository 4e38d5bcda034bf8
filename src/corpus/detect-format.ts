/**
 * Recognises a corpus format from its first (decompressed) bytes, so that users never have to say what a
 * file is; `--format` overrides it when a corpus is ambiguous.
 */
import { bulkActionOf } from './bulk-reader.js';
import { CorpusFormatError } from './corpus-errors.js';
import type { CorpusFormat } from './read-corpus.js';

/** A concrete format (what `auto` resolves to). */
export type DetectedFormat = Exclude<CorpusFormat, 'auto'>;

/** How many bytes detection looks at (more when the first line is longer). */
export const DETECT_BYTES = 64 * 1024;

/** How many non-blank lines detection tries before it gives up on finding a JSON object. */
const DETECT_LINES = 20;

// Top-level keys of a _search (or scroll / point-in-time) response.
const SEARCH_KEYS = new Set(['took', 'timed_out', '_shards', 'hits', '_scroll_id', 'pit_id', 'terminated_early']);

/**
 * Classifies one parsed top-level object: a `_bulk` action, a search hit, a `_search` response, an
 * archive entry, or else a document.
 */
export function classifyObject(value: Record<string, unknown>): DetectedFormat {
  if (bulkActionOf(value) !== undefined) return 'bulk';
  if ('_source' in value && ('_index' in value || '_id' in value)) return 'hits';
  const hits = value['hits'];
  if (typeof hits === 'object' && hits !== null && Array.isArray((hits as Record<string, unknown>)['hits'])) return 'search';
  const entryValue = value['value'];
  if (typeof value['type'] === 'string' && typeof entryValue === 'object' && entryValue !== null) return 'archive';
  return 'ndjson';
}

/**
 * Detects the format from `prefix`, the first bytes of the decompressed stream (`complete` when that is
 * the whole corpus). An empty corpus is NDJSON (it has no records in any format).
 *
 * Rules, on the first non-blank line: a JSON object on one line is classified by {@link classifyObject};
 * a line that opens an object it does not close is the start of a pretty-printed value — an archive
 * entry when its keys include `type` and `value`, a `_search` response when they include `took`, `hits`,
 * `_shards`…; a line that is neither is skipped (it is malformed in any format) and the next one decides.
 *
 * @throws CorpusFormatError `ERR_CORPUS_FORMAT` when the input is a JSON array, or no line in the
 *   first {@link DETECT_BYTES} bytes is (or starts) a JSON object.
 */
export function detectFormat(source: string, prefix: Buffer, complete: boolean): DetectedFormat {
  let text = prefix.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let pos = 0;
  let tried = 0;
  let firstBad: string | undefined;
  while (pos < text.length && tried < DETECT_LINES) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1 && !complete) break; // an incomplete last line says nothing reliable
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end).trim();
    const lineStart = pos;
    pos = end + 1;
    if (line.length === 0) continue;
    tried += 1;
    if (line.startsWith('[')) {
      throw new CorpusFormatError(
        source,
        "it is a JSON array; expected NDJSON, _bulk, search hits, a _search response or a Kibana archive (convert an array of documents with: jq -c '.[]')",
      );
    }
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return classifyObject(value as Record<string, unknown>);
      }
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      if (line.startsWith('{')) {
        const shape = scanTopKeys(text, lineStart);
        if (shape.spansLines) {
          if (shape.keys.has('type') && shape.keys.has('value')) return 'archive';
          if ([...shape.keys].some((k) => SEARCH_KEYS.has(k))) return 'search';
          if (shape.keys.has('type') && !shape.closed) return 'archive'; // `value` beyond the prefix
          throw new CorpusFormatError(
            source,
            `line ${lineNumberAt(text, lineStart)} starts a multi-line JSON object that is neither a Kibana archive entry nor a _search response (keys: ${[...shape.keys].slice(0, 8).join(', ') || 'none'}); pass the format explicitly`,
          );
        }
      }
    }
    firstBad ??= line.slice(0, 80);
  }
  if (firstBad === undefined) return 'ndjson';
  throw new CorpusFormatError(source, `no JSON object found at its start (first line: ${JSON.stringify(firstBad)})`);
}

interface TopShape {
  /** Keys of the object at depth 1 seen within the text. */
  readonly keys: Set<string>;
  /** True when the object continues past the line it starts on. */
  readonly spansLines: boolean;
  /** True when the object ends within the text. */
  readonly closed: boolean;
}

/** Collects the top-level keys of the object starting on the line at `from`, tolerating a cut-off end. */
function scanTopKeys(text: string, from: number): TopShape {
  const keys = new Set<string>();
  let depth = 0;
  let expectKey = false;
  let spansLines = false;
  for (let i = text.indexOf('{', from); i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      if (depth > 0) spansLines = true;
    } else if (c === 0x22) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (j >= text.length) break;
      if (depth === 1 && expectKey) {
        keys.add(text.slice(i + 1, j));
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth === 1) expectKey = true;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
      if (depth === 0) return { keys, spansLines, closed: true };
    } else if (c === 0x2c && depth === 1) {
      expectKey = true;
    }
  }
  return { keys, spansLines: true, closed: false };
}

function lineNumberAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}
