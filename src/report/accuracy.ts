/**
 * Detection accuracy against ground truth: the confusion counts of one rule (or of several, summed) and
 * the two ratios a detection engineer reads, precision and recall.
 *
 * The universe is the events a rule was replayed over: every event is exactly one of true positive
 * (matched and expected), false positive (matched, not expected), false negative (expected, not matched)
 * or true negative (neither), so `truePositives + falsePositives + falseNegatives + trueNegatives` is the
 * number of events.
 *
 * Zero denominators: precision is `null` when the rule matched nothing (TP + FP = 0) and recall is `null`
 * when the labels expect nothing (TP + FN = 0). Both are undefined ratios, not perfect scores: a `1` would
 * make an empty corpus look like a passed regression test. Whether the rule agreed with the labels is
 * {@link hasMismatch} (FP + FN > 0), which is always defined.
 */

/** The four confusion counts of a rule against its labels. */
export interface ConfusionCounts {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
}

/** Confusion counts with their precision and recall (see the module comment for `null`). */
export interface Accuracy extends ConfusionCounts {
  /** TP / (TP + FP), or `null` when nothing matched. */
  readonly precision: number | null;
  /** TP / (TP + FN), or `null` when nothing was expected. */
  readonly recall: number | null;
}

/** All zeros. */
export const NO_COUNTS: ConfusionCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };

/** TP / (TP + FP); `null` when the denominator is 0. */
export function precisionOf(counts: Pick<ConfusionCounts, 'truePositives' | 'falsePositives'>): number | null {
  const denominator = counts.truePositives + counts.falsePositives;
  return denominator === 0 ? null : counts.truePositives / denominator;
}

/** TP / (TP + FN); `null` when the denominator is 0. */
export function recallOf(counts: Pick<ConfusionCounts, 'truePositives' | 'falseNegatives'>): number | null {
  const denominator = counts.truePositives + counts.falseNegatives;
  return denominator === 0 ? null : counts.truePositives / denominator;
}

/**
 * Builds the confusion counts from what a replay measured: `events` in the universe, and the true
 * positives, false positives and false negatives among them. True negatives are the rest.
 *
 * @throws RangeError when a count is not a non-negative integer or the three exceed `events` (a bug in
 *   the caller: the counts cannot describe the same events).
 */
export function confusionCounts(events: number, truePositives: number, falsePositives: number, falseNegatives: number): ConfusionCounts {
  for (const [name, value] of Object.entries({ events, truePositives, falsePositives, falseNegatives })) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  const trueNegatives = events - truePositives - falsePositives - falseNegatives;
  if (trueNegatives < 0) {
    throw new RangeError(`TP ${truePositives} + FP ${falsePositives} + FN ${falseNegatives} exceed the ${events} events`);
  }
  return { truePositives, falsePositives, falseNegatives, trueNegatives };
}

/** The counts with their precision and recall. */
export function accuracyOf(counts: ConfusionCounts): Accuracy {
  return {
    truePositives: counts.truePositives,
    falsePositives: counts.falsePositives,
    falseNegatives: counts.falseNegatives,
    trueNegatives: counts.trueNegatives,
    precision: precisionOf(counts),
    recall: recallOf(counts),
  };
}

/**
 * Sums confusion counts (of several rules, or of one rule over several corpora) and computes precision
 * and recall of the sums — the micro-average: every event × rule decision weighs the same. `null` for
 * an empty list (no rule had labels).
 */
export function sumAccuracy(parts: readonly ConfusionCounts[]): Accuracy | null {
  if (parts.length === 0) return null;
  const sum = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (const part of parts) {
    sum.truePositives += part.truePositives;
    sum.falsePositives += part.falsePositives;
    sum.falseNegatives += part.falseNegatives;
    sum.trueNegatives += part.trueNegatives;
  }
  return accuracyOf(sum);
}

/** True when the rule disagreed with its labels on at least one event (a false positive or negative). */
export function hasMismatch(counts: Pick<ConfusionCounts, 'falsePositives' | 'falseNegatives'>): boolean {
  return counts.falsePositives + counts.falseNegatives > 0;
}
