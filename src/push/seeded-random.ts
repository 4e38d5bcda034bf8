/**
 * A small seeded PRNG (mulberry32) for backoff jitter and fault injection: the same seed gives the same
 * sequence, so retries and faults replay exactly in tests (STYLE.md §5).
 */

/** Returns a function yielding uniform floats in `[0, 1)`, deterministic for a given 32-bit `seed`. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
