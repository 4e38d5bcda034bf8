/**
 * The generator's only source of randomness: a small, fast, seedable PRNG (sfc32, Chris Doty-Humphrey's
 * "small fast chaotic" generator, 32-bit arithmetic only) whose state is derived from the corpus seed and
 * a list of stream numbers (for example `[STREAM_PLAN, blockIndex]`). Deriving every stream from
 * (seed, purpose, index) is what makes a corpus independent of thread count and scheduling: no stream is
 * ever shared or advanced by another block.
 */

/** Stream numbers: one purpose each, so that adding draws to one purpose never shifts another. */
export const STREAM_FLEET = 1;
/** Block durations (the timeline). */
export const STREAM_TIME = 2;
/** Which scenarios a block contains and in which order. */
export const STREAM_PLAN = 3;
/** Per-event jitter (sequence gaps, sub-tick offsets). */
export const STREAM_EVENT = 4;

/** A deterministic pseudo-random generator; every method advances the state. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Prefer {@link createPrng}; the four words are the raw sfc32 state. */
  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // Discard the first outputs: sfc32 needs a few rounds to mix a low-entropy state.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n) for 0 < n ≤ 2^32. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [min, max] (both inclusive). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** An exponentially distributed float with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /**
   * A Poisson-distributed count with mean `lambda` (Knuth's product method below 30, a rounded normal
   * approximation above: both deterministic for a given state).
   */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.float();
      while (p > limit) {
        k++;
        p *= this.float();
      }
      return k;
    }
    const u1 = 1 - this.float();
    const u2 = this.float();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(0, Math.round(lambda + z * Math.sqrt(lambda)));
  }

  /** `length` characters drawn uniformly from `alphabet` (built in one allocation, not by `+=`). */
  chars(alphabet: string, length: number): string {
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(this.int(alphabet.length));
    return String.fromCharCode(...codes);
  }

  /** Lower-case hexadecimal digits (8 per draw, built in one allocation). */
  hex(length: number): string {
    const codes = new Array<number>(length);
    let word = 0;
    for (let i = 0; i < length; i++) {
      if ((i & 7) === 0) word = this.u32();
      codes[i] = HEX_CODES[word & 15] as number;
      word >>>= 4;
    }
    return String.fromCharCode(...codes);
  }
}

const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));

/**
 * Creates the generator for (seed, ...streams). `seed` is any safe non-negative integer; streams are
 * small non-negative integers. Equal arguments give equal sequences on every platform.
 */
export function createPrng(seed: number, ...streams: number[]): Prng {
  // splitmix32-style finalizer over the seed's two 32-bit halves and each stream number.
  let h = mix32(0x9e3779b9 ^ (seed >>> 0));
  h = mix32(h ^ Math.floor(seed / 4294967296));
  for (const stream of streams) h = mix32((h + 0x6d2b79f5 + (stream >>> 0)) | 0);
  const a = mix32(h ^ 0x243f6a88);
  const b = mix32(a ^ 0x85a308d3);
  const c = mix32(b ^ 0x13198a2e);
  const d = mix32(c ^ 0x03707344);
  return new Prng(a, b, c, d);
}

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}
