/**
 * The generated field getters: which shapes take the fast path (no call to the general values model)
 * and that every answer, fast or not, is exactly `fieldValues`'s (EQL-SEMANTICS.md §3).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { generateGetter } from '../../src/match/generate-getter.js';
import { DEFAULT_ECS_MAPPING, parseMapping, type Mapping } from '../../src/match/mapping.js';
import { createFieldAccess, fieldValues } from '../../src/match/values.js';

interface Built {
  readonly read: (doc: unknown) => unknown;
  /** How many times the getter fell back to `fieldValues`. */
  readonly generalCalls: () => number;
}

/** Builds the getter for `field` with a `fieldValues` that counts its calls. */
function build(mapping: Mapping | null, field: string): Built {
  const access = createFieldAccess(mapping, field);
  const getter = generateGetter('readField', access, 'FIELD');
  let calls = 0;
  const spy = (doc: unknown, a: typeof access): unknown => {
    calls++;
    return fieldValues(doc, a);
  };
  const source = `"use strict";\n${getter.arrayCheck?.source ?? ''}\n${getter.source}\nreturn readField;`;
  const read = new Function('fieldValues', 'FIELD', source)(spy, access) as (doc: unknown) => unknown;
  return { read, generalCalls: () => calls };
}

/** A getter's answer as a value list, for comparison with `fieldValues`. */
const asList = (r: unknown): unknown[] => (r === undefined ? [] : Array.isArray(r) ? [...(r as unknown[])] : [r]);

const LONG = 'x'.repeat(1025);

describe('generated getters', () => {
  test.for([
    ['a string', { event: { category: 'file' } }, 'file'],
    ['an array of strings (Elastic Defend event.category)', { event: { category: ['file'] } }, ['file']],
    ['an array of two strings', { event: { category: ['process', 'file'] } }, ['process', 'file']],
    ['an empty array (no values)', { event: { category: [] } }, []],
    ['a string over ignore_above (no values)', { event: { category: LONG } }, undefined],
    ['a missing field', { event: {} }, undefined],
    ['a missing parent', {}, undefined],
    ['a scalar where the parent object belongs (no values)', { event: 'file' }, undefined],
    ['null where the parent object belongs (no values)', { event: null }, undefined],
  ] as const)('keyword field, fast path: %s', ([, doc, expected]) => {
    const getter = build(DEFAULT_ECS_MAPPING, 'event.category');
    const r = getter.read(doc);
    expect(r).toEqual(expected);
    expect(getter.generalCalls()).toBe(0);
    expect(asList(r)).toEqual(fieldValues(doc, createFieldAccess(DEFAULT_ECS_MAPPING, 'event.category')));
  });

  test('the array fast path returns the document\'s own array (no copy)', () => {
    const category = ['file'];
    expect(build(DEFAULT_ECS_MAPPING, 'event.category').read({ event: { category } })).toBe(category);
  });

  test.for([
    ['an array with an over-long string', { event: { category: [LONG, 'file'] } }, ['file']],
    ['an array with null', { event: { category: ['file', null] } }, ['file']],
    ['an array with a nested array', { event: { category: [['file'], 'x'] } }, ['file', 'x']],
    ['an array with an object', { event: { category: [{ a: 1 }, 'file'] } }, ['file']],
    ['an array with a number (indexed as its string form)', { event: { category: [7, 'file'] } }, ['7', 'file']],
    ['a dotted key', { 'event.category': 'file' }, ['file']],
    ['a dotted key below the root', { event: { 'category': 'a' }, 'event.category': 'b' }, ['a', 'b']],
    ['an array of objects on the path', { event: [{ category: 'a' }, { category: 'b' }] }, ['a', 'b']],
    ['a number (indexed as its string form)', { event: { category: 7 } }, ['7']],
    ['null', { event: { category: null } }, []],
  ] as const)('keyword field, general path: %s', ([, doc, expected]) => {
    const getter = build(DEFAULT_ECS_MAPPING, 'event.category');
    const r = getter.read(doc);
    expect(getter.generalCalls()).toBe(1);
    expect(asList(r)).toEqual(expected);
  });

  test.for([
    ['long: an array of integers', DEFAULT_ECS_MAPPING, 'process.pid', { process: { pid: [1, 2] } }, 0],
    ['long: an array with a fraction (truncated: general)', DEFAULT_ECS_MAPPING, 'process.pid', { process: { pid: [1, 2.5] } }, 1],
    ['long: an array with a numeric string (coerced: general)', DEFAULT_ECS_MAPPING, 'process.pid', { process: { pid: [1, '2'] } }, 1],
    ['date: an array of epoch milliseconds', DEFAULT_ECS_MAPPING, '@timestamp', { '@timestamp': [1, 2] }, 0],
    ['date: a date string (parsed: general)', DEFAULT_ECS_MAPPING, '@timestamp', { '@timestamp': '2024-05-01T10:00:00Z' }, 1],
    ['no mapping: an array of mixed scalars', null, 'a.b', { a: { b: ['x', 1, true] } }, 0],
    ['no mapping: an array with null', null, 'a.b', { a: { b: ['x', null] } }, 1],
    ['ip: always general (canonical form)', DEFAULT_ECS_MAPPING, 'host.ip', { host: { ip: ['10.0.0.1'] } }, 1],
    ['constant_keyword: the mapping\'s value, never the document', parseMapping({ properties: { k: { type: 'constant_keyword', value: 'c' } } }), 'k', { k: 'other' }, 0],
    ['object: no values of its own', parseMapping({ properties: { o: { type: 'object' } } }), 'o', { o: 'x' }, 0],
  ] as const)('%s', ([, mapping, field, doc, calls]) => {
    const getter = build(mapping, field);
    expect(asList(getter.read(doc))).toEqual(fieldValues(doc, createFieldAccess(mapping, field)));
    expect(getter.generalCalls()).toBe(calls);
  });

  const raw: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('file', '', 'É', LONG, 0, 1, 2.5, -0, true, false, null, '2024-05-01T10:00:00Z', ' 7 ', '10.0.0.1'),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('category', 'os', 'type', 'x', 'os.type'), tie('v'), { maxKeys: 2 }),
    ),
  })).v;
  const shaped = fc.dictionary(fc.constantFrom('event', 'host', 'event.category', 'host.os', 'host.os.type', 'x'), raw, { maxKeys: 3 });
  const typed = parseMapping({
    properties: {
      event: { properties: { category: { type: 'keyword', ignore_above: 4 } } },
      host: { properties: { os: { properties: { type: { type: 'integer' } } } } },
      x: { type: 'boolean' },
    },
  });

  test.for([
    ['the default ECS mapping', DEFAULT_ECS_MAPPING],
    ['no mapping', null],
    ['keyword with ignore_above 4, integer, boolean', typed],
  ] as const)('every answer is fieldValues\'s (property, %s)', ([, mapping]) => {
    const getters = ['event.category', 'host.os.type', 'x'].map((f) => [f, build(mapping, f)] as const);
    fc.assert(
      fc.property(shaped, (doc) => {
        for (const [field, getter] of getters) expect(asList(getter.read(doc))).toEqual(fieldValues(doc, createFieldAccess(mapping, field)));
      }),
      { numRuns: 1000 },
    );
  });
});
