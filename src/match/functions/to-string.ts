/** `string(x)` (EQL-SEMANTICS.md §6): the text of a value as Java prints it; null → null. */
import { asText, type EqlValue } from './eql-value.js';

/** The text of `value`. */
export function toString(value: EqlValue): EqlValue {
  return asText(value);
}
