import { describe, expect, test } from 'vitest';
import { EqlSyntaxError } from '../../src/eql/errors.js';
import { parseEql, parseEqlExpression } from '../../src/eql/parse.js';
import { querySexpr, sexpr } from './support/sexpr.js';

function tree(source: string): string {
  return sexpr(parseEqlExpression(source));
}

function syntaxError(source: string): { reason: string; line: number; column: number } {
  try {
    parseEql(source);
  } catch (error) {
    if (!(error instanceof EqlSyntaxError)) throw error;
    return { reason: error.details.reason, line: error.details.line, column: error.details.column };
  }
  throw new Error(`no syntax error for ${source}`);
}

describe('§1 precedence: or < and < not < comparison < + - < * / % < unary < primary+predicate', () => {
  test.for([
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c and d', '(or (and a b) (and c d))'],
    ['not a and b', '(and (not a) b)'],
    ['not not a', '(not (not a))'],
    ['not a == 1', '(not (== a 1))'],
    ['a == 1 + 2 * 3', '(== a (+ 1 (* 2 3)))'],
    ['(a == 1 or b) and c', '(and (or (== a 1) b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b % c * d', '(* (% (/ a b) c) d)'],
    ['-a * b', '(* (- a) b)'],
    ['- -5', '(- (- 5))'],
    ['+5', '(+ 5)'],
    ['1 * -2 <= -3 * 4', '(<= (* 1 (- 2)) (* (- 3) 4))'],
    // and/or are flattened, also through parentheses (ast.ts LogicalExpr).
    ['a and (b and c) and d', '(and a b c d)'],
    ['a or (b or c)', '(or a b c)'],
    ['(a and b) or (c and d)', '(or (and a b) (and c d))'],
    // A predicate binds to the primary right before it (EqlBase.g4 operatorExpression).
    ['a + b in (1, 2)', '(+ a (in b 1 2))'],
    ['-a in (1)', '(- (in a 1))'],
    ['length(a) : "x"', '(: (length a) "x")'],
    ['a in (1) == true', '(== (in a 1) true)'],
    ['null == (exit_code > -1)', '(== null (> exit_code (- 1)))'],
  ] as const)('%s is %s', ([source, expected]) => {
    expect(tree(source)).toBe(expected);
  });
});

describe('§1 predicates', () => {
  test.for([
    ['f in ("a", "b")', '(in f "a" "b")'],
    ['f not in ("a", null)', '(not-in f "a" null)'],
    ['f in~ ("a")', '(in~ f "a")'],
    ['f not in~ ("a", "B")', '(not-in~ f "a" "B")'],
    ['f in (-1, 2)', '(in f (- 1) 2)'],
    ['f : "a*"', '(: f "a*")'],
    ['f : ("a*", "b")', '(: f "a*" "b")'],
    ['f : ("a")', '(: f "a")'],
    ['f like "a*"', '(like f "a*")'],
    ['f like~ ("a*", "b?")', '(like~ f "a*" "b?")'],
    ['f regex "a.*"', '(regex f "a.*")'],
    ['f regex~ ("a.*")', '(regex~ f "a.*")'],
    ['f == "a" and g : "b"', '(and (== f "a") (: g "b"))'],
    ['f != null', '(!= f null)'],
    ['5 < f', '(< 5 f)'],
  ] as const)('%s is %s', ([source, expected]) => {
    expect(tree(source)).toBe(expected);
  });
});

describe('§1 names, literals, calls', () => {
  test.for([
    ['process.executable', 'process.executable'],
    ['@timestamp', '@timestamp'],
    ['`my-field`', 'my-field'],
    ['`a``b`.c', 'a`b.c'],
    ['`table`.`@timestamp`', 'table.@timestamp'],
    ['kubernetes.audit.`user.extra`.x', 'kubernetes.audit.user.extra.x'],
    ['?process.parent.args', '?process.parent.args'],
    ['?`odd name`', '?odd name'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['42', '42'],
    ['1.5e3', '1500'],
    ['8589934592', '8589934592'],
    ['CONCAT(a, "b")', '(concat a "b")'],
    ['startswith~(a, "b")', '(startsWith~ a "b")'],
    ['cidrmatch(ip, "10.0.0.0/8")', '(cidrMatch ip "10.0.0.0/8")'],
    ['stringContains(a, "b")', '(stringContains a "b")'],
    ['unknownFn()', '(unknownFn)'],
    ['wildcard(a, "b*")', '(wildcard a "b*")'],
  ] as const)('%s is %s', ([source, expected]) => {
    expect(tree(source)).toBe(expected);
  });

  test('a decimal literal keeps its spelling in raw (1.0 stays a double in the printer)', () => {
    expect(parseEqlExpression('1.0')).toEqual({ kind: 'literal', value: 1, raw: '1.0', span: { start: 0, end: 3 } });
  });

  test('a string literal has its value and its source spelling', () => {
    expect(parseEqlExpression('"a\\\\b"')).toEqual({ kind: 'literal', value: 'a\\b', raw: '"a\\\\b"', span: { start: 0, end: 6 } });
  });

  test('spans are [start, end) offsets into the query', () => {
    const statement = parseEql('process where a == "x"');
    expect(statement.query.span).toEqual({ start: 0, end: 22 });
    if (statement.query.kind !== 'event') throw new Error('event expected');
    expect(statement.query.condition.span).toEqual({ start: 14, end: 22 });
    expect(statement.source).toBe('process where a == "x"');
  });
});

describe('§1 queries', () => {
  test.for([
    ['process where true', '[process true]'],
    ['any where true', '[any true]'],
    ['"my category" where true', '[my category true]'],
    ['sequence [process where a] [file where b]', '(sequence [process a] [file b])'],
    ['sequence by h with maxspan=5m [process where a] by p [file where b] by q', '(sequence by h maxspan=5m [process a] by p [file b] by q)'],
    ['sequence with maxspan=500ms [a where x] [b where y]', '(sequence maxspan=500ms [a x] [b y])'],
    ['sequence with maxspan = 10 s [a where x] [b where y]', '(sequence maxspan=10s [a x] [b y])'],
    ['sequence with maxspan=100 [a where x] [b where y]', '(sequence maxspan=100 [a x] [b y])'],
    ['sequence by a, ?b [x where true] with runs=3', '(sequence by a,?b [x true] runs=3)'],
    ['sequence [x where true] by k with runs=2 [y where true] by k', '(sequence [x true] by k runs=2 [y true] by k)'],
    ['sequence [x where true] ![y where true] [z where true]', '(sequence [x true] ![y true] [z true])'],
    ['sequence [x where true] [y where true] until [z where true]', '(sequence [x true] [y true] until [z true])'],
    ['sample by host [a where x] by os [b where y] by op', '(sample by host [a x] by os [b y] by op)'],
    ['join by pid [a where x] [b where y] until [c where z]', '(join by pid [a x] [b y] until [c z])'],
    ['process where descendant of [process where name == "x"]', '[process (descendant-of [process (== name "x")])]'],
    ['process where child of [any where true] and event of [file where x]', '[process (and (child-of [any true]) (event-of [file x]))]'],
  ] as const)('%s', ([source, expected]) => {
    expect(querySexpr(parseEql(source).query)).toBe(expected);
  });

  test('pipes are parsed with their arguments, in order', () => {
    const statement = parseEql('process where true | head 5 | tail 2 | unique a, b | count');
    expect(statement.pipes.map((p) => [p.name, p.args.map(sexpr)])).toEqual([
      ['head', ['5']],
      ['tail', ['2']],
      ['unique', ['a', 'b']],
      ['count', []],
    ]);
  });

  test('comments and line breaks are allowed anywhere between tokens', () => {
    const statement = parseEql('// leading\nprocess /* c */ where\n  a == 1 // trailing\n  and b /* x /* y */ z */ == 2\n');
    expect(querySexpr(statement.query)).toBe('[process (and (== a 1) (== b 2))]');
  });
});

describe('§1 refusals (syntax errors with a helpful message)', () => {
  test.for([
    ['process where a = 1', 'use == to compare or : for a case-insensitive (wildcard) match, not =', 1, 17],
    ['process where a < b < c', 'chained comparisons are not allowed: "<" after "<"; combine them with "and"', 1, 21],
    ['process where a == b != c', 'chained comparisons are not allowed: "!=" after "=="; combine them with "and"', 1, 22],
    ['process where a in ()', 'an "in" list cannot be empty', 1, 20],
    ['process where a not in~ ()', 'an "in~" list cannot be empty', 1, 25],
    ['process where a : ()', 'a ":" list cannot be empty', 1, 19],
    ["process where a == 'x'", `use double quotes ["] to define string literals, not single quotes [']`, 1, 20],
    ['process where a == ?"x"', 'use triple double quotes ["""] to define unescaped string literals, not [?"]', 1, 20],
    ['`process` where true', 'an event category cannot be a backticked name; write it as an identifier or a string: "process"', 1, 1],
    ['PROCESS WHERE true', 'expected "where" after the event category, found "WHERE" (keywords are lowercase: "where")', 1, 9],
    ['process where a == 1 AND b', 'expected "and", "or", "|" or end of query, found "AND" (keywords are lowercase: "and")', 1, 22],
    ['process where process.name : "cmd.exe" and or user.id == 0', 'expected an expression after "and", found "or"', 1, 44],
    ['process where', 'expected an expression after "where", found end of query', 1, 14],
    ['', 'expected an event category (e.g. process, file, any) or sequence, sample, join, found end of query', 1, 1],
    ['process where event.sequence == 1', '"sequence" is a keyword; write a field name part of that name in backticks: `sequence`', 1, 21],
    ['process where a.0 == 1', 'a field name part cannot start with a digit: quote it with backticks, e.g. a.`0`', 1, 16],
    ['process where f[0] == 1', 'array indexes (field[0]) are not supported in EQL', 1, 16],
    ['process where a not like "x"', '"not" cannot come before "like"; write it as not (field like …)', 1, 17],
    ['process where startsWith~ == 1', 'expected "(" after the function name "startsWith~", found "=="', 1, 27],
    ['process where f(a', 'expected ")" to close the arguments of f(), found end of query', 1, 18],
    ['process where (a', 'expected ")" to close "(", found end of query', 1, 17],
    ['process where foo of [any where true]', 'unknown relationship "foo"; expected child, descendant or event before "of"', 1, 15],
    ['sequence with maxspan=5x [a where true] [b where true]', 'unknown time unit "x" in maxspan; use one of ms, s, m, h, d', 1, 24],
    ['sequence with maxspan=5m by a [x where true] [y where true]', 'put "by" before "with maxspan": sequence by key with maxspan=… [ … ]', 1, 26],
    ['sequence with runs=2 [x where true]', 'expected "maxspan" after "with", found "runs"', 1, 15],
    ['sequence [x where true] with maxspan=5m [y where true]', '"with maxspan" goes right after "sequence [by …]", before the first query', 1, 25],
    ['sequence [x where true] with foo=2', 'expected "runs" after "with", found "foo"', 1, 30],
    ['sequence [x where true] with runs=1.5', 'expected an integer after "runs=", found "1.5"', 1, 35],
    ['sequence by a', 'expected "[" to start the first sequence query, found end of query', 1, 14],
    ['sample [x where true] ![y where true]', 'missing events ![…] are only allowed in a sequence', 1, 23],
    ['sample [x where true] with runs=2', '"with runs" is only allowed on a sequence query', 1, 23],
    ['join [x where true] [y where true] until ![z where true]', 'expected "[" to start the until query, found "!["', 1, 42],
    ['sequence [x where true', 'expected "]" to close the query, found end of query', 1, 23],
    ['process where true |', 'expected a pipe name (head, tail) after "|", found end of query', 1, 21],
    ['process where true | head 5 extra', 'expected "and", "or", "|" or end of query, found "extra"', 1, 29],
    ['sequence [x where a] [y where b] c', 'expected "|" or end of query, found "c"', 1, 34],
    ['process where a ==\n  and b', 'expected an expression after "==", found "and"', 2, 3],
  ] as const)('%j', ([source, reason, line, column]) => {
    expect(syntaxError(source)).toEqual({ reason, line, column });
  });

  test('a syntax error carries expected/found and the whole query as data', () => {
    try {
      parseEql('process where a == ');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EqlSyntaxError);
      expect((error as EqlSyntaxError).code).toBe('ERR_EQL_SYNTAX');
      expect((error as EqlSyntaxError).data).toEqual({
        reason: 'expected an expression after "==", found end of query',
        line: 1,
        column: 20,
        offset: 19,
        length: 0,
        expected: 'an expression',
        found: 'end of query',
        query: 'process where a == ',
      });
    }
  });
});

describe('nesting limit', () => {
  test.for([
    ['parentheses', `process where ${'('.repeat(250)}a${')'.repeat(250)}`],
    ['not chains', `process where ${'not '.repeat(250)}a`],
    ['unary chains', `process where a == ${'-'.repeat(250)}1`],
    ['arithmetic chains', `process where a == ${Array.from({ length: 250 }, () => '1').join(' + ')}`],
  ] as const)('%s deeper than 200 levels are a syntax error, not a stack overflow', ([, query]) => {
    expect(() => parseEql(query)).toThrow(/^the query nests deeper than 200 levels at 1:\d+/);
  });

  test('real nesting is far below the limit', () => {
    expect(() => parseEql(`process where ${'('.repeat(50)}a == 1${')'.repeat(50)}`)).not.toThrow();
  });
});
