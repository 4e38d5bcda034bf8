import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseEql, parseEqlExpression } from '../../src/eql/parse.js';
import { printExpr, printFieldName, printStatement, printString } from '../../src/eql/print.js';
import { exprArbitrary, statementArbitrary } from './support/ast-arbitrary.js';
import { stripSpans } from './support/strip.js';

describe('printStatement prints canonical EQL', () => {
  test.for([
    ['process   where  a==1', 'process where a == 1'],
    ['process where (a == 1) and ((b == 2))', 'process where a == 1 and b == 2'],
    ['process where a == 1 or b == 2 and c == 3', 'process where a == 1 or b == 2 and c == 3'],
    ['process where (a == 1 or b == 2) and c == 3', 'process where (a == 1 or b == 2) and c == 3'],
    ['process where not (a == 1 or b)', 'process where not (a == 1 or b)'],
    ['process where not a == 1', 'process where not a == 1'],
    ['process where (a + b) * c > (1 - (2 - 3))', 'process where (a + b) * c > 1 - (2 - 3)'],
    ['process where a - b - c == 0', 'process where a - b - c == 0'],
    ['process where (a in (1)) + b == 2', 'process where a in (1) + b == 2'],
    ['process where (a + b) in (1)', 'process where (a + b) in (1)'],
    ['process where -(a in (1)) == 1', 'process where -a in (1) == 1'],
    ['process where (a == 1) == true', 'process where (a == 1) == true'],
    ['process where f : ("x")', 'process where f : "x"'],
    ['process where f like~ ("a*", "b")', 'process where f like~ ("a*", "b")'],
    ['process where f regex """a\\d"""', 'process where f regex "a\\\\d"'],
    ['process where f not in~ ("a", null)', 'process where f not in~ ("a", null)'],
    ['process where STARTSWITH~(a, "b") and cidrmatch(ip, "10.0.0.0/8")', 'process where startsWith~(a, "b") and cidrMatch(ip, "10.0.0.0/8")'],
    ['process where `my-field`.`x` == 1.0 and ?`a b` == .5', 'process where `my-field`.x == 1.0 and ?`a b` == .5'],
    ['process where event.`sequence` == 1e3', 'process where event.`sequence` == 1e3'],
    ['"my cat" where true', '"my cat" where true'],
    ['"process" where true', 'process where true'],
    ['any where true | head  5 |tail 2', 'any where true | head 5 | tail 2'],
    ['process where descendant of [ process where a ]', 'process where descendant of [process where a]'],
    [
      'sequence by host.id with maxspan = 5 m [process where a] by p with runs = 2 ![file where b] by q until [x where c] by r',
      'sequence by host.id with maxspan=5m [process where a] by p with runs=2 ![file where b] by q until [x where c] by r',
    ],
    ['sample by h [a where x] [b where y]', 'sample by h [a where x] [b where y]'],
    ['join [a where x] by k [b where y] by k until [c where z] by k', 'join [a where x] by k [b where y] by k until [c where z] by k'],
  ] as const)('%s', ([source, printed]) => {
    expect(printStatement(parseEql(source))).toBe(printed);
  });

  test.for([
    ['a"b', '"a\\"b"'],
    ['C:\\x', '"C:\\\\x"'],
    ['\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
    ['\u0001\u007f', '"\\u{01}\\u{7f}"'],
    ['é💩', '"é💩"'],
  ] as const)('printString(%j) is %s', ([value, printed]) => {
    expect(printString(value)).toBe(printed);
  });

  test.for([
    ['process.name', 'process.name'],
    ['my-field', '`my-field`'],
    ['a`b', '`a``b`'],
    ['a..b', '`a..b`'],
    ['event.sequence', 'event.`sequence`'],
    ['@timestamp', '@timestamp'],
  ] as const)('printFieldName(%j) is %s', ([name, printed]) => {
    expect(printFieldName(name)).toBe(printed);
  });
});

describe('print → parse round trip (fast-check over generated ASTs)', () => {
  test('parseEqlExpression(printExpr(e)) equals e without spans', () => {
    fc.assert(
      fc.property(exprArbitrary, (expr) => {
        const printed = printExpr(expr);
        expect(stripSpans(parseEqlExpression(printed), { strings: true })).toEqual(stripSpans(expr, { strings: true }));
      }),
      { numRuns: 400 },
    );
  });

  test('parseEql(printStatement(s)) equals s without spans', () => {
    fc.assert(
      fc.property(statementArbitrary, (statement) => {
        const printed = printStatement(statement);
        expect(stripSpans(parseEql(printed), { strings: true })).toEqual(stripSpans(statement, { strings: true }));
      }),
      { numRuns: 300 },
    );
  });
});
