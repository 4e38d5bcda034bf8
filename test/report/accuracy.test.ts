/**
 * Accuracy arithmetic: confusion counts, precision and recall (null on a zero denominator), sums.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { accuracyOf, confusionCounts, hasMismatch, precisionOf, recallOf, sumAccuracy } from '../../src/report/accuracy.js';

describe('confusion counts', () => {
  test('true negatives are the events left', () => {
    expect(confusionCounts(100, 7, 2, 1)).toEqual({ truePositives: 7, falsePositives: 2, falseNegatives: 1, trueNegatives: 90 });
  });
  test.for([
    ['more mismatches than events', [3, 2, 1, 1]],
    ['a negative count', [10, -1, 0, 0]],
    ['a fraction', [10, 1.5, 0, 0]],
  ] as const)('%s is a RangeError', ([, [events, tp, fp, fn]]) => {
    expect(() => confusionCounts(events, tp, fp, fn)).toThrow(RangeError);
  });
});

describe('precision and recall', () => {
  test.for([
    ['perfect', [9, 0, 0, 100], 1, 1],
    ['one false positive', [3, 1, 0, 0], 0.75, 1],
    ['one false negative', [3, 0, 1, 0], 1, 0.75],
    ['nothing matched, something expected: precision undefined, recall 0', [0, 0, 4, 10], null, 0],
    ['nothing expected, something matched: precision 0, recall undefined', [0, 2, 0, 10], 0, null],
    ['nothing expected, nothing matched: both undefined', [0, 0, 0, 10], null, null],
  ] as const)('%s', ([, [tp, fp, fn, tn], precision, recall]) => {
    const counts = { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn };
    expect(precisionOf(counts)).toBe(precision);
    expect(recallOf(counts)).toBe(recall);
    expect(accuracyOf(counts)).toEqual({ ...counts, precision, recall });
    expect(hasMismatch(counts)).toBe(fp + fn > 0);
  });

  test('sums are micro-averages: precision and recall of the summed counts', () => {
    const a = confusionCounts(100, 9, 1, 0);
    const b = confusionCounts(50, 1, 0, 3);
    expect(sumAccuracy([a, b])).toEqual({ truePositives: 10, falsePositives: 1, falseNegatives: 3, trueNegatives: 136, precision: 10 / 11, recall: 10 / 13 });
    expect(sumAccuracy([])).toBeNull();
  });

  test('property: TP + FP + FN + TN is the number of events, ratios within [0, 1]', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.nat(1000), (tp, fp, fn, tn) => {
        const a = accuracyOf(confusionCounts(tp + fp + fn + tn, tp, fp, fn));
        expect(a.trueNegatives).toBe(tn);
        for (const r of [a.precision, a.recall]) if (r !== null) expect(r >= 0 && r <= 1).toBe(true);
        expect(a.precision === null).toBe(tp + fp === 0);
        expect(a.recall === null).toBe(tp + fn === 0);
      }),
    );
  });
});
