/**
 * Statistics of a bench's repeated whole runs (interleaved rounds, where tinybench's back-to-back
 * iterations would let a change in outside load hit one task and not another).
 */

/** Mean, median, extremes and the 95 % confidence half-width of the mean relative to it (percent). */
export interface SampleStats {
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** 0 for fewer than two samples. */
  readonly rmePct: number;
}

/** Statistics of `values` (at least one); the error uses Student's t for the sample size. */
export function sampleStats(values: readonly number[]): SampleStats {
  if (values.length === 0) throw new Error('sampleStats needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  let rmePct = 0;
  if (values.length >= 2) {
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
    rmePct = (100 * tCritical(values.length - 1) * Math.sqrt(variance / values.length)) / mean;
  }
  return { mean, median, min: sorted[0]!, max: sorted.at(-1)!, rmePct };
}

/** Two-sided 95 % critical value of Student's t for `df` degrees of freedom. */
function tCritical(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
  return table[df - 1] ?? 1.96;
}
