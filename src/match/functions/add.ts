/** `add(a, b)` / `a + b` (EQL-SEMANTICS.md §6): null in → null; long + long stays exact or fails on overflow. */
import { EvalError, isIntegral, type EqlValue } from './eql-value.js';

/**
 * Adds two numbers. A non-number argument gives `null` (Elasticsearch's verifier refuses it up front).
 * @throws {EvalError} `ERR_MATCH_EVAL` when two integers overflow the safe integer range (Java's
 *   `Math.addExact` overflow; JS cannot hold the exact long).
 */
export function add(a: EqlValue, b: EqlValue, double = false): EqlValue {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const r = a + b;
  if (!double && isIntegral(a) && isIntegral(b) && !Number.isSafeInteger(r)) throw new EvalError(`integer overflow in ${a} + ${b}`);
  return r;
}
