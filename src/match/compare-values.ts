/**
 * How Elasticsearch compares one indexed value with a query constant (EQL-SEMANTICS.md §2, §3, §5, §7).
 *
 * Indexed values are JS primitives produced by `values.ts`: strings for keyword-like fields, numbers for
 * numeric and `date` fields (epoch milliseconds), booleans for `boolean`, canonical strings for `ip`.
 * A {@link ValueKind} says which field type produced them; `dynamic` (no mapping) decides per value
 * from its JSON type, as Elasticsearch's dynamic mapping would have (string → keyword, number → long/float).
 */
import type { Scalar } from '../eql/ast.js';
import { parseDateMillis } from './parse-date.js';
import { compareIpStrings, formatIp, parseIp } from './ip-address.js';
import { compareVersions } from './compare-versions.js';

/** One value a field has after indexing. */
export type IndexedValue = string | number | boolean;

/** The comparison family a field's mapping puts its values in. */
export type ValueKind = 'string' | 'number' | 'date' | 'boolean' | 'ip' | 'version' | 'dynamic';

/**
 * Folds ASCII letters `A`–`Z` to lower case and leaves every other character alone: Elasticsearch's
 * case-insensitive term, wildcard and regexp queries fold ASCII only (§5; `AutomatonQueries`).
 */
export function foldAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return s;
}

/**
 * Compares two strings by Unicode code point (= UTF-8 byte order, Lucene's term order), not by UTF-16
 * code unit as `<` does: `"\u{1F600}" > "\uFFFF"` here (§5). Returns <0, 0 or >0.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) encode code points above FFFF: move them above E000–FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The string a non-string constant is compared as on a keyword field (`0` → `"0"`, `true` → `"true"`). */
export function scalarToString(value: Exclude<Scalar, null>): string {
  return typeof value === 'string' ? value : String(value);
}

/** Parses a numeric string the way a numeric field coerces it (`" 42 "` → 42); `NaN` when it is not one. */
export function parseNumeric(text: string): number {
  const t = text.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

function kindOf(value: IndexedValue, kind: ValueKind): ValueKind {
  if (kind !== 'dynamic') return kind;
  return typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean';
}

/** The constant as a value of the field's kind, or `undefined` when it cannot be one (never equal). */
function constantAs(kind: ValueKind, c: Exclude<Scalar, null>): IndexedValue | undefined {
  switch (kind) {
    case 'string':
    case 'version':
    case 'dynamic':
      return scalarToString(c);
    case 'number': {
      if (typeof c === 'number') return c;
      if (typeof c === 'string') {
        const n = parseNumeric(c);
        return Number.isNaN(n) ? undefined : n;
      }
      return undefined;
    }
    case 'date': {
      if (typeof c === 'number') return c;
      if (typeof c === 'string') return parseDateMillis(c) ?? undefined;
      return undefined;
    }
    case 'boolean':
      if (typeof c === 'boolean') return c;
      return c === 'true' ? true : c === 'false' ? false : undefined;
    case 'ip': {
      if (typeof c !== 'string') return undefined;
      const ip = parseIp(c);
      return ip === null ? undefined : formatIp(ip);
    }
  }
}

/**
 * True when indexed value `value` equals constant `c` as a `term` query on a field of `kind` would find
 * it: keyword-like fields compare string forms (`user.id: "0"` equals `0`), numeric fields compare
 * numbers (`pid: 1` equals `1.0` and `"1"`), dates as epoch millis, `caseInsensitive` folds ASCII (§5, §7).
 */
export function termEquals(value: IndexedValue, c: Exclude<Scalar, null>, caseInsensitive: boolean, kind: ValueKind): boolean {
  const k = kindOf(value, kind);
  if (k === 'string' || k === 'version') {
    const s = typeof value === 'string' ? value : String(value);
    const t = scalarToString(c);
    return caseInsensitive ? foldAscii(s) === foldAscii(t) : s === t;
  }
  const constant = constantAs(k, c);
  if (constant === undefined) return false;
  if (k === 'ip' && caseInsensitive && typeof value === 'string' && typeof constant === 'string') {
    return foldAscii(value) === foldAscii(constant);
  }
  return value === constant;
}

/**
 * Orders indexed value `value` against constant `c` as a `range` query on a field of `kind` does:
 * numbers numerically, strings by code point (a numeric bound on a keyword field is compared as its
 * string form), versions semantically, ips by address bytes. `NaN` when they cannot be compared (the
 * leaf is then false).
 */
export function compareToConstant(value: IndexedValue, c: Exclude<Scalar, null>, kind: ValueKind): number {
  const k = kindOf(value, kind);
  switch (k) {
    case 'string':
    case 'dynamic':
      return compareCodePoints(typeof value === 'string' ? value : String(value), scalarToString(c));
    case 'version':
      return typeof c === 'string' ? compareVersions(String(value), c) : Number.NaN;
    case 'ip': {
      const constant = constantAs('ip', c);
      return typeof constant === 'string' && typeof value === 'string' ? compareIpStrings(value, constant) : Number.NaN;
    }
    case 'boolean': {
      const constant = constantAs('boolean', c);
      return constant === undefined || typeof value !== 'boolean' ? Number.NaN : Number(value) - Number(constant);
    }
    case 'number':
    case 'date': {
      const constant = constantAs(k, c);
      if (typeof constant !== 'number' || typeof value !== 'number') return Number.NaN;
      return value < constant ? -1 : value > constant ? 1 : 0;
    }
  }
}

/** Applies a range operator to a comparison result (`NaN` → false). */
export function rangeHolds(op: '<' | '<=' | '>' | '>=', cmp: number): boolean {
  switch (op) {
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}
