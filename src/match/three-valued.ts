/**
 * Three-valued logic and comparisons inside script expressions (EQL-SEMANTICS.md §4): `null` is
 * unknown; `not null` is null; `and`/`or` are Kleene's; a comparison with a null operand is null —
 * except against the *literal* `null`, which Elasticsearch's optimizer turns into `IsNull`/`IsNotNull`
 * (so `null == (exit_code > -1)` is true for an event without exit_code [qa]).
 */
import { compareCodePoints, foldAscii } from './compare-values.js';
import type { EqlValue } from './functions/eql-value.js';

/** Kleene negation. */
export function not3(a: EqlValue): EqlValue {
  return a === null ? null : !truthy(a);
}

/** Kleene conjunction of already-evaluated operands. */
export function and3(values: readonly EqlValue[]): EqlValue {
  let unknown = false;
  for (const v of values) {
    if (v === null) unknown = true;
    else if (!truthy(v)) return false;
  }
  return unknown ? null : true;
}

/** Kleene disjunction of already-evaluated operands. */
export function or3(values: readonly EqlValue[]): EqlValue {
  let unknown = false;
  for (const v of values) {
    if (v === null) unknown = true;
    else if (truthy(v)) return true;
  }
  return unknown ? null : false;
}

/** A non-null value as a condition: booleans as they are; anything else is not true. */
export function truthy(v: Exclude<EqlValue, null>): boolean {
  return v === true;
}

/**
 * Equality of two computed values: null if either is null; numbers numerically; strings exactly (or
 * ASCII-folded with `caseInsensitive`); values of different types are not equal.
 */
export function equals3(a: EqlValue, b: EqlValue, caseInsensitive = false): EqlValue {
  if (a === null || b === null) return null;
  if (typeof a === 'string' && typeof b === 'string') return caseInsensitive ? foldAscii(a) === foldAscii(b) : a === b;
  return a === b;
}

/**
 * Ordering of two computed values: null if either is null or they are of different types; strings by
 * code point (§5), numbers numerically, `false < true`.
 */
export function compare3(op: '<' | '<=' | '>' | '>=', a: EqlValue, b: EqlValue): EqlValue {
  if (a === null || b === null || typeof a !== typeof b) return null;
  const c = typeof a === 'string' ? compareCodePoints(a, b as string) : a < b! ? -1 : a > b! ? 1 : 0;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/** `value in (items)`: null when value is null; true on an equal item; else null if an item is null. */
export function in3(value: EqlValue, items: readonly EqlValue[], caseInsensitive: boolean): EqlValue {
  if (value === null) return null;
  let unknown = false;
  for (const item of items) {
    const eq = equals3(value, item, caseInsensitive);
    if (eq === true) return true;
    if (eq === null) unknown = true;
  }
  return unknown ? null : false;
}
