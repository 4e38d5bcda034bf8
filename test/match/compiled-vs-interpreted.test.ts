/**
 * Property: the compiled predicate and the reference interpreter agree on generated condition trees ×
 * generated events (nested and dotted keys, arrays, nulls, missing fields, non-ASCII, strings longer than
 * the default mapping's ignore_above), with the default ECS mapping and with none.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Cond, Expr, Scalar } from '../../src/eql/ast.js';
import { compileQuery } from '../../src/match/compile.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';

const FIELDS = ['file.path', 'file.name', 'process.pid', 'user.id', 'event.category', 'x', 'a.b'] as const;
const span = { start: 0, end: 0 };

const text = fc.oneof(
  fc.constantFrom('', 'a', 'A', 'ab', 'known_hosts', 'KNOWN_HOSTS.old', '/home/u/.ssh/id', '/HOME/u/.SSH/x', 'é', 'É', '😀', 'a😀c', '0', '42'),
  fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'b', 'A', '/', '.', 'é', '😀', '\n') }),
  fc.constant(`/home/${'x'.repeat(1020)}`),
);
const scalar: fc.Arbitrary<Exclude<Scalar, null>> = fc.oneof(text, fc.integer({ min: -3, max: 50 }), fc.boolean());
const pattern = fc.oneof(
  fc.constantFrom('*', 'a*', '*b', '*a*', 'a?c', '/home/*/.ssh/*', 'known_hosts.*', '?', '*😀*', 'A*B'),
  fc.string({ maxLength: 5, unit: fc.constantFrom('a', 'b', 'A', '*', '?', 'é') }),
);
const regex = fc.constantFrom('a.*', '.*b', 'a|b', '[a-c]+', '~(a.*)', '<1-50>', 'a@', '(a|A)(b|B)?', '\\d+');
const field = fc.constantFrom(...FIELDS);
const fieldExpr = (name: string): Expr => ({ kind: 'field', name, optional: false, span });
const lit = (value: Scalar): Expr => ({ kind: 'literal', value, raw: JSON.stringify(value), span });

const leaf: fc.Arbitrary<Cond> = fc.oneof(
  fc.record({ kind: fc.constant('term' as const), field, values: fc.array(scalar, { minLength: 1, maxLength: 3 }), caseInsensitive: fc.boolean(), negated: fc.boolean() }),
  fc.record({ kind: fc.constant('wildcard' as const), field, patterns: fc.array(pattern, { minLength: 1, maxLength: 3 }), caseInsensitive: fc.boolean(), negated: fc.boolean() }),
  fc.record({ kind: fc.constant('regex' as const), field, patterns: fc.array(regex, { minLength: 1, maxLength: 2 }), caseInsensitive: fc.boolean(), negated: fc.boolean() }),
  fc.record({ kind: fc.constant('range' as const), field, op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const), value: scalar }),
  fc.record({ kind: fc.constant('exists' as const), field, negated: fc.boolean() }),
  fc.record({
    kind: fc.constant('script' as const),
    negated: fc.boolean(),
    expr: fc.tuple(field, text, fc.constantFrom('startsWith', 'endsWith', 'stringContains', 'length')).map(([f, t, fn]): Expr =>
      fn === 'length'
        ? { kind: 'compare', op: '>', left: { kind: 'call', name: 'length', caseInsensitive: false, args: [fieldExpr(f)], span }, right: lit(2), span }
        : { kind: 'call', name: fn, caseInsensitive: t.length % 2 === 0, args: [fieldExpr(f), lit(t)], span },
    ),
  }),
);

const cond: fc.Arbitrary<Cond> = fc.letrec<{ c: Cond }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), items: fc.array(tie('c'), { minLength: 2, maxLength: 3 }) }),
  ),
})).c;

const value: fc.Arbitrary<unknown> = fc.oneof(scalar, fc.constant(null), fc.array(fc.oneof(scalar, fc.constant(null)), { maxLength: 3 }));
/** A document that spells each field nested, dotted, or inside an array of objects. */
const doc: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(field, value, fc.constantFrom('nested', 'dotted', 'array')), { maxLength: 6 })
  .map((entries) => {
    const out: Record<string, unknown> = {};
    for (const [name, v, shape] of entries) {
      const [head, ...rest] = name.split('.');
      if (shape === 'dotted' || rest.length === 0) out[name] = v;
      else if (shape === 'array') out[head!] = [{ [rest.join('.')]: v }, { other: 1 }];
      else {
        const inner = (typeof out[head!] === 'object' && out[head!] !== null && !Array.isArray(out[head!]) ? out[head!] : {}) as Record<string, unknown>;
        inner[rest.join('.')] = v;
        out[head!] = inner;
      }
    }
    return out;
  });

describe('compiled predicate == reference interpreter', () => {
  test.for([
    ['the default ECS mapping', DEFAULT_ECS_MAPPING],
    ['no mapping', null],
  ] as const)('with %s', ([, mapping]) => {
    fc.assert(
      fc.property(cond, fc.array(doc, { minLength: 1, maxLength: 5 }), (c, docs) => {
        const q = { condition: c, pipes: [], categoryField: 'event.category' };
        const compiled = compileQuery(q, { mapping });
        const reference = interpretQuery(q, { mapping });
        for (const d of docs) expect(compiled.predicate(d)).toBe(reference.predicate(d));
      }),
      { numRuns: 400 },
    );
  });
});
