/**
 * A prefix index for `parse-all` mode: rules whose condition requires a path-like field to match
 * wildcards with a literal start (`file.path : ("/etc/systemd/system/*", "/lib/systemd/system/*")`) are
 * evaluated only on events where some value of that field starts with one of those literals. In Elastic's
 * Linux pack, 29 of the 53 `file` rules have such a leaf on `file.path`, and most file events are
 * written under `/run`, `/var/lib`, `/tmp`, `/home/*\/.cache`… where none of them can match.
 *
 * Soundness (EQL-SEMANTICS.md §5): a wildcard is anchored, so a value matching a pattern starts with the
 * pattern's text before its first `*` or `?`, ASCII-case-insensitively for `:`/`like~`, exactly for
 * `like`; a value equal to a term's string starts with it (terms that a number or boolean could equal
 * are left out). The index only prunes: a rule it lets through still runs its whole remaining condition. Values
 * are read with the predicate's values model (mapping, dotted keys, arrays, `ignore_above`); a value that
 * is not a string is matched as its string form, as the wildcard leaf does.
 */
import type { Cond, NormalizedQuery, TermCond, WildcardCond } from '../eql/ast.js';
import type { Mapping } from '../match/mapping.js';
import { createFieldAccess, fieldValues, type FieldAccess } from '../match/values.js';
import { createStringReader } from './string-field-reader.js';

/** At most this many fields get a prefix index (each costs one read and a walk per event; measured best on the Linux pack). */
export const MAX_PREFIX_FIELDS = 4;

/** A rule's prefix constraint on one field: some value must start with one of `prefixes`. */
export interface PrefixConstraint {
  readonly field: string;
  readonly prefixes: readonly { readonly text: string; readonly caseInsensitive: boolean }[];
}

/** The literal start of an anchored wildcard pattern: its text before the first `*` or `?`. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  const question = pattern.indexOf('?');
  const end = Math.min(star === -1 ? pattern.length : star, question === -1 ? pattern.length : question);
  return pattern.slice(0, end);
}

/**
 * The prefix constraints of a query, from the items of its top-level `and` (or the condition itself):
 * a positive wildcard leaf whose every pattern starts with a literal; a positive `term` leaf on strings (an
 * equal value starts with the whole string); an `or` of such leaves on one field (`file.path like ("/a",
 * "/b/*")` normalizes to a term or a wildcard). The first per field.
 */
export function prefixConstraintsOf(query: NormalizedQuery): Map<string, PrefixConstraint> {
  const out = new Map<string, PrefixConstraint>();
  const c = query.condition;
  for (const item of c.kind === 'and' ? c.items : [c]) {
    const constraint = constraintOf(item);
    if (constraint !== null && !out.has(constraint.field)) out.set(constraint.field, constraint);
  }
  return out;
}

type Prefixes = PrefixConstraint['prefixes'];

function constraintOf(c: Cond): PrefixConstraint | null {
  if (c.kind === 'or') {
    const parts = c.items.map(constraintOf);
    const field = parts[0]?.field;
    if (field === undefined || parts.some((p) => p === null || p.field !== field)) return null;
    return { field, prefixes: parts.flatMap((p) => p!.prefixes) };
  }
  if (c.kind !== 'wildcard' && c.kind !== 'term') return null;
  const prefixes = leafPrefixes(c);
  return prefixes === null ? null : { field: c.field, prefixes };
}

/** A literal a JSON number or boolean could print as: a term on it may equal a non-string value. */
const NON_STRING_FORM = /^[\s+\-0-9.eE]*$|^(true|false|-?infinity|nan)$/i;

function leafPrefixes(c: WildcardCond | TermCond): Prefixes | null {
  if (c.kind === 'wildcard' && !c.negated && c.patterns.length > 0 && c.patterns.every((p) => literalPrefix(p).length > 0)) {
    return c.patterns.map((p) => ({ text: literalPrefix(p), caseInsensitive: c.caseInsensitive }));
  }
  if (c.kind === 'term' && !c.negated && c.values.length > 0) {
    // Only plain strings: `f == "1.0"` also equals the number 1, whose text is "1".
    if (!c.values.every((v) => typeof v === 'string' && v.length > 0 && !NON_STRING_FORM.test(v))) return null;
    return c.values.map((v) => ({ text: v as string, caseInsensitive: c.caseInsensitive }));
  }
  return null;
}

/**
 * Fields constrained by at least two rules (or the only rule), most constrained first, string-like only,
 * and not in `exclude` (the fields the term index already reads and proves).
 */
export function choosePrefixFields(rules: readonly ReadonlyMap<string, PrefixConstraint>[], mapping: Mapping | null, exclude: readonly string[] = []): string[] {
  const counts = new Map<string, number>();
  for (const constraints of rules) for (const field of constraints.keys()) if (!exclude.includes(field)) counts.set(field, (counts.get(field) ?? 0) + 1);
  const minimum = rules.length === 1 ? 1 : 2;
  return [...counts]
    .filter(([field, n]) => n >= minimum && isStringLike(createFieldAccess(mapping, field)))
    .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_PREFIX_FIELDS)
    .map(([field]) => field);
}

function isStringLike(access: FieldAccess): boolean {
  const mapping = access.resolved.mapping;
  if (mapping !== null && (mapping.constantValue !== undefined || mapping.nullValue !== undefined)) return false;
  return access.kind === 'string' || access.kind === 'dynamic';
}

interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** Constraints whose (folded) prefix ends here. */
  readonly ends: { readonly slot: number; readonly text: string; readonly caseInsensitive: boolean }[];
}

/**
 * Builds the filter of one field: `(doc, mask)` ANDs into `mask` (one bit per slot) the rules that may
 * match — those not constrained on the field, and those with a prefix some value starts with.
 */
export function createPrefixFilter(
  constraints: readonly (PrefixConstraint | undefined)[],
  field: string,
  mapping: Mapping | null,
): (doc: unknown, mask: Uint32Array) => void {
  const words = Math.ceil(constraints.length / 32);
  const unconstrained = new Uint32Array(words);
  const root: TrieNode = { next: new Map(), ends: [] };
  constraints.forEach((constraint, slot) => {
    if (constraint === undefined) {
      unconstrained[slot >>> 5]! |= 1 << (slot & 31);
      return;
    }
    for (const prefix of constraint.prefixes) {
      let node = root;
      for (let i = 0; i < prefix.text.length; i++) {
        const c = fold(prefix.text.charCodeAt(i));
        let child = node.next.get(c);
        if (child === undefined) {
          child = { next: new Map(), ends: [] };
          node.next.set(c, child);
        }
        node = child;
      }
      node.ends.push({ slot, text: prefix.text, caseInsensitive: prefix.caseInsensitive });
    }
  });
  const access = createFieldAccess(mapping, field);
  const read = createStringReader(access);
  const passing = new Uint32Array(words);
  const one: string[] = [''];
  return (doc, mask) => {
    passing.set(unconstrained);
    const fast = read(doc);
    if (typeof fast === 'string') one[0] = fast;
    const values = typeof fast === 'string' ? one : (fast ?? fieldValues(doc, access));
    for (let v = 0; v < values.length; v++) {
      const value = values[v];
      const text = typeof value === 'string' ? value : String(value);
      let node: TrieNode | undefined = root;
      for (let i = 0; node !== undefined; i++) {
        for (const end of node.ends) {
          // The trie folds ASCII letters; a case-sensitive prefix is checked exactly.
          if (end.caseInsensitive || text.startsWith(end.text)) passing[end.slot >>> 5]! |= 1 << (end.slot & 31);
        }
        if (i >= text.length) break;
        node = node.next.get(fold(text.charCodeAt(i)));
      }
    }
    for (let w = 0; w < words; w++) mask[w]! &= passing[w]!;
  };
}

/** ASCII letters to lower case (EQL-SEMANTICS.md §5 folds ASCII only). */
function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}
