/**
 * fast-check arbitraries for valid ASTs (as the parser would build them): fields with odd and backticked
 * names, strings with escapes/unicode/quotes, numbers, nested and/or/not, in, patterns, calls, arithmetic,
 * lineage, and sequence/sample/join statements. Spans are dummies (the round trip compares without them).
 */
import fc from 'fast-check';
import type { EventQuery, Expr, LiteralExpr, Pipe, Query, Stage, Statement, TimeSpan } from '../../../src/eql/ast.js';
import { printString } from '../../../src/eql/print.js';

const SPAN = { start: 0, end: 0 };
const KNOWN = ['add', 'between', 'cidrMatch', 'concat', 'endsWith', 'indexOf', 'length', 'number', 'startsWith', 'string', 'stringContains', 'substring'];
const UNKNOWN = ['foo', 'myFunction', 'x1', '_private', '@at'];

const segment = fc.oneof(
  fc.constantFrom('process', 'name', 'executable', '@timestamp', '_id', 'a1', 'X'),
  fc.constantFrom('sequence', 'and', 'in', 'where', 'null', 'true', 'any', 'of'),
  fc.constantFrom('my-field', 'with space', 'back`tick', '0', '9lives', 'é', '日本', 'a~b', '?x', ''),
  fc.string({ maxLength: 6 }).filter((s) => !s.includes('.')),
);

const fieldName = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));

const field: fc.Arbitrary<Expr> = fc
  .record({ name: fieldName, optional: fc.boolean() })
  .map(({ name, optional }) => ({ kind: 'field', name, optional, span: SPAN }));

const stringValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('"', '\\', '""', '"""', 'a"b', 'C:\\Windows\\*', '\n\t\r\b\f', '\u0000\u001f\u007f', '💩é', '*?', ''),
);

const literal: fc.Arbitrary<LiteralExpr> = fc.oneof(
  stringValue.map((value): LiteralExpr => ({ kind: 'literal', value, raw: printString(value), span: SPAN })),
  fc.nat().map((n): LiteralExpr => ({ kind: 'literal', value: n, raw: String(n), span: SPAN })),
  fc
    .double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true })
    .map((n): LiteralExpr => ({ kind: 'literal', value: n, raw: String(n), span: SPAN })),
  fc.constantFrom<LiteralExpr>(
    { kind: 'literal', value: true, raw: 'true', span: SPAN },
    { kind: 'literal', value: false, raw: 'false', span: SPAN },
    { kind: 'literal', value: null, raw: 'null', span: SPAN },
    { kind: 'literal', value: 1, raw: '1.0', span: SPAN },
    { kind: 'literal', value: 0.5, raw: '.5', span: SPAN },
    { kind: 'literal', value: 1500, raw: '1.5e3', span: SPAN },
  ),
);

const category = fc.oneof(
  fc.constant(null),
  fc.constantFrom('process', 'file', 'network', '@x', 'sequence', 'my category', 'any', ''),
  fc.string({ maxLength: 5 }),
);

/** Flattens directly nested and/or of the same kind, as the parser does (ast.ts LogicalExpr). */
function flat(kind: 'and' | 'or', operands: readonly Expr[]): Expr {
  const out: Expr[] = [];
  for (const o of operands) {
    if (o.kind === kind) out.push(...o.operands);
    else out.push(o);
  }
  return { kind, operands: out, span: SPAN };
}

const { expr } = fc.letrec<{ expr: Expr; event: EventQuery }>((tie) => {
  const e = tie('expr') as fc.Arbitrary<Expr>;
  const small = fc.array(e, { minLength: 1, maxLength: 3 });
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      field,
      literal,
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(e, { minLength: 2, maxLength: 3 }) }).map((r) => flat(r.kind, r.operands)),
      e.map((operand): Expr => ({ kind: 'not', operand, span: SPAN })),
      fc.record({ op: fc.constantFrom('==', '!=', '<', '<=', '>', '>=' as const), left: e, right: e }).map((r): Expr => ({ kind: 'compare', ...r, span: SPAN })),
      fc.record({ operand: e, values: small, negated: fc.boolean(), caseInsensitive: fc.boolean() }).map((r): Expr => ({ kind: 'in', ...r, span: SPAN })),
      fc
        .record({
          op: fc.constantFrom(':' as const, 'like' as const, 'regex' as const),
          operand: e,
          patterns: fc.array(fc.oneof(literal, literal.map((l): Expr => ({ kind: 'unary', op: '-', operand: l, span: SPAN })), e), { minLength: 1, maxLength: 3 }),
          ci: fc.boolean(),
        })
        .map((r): Expr => ({ kind: 'pattern', op: r.op, operand: r.operand, patterns: r.patterns, caseInsensitive: r.op === ':' || r.ci, span: SPAN })),
      fc
        .record({ name: fc.constantFrom(...KNOWN, ...UNKNOWN), ci: fc.boolean(), args: fc.array(e, { maxLength: 3 }) })
        .map((r): Expr => ({ kind: 'call', name: r.name, caseInsensitive: r.ci && /^[A-Za-z]/.test(r.name), args: r.args, span: SPAN })),
      fc.record({ op: fc.constantFrom('+', '-', '*', '/', '%' as const), left: e, right: e }).map((r): Expr => ({ kind: 'arith', ...r, span: SPAN })),
      fc.record({ op: fc.constantFrom('-', '+' as const), operand: e }).map((r): Expr => ({ kind: 'unary', ...r, span: SPAN })),
      fc.record({ relation: fc.constantFrom('child', 'descendant', 'event' as const), query: tie('event') as fc.Arbitrary<EventQuery> }).map((r): Expr => ({ kind: 'lineage', ...r, span: SPAN })),
    ),
    event: fc.record({ category, condition: e }).map((r): EventQuery => ({ kind: 'event', ...r, span: SPAN })),
  };
});

export const exprArbitrary: fc.Arbitrary<Expr> = expr;

const eventQuery: fc.Arbitrary<EventQuery> = fc.record({ category, condition: expr }).map((r) => ({ kind: 'event', ...r, span: SPAN }));

const keys = fc.array(fc.oneof(field, expr), { maxLength: 2 });

function stage(options: { missing: boolean; runs: boolean }): fc.Arbitrary<Stage> {
  return fc
    .record({ query: eventQuery, by: keys, runs: fc.option(fc.nat(20)), missing: fc.boolean() })
    .map((r) => ({ ...r, runs: options.runs ? r.runs : null, missing: options.missing && r.missing, span: SPAN }));
}

const timeSpan: fc.Arbitrary<TimeSpan> = fc
  .record({ value: fc.nat(1000), unit: fc.constantFrom('ms', 's', 'm', 'h', 'd', null) })
  .map((r) => ({ ...r, span: SPAN }));

const query: fc.Arbitrary<Query> = fc.oneof(
  { weight: 3, arbitrary: eventQuery },
  fc
    .record({ by: keys, maxspan: fc.option(timeSpan), stages: fc.array(stage({ missing: true, runs: true }), { minLength: 1, maxLength: 3 }), until: fc.option(stage({ missing: false, runs: false })) })
    .map((r): Query => ({ kind: 'sequence', ...r, span: SPAN })),
  fc
    .record({ by: keys, stages: fc.array(stage({ missing: false, runs: false }), { minLength: 1, maxLength: 3 }) })
    .map((r): Query => ({ kind: 'sample', ...r, span: SPAN })),
  fc
    .record({ by: keys, stages: fc.array(stage({ missing: false, runs: false }), { minLength: 1, maxLength: 3 }), until: fc.option(stage({ missing: false, runs: false })) })
    .map((r): Query => ({ kind: 'join', ...r, span: SPAN })),
);

const pipe: fc.Arbitrary<Pipe> = fc
  .record({ name: fc.constantFrom('head', 'tail', 'unique', 'filter', 'count'), args: fc.array(expr, { maxLength: 2 }) })
  .map((r) => ({ ...r, span: SPAN }));

/** A whole statement; `source` is left empty (it is stripped before comparing). */
export const statementArbitrary: fc.Arbitrary<Statement> = fc
  .record({ query, pipes: fc.array(pipe, { maxLength: 2 }) })
  .map((r) => ({ ...r, source: '' }));
