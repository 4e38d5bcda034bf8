/**
 * Finding the lines of a chunk that hold a needle of one group, over the whole chunk at once.
 *
 * Two strategies, chosen per group by what was measured (bench/match/prefilter.bench.ts):
 * - `Buffer.indexOf` per needle, for one or two case-sensitive needles of at least
 *   {@link MIN_INDEXOF_BYTES} bytes. Node searches such needles with Boyer–Moore–Horspool: several GB/s.
 *   Shorter needles are searched with memchr on their first byte, which crawls when that byte is `"` or
 *   `/` (in every JSON line, in every path), and each extra needle is one more pass over the chunk.
 * - Otherwise one `RegExp` alternation of all the needles over the chunk read as a latin1 string (one
 *   char per byte, so match indexes are byte offsets): one pass whatever the number of needles, and V8's
 *   irregexp copes with frequent first bytes. Case-insensitive groups use the `i` flag; in non-Unicode
 *   mode it folds ASCII letters like the needles do and may also equate some bytes ≥ 0x80 (latin1
 *   letters) — it can only find too much, never too little, so its hits are candidates to verify.
 */
import type { Needle } from './prefilter.js';
import { lineOf, type LineIndex } from './prefilter-lines.js';

/** Shortest needle `Buffer.indexOf` searches with Boyer–Moore–Horspool rather than first-byte memchr. */
export const MIN_INDEXOF_BYTES = 7;

/** Marks of a line in the scanner's mark array. */
export const Mark = {
  /** Not hit. */
  None: 0,
  /** A needle of the group was found within the line: the group is present. */
  Exact: 1,
  /** Holds a backslash: decided on its unescaped form. */
  Escaped: 2,
  /** The group may be present: verify it. */
  Maybe: 3,
} as const;

/** Marks every line that holds a needle of its group (never overwriting an `Escaped` mark). */
export type HitFinder = (buffer: Buffer, lines: LineIndex, marks: Uint8Array) => void;

function indexOfFinder(needles: readonly Needle[]): HitFinder {
  const patterns = needles.map((needle) => Buffer.from(needle.bytes));
  return (buffer, lines, marks) => {
    for (const pattern of patterns) {
      let from = 0;
      while (from <= buffer.length - pattern.length) {
        const hit = buffer.indexOf(pattern, from);
        if (hit === -1) break;
        const line = lineOf(lines, hit);
        const end = lines.ends[line]!;
        if (hit + pattern.length <= end) {
          if (marks[line] === Mark.None) marks[line] = Mark.Exact;
          // One hit is enough for a line: continue with the next one.
          from = end + 1;
        } else {
          // The hit spans a line break (a needle holding a newline): not within one line.
          from = hit + 1;
        }
      }
    }
  };
}

const REGEX_SPECIALS = /[\\^$.*+?()[\]{}|/]/g;

function regexFinder(needles: readonly Needle[]): HitFinder {
  const alternatives = needles.map((needle) => String.fromCharCode(...needle.bytes).replace(REGEX_SPECIALS, '\\$&'));
  const flags = needles.some((needle) => needle.caseInsensitive) ? 'gi' : 'g';
  const source = alternatives.join('|');
  return (buffer, lines, marks) => {
    // A fresh RegExp per chunk: `lastIndex` is state, and the scanner must stay re-entrant.
    const pattern = new RegExp(source, flags);
    const text = buffer.toString('latin1');
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const line = lineOf(lines, match.index);
      if (marks[line] === Mark.None) marks[line] = Mark.Maybe;
      pattern.lastIndex = lines.ends[line]! + 1;
    }
  };
}

/**
 * The finder for a group (see the module comment for the choice). It marks lines `Exact` when a needle
 * was found within the line, `Maybe` when the line still has to be verified.
 */
export function createHitFinder(group: readonly Needle[]): HitFinder {
  const fewLongCaseSensitive =
    group.length <= 2 && group.every((needle) => !needle.caseInsensitive && needle.bytes.length >= MIN_INDEXOF_BYTES);
  return fewLongCaseSensitive ? indexOfFinder(group) : regexFinder(group);
}
