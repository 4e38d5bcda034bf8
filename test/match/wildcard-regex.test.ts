import { describe, expect, test } from 'vitest';
import { AppError } from '../../src/errors.js';
import { compileLuceneRegex, parseLuceneRegex } from '../../src/match/regex.js';
import { planWildcard } from '../../src/match/wildcard.js';
import { createFieldAccess, fieldValues } from '../../src/match/values.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';

describe('planWildcard picks the cheapest exact test', () => {
  test.for([
    ['*', false, { kind: 'any' }],
    ['**', false, { kind: 'any' }],
    ['abc', false, { kind: 'equals', text: 'abc' }],
    ['ABC*', true, { kind: 'prefix', text: 'abc' }],
    ['*.exe', false, { kind: 'suffix', text: '.exe' }],
    ['*ssh*', false, { kind: 'contains', text: 'ssh' }],
    ['/home/*/.ssh/*', false, { kind: 'segments', first: '/home/', middles: ['/.ssh/'], last: '' }],
    ['a?c', false, { kind: 'regex', source: '^(?:a.c)$' }],
    ['a.b?*', false, { kind: 'regex', source: '^(?:a\\.b..*)$' }],
  ] as const)('%s (ci %s)', ([pattern, ci, plan]) => {
    expect(planWildcard(pattern, ci)).toEqual(plan);
  });
});

describe('Lucene regex', () => {
  test.for([
    ['a\\qb', 1, 'invalid character class \\q'],
    ['(ab', 3, 'expected ")"'],
    ['[z-a]', 3, 'invalid range: from (122) cannot be > to (97)'],
    ['<foo>', 0, 'named automaton <foo> is not supported'],
    ['ab)', 2, 'end of pattern expected (unbalanced ")"?)'],
  ] as const)('%s is refused at %i: %s', ([pattern, position, reason]) => {
    let error: unknown;
    try {
      parseLuceneRegex(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ERR_MATCH_REGEX');
    expect((error as AppError).data).toEqual({ pattern, position, reason });
  });

  test.for([
    ['a.c', '^(?:a.c)$'],
    ['a+b*', '^(?:(?:a)+(?:b)*)$'],
    ['"a.b"', '^(?:a\\u{2e}b)$'],
    ['a@', '^(?:a.*)$'],
    ['~a', null],
    ['a&b', null],
    ['<1-5>', null],
  ] as const)('%s translates to %s', ([pattern, source]) => {
    expect(compileLuceneRegex(pattern, false).jsSource).toBe(source);
  });
});

describe('values', () => {
  test('ignore_above counts UTF-16 units: 512 emoji (1024 units) index, 513 do not', () => {
    const access = createFieldAccess(DEFAULT_ECS_MAPPING, 'file.name');
    expect(fieldValues({ file: { name: '😀'.repeat(512) } }, access)).toEqual(['😀'.repeat(512)]);
    expect(fieldValues({ file: { name: '😀'.repeat(513) } }, access)).toEqual([]);
  });

  test('every decomposition and array shape contributes, in document order', () => {
    const access = createFieldAccess(null, 'a.b.c');
    const doc = { a: [{ b: { c: 1 } }, { 'b.c': [2, null] }], 'a.b': { c: 3 }, 'a.b.c': [[4]] };
    expect(fieldValues(doc, access)).toEqual([1, 2, 3, 4]);
  });

  test('keyword fields index numbers and booleans as text; long fields coerce and truncate', () => {
    expect(fieldValues({ user: { id: [0, true] } }, createFieldAccess(DEFAULT_ECS_MAPPING, 'user.id'))).toEqual(['0', 'true']);
    expect(fieldValues({ process: { pid: ['42', 4.9, 'x'] } }, createFieldAccess(DEFAULT_ECS_MAPPING, 'process.pid'))).toEqual([42, 4]);
  });
});
