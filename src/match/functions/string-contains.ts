/**
 * `stringContains(s, sub)` / `stringContains~` (EQL-SEMANTICS.md §6; ES `StringContainsFunctionProcessor`):
 * null in → null; false when either is empty; `~` folds ASCII.
 */
import { foldAscii } from '../compare-values.js';
import { asText, type EqlValue } from './eql-value.js';

/** True when `source` contains `sub` (both non-empty). */
export function stringContains(source: EqlValue, sub: EqlValue, caseInsensitive: boolean): EqlValue {
  const s = asText(source);
  const x = asText(sub);
  if (s === null || x === null) return null;
  if (s === '' || x === '') return false;
  return caseInsensitive ? foldAscii(s).includes(foldAscii(x)) : s.includes(x);
}
