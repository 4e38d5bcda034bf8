/** `length(s)` (EQL-SEMANTICS.md §6): the UTF-16 length (Java `String.length()`); null → null. */
import { asText, type EqlValue } from './eql-value.js';

/** The length of the text of `source`. */
export function length(source: EqlValue): EqlValue {
  const s = asText(source);
  return s === null ? null : s.length;
}
