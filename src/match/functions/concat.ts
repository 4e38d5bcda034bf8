/** `concat(…)` (EQL-SEMANTICS.md §6): the texts joined; any null argument → null (`concat(1, true)` = `"1true"`). */
import { toJavaString, type EqlValue } from './eql-value.js';

/** Concatenates the text of every argument; null if any is null. */
export function concat(args: readonly EqlValue[]): EqlValue {
  let out = '';
  for (const a of args) {
    if (a === null) return null;
    out += toJavaString(a);
  }
  return out;
}
