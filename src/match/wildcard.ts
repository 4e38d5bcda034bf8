/**
 * EQL wildcard patterns (EQL-SEMANTICS.md §5): `*` is any run of characters (including `/` and newline,
 * possibly empty), `?` exactly one code point, everything else literal (no escapes), anchored to the
 * whole value. Case-insensitive forms fold ASCII letters only.
 *
 * {@link planWildcard} decides at compile time the cheapest exact test for a pattern — equality, prefix,
 * suffix, contains, an ordered segment scan, or a RegExp only when `?` needs code-point counting — and
 * {@link compileWildcard} turns a plan into a matcher.
 */
import { foldAscii } from './compare-values.js';

/** The test a wildcard pattern needs. Texts are already ASCII-folded for case-insensitive patterns. */
export type WildcardPlan =
  | { readonly kind: 'any' }
  | { readonly kind: 'equals'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'suffix'; readonly text: string }
  | { readonly kind: 'contains'; readonly text: string }
  /** `first*middle…*last`: starts with `first`, then each middle in order, ends with `last` (no overlap). */
  | { readonly kind: 'segments'; readonly first: string; readonly middles: readonly string[]; readonly last: string }
  /** A pattern with `?`: an anchored RegExp source, to compile with the `su` flags. */
  | { readonly kind: 'regex'; readonly source: string };

/** Plans the test for `pattern`; with `caseInsensitive` the texts are ASCII-folded (fold values too). */
export function planWildcard(pattern: string, caseInsensitive: boolean): WildcardPlan {
  const p = caseInsensitive ? foldAscii(pattern) : pattern;
  if (p.includes('?')) {
    let source = '';
    for (const ch of p) source += ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegExpChar(ch);
    return { kind: 'regex', source: `^(?:${source})$` };
  }
  if (!p.includes('*')) return { kind: 'equals', text: p };
  const parts = p.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middles = parts.slice(1, -1).filter((m) => m !== '');
  if (first === '' && last === '' && middles.length === 0) return { kind: 'any' };
  if (middles.length === 0) {
    if (last === '') return { kind: 'prefix', text: first };
    if (first === '') return { kind: 'suffix', text: last };
  }
  if (first === '' && last === '' && middles.length === 1) return { kind: 'contains', text: middles[0]! };
  return { kind: 'segments', first, middles, last };
}

/** Escapes one code point for a `u`-flag RegExp outside a character class. */
export function escapeRegExpChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** True when `value` matches a `segments` plan: leftmost placement of each middle is always enough. */
export function matchSegments(value: string, first: string, middles: readonly string[], last: string): boolean {
  if (!value.startsWith(first)) return false;
  let pos = first.length;
  for (const middle of middles) {
    const at = value.indexOf(middle, pos);
    if (at === -1) return false;
    pos = at + middle.length;
  }
  return value.length - last.length >= pos && value.endsWith(last);
}

/**
 * A matcher for `pattern`: `(value) => boolean`. Case-insensitive matchers fold the value's ASCII
 * letters before testing.
 */
export function compileWildcard(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  const plan = planWildcard(pattern, caseInsensitive);
  const test = testForPlan(plan);
  return caseInsensitive ? (value) => test(foldAscii(value)) : test;
}

function testForPlan(plan: WildcardPlan): (value: string) => boolean {
  switch (plan.kind) {
    case 'any':
      return () => true;
    case 'equals':
      return (v) => v === plan.text;
    case 'prefix':
      return (v) => v.startsWith(plan.text);
    case 'suffix':
      return (v) => v.endsWith(plan.text);
    case 'contains':
      return (v) => v.includes(plan.text);
    case 'segments':
      return (v) => matchSegments(v, plan.first, plan.middles, plan.last);
    case 'regex': {
      const re = new RegExp(plan.source, 'su');
      return (v) => re.test(v);
    }
  }
}
