/**
 * Re-timing events (PUSH.md §3): a SIEM rule looks only at recent data, so a replayed corpus must land
 * "now". `@timestamp` and `event.created` are rewritten keeping their exact format and precision (Defend
 * writes 7 fractional digits); `event.ingested` is set by the ingest pipeline and left alone.
 */
import { InvalidOptionError } from '../errors.js';
import { isJsonObject, readFieldPath, updateFieldPath } from './field-path.js';
import { parseDurationMs } from './parse-duration.js';

/** `--retime` as parsed. */
export type RetimeSpec =
  | { readonly kind: 'now' }
  | { readonly kind: 'shift'; readonly deltaMs: number }
  | { readonly kind: 'speed'; readonly factor: number };

/** The fields rewritten, in this order. */
export const RETIMED_FIELDS: readonly string[] = ['@timestamp', 'event.created'];

/**
 * Parses `now`, `shift:DUR` (signed: `shift:-2h`) or `speed:X` (X > 0; 2 = twice as fast).
 * @throws InvalidOptionError for anything else
 */
export function parseRetimeSpec(text: string): RetimeSpec {
  if (text === 'now') return { kind: 'now' };
  if (text.startsWith('shift:')) return { kind: 'shift', deltaMs: parseDurationMs(text.slice(6), '--retime shift:', { signed: true }) };
  if (text.startsWith('speed:')) {
    const factor = Number(text.slice(6));
    if (Number.isFinite(factor) && factor > 0 && text.slice(6).trim() !== '') return { kind: 'speed', factor };
  }
  throw new InvalidOptionError('--retime', text, 'now, shift:DUR (e.g. shift:-2h) or speed:X with X > 0');
}

/** A parsed timestamp: epoch nanoseconds plus what is needed to print it back the same way. */
interface ParsedTimestamp {
  readonly epochNs: bigint;
  readonly fractionDigits: number;
  /** `Z`, `+02:00`, `+0200`, or `''` (no zone: UTC, as Elasticsearch reads it). */
  readonly zone: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch milliseconds of an ISO-8601 string or an epoch-millis number; `undefined` otherwise. */
export function timestampToMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const parsed = parseIso(value);
  return parsed === undefined ? undefined : Number(parsed.epochNs / 1_000_000n);
}

/**
 * Shifts a timestamp by `deltaNs`, keeping its form: an ISO string keeps its number of fractional digits
 * (truncating what the shift adds below them) and its zone designator; an epoch-millis number stays a
 * number. Anything else is returned unchanged.
 */
export function shiftTimestamp(value: unknown, deltaNs: bigint): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value + Number(deltaNs / 1_000_000n) : value;
  if (typeof value !== 'string') return value;
  const parsed = parseIso(value);
  if (parsed === undefined) return value;
  return formatIso(parsed.epochNs + deltaNs, parsed.fractionDigits, parsed.zone);
}

/** Applies a spec to events: built once per run from the corpus bounds and the run's start. */
export interface Retimer {
  /** The shift applied to an event whose `@timestamp` is `corpusMs` (ns; constant unless speed). */
  deltaNsFor(corpusMs: number | undefined): bigint;
  /**
   * For `speed:X`: when (ms after the run start) the event with `@timestamp` `corpusMs` is due; `null`
   * for the other modes (no pacing from timestamps).
   */
  dueMs(corpusMs: number | undefined): number | null;
  /** Rewrites {@link RETIMED_FIELDS} of `doc` in place. */
  apply(doc: unknown): void;
  /**
   * Re-anchors at the start of a new `--loop` pass beginning at wall time `passStartWallMs`: `now` lands
   * the corpus's last event there again and `speed:X` starts the timeline there, so a soak test keeps
   * producing recent, increasing timestamps. `shift:DUR` is a fixed shift and ignores it.
   */
  rebase(passStartWallMs: number): void;
}

/** What a {@link Retimer} is built from. */
export interface RetimerOptions {
  readonly spec: RetimeSpec;
  /** Wall-clock epoch ms of the run's start. */
  readonly runStartWallMs: number;
  /** Largest `@timestamp` of the corpus (needed by `now`). */
  readonly corpusMaxMs?: number;
  /** First event's `@timestamp` (the anchor of `speed:`); defaults to the first one seen. */
  readonly corpusFirstMs?: number;
}

/**
 * Builds the retimer.
 * - `now`: every timestamp moves by `runStart − corpusMax`, so the corpus's last event lands at the
 *   start of the run and spacing is kept.
 * - `shift:DUR`: every timestamp moves by DUR.
 * - `speed:X`: an event `d` after the first one gets `runStart + d/X` and is due `d/X` after the start:
 *   the corpus is replayed as if live, compressed or stretched by X.
 * @throws InvalidOptionError when `now` is asked without `corpusMaxMs`
 */
export function createRetimer(options: RetimerOptions): Retimer {
  const { spec } = options;
  let startNs = BigInt(Math.round(options.runStartWallMs)) * 1_000_000n;
  if (spec.kind === 'now' && options.corpusMaxMs === undefined) {
    throw new InvalidOptionError('--retime', 'now', 'a corpus with at least one @timestamp');
  }
  let firstMs = options.corpusFirstMs;
  let constant =
    spec.kind === 'now'
      ? startNs - BigInt(Math.round(options.corpusMaxMs!)) * 1_000_000n
      : spec.kind === 'shift'
        ? BigInt(spec.deltaMs) * 1_000_000n
        : 0n;
  const offsetMs = (corpusMs: number): number => {
    firstMs ??= corpusMs;
    return Math.max(0, (corpusMs - firstMs) / (spec as { factor: number }).factor);
  };
  const retimer: Retimer = {
    deltaNsFor(corpusMs) {
      if (spec.kind !== 'speed') return constant;
      if (corpusMs === undefined) return 0n;
      const targetNs = startNs + BigInt(Math.round(offsetMs(corpusMs) * 1e6));
      return targetNs - BigInt(Math.round(corpusMs * 1e6));
    },
    dueMs(corpusMs) {
      if (spec.kind !== 'speed' || corpusMs === undefined) return null;
      return offsetMs(corpusMs);
    },
    rebase(passStartWallMs) {
      if (spec.kind === 'shift') return;
      startNs = BigInt(Math.round(passStartWallMs)) * 1_000_000n;
      if (spec.kind === 'now') constant = startNs - BigInt(Math.round(options.corpusMaxMs!)) * 1_000_000n;
    },
    apply(doc) {
      if (!isJsonObject(doc)) return;
      const delta = retimer.deltaNsFor(timestampToMs(readFieldPath(doc, '@timestamp')));
      if (delta === 0n) return;
      for (const field of RETIMED_FIELDS) updateFieldPath(doc, field, (old) => shiftTimestamp(old, delta));
    },
  };
  return retimer;
}

function parseIso(text: string): ParsedTimestamp | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Number.isNaN(ms)) return undefined;
  const fraction = m[7] ?? '';
  const zone = m[8] ?? '';
  let offsetMinutes = 0;
  if (zone !== '' && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const fractionNs = fraction === '' ? 0n : BigInt(fraction.padEnd(9, '0'));
  const epochNs = BigInt(ms - offsetMinutes * 60_000) * 1_000_000n + fractionNs;
  return { epochNs, fractionDigits: fraction.length, zone };
}

function formatIso(epochNs: bigint, fractionDigits: number, zone: string): string {
  let offsetMinutes = 0;
  if (zone !== '' && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const localNs = epochNs + BigInt(offsetMinutes) * 60_000_000_000n;
  // Floor division (BigInt division truncates toward zero; dates before 1970 would round the wrong way).
  let seconds = localNs / 1_000_000_000n;
  let nanos = localNs % 1_000_000_000n;
  if (nanos < 0n) {
    nanos += 1_000_000_000n;
    seconds -= 1n;
  }
  const date = new Date(Number(seconds) * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const base = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const fraction = fractionDigits === 0 ? '' : `.${nanos.toString().padStart(9, '0').slice(0, fractionDigits)}`;
  return `${base}${fraction}${zone}`;
}
