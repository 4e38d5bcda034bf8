/**
 * Exponential backoff with equal jitter, as Beats' Elasticsearch output waits between retries (PUSH.md
 * §2): attempt n waits `b/2 + random·b/2` with `b = min(max, initial·2^(n−1))` — never less than half the
 * nominal wait (no thundering retry at 0 ms), never more than the cap.
 */

/** Backoff settings; defaults are Agent's (1 s → 60 s). */
export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  /** Uniform `[0, 1)` source: inject a seeded one for reproducible waits. */
  readonly random: () => number;
}

/** Returns the wait before retry `attempt` (1 = first retry), in milliseconds. */
export function createBackoff(options: BackoffOptions): (attempt: number) => number {
  const initial = options.initialMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  return (attempt) => {
    const nominal = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
    return nominal / 2 + options.random() * (nominal / 2);
  };
}
