/**
 * The clock the push path reads and sleeps on, injected so that schedules, backoff and measurements run
 * instantly and deterministically in tests (STYLE.md §5).
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Monotonic time, wall time and an abortable sleep. */
export interface PushClock {
  /** Monotonic milliseconds (fractional); only differences are meaningful. */
  now(): number;
  /** Wall-clock epoch milliseconds (for `--retime now`, report timestamps). */
  wallNow(): number;
  /** Resolves after `ms` milliseconds, or early (without rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `performance.now()`, `Date.now()` and timers. */
export function createSystemClock(): PushClock {
  return {
    now: () => performance.now(),
    wallNow: () => Date.now(),
    sleep: async (ms, signal) => {
      if (ms <= 0 || signal?.aborted === true) return;
      try {
        await delay(ms, undefined, signal === undefined ? undefined : { signal });
      } catch (error) {
        // An abort ends the sleep early by design; anything else is a real failure.
        if ((error as { name?: string }).name !== 'AbortError') throw error;
      }
    },
  };
}

/**
 * A virtual clock for tests: `sleep` advances time instead of waiting, so a 60 s backoff takes no real
 * time. `now()` starts at 0, `wallNow()` at `wallStartMs`.
 */
export function createVirtualClock(wallStartMs = Date.UTC(2025, 0, 1)): PushClock & { advance(ms: number): void } {
  let t = 0;
  return {
    now: () => t,
    wallNow: () => wallStartMs + t,
    advance: (ms) => {
      t += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted === true) return;
      if (ms > 0) t += ms;
      // Yield to the event loop so concurrent tasks interleave as they would with real timers.
      await Promise.resolve();
    },
  };
}
