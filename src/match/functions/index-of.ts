/**
 * `indexOf(s, sub[, start])` / `indexOf~` (EQL-SEMANTICS.md §6; ES `IndexOfFunctionProcessor`): the
 * UTF-16 index of the first `sub` at or after `start` (null start → 0, negative → 0), null when not
 * found or when `s`/`sub` is null.
 */
import { foldAscii } from '../compare-values.js';
import { asText, type EqlValue } from './eql-value.js';

/** The first index of `sub` in `source` from `start`, or null. */
export function indexOf(source: EqlValue, sub: EqlValue, start: EqlValue, caseInsensitive: boolean): EqlValue {
  const s = asText(source);
  const x = asText(sub);
  if (s === null || x === null) return null;
  const from = typeof start === 'number' ? Math.max(0, Math.trunc(start)) : 0;
  const at = caseInsensitive ? foldAscii(s).indexOf(foldAscii(x), from) : s.indexOf(x, from);
  return at === -1 ? null : at;
}
