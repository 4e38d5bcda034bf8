/**
 * Property: the compiled predicate and the reference interpreter agree on generated condition trees ×
 * generated events (nested and dotted keys, arrays — of strings, of numbers, with nulls, nested arrays,
 * objects, empty —, nulls, missing fields, non-ASCII, strings longer than the default mapping's
 * ignore_above), with the default ECS mapping, with none, and with a mapping of every field type.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Cond, Expr, Scalar } from '../../src/eql/ast.js';
import { compileQuery } from '../../src/match/compile.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { DEFAULT_ECS_MAPPING, parseMapping, type Mapping } from '../../src/match/mapping.js';

const FIELDS = ['file.path', 'file.name', 'process.pid', 'user.id', 'event.category', 'x', 'a.b'] as const;
const span = { start: 0, end: 0 };

const text = fc.oneof(
  fc.constantFrom('', 'a', 'A', 'ab', 'known_hosts', 'KNOWN_HOSTS.old', '/home/u/.ssh/id', '/HOME/u/.SSH/x', 'é', 'É', '😀', 'a😀c', '0', '42'),
  fc.constantFrom('1.5', ' 42 ', 'true', 'false', 'NULL', 'fixed', '2024-05-01T10:00:00Z', '10.0.0.1', '::1', '1.2.3', '1.10.0'),
  fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'b', 'A', '/', '.', 'é', '😀', '\n') }),
  fc.constant(`/home/${'x'.repeat(1020)}`),
);
const scalar: fc.Arbitrary<Exclude<Scalar, null>> = fc.oneof(text, fc.integer({ min: -3, max: 50 }), fc.constantFrom(1.5, -0.5, 1e21), fc.boolean());
const pattern = fc.oneof(
  fc.constantFrom('*', 'a*', '*b', '*a*', 'a?c', '/home/*/.ssh/*', 'known_hosts.*', '?', '*😀*', 'A*B'),
  fc.string({ maxLength: 5, unit: fc.constantFrom('a', 'b', 'A', '*', '?', 'é') }),
);
const regex = fc.constantFrom('a.*', '.*b', 'a|b', '[a-c]+', '~(a.*)', '<1-50>', 'a@', '(a|A)(b|B)?', '\\d+');
const fieldExpr = (name: string): Expr => ({ kind: 'field', name, optional: false, span });
const lit = (value: Scalar): Expr => ({ kind: 'literal', value, raw: JSON.stringify(value), span });

function leafOver(fieldNames: readonly string[]): fc.Arbitrary<Cond> {
  const field = fc.constantFrom(...fieldNames);
  return fc.oneof(
    fc.record({ kind: fc.constant('term' as const), field, values: fc.array(scalar, { minLength: 1, maxLength: 3 }), caseInsensitive: fc.boolean(), negated: fc.boolean() }),
    fc.record({ kind: fc.constant('wildcard' as const), field, patterns: fc.array(pattern, { minLength: 1, maxLength: 3 }), caseInsensitive: fc.boolean(), negated: fc.boolean() }),
    fc.record({ kind: fc.constant('regex' as const), field, patterns: fc.array(regex, { minLength: 1, maxLength: 2 }), caseInsensitive: fc.boolean(), negated: fc.boolean() }),
    fc.record({ kind: fc.constant('range' as const), field, op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const), value: scalar }),
    fc.record({ kind: fc.constant('exists' as const), field, negated: fc.boolean() }),
    fc.record({
      kind: fc.constant('script' as const),
      negated: fc.boolean(),
      expr: fc.tuple(field, field, text, fc.constantFrom('startsWith', 'endsWith', 'stringContains', 'length', 'two fields')).map(([f, g, t, fn]): Expr => {
        if (fn === 'length') {
          return { kind: 'compare', op: '>', left: { kind: 'call', name: 'length', caseInsensitive: false, args: [fieldExpr(f)], span }, right: lit(2), span };
        }
        if (fn === 'two fields') return { kind: 'call', name: 'startsWith', caseInsensitive: true, args: [fieldExpr(f), fieldExpr(g)], span };
        return { kind: 'call', name: fn, caseInsensitive: t.length % 2 === 0, args: [fieldExpr(f), lit(t)], span };
      }),
    }),
  );
}

function condOver(fieldNames: readonly string[]): fc.Arbitrary<Cond> {
  const leaf = leafOver(fieldNames);
  return fc.letrec<{ c: Cond }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), items: fc.array(tie('c'), { minLength: 2, maxLength: 3 }) }),
    ),
  })).c;
}

/** One field of each mapping type, and the plain fields again under other types. */
const TYPED_MAPPING: Mapping = parseMapping({
  properties: {
    file: { properties: { path: { type: 'keyword', ignore_above: 1024 }, name: { type: 'keyword', null_value: 'NULL' } } },
    process: { properties: { pid: { type: 'integer' } } },
    user: { properties: { id: { type: 'double' } } },
    event: { properties: { category: { type: 'alias', path: 'file.name' } } },
    x: { type: 'boolean' },
    a: { properties: { b: { type: 'flattened', ignore_above: 3 } } },
    n: { type: 'version' },
    d: { type: 'date' },
    dn: { type: 'date_nanos' },
    ip: { type: 'ip' },
    obj: { type: 'object' },
    nest: { type: 'nested' },
    cst: { type: 'constant_keyword', value: 'fixed' },
    txt: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 5 } } },
    w: { type: 'wildcard' },
    s: { type: 'short' },
    g: { type: 'geo_point' },
  },
});
const TYPED_FIELDS = [...FIELDS, 'n', 'd', 'dn', 'ip', 'obj', 'nest', 'cst', 'txt', 'w', 's', 'g', 'file', 'unmapped.k'] as const;

/** Raw JSON values: scalars, null, arrays of them — with nulls, nested arrays, objects, or empty — and objects. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.array(fc.integer({ min: -3, max: 50 }), { maxLength: 3 }),
  fc.array(fc.oneof(scalar, fc.constant(null)), { maxLength: 3 }),
  fc.array(fc.oneof(scalar, fc.constant(null), fc.array(scalar, { maxLength: 2 }), fc.record({ b: scalar })), { maxLength: 3 }),
  fc.record({ b: scalar }),
);

/** A document that spells each field nested, dotted, or inside an array of objects. */
function docOf(fieldNames: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .array(fc.tuple(fc.constantFrom(...fieldNames), value, fc.constantFrom('nested', 'dotted', 'array')), { maxLength: 6 })
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
}

function agree(c: Cond, docs: readonly unknown[], mapping: Mapping | null): void {
  const q = { condition: c, pipes: [], categoryField: 'event.category' };
  const compiled = compileQuery(q, { mapping });
  const reference = interpretQuery(q, { mapping });
  for (const d of docs) expect(compiled.predicate(d), `${compiled.source}\n${JSON.stringify(d)}`).toBe(reference.predicate(d));
}

describe('compiled predicate == reference interpreter', () => {
  test.for([
    ['the default ECS mapping', DEFAULT_ECS_MAPPING],
    ['no mapping', null],
  ] as const)('with %s', ([, mapping]) => {
    fc.assert(
      fc.property(condOver(FIELDS), fc.array(docOf(FIELDS), { minLength: 1, maxLength: 5 }), (c, docs) => agree(c, docs, mapping)),
      { numRuns: 400 },
    );
  });

  test('with a mapping of every field type (flattened, object, nested, alias, null_value, constant_keyword, ip, version, dates, numbers, booleans, text)', () => {
    fc.assert(
      fc.property(condOver(TYPED_FIELDS), fc.array(docOf(TYPED_FIELDS), { minLength: 1, maxLength: 5 }), (c, docs) => agree(c, docs, TYPED_MAPPING)),
      { numRuns: 600 },
    );
  });

  // Two fields only: and/or trees then often hold several leaves on one field, which compile into one
  // shared per-value test (positive leaves under `or`, must_not leaves under `and`).
  test.for([
    ['the default ECS mapping', DEFAULT_ECS_MAPPING],
    ['no mapping', null],
  ] as const)('with leaves merged on one field, %s', ([, mapping]) => {
    fc.assert(
      fc.property(condOver(['file.name', 'x']), fc.array(docOf(['file.name', 'x']), { minLength: 1, maxLength: 5 }), (c, docs) => agree(c, docs, mapping)),
      { numRuns: 400 },
    );
  });

  test.for([
    ['event.category: ["file"] (Elastic Defend)', { event: { category: ['file'] } }, true],
    ['event.category: ["process", "file"]', { event: { category: ['process', 'file'] } }, true],
    ['event.category: [] (no values)', { event: { category: [] } }, false],
    ['event.category: ["file", null]', { event: { category: ['file', null] } }, true],
    ['event.category: [null]', { event: { category: [null] } }, false],
    ['event.category: [["file"]] (nested array, flattened by ES)', { event: { category: [['file']] } }, true],
    ['event.category: [{"x": "file"}] (an object is no value)', { event: { category: [{ x: 'file' }] } }, false],
    ['event.category: [over-long, "file"]', { event: { category: ['f'.repeat(1025), 'file'] } }, true],
    ['event.category: [over-long "file…"] (ignore_above drops it)', { event: { category: [`file${' '.repeat(1021)}`] } }, false],
    ['event.category: [7] (a number, indexed as "7")', { event: { category: [7] } }, false],
  ] as const)('an array at the end of the path: %s', ([, doc, expected]) => {
    const c: Cond = { kind: 'term', field: 'event.category', values: ['file'], caseInsensitive: false, negated: false };
    const q = { condition: c, pipes: [], categoryField: 'event.category' };
    expect(compileQuery(q, { mapping: DEFAULT_ECS_MAPPING }).predicate(doc)).toBe(expected);
    expect(interpretQuery(q, { mapping: DEFAULT_ECS_MAPPING }).predicate(doc)).toBe(expected);
  });
});
