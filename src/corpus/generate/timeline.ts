/**
 * Corpus time. Time is counted in ticks of 100 ns (Elastic Defend's 7 fractional digits) from the
 * profile's `start`. The event index space is cut into fixed blocks; block `b` lasts
 * {@link blockDurationTicks}`(seed, profile, b)` — drawn from its own stream, a burst with probability
 * `rate.burstProbability` — and starts where block `b - 1` ended (the caller sums durations in block
 * order, which is cheap and independent of threads). Inside a block, event `j` of `B` sits at
 * `start + floor(duration × (j + u_j) / B)` with `u_j ∈ [0, 1)`: timestamps never decrease, across
 * blocks too, for every agent.
 */
import { createPrng, STREAM_TIME } from './prng.js';
import type { Profile } from './profile.js';

/** Ticks per second (100 ns ticks). */
export const TICKS_PER_SECOND = 10_000_000;
/** Ticks per millisecond. */
export const TICKS_PER_MS = 10_000;

/**
 * How long block `blockIndex` lasts, in ticks: `blockSize` events at the fleet rate
 * (`fleet.hosts × rate.eventsPerSecPerHost`), times `rate.burstMultiplier` in a burst, with ±30 % jitter.
 * Always at least one tick per event.
 */
export function blockDurationTicks(seed: number, profile: Profile, blockIndex: number, blockSize: number): number {
  const prng = createPrng(seed, STREAM_TIME, blockIndex);
  let eventsPerSec = profile.fleet.hosts * profile.rate.eventsPerSecPerHost;
  if (prng.chance(profile.rate.burstProbability)) eventsPerSec *= profile.rate.burstMultiplier;
  const jitter = 0.7 + 0.6 * prng.float();
  return Math.max(blockSize, Math.round((blockSize / eventsPerSec) * TICKS_PER_SECOND * jitter));
}

/**
 * Formats ticks as the producers write timestamps. One instance per block: it caches the formatted
 * second, which consecutive events share.
 */
export class TimestampFormatter {
  private readonly startMs: number;
  private cachedSecond = Number.NaN;
  private cachedPrefix = '';
  private cachedPrefixBytes: Uint8Array = new Uint8Array(0);

  /** `startMs`: the epoch milliseconds tick 0 stands for (a whole second keeps the 7 digits exact). */
  constructor(startMs: number) {
    this.startMs = startMs;
  }

  /** Epoch milliseconds (fractional) of a tick. */
  epochMs(tick: number): number {
    return this.startMs + tick / TICKS_PER_MS;
  }

  /** Whole epoch seconds of a tick (exact integer arithmetic: no floating-point rounding at a boundary). */
  epochSeconds(tick: number): number {
    return Math.floor(this.startMs / 1000) + Math.floor(((this.startMs % 1000) * TICKS_PER_MS + tick) / TICKS_PER_SECOND);
  }

  /**
   * Elastic Defend's form: 7 fractional digits with trailing zeros dropped, as observed in real 8.15.1
   * data (`2024-10-16T11:06:12.2007223Z`, `…12.20079Z`); no fraction at all on a whole second.
   */
  defend(tick: number): string {
    const prefix = this.secondPrefix(tick);
    const fraction = ((this.startMs % 1000) * TICKS_PER_MS + tick) % TICKS_PER_SECOND;
    if (fraction === 0) return `${prefix}Z`;
    let digits = String(fraction).padStart(7, '0');
    let end = digits.length;
    while (digits.charCodeAt(end - 1) === 48) end--;
    digits = digits.slice(0, end);
    return `${prefix}.${digits}Z`;
  }

  /**
   * Writes the bytes of {@link TimestampFormatter.defend}`(tick)` at `at` (ASCII) and returns the offset
   * after them: the Defend byte writer's form, with no string made per event.
   */
  writeDefend(out: Uint8Array, at: number, tick: number): number {
    const prefix = this.secondPrefixBytes(tick);
    for (let k = 0; k < prefix.length; k++) out[at + k] = prefix[k] as number;
    let p = at + prefix.length;
    let fraction = ((this.startMs % 1000) * TICKS_PER_MS + tick) % TICKS_PER_SECOND;
    if (fraction === 0) {
      out[p] = 0x5a; // Z
      return p + 1;
    }
    out[p++] = 0x2e; // .
    // Seven digits with the trailing zeros dropped: strip them first, then write the rest zero-padded.
    // The fraction is below 10^7: small-integer arithmetic (`| 0`), no floating-point division per digit.
    let digits = 7;
    while (fraction % 10 === 0) {
      fraction = (fraction / 10) | 0;
      digits--;
    }
    for (let k = digits - 1; k >= 0; k--) {
      out[p + k] = 48 + (fraction % 10);
      fraction = (fraction / 10) | 0;
    }
    p += digits;
    out[p] = 0x5a;
    return p + 1;
  }

  /** Millisecond precision, `toISOString` form (Endgame, SentinelOne after the pipeline). */
  millis(tick: number): string {
    return new Date(this.startMs + Math.floor(tick / TICKS_PER_MS)).toISOString();
  }

  private secondPrefix(tick: number): string {
    const second = this.epochSeconds(tick);
    if (second !== this.cachedSecond) this.cacheSecond(second);
    return this.cachedPrefix;
  }

  private secondPrefixBytes(tick: number): Uint8Array {
    const second = this.epochSeconds(tick);
    if (second !== this.cachedSecond) this.cacheSecond(second);
    return this.cachedPrefixBytes;
  }

  private cacheSecond(second: number): void {
    this.cachedSecond = second;
    this.cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    this.cachedPrefixBytes = Buffer.from(this.cachedPrefix, 'latin1');
  }
}

/**
 * Writes `new Date(ms).toISOString()` as bytes for integer `ms`, with no Date or string made per call: the
 * text up to the second's `.` is cached for the last whole second seen (consecutive events share it), and
 * the milliseconds and `Z` are written digit by digit. One instance per sequence of times (SentinelOne
 * lines write three unrelated ones); any instance writes the same bytes for the same `ms`.
 */
export class IsoMillisWriter {
  private cachedSecond = Number.NaN;
  private prefix: Uint8Array = new Uint8Array(0);

  /** Writes the ISO form of `ms` (an integer in Date's range) at `at`; returns the offset after it. */
  write(out: Uint8Array, at: number, ms: number): number {
    const second = Math.floor(ms / 1000);
    if (second !== this.cachedSecond) {
      // toISOString throws for an invalid time, as the per-call form did; the text ends with `.mmmZ`.
      const text = new Date(second * 1000).toISOString();
      this.prefix = Buffer.from(text.slice(0, text.length - 4), 'latin1');
      this.cachedSecond = second;
    }
    const prefix = this.prefix;
    const n = prefix.length;
    for (let k = 0; k < n; k++) out[at + k] = prefix[k] as number;
    let p = at + n;
    const millis = ms - second * 1000;
    out[p++] = 48 + Math.floor(millis / 100);
    out[p++] = 48 + (Math.floor(millis / 10) % 10);
    out[p++] = 48 + (millis % 10);
    out[p] = 0x5a; // Z
    return p + 1;
  }
}
