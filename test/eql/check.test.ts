import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, test } from 'vitest';
import { checkExpression, checkStatement } from '../../src/eql/check.js';
import { EqlSemanticError } from '../../src/eql/errors.js';
import { parseEql, parseEqlExpression } from '../../src/eql/parse.js';

function semanticError(query: string): { reason: string; column: number; length: number } | null {
  try {
    checkStatement(parseEql(query));
    return null;
  } catch (error) {
    if (!(error instanceof EqlSemanticError)) throw error;
    return { reason: error.details.reason, column: error.details.column, length: error.details.length };
  }
}

describe('checkStatement accepts what Elasticsearch accepts', () => {
  test.for([
    'process where process.name : "cmd.exe"',
    'process where CONCAT(a, "b") == "x"',
    'process where startsWith~(process.name, "cmd")',
    'process where endsWith~(a, "x") and indexOf~(a, "x") == 1 and stringContains~(a, "x") and between~(a, "x", "y") == "z"',
    'process where between(a, "x", "y", true) == "z"',
    'network where cidrMatch(source.ip, "10.0.0.0/8", "192.168.0.0/16")',
    'process where length(a) > 3 and number("0x1f", 16) == 31 and string(1) == "1" and substring(a, 1, -1) == "x"',
    'process where add(1, 2) == 3 and subtract(a, 1) == 2 and multiply(a, b) == 4 and divide(a, 2) == 1 and modulo(a, 2) == 0',
    'process where a + b * 2 > 3',
    'process where ?x == ?y',
    'process where a == ?b',
    'process where f in ("a", ?g)',
    'process where null == (exit_code > -1)',
    'process where f : 5',
    'process where f : null',
    'process where ?bool_field',
    'process where true | head 5 | tail 0',
    'sequence by h with maxspan=5m [a where true] by x [b where true] by y until [c where true] by z',
    'sequence [a where true] with runs=2',
    'sequence [a where true] ![b where true] [c where true]',
    'sample by h [a where true] [b where true]',
  ])('%s', (query) => {
    expect(semanticError(query)).toBeNull();
  });
});

describe('checkStatement refuses, naming what to write instead', () => {
  test.for([
    // functions
    ['process where foo(a)', 'unknown function "foo"; Elasticsearch EQL has add, subtract, multiply, divide, modulo, between, cidrMatch, concat, endsWith, indexOf, length, number, startsWith, string, stringContains, substring', 15, 3],
    ['process where wildcard(a, "b*")', 'wildcard() is not supported by Elasticsearch EQL; use field : "pattern*" or field like "pattern*"', 15, 8],
    ['process where match(a, "b.*")', 'match() is not supported by Elasticsearch EQL; use field regex "pattern"', 15, 5],
    ['process where matchLite(a, "b.*")', 'matchLite() is not supported by Elasticsearch EQL; use field regex "pattern"', 15, 9],
    ['process where arrayContains(a, "b")', 'array functions (arrayContains) are not supported by Elasticsearch EQL; a field comparison already matches any array element', 15, 13],
    ['process where arrayCount(a, "b") > 1', 'array functions (arrayCount) are not supported by Elasticsearch EQL', 15, 10],
    ['process where arraySearch(a, x, true)', 'array functions (arraySearch) are not supported by Elasticsearch EQL; a field comparison already matches any array element', 15, 11],
    ['process where safe(length(a)) > 1', 'safe() is not supported by Elasticsearch EQL; functions already return null instead of failing', 15, 4],
    ['process where length~(a) > 1', 'length() has no case-insensitive form (~); only between, endsWith, indexOf, startsWith, stringContains do', 15, 7],
    ['process where concat~(a, "b") == "x"', 'concat() has no case-insensitive form (~); only between, endsWith, indexOf, startsWith, stringContains do', 15, 7],
    ['process where startsWith(a)', 'startsWith() takes 2 arguments, found 1', 15, 13],
    ['process where length(a, b) > 1', 'length() takes 1 argument, found 2', 15, 12],
    ['process where substring(a) == "x"', 'substring() takes 2 to 3 arguments, found 1', 15, 12],
    ['process where cidrMatch(ip)', 'cidrMatch() takes at least 2 arguments, found 1', 15, 13],
    ['process where concat() == ""', 'concat() takes at least 1 argument, found 0', 15, 8],
    ['process where startsWith(1, "a")', 'the first argument of startsWith() must be a string, found a number: 1', 26, 1],
    ['process where number(true) == 1', 'the first argument of number() must be a string, found a boolean: true', 22, 4],
    ['process where between(a, "x", "y", b) == "z"', 'the fourth argument of between() must be a constant, found b', 36, 1],
    ['process where cidrMatch(ip, net)', 'the second argument of cidrMatch() must be a constant, found net', 29, 3],
    ['process where cidrMatch(ip, "10.0.0.0/8", 5)', 'the third argument of cidrMatch() must be a string, found a number: 5', 43, 1],
    ['process where length(length(a)) > 1', 'the first argument of length() must be a string, found a number: length(a)', 22, 9],
    // comparisons
    ['process where a == b', 'comparing a field with a field is not supported by Elasticsearch EQL: a == b', 15, 6],
    ['process where a < b', 'comparing a field with a field is not supported by Elasticsearch EQL: a < b', 15, 5],
    ['process where a in ("x", b)', 'comparing a field with a field is not supported by Elasticsearch EQL: a in ("x", b)', 26, 1],
    ['process where 1 == "a"', 'cannot compare a number with a string: 1 == "a"', 15, 8],
    ['process where length(a) == "3"', 'cannot compare a number with a string: length(a) == "3"', 15, 16],
    // patterns need constants
    ['process where a : b', '":" takes constants on its right, found b', 19, 1],
    ['process where a : ("x", length(b))', '":" takes constants on its right, found length(b)', 25, 9],
    ['process where a like 5', '"like" takes string constants on its right, found the number 5', 22, 1],
    ['process where a like~ null', '"like~" takes string constants on its right, found the null null', 23, 4],
    ['process where a regex b', '"regex" takes string constants on its right, found b', 23, 1],
    // boolean conditions
    ['process where "abc"', 'the condition must be a boolean expression, found a string: "abc"', 15, 5],
    ['process where 1', 'the condition must be a boolean expression, found a number: 1', 15, 1],
    ['process where length(a)', 'the condition must be a boolean expression, found a number: length(a)', 15, 9],
    ['process where a + 1', 'the condition must be a boolean expression, found a number: a + 1', 15, 5],
    ['process where a == 1 and concat(a)', 'an operand of "and" must be a boolean expression, found a string: concat(a)', 26, 9],
    ['process where not 5', 'the operand of "not" must be a boolean expression, found a number: 5', 19, 1],
    ['process where a + "x" == 1', 'the right side of "+" must be a number, found a string: "x"', 19, 3],
    ['process where -"x" == 1', 'the operand of unary "-" must be a number, found a string: "x"', 16, 3],
    // pipes
    ['process where true | unique a', 'pipe "unique" is not supported by Elasticsearch EQL; only head and tail are', 20, 10],
    ['process where true | filter a == 1', 'pipe "filter" is not supported by Elasticsearch EQL; only head and tail are', 20, 15],
    ['process where true | sort a', 'pipe "sort" is not supported by Elasticsearch EQL; only head and tail are', 20, 8],
    ['process where true | count', 'pipe "count" is not supported by Elasticsearch EQL; only head and tail are', 20, 7],
    ['process where true | head', 'pipe "head" takes one non-negative integer, e.g. | head 10', 20, 6],
    ['process where true | head 1.5', 'pipe "head" takes one non-negative integer, e.g. | head 10', 20, 10],
    ['process where true | tail -1', 'pipe "tail" takes one non-negative integer, e.g. | tail 10', 20, 9],
    ['process where true | head 1, 2', 'pipe "head" takes one non-negative integer, e.g. | head 10', 20, 11],
    // query shapes
    ['join [a where true] [b where true]', 'join queries are not supported by Elasticsearch EQL; use a sequence', 1, 4],
    ['process where descendant of [process where true]', 'lineage (descendant of […]) is not supported by Elasticsearch EQL; use a sequence by process.entity_id', 15, 13],
    ['sequence [a where true]', 'a sequence needs at least 2 queries (with runs=N counting N), found 1', 1, 8],
    ['sequence ![a where true] ![b where true]', 'a sequence needs at least one query that is not a missing event ![…]', 1, 8],
    ['sequence [a where true] with runs=0 [b where true]', 'runs must be at least 1, found 0', 10, 26],
    ['sequence with maxspan=0s [a where true] [b where true]', 'maxspan must be positive, found 0', 23, 2],
    ['sequence with maxspan=1.5m [a where true] [b where true]', 'maxspan must be a whole number of its unit, found 1.5', 23, 4],
    ['sequence by a [x where true] by b [y where true]', 'inconsistent number of join keys: the first query has 1, this one has 0', 35, 14],
    ['sequence [x where true] by length(a) [y where true] by b', 'a join key must be a field, found length(a)', 28, 9],
    ['sample [a where true]', 'a sample needs at least 2 queries, found 1', 1, 6],
    ['sequence [a where foo()] [b where true]', 'unknown function "foo"; Elasticsearch EQL has add, subtract, multiply, divide, modulo, between, cidrMatch, concat, endsWith, indexOf, length, number, startsWith, string, stringContains, substring', 19, 3],
  ] as const)('%s', ([query, reason, column, length]) => {
    expect(semanticError(query)).toEqual({ reason, column, length });
  });

  test('the error is an EqlSemanticError with code ERR_EQL_SEMANTIC and the query as data', () => {
    let thrown: unknown;
    try {
      checkStatement(parseEql('process where foo()'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EqlSemanticError);
    expect((thrown as EqlSemanticError).code).toBe('ERR_EQL_SEMANTIC');
    expect((thrown as EqlSemanticError).data).toMatchObject({ query: 'process where foo()', line: 1, column: 15, offset: 14, length: 3 });
  });

  test('checkExpression checks a bare expression (the ES QA function tables)', () => {
    expect(() => checkExpression(parseEqlExpression('number(1)'), 'number(1)')).toThrow(
      'the first argument of number() must be a string, found a number: 1 at 1:8',
    );
    expect(() => checkExpression(parseEqlExpression('number("1")'), 'number("1")')).not.toThrow();
  });
});

const STRING_FUNCTIONS = new URL('../../../shared/conformance/es-eql/test_string_functions.toml', import.meta.url);

describe.skipIf(!existsSync(STRING_FUNCTIONS))('ES QA test_string_functions.toml (skipped: ../shared is absent)', () => {
  type Case = { expression: string };
  type Spec = { fold?: { tests?: Case[] }; tests?: Case[]; verifier?: { failures?: Case[] } };
  const doc = existsSync(STRING_FUNCTIONS) ? (parseToml(readFileSync(STRING_FUNCTIONS, 'utf8')) as Record<string, Spec>) : {};
  const folds = Object.values(doc).flatMap((spec) => [...(spec.fold?.tests ?? []), ...(spec.tests ?? [])]);
  const failures = Object.values(doc).flatMap((spec) => spec.verifier?.failures ?? []);

  test('every fold expression (85) passes the checks', () => {
    expect(folds.length).toBe(85);
    const refused = folds.flatMap(({ expression }) => {
      try {
        checkExpression(parseEqlExpression(expression), expression);
        return [];
      } catch (error) {
        return [`${expression}: ${(error as Error).message}`];
      }
    });
    expect(refused).toEqual([]);
  });

  test('every verifier failure (7) is refused with ERR_EQL_SEMANTIC', () => {
    const reasons = failures.map(({ expression }) => {
      try {
        checkExpression(parseEqlExpression(expression), expression);
        return `${expression}: accepted`;
      } catch (error) {
        return `${expression}: ${(error as EqlSemanticError).code} ${(error as EqlSemanticError).details.reason}`;
      }
    });
    expect(reasons).toEqual([
      'number(): ERR_EQL_SEMANTIC number() takes 1 to 2 arguments, found 0',
      'number(1): ERR_EQL_SEMANTIC the first argument of number() must be a string, found a number: 1',
      'number(true): ERR_EQL_SEMANTIC the first argument of number() must be a string, found a boolean: true',
      'number(true): ERR_EQL_SEMANTIC the first argument of number() must be a string, found a boolean: true',
      'startsWith(): ERR_EQL_SEMANTIC startsWith() takes 2 arguments, found 0',
      'startsWith(1, "FOO"): ERR_EQL_SEMANTIC the first argument of startsWith() must be a string, found a number: 1',
      'startsWith("FOO", 123): ERR_EQL_SEMANTIC the second argument of startsWith() must be a string, found a number: 123',
    ]);
  });
});
