/** Corpus time: Defend's 7-digit timestamps, millisecond forms, block durations. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { blockDurationTicks, IsoMillisWriter, TICKS_PER_SECOND, TimestampFormatter } from '../../../src/corpus/generate/timeline.js';
import { DEFAULT_PROFILE } from '../../../src/corpus/generate/profile.js';

const start = Date.parse('2024-10-16T11:06:12Z');

describe('TimestampFormatter', () => {
  test.for([
    [2_007_223, '2024-10-16T11:06:12.2007223Z'],
    [2_007_900, '2024-10-16T11:06:12.20079Z'], // trailing zeros dropped, as in real 8.15.1 data
    [0, '2024-10-16T11:06:12Z'],
    [9_999_999, '2024-10-16T11:06:12.9999999Z'],
    [10_000_000, '2024-10-16T11:06:13Z'],
    [1, '2024-10-16T11:06:12.0000001Z'],
  ] as const)('tick %i → %s', ([tick, expected]) => {
    expect(new TimestampFormatter(start).defend(tick)).toBe(expected);
  });

  test('the 7-digit form is exact for any tick (no floating-point rounding at a second boundary)', () => {
    const fmt = new TimestampFormatter(start + 123);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400 * TICKS_PER_SECOND }), (tick) => {
        const text = fmt.defend(tick);
        const m = /^(.*?)(?:\.(\d{1,7}))?Z$/.exec(text)!;
        const ms = Date.parse(`${m[1]}Z`);
        const fraction = Number((m[2] ?? '').padEnd(7, '0'));
        // Back to ticks: whole seconds from the instant, plus the 7 digits.
        expect((ms - start) * 10_000 + fraction - 123 * 10_000).toBe(tick);
        expect(fmt.millis(tick)).toBe(new Date(start + 123 + Math.floor(tick / 10_000)).toISOString());
      }),
    );
  });
});

describe('blockDurationTicks', () => {
  test('is deterministic per (seed, block) and at least one tick per event', () => {
    for (let b = 0; b < 200; b++) {
      const d = blockDurationTicks(7, DEFAULT_PROFILE, b, 4096);
      expect(d).toBe(blockDurationTicks(7, DEFAULT_PROFILE, b, 4096));
      expect(d).toBeGreaterThanOrEqual(4096);
    }
  });

  test('follows the fleet rate: 500 hosts × 6 events/s, bursts 8x faster', () => {
    const durations = Array.from({ length: 2000 }, (_, b) => blockDurationTicks(1, DEFAULT_PROFILE, b, 4096) / TICKS_PER_SECOND);
    const normal = (4096 / 3000) * 0.7;
    // Outside bursts a block lasts 4096 / 3000 s ± 30 %; a burst lasts 8 times less.
    expect(durations.every((d) => (d >= normal - 1e-6 && d <= (4096 / 3000) * 1.3 + 1e-6) || d <= ((4096 / 3000) * 1.3) / 8 + 1e-6)).toBe(true);
    const bursts = durations.filter((d) => d < normal).length / durations.length;
    expect(bursts).toBeGreaterThan(0.03);
    expect(bursts).toBeLessThan(0.07);
  });
});

describe('IsoMillisWriter', () => {
  const iso = (writer: IsoMillisWriter, ms: number): string => {
    const out = Buffer.alloc(40);
    return out.toString('latin1', 0, writer.write(out, 0, ms));
  };

  test('writes new Date(ms).toISOString() for any integer time in Date\'s range, in any order', () => {
    const writer = new IsoMillisWriter();
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(iso(writer, ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 3000 },
    );
  });

  test('a cached second serves only its own milliseconds (and the next second renews it)', () => {
    const writer = new IsoMillisWriter();
    const base = 1_729_076_772_000;
    for (const ms of [base, base + 1, base + 999, base + 1000, base - 1, 0, 999, -1, 1_729_085_781]) {
      expect(iso(writer, ms)).toBe(new Date(ms).toISOString());
    }
    expect(iso(writer, base + 7)).toBe('2024-10-16T11:06:12.007Z');
  });

  test('throws for an invalid time, as toISOString does', () => {
    expect(() => iso(new IsoMillisWriter(), Number.NaN)).toThrow(RangeError);
  });
});

describe('TimestampFormatter.writeDefend', () => {
  test('writes the bytes of defend(tick) for any tick, in any order (whole seconds and trailing zeros too)', () => {
    const fmt = new TimestampFormatter(start);
    const out = Buffer.alloc(64);
    fc.assert(
      fc.property(fc.oneof(fc.nat({ max: 2 ** 40 }), fc.nat({ max: 2 ** 20 }).map((n) => n * 1000), fc.nat({ max: 100_000 }).map((s) => s * TICKS_PER_SECOND)), (tick) => {
        expect(out.toString('latin1', 0, fmt.writeDefend(out, 0, tick))).toBe(fmt.defend(tick));
      }),
      { numRuns: 3000 },
    );
  });
});
