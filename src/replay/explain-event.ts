/**
 * `explainEvent`: why a rule matched an event or did not — each leaf of the normalized condition with the
 * values its field has *as Elasticsearch indexed them* (after alias, `ignore_above`, `null_value`,
 * coercion: the values model of EQL-SEMANTICS.md §3), the raw values the mapping dropped and why, and
 * the leaf's verdict; then the `and`/`or` structure with its verdicts.
 *
 * Leaf verdicts use the reference interpreter's semantics (each leaf is interpreted on its own; `and`/`or`
 * combine them as the interpreter does), and the overall verdict is checked against the compiled
 * predicate: `agree: false` would be a bug in eql-replay, and says so.
 */
import type { Cond, Expr, NormalizedQuery } from '../eql/ast.js';
import { fieldsOfExpr } from '../eql/expr-fields.js';
import { compileQuery } from '../match/compile.js';
import type { IndexedValue } from '../match/compare-values.js';
import { interpretQuery } from '../match/interpret.js';
import type { FieldMapping, Mapping } from '../match/mapping.js';
import { printLeaf } from '../match/print-cond.js';
import { collectSourceValues, createFieldAccess, fieldValues, indexValue } from '../match/values.js';

/** A raw `_source` value the field does not index, and why. */
export interface DroppedValue {
  readonly value: unknown;
  readonly reason: string;
}

/** What a field holds in the event. */
export interface ExplainedField {
  /** The field as the query names it. */
  readonly field: string;
  /** Where its value is read in `_source`, when an alias or multi-field reads elsewhere. */
  readonly reads: string | null;
  /** `keyword, ignore_above 1024`, `long`, `not in the mapping`… */
  readonly mapping: string;
  /** The indexed values the leaf is evaluated on (existential: some value must satisfy it). */
  readonly values: readonly IndexedValue[];
  /** Raw values that give no indexed value. */
  readonly dropped: readonly DroppedValue[];
}

/** A node of the explained condition. */
export type ExplainedNode =
  | { readonly kind: 'and' | 'or'; readonly verdict: boolean; readonly items: readonly ExplainedNode[] }
  | { readonly kind: 'leaf'; readonly verdict: boolean; readonly text: string; readonly fields: readonly ExplainedField[] };

/** The explanation of one event. */
export interface Explanation {
  /** The reference interpreter's verdict (the root's). */
  readonly verdict: boolean;
  /** The compiled predicate's verdict. */
  readonly compiledVerdict: boolean;
  /** True when both agree (anything else is a bug in eql-replay). */
  readonly agree: boolean;
  readonly tree: ExplainedNode;
}

/**
 * Explains `doc` against `query` under `mapping`.
 * @throws the compile errors of `compileQuery` / `interpretQuery` (`ERR_MATCH_REGEX`, `ERR_MATCH_EVAL`).
 */
export function explainEvent(query: NormalizedQuery, doc: unknown, options: { readonly mapping: Mapping | null }): Explanation {
  const { mapping } = options;
  const leafVerdict = (cond: Cond): boolean => interpretQuery({ condition: cond, pipes: [], categoryField: query.categoryField }, { mapping }).predicate(doc);
  const explain = (cond: Cond): ExplainedNode => {
    if (cond.kind === 'and' || cond.kind === 'or') {
      const items = cond.items.map(explain);
      const verdict = cond.kind === 'and' ? items.every((i) => i.verdict) : items.some((i) => i.verdict);
      return { kind: cond.kind, verdict, items };
    }
    return { kind: 'leaf', verdict: leafVerdict(cond), text: printLeaf(cond), fields: fieldsOfLeaf(cond).map((field) => explainField(doc, field, mapping)) };
  };
  const tree = explain(query.condition);
  const compiledVerdict = compileQuery(query, { mapping }).predicate(doc);
  return { verdict: tree.verdict, compiledVerdict, agree: tree.verdict === compiledVerdict, tree };
}

/** The values a field has in `doc` and the raw values it drops. */
export function explainField(doc: unknown, field: string, mapping: Mapping | null): ExplainedField {
  const access = createFieldAccess(mapping, field);
  const fieldMapping = access.resolved.mapping;
  const dropped: DroppedValue[] = [];
  if (!(fieldMapping?.type === 'constant_keyword' && fieldMapping.constantValue !== undefined)) {
    for (const raw of collectSourceValues(doc, access)) {
      if (indexValue(raw, fieldMapping) === undefined) dropped.push({ value: raw, reason: dropReason(raw, fieldMapping) });
    }
  }
  return {
    field,
    reads: access.resolved.sourcePath === field ? null : access.resolved.sourcePath,
    mapping: describeMapping(fieldMapping),
    values: fieldValues(doc, access),
    dropped,
  };
}

function describeMapping(m: FieldMapping | null): string {
  if (m === null) return 'not in the mapping';
  const parts = [m.type];
  if (m.ignoreAbove !== undefined) parts.push(`ignore_above ${m.ignoreAbove}`);
  if (m.nullValue !== undefined) parts.push(`null_value ${JSON.stringify(m.nullValue)}`);
  if (m.constantValue !== undefined) parts.push(`value ${JSON.stringify(m.constantValue)}`);
  return parts.join(', ');
}

function dropReason(raw: unknown, m: FieldMapping | null): string {
  if (raw === null || raw === undefined) return 'null is no value (no null_value in the mapping)';
  if (m === null) return 'not a string, number or boolean';
  if (typeof raw === 'string' && m.ignoreAbove !== undefined && raw.length > m.ignoreAbove) {
    return `${raw.length} characters: longer than ignore_above ${m.ignoreAbove}, not indexed`;
  }
  return `a ${m.type} field cannot index this ${typeof raw} (Elasticsearch would reject the document)`;
}

/** The fields a leaf reads (a script leaf: every field of its expression, in order). */
function fieldsOfLeaf(cond: Cond): string[] {
  switch (cond.kind) {
    case 'term':
    case 'wildcard':
    case 'regex':
    case 'range':
    case 'exists':
      return [cond.field];
    case 'script':
      return fieldsOfExpr(cond.expr);
    default:
      return [];
  }
}

