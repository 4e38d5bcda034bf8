/**
 * Elastic Agent's Elasticsearch-output performance presets (8.12+, PUSH.md §1) as named profiles.
 * `flushTimeoutMs` is how long a partly filled batch waits for more events (Beats' `flush.timeout`):
 * it matters only when events arrive slower than a batch fills (`--rate`, `--retime speed:`).
 */

/** The name of a preset. */
export type PushProfileName = 'balanced' | 'throughput' | 'scale' | 'latency';

/** One preset. */
export interface PushProfile {
  readonly name: PushProfileName;
  /** Events per `_bulk` request (`bulk_max_size`). */
  readonly bulkMaxSize: number;
  /** Concurrent requests per agent (`worker`), one connection each. */
  readonly workers: number;
  /** Flush a partly filled batch after this long. */
  readonly flushTimeoutMs: number;
}

/** The presets; balanced is Agent's default. */
export const PUSH_PROFILES: Readonly<Record<PushProfileName, PushProfile>> = {
  balanced: { name: 'balanced', bulkMaxSize: 1600, workers: 1, flushTimeoutMs: 10_000 },
  throughput: { name: 'throughput', bulkMaxSize: 1600, workers: 4, flushTimeoutMs: 5_000 },
  scale: { name: 'scale', bulkMaxSize: 1600, workers: 1, flushTimeoutMs: 20_000 },
  latency: { name: 'latency', bulkMaxSize: 50, workers: 1, flushTimeoutMs: 1_000 },
};

/** True when `name` is a known profile. */
export function isPushProfileName(name: string): name is PushProfileName {
  return Object.hasOwn(PUSH_PROFILES, name);
}
