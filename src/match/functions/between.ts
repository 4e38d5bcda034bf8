/**
 * `between(source, left, right[, greedy=false])` and `between~` (EQL-SEMANTICS.md §6), as
 * Elasticsearch's `BetweenFunctionProcessor` / `StringUtils.between` compute it:
 * - a null source, left or right → null (ES throws for a null left/right; null is the EQL reading);
 * - an empty source, left or right → the source unchanged;
 * - left not found, or right not found after it → `""`;
 * - otherwise the text after the first `left` up to the next `right` (greedy: the last `right`).
 * `between~` finds `left`/`right` with ASCII case folding.
 */
import { foldAscii } from '../compare-values.js';
import { asText, type EqlValue } from './eql-value.js';

/** Extracts the substring of `source` between `left` and `right`. */
export function between(source: EqlValue, left: EqlValue, right: EqlValue, greedy: EqlValue, caseInsensitive: boolean): EqlValue {
  const s = asText(source);
  const l = asText(left);
  const r = asText(right);
  if (s === null || l === null || r === null) return null;
  if (s === '' || l === '' || r === '') return s;
  const hay = caseInsensitive ? foldAscii(s) : s;
  const lf = caseInsensitive ? foldAscii(l) : l;
  const rf = caseInsensitive ? foldAscii(r) : r;
  const at = hay.indexOf(lf);
  if (at === -1) return '';
  const start = at + lf.length;
  const end = greedy === true ? hay.lastIndexOf(rf) : hay.indexOf(rf, start);
  if (end === -1 || end < start) return '';
  return s.slice(start, end);
}
