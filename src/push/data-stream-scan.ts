/**
 * Reading an event's `data_stream` object without parsing the whole event: the routing of the default
 * push (no `--retime`, `--verify`, `--agents`, `--id-field`) needs three short strings, and a full
 * `JSON.parse` of a 1 KiB document costs more than everything else the push does with it.
 *
 * The scan is exact or it gives up: it finds the one `"data_stream"` key, checks by a string-aware scan
 * that it sits at the top level and that its value is a flat object, and parses only that object. Any
 * other shape (dotted `data_stream.*` keys, two occurrences, nesting, escapes in the key) returns
 * `undefined` and the caller parses the document.
 */

const KEY = Buffer.from('"data_stream');
/** Without `data_stream`, an Endgame event is routed by its `event.module`: that needs the full parse. */
const ENDGAME = Buffer.from('"endgame"');
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = 123;
const CLOSE = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/**
 * A scanner remembering the last `data_stream` object it parsed: consecutive events of a corpus almost
 * always carry the same bytes there, and then no string or object is made at all.
 */
export interface DataStreamScanner {
  /**
   * The routing target of the event at `buf[start, end)` computed by `route` from its `data_stream`
   * object (`null` when it has none), or `undefined` when the scan gave up (parse the event instead).
   */
  target(buf: Buffer, start: number, end: number): string | undefined;
}

/** Creates a scanner; `route` turns a parsed `data_stream` object (or `null`) into a target. */
export function createDataStreamScanner(route: (dataStream: Record<string, unknown> | null) => string): DataStreamScanner {
  let lastBytes: Buffer | undefined;
  let lastTarget = '';
  let lastNamesNothing = false;
  let noneTarget: string | undefined;
  const mentionsEndgame = (buf: Buffer, start: number, end: number): boolean => {
    const at = buf.indexOf(ENDGAME, start);
    return at !== -1 && at < end;
  };
  return {
    target(buf, start, end) {
      const at = buf.indexOf(KEY, start);
      if (at === -1 || at >= end) return mentionsEndgame(buf, start, end) ? undefined : (noneTarget ??= route(null));
      const span = objectSpan(buf, start, end, at);
      if (span === undefined) return undefined;
      const [open, close] = span;
      if (lastBytes !== undefined && close + 1 - open === lastBytes.length && buf.compare(lastBytes, 0, lastBytes.length, open, close + 1) === 0) {
        return lastNamesNothing && mentionsEndgame(buf, start, end) ? undefined : lastTarget;
      }
      const parsed = parseObject(buf, open, close);
      if (parsed === undefined) return undefined;
      lastBytes = Buffer.from(buf.subarray(open, close + 1));
      lastTarget = route(parsed);
      // A data_stream naming no part routes like none at all: an Endgame event then needs its event.module.
      lastNamesNothing = !['type', 'dataset', 'namespace'].some((k) => typeof parsed[k] === 'string' && parsed[k] !== '');
      return lastNamesNothing && mentionsEndgame(buf, start, end) ? undefined : lastTarget;
    },
  };
}

/** The parsed `data_stream` object, `null` when the event has none, `undefined` when the scan gave up. */
export function scanDataStream(buf: Buffer, start: number, end: number): Record<string, unknown> | null | undefined {
  const at = buf.indexOf(KEY, start);
  if (at === -1 || at >= end) return null;
  const span = objectSpan(buf, start, end, at);
  return span === undefined ? undefined : parseObject(buf, span[0], span[1]);
}

/**
 * `[open, close]` of the flat object value of the top-level key found at `at`, or `undefined`. A second
 * top-level `data_stream` key is not looked for: Elasticsearch rejects documents with duplicate keys.
 */
function objectSpan(buf: Buffer, start: number, end: number, at: number): [number, number] | undefined {
  // The key must be exactly "data_stream" (a dotted key `"data_stream.type"` needs the full parse).
  if (buf[at + KEY.length] !== QUOTE) return undefined;
  if (depthAt(buf, start, at) !== 1) return undefined;
  let i = at + KEY.length + 1;
  while (i < end && isSpace(buf[i]!)) i += 1;
  if (buf[i] !== 58 /* : */) return undefined;
  i += 1;
  while (i < end && isSpace(buf[i]!)) i += 1;
  if (buf[i] !== OPEN) return undefined;
  const close = flatObjectEnd(buf, i, end);
  return close === -1 ? undefined : [i, close];
}

function parseObject(buf: Buffer, open: number, close: number): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(buf.toString('utf8', open, close + 1));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // the full parse will report the line
    throw error;
  }
}

/** Object/array nesting depth at `pos`, skipping strings. */
function depthAt(buf: Buffer, start: number, pos: number): number {
  let depth = 0;
  for (let i = start; i < pos; i += 1) {
    const c = buf[i]!;
    if (c === QUOTE) i = stringEnd(buf, i, pos);
    else if (c === OPEN || c === OPEN_ARRAY) depth += 1;
    else if (c === CLOSE || c === CLOSE_ARRAY) depth -= 1;
  }
  return depth;
}

/** Index of the `}` closing the object opened at `open`, or -1 if it nests another object or array. */
function flatObjectEnd(buf: Buffer, open: number, end: number): number {
  for (let i = open + 1; i < end; i += 1) {
    const c = buf[i]!;
    if (c === QUOTE) i = stringEnd(buf, i, end);
    else if (c === CLOSE) return i;
    else if (c === OPEN || c === OPEN_ARRAY) return -1;
  }
  return -1;
}

/** Index of the quote closing the string opened at `open` (or `limit`). */
function stringEnd(buf: Buffer, open: number, limit: number): number {
  for (let i = open + 1; i < limit; i += 1) {
    const c = buf[i]!;
    if (c === BACKSLASH) i += 1;
    else if (c === QUOTE) return i;
  }
  return limit;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
