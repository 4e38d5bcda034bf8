/**
 * `divide(a, b)` / `a / b` (EQL-SEMANTICS.md §6): null in → null; integer / integer truncates toward
 * zero (Java long division); a double operand gives IEEE division (`1.0 / 0` is Infinity in Java, but
 * JSON cannot tell `1.0` from `1`, so an integral divisor of 0 is always the integer case).
 */
import { EvalError, isIntegral, type EqlValue } from './eql-value.js';

/**
 * Divides `a` by `b`; non-numbers give `null`. `double` says an operand is a double (a literal written
 * `4.0`): then the division is IEEE even for integral values.
 * @throws {EvalError} `ERR_MATCH_EVAL` for an integer division by zero (Java's `ArithmeticException`).
 */
export function divide(a: EqlValue, b: EqlValue, double = false): EqlValue {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  if (!double && isIntegral(a) && isIntegral(b)) {
    if (b === 0) throw new EvalError(`division by zero in ${a} / ${b}`);
    const q = Math.trunc(a / b);
    return q === 0 ? 0 : q;
  }
  return a / b;
}
