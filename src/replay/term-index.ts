/**
 * A term index over a rule set, for `parse-all` mode: the rules to evaluate on an event, chosen from a
 * few of its field values, and proven to satisfy their indexed terms so that they run without them.
 *
 * Rules of a pack start alike: `file where host.os.type == "linux" and event.action == "creation" and …`
 * normalizes to a top-level `and` of positive, case-sensitive `term` leaves on `event.category`,
 * `host.os.type`, `event.action`… (EQL-SEMANTICS.md §2). Such a term is true exactly when some value of
 * the field equals one of its values. So, for the few fields most rules constrain this way, the index
 * keeps per field and per value the set of rules that value lets through (rules constraining the field
 * with that value, and rules not constraining it); an event's rules are the intersection over the
 * indexed fields of the union over its values. A rule of a `file` event runs only if the event's action
 * is one its rule accepts — and without re-reading the category, OS type and action (each rule is
 * compiled a second time without its indexed terms).
 *
 * The index only ever skips a rule whose predicate would be false: values are read with the predicate's
 * values model (mapping, aliases, dotted keys, arrays, `ignore_above`), a field whose mapping makes a term
 * something else than string equality is not indexed, and an event with a non-string value in an indexed
 * field runs every rule whole.
 */
import type { Cond, NormalizedQuery, TermCond } from '../eql/ast.js';
import type { Mapping } from '../match/mapping.js';
import { createFieldAccess, fieldValues, type FieldAccess } from '../match/values.js';
import { createStringReader } from './string-field-reader.js';

/** At most this many fields are indexed (each costs one read per event). */
export const MAX_INDEX_FIELDS = 4;

/** A rule's indexable terms: field → the values one of which some value of the field must equal. */
export type RuleTerms = ReadonlyMap<string, readonly string[]>;

/**
 * The rules to evaluate on an event. When `proven`, each satisfies its indexed terms on this event and may
 * run without them; otherwise the rules must run whole. Shared objects: valid until the next call.
 */
export interface IndexedRules {
  readonly slots: readonly number[];
  readonly proven: boolean;
}

/** Picks the rules of an event. */
export type TermDispatch = (doc: unknown) => IndexedRules;

/**
 * The top-level positive, case-sensitive, all-string `term` leaves of a query (the condition itself, or the
 * items of its top-level `and`), the first per field.
 */
export function indexableTerms(query: NormalizedQuery): Map<string, TermCond> {
  const out = new Map<string, TermCond>();
  const c = query.condition;
  for (const item of c.kind === 'and' ? c.items : [c]) {
    if (item.kind === 'term' && !item.negated && !item.caseInsensitive && item.values.length > 0 && item.values.every((v) => typeof v === 'string')) {
      if (!out.has(item.field)) out.set(item.field, item);
    }
  }
  return out;
}

/** The query without the given top-level term leaves (they are proven true): what remains to check. */
export function withoutTerms(query: NormalizedQuery, terms: readonly Cond[]): NormalizedQuery {
  if (terms.length === 0) return query;
  const c = query.condition;
  const items = c.kind === 'and' ? c.items : [c];
  const rest = items.filter((item) => !terms.includes(item));
  const condition: Cond = rest.length === 0 ? { kind: 'const', value: true } : rest.length === 1 ? rest[0]! : { kind: 'and', items: rest };
  return { ...query, condition };
}

/**
 * The fields worth indexing: constrained by at least two rules (or by the only rule), most constrained
 * first, at most {@link MAX_INDEX_FIELDS}, and only fields whose terms are plain string equality under
 * `mapping`.
 */
export function chooseIndexFields(rules: readonly ReadonlyMap<string, TermCond>[], mapping: Mapping | null): string[] {
  const counts = new Map<string, number>();
  for (const terms of rules) for (const field of terms.keys()) counts.set(field, (counts.get(field) ?? 0) + 1);
  const minimum = rules.length === 1 ? 1 : 2;
  return [...counts]
    .filter(([field, n]) => n >= minimum && isExactStringField(createFieldAccess(mapping, field)))
    .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_INDEX_FIELDS)
    .map(([field]) => field);
}

function isExactStringField(access: FieldAccess): boolean {
  const mapping = access.resolved.mapping;
  // A constant_keyword's value lives in the mapping, a null_value stands for a JSON null: keep the general path.
  if (mapping !== null && (mapping.constantValue !== undefined || mapping.nullValue !== undefined)) return false;
  return access.kind === 'string' || access.kind === 'dynamic';
}

/** Narrows a rule mask for an event (one bit per slot); e.g. a prefix filter (prefix-index.ts). */
export type RuleFilter = (doc: unknown, mask: Uint32Array) => void;

/**
 * Builds the dispatch over the live rules. `terms[slot]` are the rule's indexed terms (only fields of
 * `fields`); `filters` narrow the rules further without proving anything; rules run in slot order.
 */
export function createTermDispatch(
  terms: readonly RuleTerms[],
  live: readonly boolean[],
  fields: readonly string[],
  mapping: Mapping | null,
  filters: readonly RuleFilter[] = [],
): TermDispatch {
  const slots = terms.map((_, slot) => slot).filter((slot) => live[slot] === true);
  const everything: IndexedRules = { slots, proven: false };
  const unindexed: IndexedRules = { slots, proven: true };
  if (fields.length === 0 && filters.length === 0) return () => unindexed;
  const words = Math.ceil(terms.length / 32);
  const bitsOf = (list: readonly number[]): Uint32Array => {
    const bits = new Uint32Array(words);
    for (const slot of list) bits[slot >>> 5]! |= 1 << (slot & 31);
    return bits;
  };
  const indexed = fields.map((field) => {
    const unconstrained = slots.filter((slot) => !terms[slot]!.has(field));
    const byValue = new Map<string, Uint32Array>();
    for (const slot of slots) {
      for (const value of terms[slot]!.get(field) ?? []) {
        const bits = byValue.get(value) ?? bitsOf(unconstrained);
        bits[slot >>> 5]! |= 1 << (slot & 31);
        byValue.set(value, bits);
      }
    }
    const access = createFieldAccess(mapping, field);
    return { access, read: createStringReader(access), byValue, none: bitsOf(unconstrained) };
  });
  const all = bitsOf(slots);
  const mask = new Uint32Array(words);
  const union = new Uint32Array(words);
  const out: number[] = [];
  const result = { slots: out, proven: true };

  const and = (bits: Uint32Array): void => {
    for (let w = 0; w < words; w++) mask[w]! &= bits[w]!;
  };

  return (doc) => {
    mask.set(all);
    for (let f = 0; f < indexed.length; f++) {
      const field = indexed[f]!;
      const fast = field.read(doc);
      // The common case: one string value (no array, no union to build).
      if (typeof fast === 'string') {
        and(field.byValue.get(fast) ?? field.none);
        continue;
      }
      const values = fast ?? fieldValues(doc, field.access);
      if (values.length === 0) {
        and(field.none);
        continue;
      }
      union.fill(0);
      for (let v = 0; v < values.length; v++) {
        const value = values[v];
        if (typeof value !== 'string') return everything;
        const bits = field.byValue.get(value) ?? field.none;
        for (let w = 0; w < words; w++) union[w]! |= bits[w]!;
      }
      and(union);
    }
    for (const filter of filters) filter(doc, mask);
    out.length = 0;
    for (let w = 0; w < words; w++) {
      let bits = mask[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        out.push(w * 32 + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
    return result;
  };
}
