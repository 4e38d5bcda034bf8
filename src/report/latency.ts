/**
 * Latency and service-time distributions the way Rally reports them (PUSH.md §4): an HDR histogram per
 * metric, percentiles 50/90/99/99.9/99.99/100, and only the percentiles the sample count supports.
 */
import * as hdr from 'hdr-histogram-js';

/** The percentiles a summary may show, in order (PUSH.md §4). */
export const REPORTED_PERCENTILES: readonly number[] = [50, 90, 99, 99.9, 99.99, 100];

/** One shown percentile. */
export interface PercentileValue {
  /** The percentile, e.g. `99.9`. */
  readonly percentile: number;
  /** The value at that percentile, in milliseconds (HDR-rounded to 3 significant digits, 100 is exact). */
  readonly valueMs: number;
}

/** A distribution's summary. All values in milliseconds; `null` when there was no sample. */
export interface LatencySummary {
  readonly count: number;
  readonly minMs: number | null;
  readonly meanMs: number | null;
  readonly maxMs: number | null;
  /** Only the percentiles {@link supportedPercentiles} allows for `count`. */
  readonly percentiles: readonly PercentileValue[];
}

/** Records durations and summarizes them. */
export interface LatencyRecorder {
  /** Records one duration in milliseconds (fractions kept to the microsecond; negatives clamp to 0). */
  record(durationMs: number): void;
  /** Number of recorded samples. */
  readonly count: number;
  /** The summary at this moment. */
  summarize(): LatencySummary;
}

/**
 * The percentiles a sample of `count` values supports: percentile `p` is shown only when at least one
 * sample lies strictly above it, i.e. `count >= 1 / (1 - p/100)` (2 samples for p50, 10 for p90, 100 for
 * p99, 1,000 for p99.9, 10,000 for p99.99). p100 (the maximum) needs one sample. This is the rule behind
 * Rally's "percentiles for sample size": a p99.9 of 50 samples is just the maximum under another name.
 */
export function supportedPercentiles(count: number): readonly number[] {
  if (count < 1) return [];
  return REPORTED_PERCENTILES.filter((p) => p === 100 || count * (1 - p / 100) >= 1 - 1e-9);
}

/**
 * Creates a recorder backed by an HDR histogram in microseconds (3 significant digits, auto-resizing),
 * with exact min, max and mean tracked beside it.
 */
export function createLatencyRecorder(): LatencyRecorder {
  const histogram = hdr.build({ numberOfSignificantValueDigits: 3, autoResize: true, lowestDiscernibleValue: 1 });
  let count = 0;
  let sumMs = 0;
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = Number.NEGATIVE_INFINITY;
  return {
    record(durationMs: number): void {
      const ms = Number.isFinite(durationMs) && durationMs > 0 ? durationMs : 0;
      histogram.recordValue(Math.round(ms * 1000));
      count += 1;
      sumMs += ms;
      if (ms < minMs) minMs = ms;
      if (ms > maxMs) maxMs = ms;
    },
    get count(): number {
      return count;
    },
    summarize(): LatencySummary {
      if (count === 0) return { count: 0, minMs: null, meanMs: null, maxMs: null, percentiles: [] };
      const percentiles = supportedPercentiles(count).map((percentile) => ({
        percentile,
        // HDR reports the top of a value's bucket, which can pass the exact maximum: clamp so that the
        // percentiles stay monotonic up to p100 (which is the exact maximum).
        valueMs: percentile === 100 ? roundMs(maxMs) : roundMs(Math.min(maxMs, Math.max(minMs, histogram.getValueAtPercentile(percentile) / 1000))),
      }));
      return { count, minMs: roundMs(minMs), meanMs: roundMs(sumMs / count), maxMs: roundMs(maxMs), percentiles };
    },
  };
}

/** Rounds to the microsecond, the resolution the recorder keeps. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
