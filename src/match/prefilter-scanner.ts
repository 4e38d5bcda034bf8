/**
 * The fast side of the prefilter: which lines of a chunk (many NDJSON lines in one Uint8Array) are
 * candidates. Its answer is exactly {@link prefilterAccepts} applied to every line; it gets there by
 * searching the whole chunk for the needles of `Prefilter.best` with `Buffer.indexOf` (memchr/memmem speed)
 * and mapping each hit to its line, instead of looking at lines one by one: matches are rare, so nearly
 * every line is skipped without being touched by JavaScript.
 *
 * - Case-insensitive needles: an "anchor" — a substring of the needle with at most three ASCII letters,
 *   the longest such — is searched in each of its (≤ 8) case variants, and every hit is verified against
 *   the whole needle ASCII-folded. No copy of the chunk is folded.
 * - Lines with a backslash (found with one more `indexOf`) are decided on their JSON-unescaped form, as
 *   {@link prefilterAccepts} does.
 * - Lines hit by the best group are then checked against the other groups within their own bytes.
 */
import { foldAsciiBytes, type Needle, type Prefilter } from './prefilter.js';
import { unescapeJsonLine } from './prefilter-unescape.js';

/** Where the lines of a chunk are. Lines are split on `\n`; a final line without one counts too. */
export interface LineIndex {
  /** Number of lines. A chunk that ends with `\n` has no empty line after it; an empty chunk has none. */
  readonly count: number;
  /** `starts[i]`: offset of line i's first byte. */
  readonly starts: Int32Array;
  /** `ends[i]`: offset just past line i's last byte, its `\n` excluded (a `\r` before it is kept). */
  readonly ends: Int32Array;
}

/** What a scan found. */
export interface ChunkScan {
  /** The lines of the chunk (the index passed in, or the one the scanner built). */
  readonly lines: LineIndex;
  /** Indices of the candidate lines, ascending. */
  readonly candidates: Int32Array;
}

/**
 * Scans one chunk. `lines` may be passed when the caller already indexed the chunk; otherwise the
 * scanner indexes it (one `indexOf(10)` per line). The chunk is never modified.
 */
export type ChunkScanner = (chunk: Uint8Array, lines?: LineIndex) => ChunkScan;

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Indexes the lines of a chunk (see {@link LineIndex}). */
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

/** The index of the line holding byte `offset` (largest i with starts[i] <= offset). */
function lineOf(lines: LineIndex, offset: number): number {
  let lo = 0;
  let hi = lines.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (lines.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const isAsciiLetter = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** A needle prepared for searching a chunk. */
interface PreparedNeedle {
  readonly needle: Needle;
  /** Case variants of the anchor (just the needle's bytes for a case-sensitive needle). */
  readonly variants: readonly Buffer[];
  /** Offset of the anchor inside the needle. */
  readonly anchorOffset: number;
}

/** At most this many letters in a case-insensitive anchor: 2^3 = 8 variants to search. */
const MAX_ANCHOR_LETTERS = 3;

function prepareNeedle(needle: Needle): PreparedNeedle {
  const bytes = needle.bytes;
  if (!needle.caseInsensitive || !bytes.some(isAsciiLetter)) {
    return { needle, variants: [Buffer.from(bytes)], anchorOffset: 0 };
  }
  // The longest window with at most MAX_ANCHOR_LETTERS letters (fewest letters on ties): two pointers.
  let bestStart = 0;
  let bestEnd = 0;
  let bestLetters = 0;
  let letters = 0;
  let left = 0;
  for (let right = 0; right < bytes.length; right++) {
    if (isAsciiLetter(bytes[right]!)) letters++;
    while (letters > MAX_ANCHOR_LETTERS) {
      if (isAsciiLetter(bytes[left]!)) letters--;
      left++;
    }
    const length = right + 1 - left;
    if (length > bestEnd - bestStart || (length === bestEnd - bestStart && letters < bestLetters)) {
      bestStart = left;
      bestEnd = right + 1;
      bestLetters = letters;
    }
  }
  const anchor = bytes.subarray(bestStart, bestEnd);
  const letterAt = [...anchor.keys()].filter((i) => isAsciiLetter(anchor[i]!));
  const variants: Buffer[] = [];
  for (let mask = 0; mask < 1 << letterAt.length; mask++) {
    const variant = Buffer.from(anchor);
    letterAt.forEach((at, bit) => {
      if (mask & (1 << bit)) variant[at] = variant[at]! & ~0x20;
    });
    variants.push(variant);
  }
  return { needle, variants, anchorOffset: bestStart };
}

/** True when the folded needle is at `at` in the chunk and ends by `end`. */
function matchesFolded(chunk: Uint8Array, at: number, end: number, needle: Uint8Array): boolean {
  if (at < 0 || at + needle.length > end) return false;
  for (let i = 0; i < needle.length; i++) {
    const b = chunk[at + i]!;
    if ((b >= 0x41 && b <= 0x5a ? b | 0x20 : b) !== needle[i]) return false;
  }
  return true;
}

/** Marks (value 1) every line of the chunk containing the prepared needle. */
function markNeedle(buffer: Buffer, lines: LineIndex, prepared: PreparedNeedle, marks: Uint8Array): void {
  const length = prepared.needle.bytes.length;
  for (const variant of prepared.variants) {
    let from = 0;
    while (from <= buffer.length - variant.length) {
      const hit = buffer.indexOf(variant, from);
      if (hit === -1) break;
      const line = lineOf(lines, hit);
      const start = hit - prepared.anchorOffset;
      const end = lines.ends[line]!;
      const inLine =
        start >= lines.starts[line]! &&
        (prepared.needle.caseInsensitive
          ? matchesFolded(buffer, start, end, prepared.needle.bytes)
          : start + length <= end);
      if (inLine) {
        if (marks[line] === 0) marks[line] = 1;
        // One hit is enough for a line: continue with the next one.
        from = end + 1;
      } else {
        from = hit + 1;
      }
    }
  }
}

/** Marks (value 2) every line containing a backslash: they are decided on their unescaped form. */
function markBackslashLines(buffer: Buffer, lines: LineIndex, marks: Uint8Array): void {
  let from = 0;
  for (;;) {
    const hit = buffer.indexOf(BACKSLASH, from);
    if (hit === -1) return;
    const line = lineOf(lines, hit);
    marks[line] = 2;
    from = lines.ends[line]! + 1;
  }
}

/**
 * A cheap proof that a line with backslashes cannot contain a case-sensitive needle once unescaped,
 * without unescaping it. Unescaping replaces each escape by the bytes it stands for and leaves the
 * rest of the line as it is, so an occurrence of the needle's core (the needle without its delimiting
 * quotes) in the unescaped line is either a substring of the raw line or contains a byte produced by
 * an escape. `dangerous` lists the escapes that can produce a byte of the core: `\u` (any character)
 * always, `\/` `\\` `\"` `\b` `\f` `\n` `\r` `\t` when the core has their character.
 */
interface EscapeProof {
  readonly core: Buffer;
  readonly dangerous: readonly Buffer[];
}

const SHORT_ESCAPES: readonly (readonly [number, string])[] = [
  [0x2f, '\\/'],
  [0x5c, '\\\\'],
  [0x22, '\\"'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
];

function escapeProof(needle: Needle): EscapeProof | null {
  if (needle.caseInsensitive) return null;
  let core = needle.bytes;
  if (core[0] === 0x22) core = core.subarray(1);
  if (core.length > 0 && core[core.length - 1] === 0x22) core = core.subarray(0, -1);
  if (core.length === 0) return null;
  const dangerous = [Buffer.from('\\u')];
  for (const [byte, escape] of SHORT_ESCAPES) if (core.includes(byte)) dangerous.push(Buffer.from(escape));
  return { core: Buffer.from(core), dangerous };
}

/** True when the proofs show every needle of the best group is absent from `line` once unescaped. */
function rejectsByProof(line: Buffer, proofs: readonly EscapeProof[]): boolean {
  for (const proof of proofs) {
    if (line.indexOf(proof.core) !== -1) return false;
    for (const escape of proof.dangerous) if (line.indexOf(escape) !== -1) return false;
  }
  return true;
}

/** Per-call scratch buffers for decoding and folding candidate lines (grown on demand). */
interface Scratch {
  decoded: Uint8Array;
  folded: Uint8Array;
}

/** ASCII-folds `line` into the scratch and returns a Buffer view of the result. */
function foldInto(line: Uint8Array, scratch: Scratch): Buffer {
  if (scratch.folded.length < line.length) scratch.folded = new Uint8Array(line.length * 2);
  const out = scratch.folded;
  for (let i = 0; i < line.length; i++) {
    const b = line[i]!;
    out[i] = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
  }
  return asBuffer(out.subarray(0, line.length));
}

/** True when every group in `groups` has a needle in `line` (already unescaped when needed). */
function lineHasAll(line: Buffer, groups: readonly (readonly Needle[])[], scratch: Scratch): boolean {
  let folded: Buffer | null = null;
  for (const group of groups) {
    let found = false;
    for (const needle of group) {
      if (needle.caseInsensitive) {
        folded ??= foldInto(line, scratch);
        found = folded.indexOf(needle.bytes) !== -1;
      } else {
        found = line.indexOf(needle.bytes) !== -1;
      }
      if (found) break;
    }
    if (!found) return false;
  }
  return true;
}

/**
 * Creates the chunk scanner of a prefilter. The returned function is pure (no state kept between calls)
 * and returns exactly the lines for which {@link prefilterAccepts} is true.
 */
export function createChunkScanner(p: Prefilter): ChunkScanner {
  const groups = p.groups;
  const best = p.best;
  const prepared = (best ?? []).map(prepareNeedle);
  const others = groups.filter((group) => group !== best);
  // Unescaped lines are checked best group first: it is the one most likely to be missing.
  const bestFirst = best === null ? groups : [best, ...others];
  // A backslash line is rejected without unescaping when no needle of the best group can be in it.
  const proofs = (best ?? []).map(escapeProof);
  const bestProofs = proofs.every((proof) => proof !== null) ? (proofs as EscapeProof[]) : null;
  const acceptsEveryLine = groups.length === 0;

  return (chunk, given) => {
    const lines = given ?? indexLines(chunk);
    if (acceptsEveryLine) {
      const all = new Int32Array(lines.count);
      for (let i = 0; i < all.length; i++) all[i] = i;
      return { lines, candidates: all };
    }
    if (best === null || best.length === 0 || lines.count === 0) return { lines, candidates: new Int32Array(0) };
    const buffer = asBuffer(chunk);
    const marks = new Uint8Array(lines.count);
    for (const needle of prepared) markNeedle(buffer, lines, needle, marks);
    markBackslashLines(buffer, lines, marks);
    const candidates: number[] = [];
    const scratch: Scratch = { decoded: new Uint8Array(0), folded: new Uint8Array(0) };
    for (let i = 0; i < marks.length; i++) {
      const mark = marks[i];
      if (mark === 0) continue;
      const start = lines.starts[i]!;
      const end = lines.ends[i]!;
      let accepted: boolean;
      if (mark === 1) {
        accepted = others.length === 0 || lineHasAll(buffer.subarray(start, end), others, scratch);
      } else if (bestProofs !== null && rejectsByProof(buffer.subarray(start, end), bestProofs)) {
        accepted = false;
      } else {
        if (scratch.decoded.length < end - start) scratch.decoded = new Uint8Array((end - start) * 2);
        accepted = lineHasAll(asBuffer(unescapeJsonLine(buffer, start, end, scratch.decoded)), bestFirst, scratch);
      }
      if (accepted) candidates.push(i);
    }
    return { lines, candidates: Int32Array.from(candidates) };
  };
}
