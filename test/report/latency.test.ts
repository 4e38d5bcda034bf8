import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createLatencyRecorder, supportedPercentiles } from '../../src/report/latency.js';

describe('supportedPercentiles', () => {
  test.for([
    [0, []],
    [1, [100]],
    [2, [50, 100]],
    [9, [50, 100]],
    [10, [50, 90, 100]],
    [99, [50, 90, 100]],
    [100, [50, 90, 99, 100]],
    [999, [50, 90, 99, 100]],
    [1000, [50, 90, 99, 99.9, 100]],
    [9999, [50, 90, 99, 99.9, 100]],
    [10_000, [50, 90, 99, 99.9, 99.99, 100]],
  ] as const)('%i samples show %j', ([count, expected]) => {
    expect(supportedPercentiles(count)).toEqual(expected);
  });
});

describe('createLatencyRecorder', () => {
  test('1..1000 ms: exact min/mean/max, HDR percentiles within 0.1%', () => {
    const r = createLatencyRecorder();
    for (let i = 1; i <= 1000; i += 1) r.record(i);
    const s = r.summarize();
    expect(s).toMatchObject({ count: 1000, minMs: 1, meanMs: 500.5, maxMs: 1000 });
    expect(s.percentiles.map((p) => p.percentile)).toEqual([50, 90, 99, 99.9, 100]);
    for (const p of s.percentiles) {
      const exact = Math.ceil((p.percentile / 100) * 1000);
      expect(Math.abs(p.valueMs - exact) / exact).toBeLessThanOrEqual(0.001);
    }
    expect(s.percentiles.at(-1)).toEqual({ percentile: 100, valueMs: 1000 });
  });

  test('no sample: nulls and no percentile', () => {
    expect(createLatencyRecorder().summarize()).toEqual({ count: 0, minMs: null, meanMs: null, maxMs: null, percentiles: [] });
  });

  test('percentiles are monotonic and bounded by min and max (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const r = createLatencyRecorder();
        for (const v of values) r.record(v);
        const s = r.summarize();
        const ps = s.percentiles.map((p) => p.valueMs);
        for (let i = 1; i < ps.length; i += 1) expect(ps[i]!).toBeGreaterThanOrEqual(ps[i - 1]!);
        for (const p of ps) {
          expect(p).toBeLessThanOrEqual(s.maxMs!);
          expect(p).toBeGreaterThanOrEqual(s.minMs!);
        }
        expect(s.count).toBe(values.length);
      }),
    );
  });
});
