/** `modulo(a, b)` / `a % b` (EQL-SEMANTICS.md §6): null in → null; the result takes the dividend's sign. */
import { EvalError, isIntegral, type EqlValue } from './eql-value.js';

/**
 * `a` modulo `b` as Java's `%`; non-numbers give `null`; `double` = an operand is a double literal.
 * @throws {EvalError} `ERR_MATCH_EVAL` for an integer modulo by zero.
 */
export function modulo(a: EqlValue, b: EqlValue, double = false): EqlValue {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  if (!double && isIntegral(a) && isIntegral(b) && b === 0) throw new EvalError(`division by zero in ${a} % ${b}`);
  const r = a % b;
  return r === 0 ? 0 : r;
}
