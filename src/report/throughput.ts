/**
 * Throughput in one-second buckets (Rally's definition, PUSH.md §4): documents and bytes completed per
 * second of the run across all workers, warm-up excluded, summarized as min / mean / median / max.
 */

/** One second of the run. `second` is 0 for `[start, start + 1 s)`. */
export interface ThroughputBucket {
  readonly second: number;
  readonly docs: number;
  readonly bytes: number;
}

/** min / mean / median / max of a per-second rate; `null` fields when no bucket was measured. */
export interface RateStats {
  readonly min: number | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly max: number | null;
}

/** The summary of a run's throughput. */
export interface ThroughputSummary {
  /** Every bucket from second 0 to the last one with a completion (gaps filled with zeros). */
  readonly buckets: readonly ThroughputBucket[];
  /** The seconds counted in the stats: `[firstMeasuredSecond, lastMeasuredSecond]`, or `null` if none. */
  readonly measuredSeconds: readonly [number, number] | null;
  /** Docs/s over the measured buckets. */
  readonly docsPerSec: RateStats;
  /** Bytes/s (request bytes on the wire) over the measured buckets. */
  readonly bytesPerSec: RateStats;
  /** All docs over the whole elapsed time (warm-up included): the number to compare runs of any length. */
  readonly overallDocsPerSec: number | null;
  /** All bytes over the whole elapsed time. */
  readonly overallBytesPerSec: number | null;
  /** Why buckets were left out, for the report (`warm-up`, `last partial second`). */
  readonly excluded: readonly string[];
}

/** Accumulates completions into one-second buckets. */
export interface ThroughputRecorder {
  /** Records `docs` documents and `bytes` bytes completed at `atMs` (same clock as `startMs`). */
  record(atMs: number, docs: number, bytes: number): void;
  /** Summarizes; `endMs` is when the run ended (the last bucket is partial unless it ends on a second). */
  summarize(endMs: number, options?: ThroughputSummaryOptions): ThroughputSummary;
}

/** Options of {@link ThroughputRecorder.summarize}. */
export interface ThroughputSummaryOptions {
  /**
   * Seconds at the start left out of the stats (default 1: the first bucket holds connection set-up and
   * the first batches being built, not steady state).
   */
  readonly warmupSeconds?: number;
}

/**
 * Creates a recorder whose second 0 starts at `startMs`.
 *
 * Which buckets are measured: the first `warmupSeconds` are dropped, and the last bucket is dropped when
 * the run did not end on a second boundary (a partial second understates the rate). If that leaves no
 * bucket (a run shorter than ~3 s), every bucket is measured and the exclusion list says so — a short run
 * still gets numbers, and the report says they include warm-up.
 */
export function createThroughputRecorder(startMs: number): ThroughputRecorder {
  const docs: number[] = [];
  const bytes: number[] = [];
  return {
    record(atMs: number, docCount: number, byteCount: number): void {
      const second = Math.max(0, Math.floor((atMs - startMs) / 1000));
      while (docs.length <= second) {
        docs.push(0);
        bytes.push(0);
      }
      docs[second]! += docCount;
      bytes[second]! += byteCount;
    },
    summarize(endMs: number, options: ThroughputSummaryOptions = {}): ThroughputSummary {
      const warmup = options.warmupSeconds ?? 1;
      const elapsedMs = Math.max(0, endMs - startMs);
      const lastSecond = Math.max(docs.length, Math.ceil(elapsedMs / 1000)) - 1;
      const buckets: ThroughputBucket[] = [];
      for (let second = 0; second <= lastSecond; second += 1) {
        buckets.push({ second, docs: docs[second] ?? 0, bytes: bytes[second] ?? 0 });
      }
      const excluded: string[] = [];
      let from = Math.min(warmup, buckets.length);
      if (warmup > 0) excluded.push(`warm-up (first ${warmup} s)`);
      let to = buckets.length - 1;
      const partial = elapsedMs % 1000 !== 0;
      if (partial && to >= from) {
        to -= 1;
        excluded.push('last partial second');
      }
      if (to < from) {
        from = 0;
        to = buckets.length - 1;
        excluded.length = 0;
        if (buckets.length > 0) excluded.push('none: run too short, warm-up and the partial second included');
      }
      const measured = buckets.slice(from, to + 1);
      const totalDocs = buckets.reduce((sum, b) => sum + b.docs, 0);
      const totalBytes = buckets.reduce((sum, b) => sum + b.bytes, 0);
      return {
        buckets,
        measuredSeconds: measured.length === 0 ? null : [from, to],
        docsPerSec: rateStats(measured.map((b) => b.docs)),
        bytesPerSec: rateStats(measured.map((b) => b.bytes)),
        overallDocsPerSec: elapsedMs > 0 ? (totalDocs * 1000) / elapsedMs : null,
        overallBytesPerSec: elapsedMs > 0 ? (totalBytes * 1000) / elapsedMs : null,
        excluded,
      };
    },
  };
}

/** min / mean / median / max of per-second values (median of an even count: mean of the middle two). */
export function rateStats(values: readonly number[]): RateStats {
  if (values.length === 0) return { min: null, mean: null, median: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { min: sorted[0]!, mean, median, max: sorted[sorted.length - 1]! };
}
