/**
 * The values EQL functions and script expressions compute with (EQL-SEMANTICS.md §4, §6): strings,
 * numbers, booleans and `null` (unknown / missing). Conversions follow Elasticsearch (Java) where a
 * value is turned into text.
 */
import { AppError } from '../../errors.js';

/** A value inside a script expression. `null` is EQL's null. */
export type EqlValue = string | number | boolean | null;

/** An evaluation failure Elasticsearch reports as an error for the whole query (`/ by zero`, overflow). */
export class EvalError extends AppError {
  constructor(what: string, data: Record<string, unknown> = {}) {
    super('ERR_MATCH_EVAL', what, data);
    this.name = 'EvalError';
  }
}

/**
 * The text of a value as Java's `toString` gives it (`string()`, `concat()`): integers without a
 * fraction, other doubles with Java's `Double.toString` layout (`1.0E-5`, `1.5E10`).
 */
export function toJavaString(value: string | number | boolean): string {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return value.toFixed(0);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) return String(value);
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

/** A string argument as the function sees it: `null` stays null, other scalars become their text. */
export function asText(value: EqlValue): string | null {
  return value === null ? null : typeof value === 'string' ? value : toJavaString(value);
}

/** True for a value JS holds as an integer (EQL-SEMANTICS.md §7: safe integers are longs). */
export function isIntegral(value: number): boolean {
  return Number.isSafeInteger(value);
}
