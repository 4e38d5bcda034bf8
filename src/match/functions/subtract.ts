/** `subtract(a, b)` / `a - b` (EQL-SEMANTICS.md §6): null in → null. */
import { EvalError, isIntegral, type EqlValue } from './eql-value.js';

/**
 * Subtracts `b` from `a`; non-numbers give `null`.
 * @throws {EvalError} `ERR_MATCH_EVAL` on integer overflow.
 */
export function subtract(a: EqlValue, b: EqlValue, double = false): EqlValue {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const r = a - b;
  if (!double && isIntegral(a) && isIntegral(b) && !Number.isSafeInteger(r)) throw new EvalError(`integer overflow in ${a} - ${b}`);
  return r;
}
