/**
 * Line boundaries of a chunk of NDJSON, for the prefilter's chunk scanner and its callers.
 */

/** Where the lines of a chunk are. Lines are split on `\n`; a final line without one counts too. */
export interface LineIndex {
  /** Number of lines. A chunk that ends with `\n` has no empty line after it; an empty chunk has none. */
  readonly count: number;
  /** `starts[i]`: offset of line i's first byte. */
  readonly starts: Int32Array;
  /** `ends[i]`: offset just past line i's last byte, its `\n` excluded (a `\r` before it is kept). */
  readonly ends: Int32Array;
}

const NEWLINE = 0x0a;

/** A Buffer view of the same bytes (no copy), for `indexOf`. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Indexes the lines of a chunk (see {@link LineIndex}) with one `indexOf(10)` per line. */
export function indexLines(chunk: Uint8Array): LineIndex {
  const buffer = asBuffer(chunk);
  let capacity = Math.max(16, chunk.length >>> 9);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let count = 0;
  let start = 0;
  while (start < chunk.length) {
    const newline = buffer.indexOf(NEWLINE, start);
    const end = newline === -1 ? chunk.length : newline;
    if (count === capacity) {
      capacity *= 2;
      const grownStarts = new Int32Array(capacity);
      grownStarts.set(starts);
      starts = grownStarts;
      const grownEnds = new Int32Array(capacity);
      grownEnds.set(ends);
      ends = grownEnds;
    }
    starts[count] = start;
    ends[count] = end;
    count++;
    start = end + 1;
  }
  return { count, starts: starts.subarray(0, count), ends: ends.subarray(0, count) };
}

/** The index of the line holding byte `offset` (the largest i with `starts[i] <= offset`). */
export function lineOf(lines: LineIndex, offset: number): number {
  let lo = 0;
  let hi = lines.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (lines.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
