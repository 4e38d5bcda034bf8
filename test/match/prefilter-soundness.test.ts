/**
 * The prefilter's one promise: it never rejects a line the predicate accepts. Checked with fast-check over
 * generated conditions × generated events, against match-core's real predicate (`compileQuery`) and its
 * reference interpreter, with events serialized the many ways JSON allows: random `\uXXXX` and `\/`
 * escapes, random key order, nested or dotted keys, arrays, nulls, numbers, case variants.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Cond, Expr, Scalar } from '../../src/eql/ast.js';
import { compileQuery } from '../../src/match/compile.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { DEFAULT_ECS_MAPPING, parseMapping, type Mapping } from '../../src/match/mapping.js';
import { buildPrefilter, prefilterAccepts } from '../../src/match/prefilter.js';
import { createChunkScanner } from '../../src/match/prefilter-scanner.js';
import { SEED_CONDITION, call, fieldRef, lit, query } from './prefilter-fixtures.js';

// ───────────────────────── the world: fields, values, patterns ─────────────────────────

const TEST_MAPPING = parseMapping({
  properties: {
    kw: { type: 'keyword', ignore_above: 12 },
    n: { type: 'long' },
    nv: { type: 'keyword', null_value: 'NV' },
    al: { type: 'alias', path: 'kw' },
    t: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    b: { properties: { c: { type: 'keyword' } } },
  },
});

/** Fields a query may name; `al` is an alias (documents never hold it). */
const QUERY_FIELDS = ['a', 'b.c', 'kw', 'n', 'nv', 'al', 't'] as const;
/** Fields a document may hold. */
const DOC_FIELDS = ['a', 'b.c', 'kw', 'n', 'nv', 't'] as const;

const STRINGS = [
  'linux', 'LINUX', 'Linux', '/usr/bin/ssh-keygen', '/USR/bin/ssh-keygen', '/home/a/.ssh/id', '/HOME/b/.SSH/x',
  '/root/.ssh/k', '0', ' 42 ', '42', '1e2', '100', 'true', 'True', 'false', 'é', 'É', 'x"y', 'a\\b', 'NV', 'nv',
  '', 'abc', 'ssh', 'known_hosts.1', 'KNOWN_HOSTS.old', 'ab/cd', 'ñandú', '😀x',
] as const;
const NUMBERS = [0, 42, 100, 1.5, -1, 1e21] as const;
const VALUES: readonly Scalar[] = [...STRINGS, ...NUMBERS, true, false, null];

const WILDCARDS = [
  '*ssh*', '/home/*/.ssh/*', '*.ssh/*', '/root/.ssh/*', 'lin*', '*ux', 'l?nux', '*', 'known_hosts.*', 'x"*', 'a\\*',
  '*1*', '4*', 'tr*', '*é', '/usr/bin/ssh-keygen', '*bin/ssh*',
] as const;
const REGEXES = [
  'lin.*', '[a-z]+ux', '/usr/(s)?bin/.*', '.*ssh.*', 'abc|linux', 'LIN.*', '.*\\.ssh/.*', 'x\\"y', 'l"inu"x',
  '(ab|cd)/cd', '4.*', 'a\\\\b', 'é', '.*(known|hosts).*', '~(linux)', 'lin(ux)+',
] as const;

const scalarArb = fc.constantFrom(...VALUES);
const nonNullArb = scalarArb.filter((v): v is Exclude<Scalar, null> => v !== null);
const stringArb = fc.constantFrom(...STRINGS);
const fieldArb = fc.constantFrom(...QUERY_FIELDS);

const leafArb: fc.Arbitrary<Cond> = fc.oneof(
  fc.record({
    kind: fc.constant('term' as const),
    field: fieldArb,
    values: fc.array(nonNullArb, { minLength: 1, maxLength: 3 }),
    caseInsensitive: fc.boolean(),
    negated: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('wildcard' as const),
    field: fieldArb,
    patterns: fc.array(fc.constantFrom(...WILDCARDS), { minLength: 1, maxLength: 3 }),
    caseInsensitive: fc.boolean(),
    negated: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('regex' as const),
    field: fieldArb,
    patterns: fc.array(fc.constantFrom(...REGEXES), { minLength: 1, maxLength: 2 }),
    caseInsensitive: fc.boolean(),
    negated: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('range' as const),
    field: fieldArb,
    op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const),
    value: nonNullArb,
  }),
  fc.record({ kind: fc.constant('exists' as const), field: fieldArb, negated: fc.boolean() }),
  fc.record({
    kind: fc.constant('script' as const),
    expr: fc
      .record({
        name: fc.constantFrom('startsWith', 'endsWith', 'stringContains'),
        field: fieldArb,
        constant: stringArb,
        ci: fc.boolean(),
      })
      .map(({ name, field, constant, ci }): Expr => call(name, [fieldRef(field), lit(constant)], ci)),
    negated: fc.boolean(),
  }),
  fc.boolean().map((value): Cond => ({ kind: 'const', value })),
);

const condArb: fc.Arbitrary<Cond> = fc.letrec<{ cond: Cond }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((items): Cond => ({ kind: 'and', items })),
    fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((items): Cond => ({ kind: 'or', items })),
  ),
})).cond;

// ───────────────────────── events and their many serializations ─────────────────────────

type FieldValue = Scalar | Scalar[] | undefined;
const fieldValueArb: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.constant(undefined),
  scalarArb,
  fc.array(scalarArb, { maxLength: 3 }),
);
const eventArb = fc.record(
  Object.fromEntries(DOC_FIELDS.map((f) => [f, fieldValueArb])) as Record<(typeof DOC_FIELDS)[number], fc.Arbitrary<FieldValue>>,
);

interface Style {
  /** Per-character chance (0..1) of writing a string character as \uXXXX. */
  readonly escapeRate: number;
  /** Write `/` as `\/`. */
  readonly escapeSlash: boolean;
  /** Write `b.c` as the dotted key rather than nested objects. */
  readonly dotted: boolean;
  /** A permutation seed for key order. */
  readonly order: number;
  /** Choices for the per-character escapes. */
  readonly coins: readonly number[];
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  escapeRate: fc.constantFrom(0, 0, 0.1, 0.5, 1),
  escapeSlash: fc.boolean(),
  dotted: fc.boolean(),
  order: fc.nat(),
  coins: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
});

/** JSON text of a string with the style's escapes (a valid JSON string either way). */
function writeString(s: string, style: Style, counter: { i: number }): string {
  let out = '"';
  for (const ch of s) {
    const coin = style.coins[counter.i++ % style.coins.length]!;
    if (ch === '"' || ch === '\\' || ch < ' ' || coin < style.escapeRate) {
      // Escape every UTF-16 unit of the character (a surrogate pair becomes two \u escapes).
      for (let k = 0; k < ch.length; k++) out += `\\u${ch.charCodeAt(k).toString(16).padStart(4, '0')}`;
    } else if (ch === '/' && style.escapeSlash) {
      out += '\\/';
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

function writeValue(value: unknown, style: Style, counter: { i: number }): string {
  if (typeof value === 'string') return writeString(value, style, counter);
  if (Array.isArray(value)) return `[${value.map((v) => writeValue(v, style, counter)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    // A deterministic shuffle of key order from the style's seed.
    const order = entries.map((e, i) => ({ e, k: (i * 2654435761 + style.order) % 1009 })).sort((x, y) => x.k - y.k);
    return `{${order.map(({ e: [k, v] }) => `${writeString(k, style, counter)}:${writeValue(v, style, counter)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The document as an object (nested or dotted for `b.c`) and as one serialized line. */
function serialize(event: Record<string, FieldValue>, style: Style): { doc: unknown; line: string } {
  const doc: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event)) {
    if (value === undefined) continue;
    if (field === 'b.c' && !style.dotted) doc['b'] = { c: value };
    else doc[field] = value;
  }
  const line = writeValue(doc, style, { i: 0 });
  return { doc: JSON.parse(line) as unknown, line };
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const MAPPINGS: readonly (Mapping | null)[] = [null, TEST_MAPPING, DEFAULT_ECS_MAPPING];

describe('the prefilter never rejects a line the predicate accepts', () => {
  test('generated conditions × generated events in every serialization (compileQuery and interpretQuery)', () => {
    let accepted = 0;
    let rejectedByPrefilter = 0;
    fc.assert(
      fc.property(
        condArb,
        fc.constantFrom(...MAPPINGS),
        fc.array(fc.tuple(eventArb, styleArb), { minLength: 1, maxLength: 8 }),
        (condition, mapping, events) => {
          const q = query(condition);
          const compiled = compileQuery(q, { mapping });
          const reference = interpretQuery(q, { mapping });
          const prefilter = buildPrefilter(q, { mapping });
          const scan = createChunkScanner(prefilter);
          const rendered = events.map(([event, style]) => serialize(event, style));
          const candidates = new Set(scan(bytes(rendered.map((r) => r.line).join('\n'))).candidates);
          rendered.forEach(({ doc, line }, i) => {
            const matches = compiled.predicate(doc);
            expect(reference.predicate(doc)).toBe(matches);
            const passes = prefilterAccepts(prefilter, bytes(line));
            expect(candidates.has(i)).toBe(passes);
            if (matches) {
              accepted++;
              expect(passes, `prefilter rejected a matching line: ${line}`).toBe(true);
            } else if (!passes) {
              rejectedByPrefilter++;
            }
          });
        },
      ),
      { numRuns: 4000 },
    );
    // Not vacuous: many events matched, and the prefilter did reject some non-matching ones.
    expect(accepted).toBeGreaterThan(1000);
    expect(rejectedByPrefilter).toBeGreaterThan(1000);
  });

  test('the seed rule on its own near misses and positives, escaped every way', () => {
    const q = query(SEED_CONDITION);
    const compiled = compileQuery(q, { mapping: DEFAULT_ECS_MAPPING });
    const prefilter = buildPrefilter(q, { mapping: DEFAULT_ECS_MAPPING });
    const executables = ['/usr/bin/ssh-keygen', '/usr/local/bin/ssh-keygen', '/USR/BIN/SSH-KEYGEN'];
    const paths = ['/home/a/.ssh/id_rsa', '/HOME/a/.SSH/x', '/home//.ssh/x', '/root/.ssh/k', '/etc/ssh/ssh_host_rsa_key', '/rootx/.ssh/k', '/home/a/.ssh2/x'];
    const names = [undefined, 'known_hosts', 'known_hosts.old', 'KNOWN_HOSTS.x', 'id_rsa'];
    let matched = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...executables),
        fc.constantFrom(...paths),
        fc.constantFrom(...names),
        fc.constantFrom<unknown>(['creation'], 'creation', 'file_create_event', 'rename'),
        styleArb,
        (exe, path, name, action, style) => {
          const event = {
            event: { category: ['file'], action },
            host: { os: { type: 'linux' } },
            process: { executable: exe },
            file: name === undefined ? { path } : { path, name },
          };
          const line = writeValue(event, style, { i: 0 });
          const matches = compiled.predicate(JSON.parse(line));
          if (matches) matched++;
          if (matches) expect(prefilterAccepts(prefilter, bytes(line)), line).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    expect(matched).toBeGreaterThan(100);
  });

  // Cases too rare for the generator to hit reliably, each a way a literal hides in a raw line.
  const term = (field: string, values: Exclude<Scalar, null>[], caseInsensitive = false): Cond => ({
    kind: 'term',
    field,
    values,
    caseInsensitive,
    negated: false,
  });
  const wildcard = (field: string, patterns: string[], caseInsensitive = false): Cond => ({
    kind: 'wildcard',
    field,
    patterns,
    caseInsensitive,
    negated: false,
  });
  const HIDDEN: { name: string; cond: Cond; mapping: Mapping | null; line: string }[] = [
    { name: 'a number equals a trimmed numeric string', cond: term('a', [' 42 ']), mapping: null, line: '{"a":42}' },
    { name: 'a keyword number equals its string form', cond: term('kw', ['100']), mapping: TEST_MAPPING, line: '{"kw":1e2}' },
    { name: 'a boolean equals "true"', cond: term('a', ['true']), mapping: null, line: '{"a":true}' },
    { name: 'a wildcard run inside a number form', cond: wildcard('a', ['*e+21']), mapping: null, line: '{"a":1e21}' },
    { name: 'a null matches null_value', cond: term('nv', ['NV']), mapping: TEST_MAPPING, line: '{"nv":null}' },
    { name: 'a null matches null_value case-insensitively', cond: term('nv', ['nv'], true), mapping: TEST_MAPPING, line: '{"nv":null}' },
    { name: 'a null matches a pattern through null_value', cond: wildcard('nv', ['N*']), mapping: TEST_MAPPING, line: '{"nv":[null]}' },
    { name: 'an alias reads its target', cond: term('al', ['abc']), mapping: TEST_MAPPING, line: '{"kw":"abc"}' },
    { name: 'a dotted key', cond: term('b.c', ['abc']), mapping: null, line: '{"b.c":"abc"}' },
    { name: 'an escaped slash', cond: wildcard('a', ['/home/*/.ssh/*'], true), mapping: null, line: String.raw`{"a":"\/HOME\/x\/.SSH\/k"}` },
    { name: 'a \\u-escaped letter in a case-insensitive value', cond: term('a', ['linux'], true), mapping: null, line: String.raw`{"a":"LI\u004eUX"}` },
    { name: 'a surrogate pair escaped', cond: term('a', ['\u{1F600}x']), mapping: null, line: String.raw`{"a":"\ud83d\ude00x"}` },
    { name: 'an escaped quote inside a value', cond: term('a', ['x"y']), mapping: null, line: String.raw`{"a":"x\"y"}` },
    {
      name: 'a startsWith constant',
      cond: { kind: 'script', expr: call('startsWith', [fieldRef('a'), lit('ab/')]), negated: false },
      mapping: null,
      line: String.raw`{"a":["zz","ab\/cd"]}`,
    },
  ];
  test.for(HIDDEN)('$name: matched and accepted', (c) => {
    const q = query(c.cond);
    expect(compileQuery(q, { mapping: c.mapping }).predicate(JSON.parse(c.line))).toBe(true);
    const prefilter = buildPrefilter(q, { mapping: c.mapping });
    expect(prefilterAccepts(prefilter, bytes(c.line))).toBe(true);
    expect([...createChunkScanner(prefilter)(bytes(`{}\n${c.line}`)).candidates]).toContain(1);
  });
});
