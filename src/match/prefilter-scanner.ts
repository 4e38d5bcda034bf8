/**
 * The fast side of the prefilter: which lines of a chunk (many NDJSON lines in one Uint8Array) are
 * candidates. Its answer is exactly {@link prefilterAccepts} applied to every line; it gets there by
 * searching the whole chunk for the needles of `Prefilter.best` (prefilter-hit-finder.ts) and mapping each
 * hit to its line, instead of looking at lines one by one: matches are rare, so nearly every line is
 * skipped without being touched by JavaScript.
 *
 * - Lines with a backslash (found with one `indexOf` of `\`, memchr speed) are decided on their
 *   JSON-unescaped form, as {@link prefilterAccepts} does — after a cheap proof (below) has had the
 *   chance to reject them without unescaping.
 * - Lines hit by the best group are then checked against the other groups within their own bytes.
 */
import { foldAsciiBytes, type Needle, type Prefilter } from './prefilter.js';
import { Mark, createHitFinder } from './prefilter-hit-finder.js';
import { asBuffer, indexLines, lineOf, type LineIndex } from './prefilter-lines.js';
import { unescapeJsonLine } from './prefilter-unescape.js';

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

const BACKSLASH = 0x5c;

/** Marks every line containing a backslash: they are decided on their unescaped form. */
function markBackslashLines(buffer: Buffer, lines: LineIndex, marks: Uint8Array): void {
  let from = 0;
  for (;;) {
    const hit = buffer.indexOf(BACKSLASH, from);
    if (hit === -1) return;
    const line = lineOf(lines, hit);
    marks[line] = Mark.Escaped;
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

/** Per-call scratch buffers for unescaping and folding candidate lines (grown on demand). */
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

function allLines(lines: LineIndex): Int32Array {
  const all = new Int32Array(lines.count);
  for (let i = 0; i < all.length; i++) all[i] = i;
  return all;
}

/**
 * Creates the chunk scanner of a prefilter. The returned function keeps no state between calls (it is
 * re-entrant) and returns exactly the lines for which {@link prefilterAccepts} is true.
 */
export function createChunkScanner(p: Prefilter): ChunkScanner {
  const groups = p.groups;
  const best = p.best;
  if (groups.length === 0) return (chunk, given) => {
    const lines = given ?? indexLines(chunk);
    return { lines, candidates: allLines(lines) };
  };
  if (best === null || best.length === 0) return (chunk, given) => ({ lines: given ?? indexLines(chunk), candidates: new Int32Array(0) });

  const find = createHitFinder(best);
  const others = groups.filter((group) => group !== best);
  // Lines are verified best group first: it is the one most likely to be missing.
  const bestFirst = [best, ...others];
  // A backslash line is rejected without unescaping when no needle of the best group can be in it.
  const proofs = best.map(escapeProof);
  const bestProofs = proofs.every((proof) => proof !== null) ? (proofs as EscapeProof[]) : null;

  return (chunk, given) => {
    const lines = given ?? indexLines(chunk);
    if (lines.count === 0) return { lines, candidates: new Int32Array(0) };
    const buffer = asBuffer(chunk);
    const marks = new Uint8Array(lines.count);
    find(buffer, lines, marks);
    markBackslashLines(buffer, lines, marks);
    const candidates: number[] = [];
    const scratch: Scratch = { decoded: new Uint8Array(0), folded: new Uint8Array(0) };
    for (let i = 0; i < marks.length; i++) {
      const mark = marks[i];
      if (mark === Mark.None) continue;
      const line = buffer.subarray(lines.starts[i]!, lines.ends[i]!);
      let accepted: boolean;
      if (mark === Mark.Exact) {
        accepted = others.length === 0 || lineHasAll(line, others, scratch);
      } else if (mark === Mark.Maybe) {
        accepted = lineHasAll(line, bestFirst, scratch);
      } else if (bestProofs !== null && rejectsByProof(line, bestProofs)) {
        accepted = false;
      } else {
        if (scratch.decoded.length < line.length) scratch.decoded = new Uint8Array(line.length * 2);
        accepted = lineHasAll(asBuffer(unescapeJsonLine(line, 0, line.length, scratch.decoded)), bestFirst, scratch);
      }
      if (accepted) candidates.push(i);
    }
    return { lines, candidates: Int32Array.from(candidates) };
  };
}
