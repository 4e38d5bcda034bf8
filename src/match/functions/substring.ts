/**
 * `substring(s, start[, end])` (EQL-SEMANTICS.md §6; ES `StringUtils.substringSlice`): Python slice
 * rules over UTF-16 units — negative indexes count from the end, out-of-range ends are clamped, a null
 * start is 0 and a null end is the length; a null source → null.
 */
import { asText, type EqlValue } from './eql-value.js';

/** The slice `source[start:end]`. */
export function substring(source: EqlValue, start: EqlValue, end: EqlValue): EqlValue {
  const s = asText(source);
  if (s === null) return null;
  const len = s.length;
  let from = typeof start === 'number' ? Math.trunc(start) : 0;
  let to = typeof end === 'number' ? Math.trunc(end) : len;
  if (from < 0) from = Math.max(0, from + len);
  if (to < 0) to = Math.max(0, to + len);
  if (to > len) to = len;
  return from >= to ? '' : s.slice(from, to);
}
