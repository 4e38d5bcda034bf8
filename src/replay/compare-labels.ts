/**
 * Matches against labels, within one chunk: a merge of two ascending line lists. Run in the worker, which
 * still holds the chunk's bytes, so the text of a false negative (a line the worker never had to parse)
 * costs one decode.
 */
import type { MismatchExample } from './protocol.js';

/** The confusion counts of one rule in one chunk (true negatives are counted by the caller). */
export interface ChunkConfusion {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

/**
 * Compares `matched` with `expected` (both ascending 1-based lines) and appends to `examples` the first
 * `maxExamples` mismatches in line order, with the text `textOf(line)` gives.
 */
export function compareLabels(
  slot: number,
  matched: ArrayLike<number>,
  expected: ArrayLike<number>,
  maxExamples: number,
  textOf: (line: number) => string | null,
  examples: MismatchExample[],
): ChunkConfusion {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let shown = 0;
  const note = (line: number, kind: 'fp' | 'fn'): void => {
    if (shown >= maxExamples) return;
    shown += 1;
    examples.push({ slot, line, kind, text: textOf(line) });
  };
  let i = 0;
  let j = 0;
  while (i < matched.length || j < expected.length) {
    const m = i < matched.length ? matched[i]! : Number.POSITIVE_INFINITY;
    const e = j < expected.length ? expected[j]! : Number.POSITIVE_INFINITY;
    if (m === e) {
      truePositives += 1;
      i += 1;
      j += 1;
    } else if (m < e) {
      falsePositives += 1;
      note(m, 'fp');
      i += 1;
    } else {
      falseNegatives += 1;
      note(e, 'fn');
      j += 1;
    }
  }
  return { truePositives, falsePositives, falseNegatives };
}
