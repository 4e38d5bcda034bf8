/**
 * Compact builders for expected {@link Cond} trees, and a view of a Cond whose script leaves show their
 * expression as an S-expression (so tables can state them exactly without spans).
 */
import type { Cond, Scalar } from '../../../src/eql/ast.js';
import { sexpr } from './sexpr.js';

type Value = Exclude<Scalar, null>;
type Flags = { ci?: boolean; neg?: boolean };

export const term = (field: string, values: Value[], f: Flags = {}) =>
  ({ kind: 'term', field, values, caseInsensitive: f.ci ?? false, negated: f.neg ?? false }) as const;
export const wildcard = (field: string, patterns: string[], f: Flags = {}) =>
  ({ kind: 'wildcard', field, patterns, caseInsensitive: f.ci ?? false, negated: f.neg ?? false }) as const;
export const regex = (field: string, patterns: string[], f: Flags = {}) =>
  ({ kind: 'regex', field, patterns, caseInsensitive: f.ci ?? false, negated: f.neg ?? false }) as const;
export const range = (field: string, op: '<' | '<=' | '>' | '>=', value: Value) => ({ kind: 'range', field, op, value }) as const;
export const exists = (field: string, negated = false) => ({ kind: 'exists', field, negated }) as const;
export const and = (...items: unknown[]) => ({ kind: 'and', items });
export const or = (...items: unknown[]) => ({ kind: 'or', items });
export const constant = (value: boolean) => ({ kind: 'const', value }) as const;
export const script = (expr: string, negated = false) => ({ kind: 'script', expr, negated }) as const;

/** The Cond with each script leaf's expression rendered as an S-expression. */
export function view(cond: Cond): unknown {
  switch (cond.kind) {
    case 'and':
    case 'or':
      return { kind: cond.kind, items: cond.items.map(view) };
    case 'script':
      return { kind: 'script', expr: sexpr(cond.expr), negated: cond.negated };
    default:
      return cond;
  }
}
