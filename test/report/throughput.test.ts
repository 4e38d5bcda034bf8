import { describe, expect, test } from 'vitest';
import { createThroughputRecorder, rateStats } from '../../src/report/throughput.js';

describe('createThroughputRecorder', () => {
  test('completions fall into one-second buckets from the start; gaps are zero buckets', () => {
    const r = createThroughputRecorder(10_000);
    r.record(10_000, 100, 1000);
    r.record(10_999, 50, 500);
    r.record(11_000, 10, 100);
    r.record(13_500, 7, 70);
    const s = r.summarize(14_000, { warmupSeconds: 0 });
    expect(s.buckets).toEqual([
      { second: 0, docs: 150, bytes: 1500 },
      { second: 1, docs: 10, bytes: 100 },
      { second: 2, docs: 0, bytes: 0 },
      { second: 3, docs: 7, bytes: 70 },
    ]);
    expect(s.measuredSeconds).toEqual([0, 3]);
    expect(s.excluded).toEqual([]);
    expect(s.overallDocsPerSec).toBe(167 / 4);
  });

  test('warm-up and the last partial second are left out of the stats', () => {
    const r = createThroughputRecorder(0);
    [100, 200, 300, 400, 50].forEach((docs, second) => r.record(second * 1000 + 10, docs, docs * 10));
    const s = r.summarize(4_500, { warmupSeconds: 1 });
    expect(s.measuredSeconds).toEqual([1, 3]);
    expect(s.docsPerSec).toEqual({ min: 200, mean: 300, median: 300, max: 400 });
    expect(s.bytesPerSec).toEqual({ min: 2000, mean: 3000, median: 3000, max: 4000 });
    expect(s.excluded).toEqual(['warm-up (first 1 s)', 'last partial second']);
  });

  test('a run too short for exclusions measures every bucket and says so', () => {
    const r = createThroughputRecorder(0);
    r.record(100, 42, 420);
    const s = r.summarize(300);
    expect(s.measuredSeconds).toEqual([0, 0]);
    expect(s.docsPerSec.mean).toBe(42);
    expect(s.excluded).toEqual(['none: run too short, warm-up and the partial second included']);
  });
});

describe('rateStats', () => {
  test.for([
    [[], { min: null, mean: null, median: null, max: null }],
    [[5], { min: 5, mean: 5, median: 5, max: 5 }],
    [[4, 1, 3, 2], { min: 1, mean: 2.5, median: 2.5, max: 4 }],
    [[9, 1, 5], { min: 1, mean: 5, median: 5, max: 9 }],
  ] as const)('%j → %j', ([values, expected]) => {
    expect(rateStats(values)).toEqual(expected);
  });
});
