/** `startsWith(s, prefix)` / `startsWith~` (EQL-SEMANTICS.md §6): null in → null; `~` folds ASCII. */
import { foldAscii } from '../compare-values.js';
import { asText, type EqlValue } from './eql-value.js';

/** True when `source` starts with `prefix` (`""` is a prefix of everything). */
export function startsWith(source: EqlValue, prefix: EqlValue, caseInsensitive: boolean): EqlValue {
  const s = asText(source);
  const p = asText(prefix);
  if (s === null || p === null) return null;
  return caseInsensitive ? foldAscii(s).startsWith(foldAscii(p)) : s.startsWith(p);
}
