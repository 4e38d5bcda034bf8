/** `endsWith(s, suffix)` / `endsWith~` (EQL-SEMANTICS.md §6): null in → null; `~` folds ASCII. */
import { foldAscii } from '../compare-values.js';
import { asText, type EqlValue } from './eql-value.js';

/** True when `source` ends with `suffix`. */
export function endsWith(source: EqlValue, suffix: EqlValue, caseInsensitive: boolean): EqlValue {
  const s = asText(source);
  const x = asText(suffix);
  if (s === null || x === null) return null;
  return caseInsensitive ? foldAscii(s).endsWith(foldAscii(x)) : s.endsWith(x);
}
