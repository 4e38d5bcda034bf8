/**
 * Hand-built normalized conditions for the prefilter and to-DSL tests (the shapes of src/eql/ast.ts).
 */
import type { Cond, Expr, NormalizedQuery, Scalar } from '../../src/eql/ast.js';

const span = { start: 0, end: 0 };

/** A normalized query around a condition (category field `event.category`, no pipes). */
export function query(condition: Cond): NormalizedQuery {
  return { condition, pipes: [], categoryField: 'event.category' };
}

export const and = (...items: Cond[]): Cond => ({ kind: 'and', items });
export const or = (...items: Cond[]): Cond => ({ kind: 'or', items });
export const constant = (value: boolean): Cond => ({ kind: 'const', value });

export function term(
  field: string,
  values: Exclude<Scalar, null>[],
  opts: { ci?: boolean; negated?: boolean } = {},
): Cond {
  return { kind: 'term', field, values, caseInsensitive: opts.ci ?? false, negated: opts.negated ?? false };
}

export function wildcard(field: string, patterns: string[], opts: { ci?: boolean; negated?: boolean } = {}): Cond {
  return { kind: 'wildcard', field, patterns, caseInsensitive: opts.ci ?? false, negated: opts.negated ?? false };
}

export function regex(field: string, patterns: string[], opts: { ci?: boolean; negated?: boolean } = {}): Cond {
  return { kind: 'regex', field, patterns, caseInsensitive: opts.ci ?? false, negated: opts.negated ?? false };
}

export const range = (field: string, op: '<' | '<=' | '>' | '>=', value: Exclude<Scalar, null>): Cond => ({
  kind: 'range',
  field,
  op,
  value,
});

export const exists = (field: string, negated = false): Cond => ({ kind: 'exists', field, negated });

export const lit = (value: Scalar): Expr => ({ kind: 'literal', value, raw: JSON.stringify(value), span });
export const fieldRef = (name: string): Expr => ({ kind: 'field', name, optional: false, span });

/** A function call expression, e.g. `call('startsWith', [fieldRef('a'), lit('x')])`. */
export function call(name: string, args: Expr[], caseInsensitive = false): Expr {
  return { kind: 'call', name, caseInsensitive, args, span };
}

export function script(expr: Expr, negated = false): Cond {
  return { kind: 'script', expr, negated };
}

/** The seed rule (EQL-SEMANTICS.md §8) as normalizeQuery produces it. */
export const SEED_CONDITION: Cond = and(
  term('event.category', ['file']),
  term('host.os.type', ['linux']),
  term('event.action', ['creation', 'file_create_event']),
  term('process.executable', ['/usr/bin/ssh-keygen']),
  wildcard('file.path', ['/home/*/.ssh/*', '/root/.ssh/*', '/etc/ssh/*'], { ci: true }),
  wildcard('file.name', ['known_hosts.*'], { ci: true, negated: true }),
);
