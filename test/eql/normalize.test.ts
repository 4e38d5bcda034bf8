import { describe, expect, test } from 'vitest';
import { EqlUnsupportedError } from '../../src/eql/errors.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { and, constant, exists, or, range, regex, script, term, view, wildcard } from './support/cond.js';

function cond(query: string): unknown {
  return view(normalizeQuery(parseEql(query)).condition);
}

/** `any where X`: only X's desugaring, no category leaf. */
function x(condition: string): unknown {
  return cond(`any where ${condition}`);
}

const CATEGORY = term('event.category', ['process']);

describe('§2 desugaring: EQL → Cond, exactly', () => {
  test.for([
    // category
    ['process where x == 1', and(CATEGORY, term('x', [1]))],
    ['process where true', CATEGORY],
    ['"process" where true', CATEGORY],
    ['any where true', constant(true)],
    ['any where false', constant(false)],
    ['process where false', constant(false)],
    // == / != (no wildcards, case-sensitive)
    ['any where f == "v"', term('f', ['v'])],
    ['any where f == "a*"', term('f', ['a*'])],
    ['any where f != "v"', term('f', ['v'], { neg: true })],
    ['any where f == true', term('f', [true])],
    ['any where ?f == "x"', term('f', ['x'])],
    // :
    ['any where f : "lit"', term('f', ['lit'], { ci: true })],
    ['any where f : "p*t?n"', wildcard('f', ['p*t?n'], { ci: true })],
    ['any where f : "*"', wildcard('f', ['*'], { ci: true })],
    ['any where f : ("a", "b*", "c", "d?")', or(term('f', ['a', 'c'], { ci: true }), wildcard('f', ['b*', 'd?'], { ci: true }))],
    ['any where f : ("a*", "b")', or(wildcard('f', ['a*'], { ci: true }), term('f', ['b'], { ci: true }))],
    ['any where f : 5', term('f', [5], { ci: true })],
    ['any where f : null', exists('f', true)],
    ['any where f : ("a", null)', or(term('f', ['a'], { ci: true }), exists('f', true))],
    // like / like~
    ['any where f like "a*"', wildcard('f', ['a*'])],
    ['any where f like~ "a*"', wildcard('f', ['a*'], { ci: true })],
    ['any where f like "abc"', term('f', ['abc'])],
    ['any where f like~ ("a", "b")', term('f', ['a', 'b'], { ci: true })],
    ['any where f like ("a?", "b*c")', wildcard('f', ['a?', 'b*c'])],
    // regex / regex~: no Lucene metacharacter → equality
    ['any where f regex "a.*"', regex('f', ['a.*'])],
    ['any where f regex~ "a.*"', regex('f', ['a.*'], { ci: true })],
    ['any where f regex "abc"', term('f', ['abc'])],
    ['any where f regex~ "a-b_c/d"', term('f', ['a-b_c/d'], { ci: true })],
    ['any where f regex ("a@", "b")', or(regex('f', ['a@']), term('f', ['b']))],
    // in / in~
    ['any where f in ("a", "b")', term('f', ['a', 'b'])],
    ['any where f in ("a", null, "b")', term('f', ['a', 'b'])],
    ['any where f in (null)', constant(false)],
    ['any where f not in (null)', constant(true)],
    ['any where f not in ("a")', term('f', ['a'], { neg: true })],
    ['any where f in~ ("A*", "b")', term('f', ['A*', 'b'], { ci: true })],
    ['any where f not in~ ("A")', term('f', ['A'], { ci: true, neg: true })],
    ['any where f in (1, 2.5, true)', term('f', [1, 2.5, true])],
    // null
    ['any where f == null', exists('f', true)],
    ['any where f != null', exists('f')],
    ['any where null == f', exists('f', true)],
    ['any where null != f', exists('f')],
    // ranges, field on the right flipped
    ['any where f > 5', range('f', '>', 5)],
    ['any where f <= "m"', range('f', '<=', 'm')],
    ['any where 5 < f', range('f', '>', 5)],
    ['any where 5 >= f', range('f', '<=', 5)],
    ['any where 5 == f', term('f', [5])],
    ['any where f > null', constant(false)],
    // bare field: a term on true
    ['any where f', term('f', [true])],
    // flattening and constant folding inside and/or
    ['any where a == 1 and (b == 2 and c == 3)', and(term('a', [1]), term('b', [2]), term('c', [3]))],
    ['any where (a == 1 or b == 2) or c == 3', or(term('a', [1]), term('b', [2]), term('c', [3]))],
    ['any where true and f == 1', term('f', [1])],
    ['any where false or f == 1', term('f', [1])],
    ['any where f == 1 or true', constant(true)],
    ['any where f == 1 and false', constant(false)],
    ['any where null', constant(false)],
    // constant-only comparisons fold
    ['any where 1 == 1', constant(true)],
    ['any where 1 == 2', constant(false)],
    ['any where "a" < "b"', constant(true)],
    ['any where "é" > "z"', constant(true)],
    ['any where null == null', constant(false)],
    ['any where -1 < 0', constant(true)],
  ] as const)('%s', ([query, expected]) => {
    expect(cond(query)).toEqual(expected);
  });
});

describe('§2 scripts: functions, arithmetic, boolean sub-expressions', () => {
  test.for([
    ['startsWith(f, "a")', script('(startsWith f "a")')],
    ['not startsWith~(f, "a")', script('(startsWith~ f "a")', true)],
    ['length(f) > 3', script('(> (length f) 3)')],
    ['f + 1 == 3', script('(== (+ f 1) 3)')],
    ['f == 1 + 1', script('(== f (+ 1 1))')],
    ['null == (exit_code > -1)', script('(== null (> exit_code (- 1)))')],
    ['length(f) in (1, 2)', script('(in (length f) 1 2)')],
    ['length(f) : "3"', script('(: (length f) "3")')],
    ['f == g', script('(== f g)')],
    ['f in ("a", g)', script('(in f "a" g)')],
    ['1 == "1"', script('(== 1 "1")')],
    // A must_not keeps the positive script: length(f) != 3 is must_not(length(f) == 3) in Elasticsearch.
    ['length(f) != 3', script('(== (length f) 3)', true)],
    ['length(f) not in (1, 2)', script('(in (length f) 1 2)', true)],
    ['not (length(f) == 3)', script('(== (length f) 3)', true)],
    // An order comparison is negated in place by Elasticsearch's optimizer.
    ['not (length(f) > 3)', script('(<= (length f) 3)')],
    ['not (length(f) <= 3)', script('(> (length f) 3)')],
    ['not (1 < length(f))', script('(>= 1 (length f))')],
  ] as const)('%s', ([condition, expected]) => {
    expect(x(condition)).toEqual(expected);
  });
});

describe('§4 not push-down', () => {
  test.for([
    ['not (a == 1 and b == 2)', or(term('a', [1], { neg: true }), term('b', [2], { neg: true }))],
    ['not (a == 1 or b == 2)', and(term('a', [1], { neg: true }), term('b', [2], { neg: true }))],
    ['not not a == 1', term('a', [1])],
    ['not not not a == 1', term('a', [1], { neg: true })],
    ['not (f == "x")', term('f', ['x'], { neg: true })],
    ['not (f != "x")', term('f', ['x'])],
    ['not f : "x*"', wildcard('f', ['x*'], { ci: true, neg: true })],
    ['not f : "x"', term('f', ['x'], { ci: true, neg: true })],
    ['not f : ("a*", "b")', and(wildcard('f', ['a*'], { ci: true, neg: true }), term('f', ['b'], { ci: true, neg: true }))],
    ['not f like "a*"', wildcard('f', ['a*'], { neg: true })],
    ['not f regex~ "a.*"', regex('f', ['a.*'], { ci: true, neg: true })],
    // not (f > c) is f <= c: existential again, not a must_not.
    ['not (f > 5)', range('f', '<=', 5)],
    ['not (f >= 5)', range('f', '<', 5)],
    ['not (f < 5)', range('f', '>=', 5)],
    ['not (f <= 5)', range('f', '>', 5)],
    ['not (5 < f)', range('f', '<=', 5)],
    ['not (f > null)', constant(false)],
    ['not f in ("a", "b")', term('f', ['a', 'b'], { neg: true })],
    ['not f not in ("a")', term('f', ['a'])],
    ['not f not in~ ("a")', term('f', ['a'], { ci: true })],
    ['not (f == null)', exists('f')],
    ['not (f != null)', exists('f', true)],
    ['not f', term('f', [true], { neg: true })],
    ['not true', constant(false)],
    ['not null', constant(false)],
    ['not (1 == 2)', constant(true)],
    ['not (a == 1 and not (b == 2 or c : "x"))', or(term('a', [1], { neg: true }), term('b', [2]), term('c', ['x'], { ci: true }))],
    ['not (a == 1 or (b == 2 and c > 3))', and(term('a', [1], { neg: true }), or(term('b', [2], { neg: true }), range('c', '<=', 3)))],
  ] as const)('%s', ([condition, expected]) => {
    expect(x(condition)).toEqual(expected);
  });

  test('the category leaf is never negated: process where not x == 1', () => {
    expect(cond('process where not x == 1')).toEqual(and(CATEGORY, term('x', [1], { neg: true })));
  });
});

describe('§5 literal handling', () => {
  test.for([
    ['f == "a\\"b\\\\c"', term('f', ['a"b\\c'])],
    ['f : """C:\\Windows\\*"""', wildcard('f', ['C:\\Windows\\*'], { ci: true })],
    ['f == "\\u{e9}"', term('f', ['é'])],
    ['f == 1.0', term('f', [1])],
    ['f == 1e3', term('f', [1000])],
    ['f == 8589934592', term('f', [8589934592])],
    ['f == 99999999999999999999', term('f', [1e20])],
    // unary minus on a literal is the negative constant
    ['f == -1', term('f', [-1])],
    ['f == +3', term('f', [3])],
    ['f == -0', term('f', [0])],
    ['f in (-1, 2)', term('f', [-1, 2])],
    ['f > -1.5', range('f', '>', -1.5)],
    ['f == - -2', term('f', [2])],
    // only * and ? are wildcards; everything else is literal, and there is no escape
    ['f : "%_.[\\\\"', term('f', ['%_.[\\'], { ci: true })],
    ['f like "a\\\\*"', wildcard('f', ['a\\*'])],
    ['f : "?"', wildcard('f', ['?'], { ci: true })],
    ['f == "*"', term('f', ['*'])],
    ['f in~ ("*")', term('f', ['*'], { ci: true })],
  ] as const)('%s', ([condition, expected]) => {
    expect(x(condition)).toEqual(expected);
  });
});

describe('pipes and refusals', () => {
  test('head and tail pipes are kept in order', () => {
    expect(normalizeQuery(parseEql('any where true | head 5 | tail 2')).pipes).toEqual([
      { name: 'head', count: 5 },
      { name: 'tail', count: 2 },
    ]);
  });

  test.for([
    ['sequence [a where true] [b where true]', 'sequence queries are not supported by match: it evaluates single-event queries (category where condition) one event at a time'],
    ['sample by h [a where true] [b where true]', 'sample queries are not supported by match: it evaluates single-event queries (category where condition) one event at a time'],
    ['join [a where true] [b where true]', 'join queries are not supported by match: it evaluates single-event queries (category where condition) one event at a time'],
    ['process where child of [process where true]', 'lineage (child of […]) is not supported by match, nor by Elasticsearch EQL'],
    ['process where a == 1 or descendant of [process where true]', 'lineage (descendant of […]) is not supported by match, nor by Elasticsearch EQL'],
    ['process where true | unique a', 'pipe "unique" is not supported by match: Elasticsearch EQL supports only head and tail'],
    ['process where true | head -1', 'pipe "head" needs one non-negative integer argument'],
    ['process where true | tail', 'pipe "tail" needs one non-negative integer argument'],
  ] as const)('%s is refused: %s', ([query, reason]) => {
    let thrown: unknown;
    try {
      normalizeQuery(parseEql(query));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EqlUnsupportedError);
    expect((thrown as EqlUnsupportedError).code).toBe('ERR_EQL_UNSUPPORTED');
    expect((thrown as EqlUnsupportedError).details.reason).toBe(reason);
  });
});
