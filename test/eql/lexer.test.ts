import { describe, expect, test } from 'vitest';
import { EqlSyntaxError } from '../../src/eql/errors.js';
import { tokenize, type TokenKind } from '../../src/eql/lexer.js';
import { parseEqlExpression } from '../../src/eql/parse.js';

function kinds(source: string): [TokenKind, string][] {
  return tokenize(source).map((t) => [t.kind, t.value]);
}

function stringValue(source: string): unknown {
  const expr = parseEqlExpression(source);
  if (expr.kind !== 'literal') throw new Error(`not a literal: ${source}`);
  return expr.value;
}

function lexError(source: string): { reason: string; column: number; length: number } {
  try {
    tokenize(source);
  } catch (error) {
    if (!(error instanceof EqlSyntaxError)) throw error;
    return { reason: error.details.reason, column: error.details.column, length: error.details.length };
  }
  throw new Error(`no error for ${source}`);
}

describe('§1 lexer: tokens', () => {
  test.for([
    ['process where a', [['identifier', 'process'], ['keyword', 'where'], ['identifier', 'a'], ['eof', '']]],
    ['@timestamp _id', [['identifier', '@timestamp'], ['identifier', '_id'], ['eof', '']]],
    // Keywords are lowercase only: AND is an identifier.
    ['AND and Or', [['identifier', 'AND'], ['keyword', 'and'], ['identifier', 'Or'], ['eof', '']]],
    ['in~ like~ regex~ startsWith~', [['keyword', 'in~'], ['keyword', 'like~'], ['keyword', 'regex~'], ['tildeIdentifier', 'startsWith~'], ['eof', '']]],
    ['== != <= >= < > = : ![ ?', [['punct', '=='], ['punct', '!='], ['punct', '<='], ['punct', '>='], ['punct', '<'], ['punct', '>'], ['punct', '='], ['punct', ':'], ['punct', '!['], ['punct', '?'], ['eof', '']]],
    ['12 1.5 .5 1. 1e3 2.5E-3 5m', [['number', '12'], ['number', '1.5'], ['number', '.5'], ['number', '1.'], ['number', '1e3'], ['number', '2.5E-3'], ['number', '5'], ['identifier', 'm'], ['eof', '']]],
    ['`my-field` `a``b` ``', [['quotedIdentifier', 'my-field'], ['quotedIdentifier', 'a`b'], ['quotedIdentifier', ''], ['eof', '']]],
    ['a // comment\nb', [['identifier', 'a'], ['identifier', 'b'], ['eof', '']]],
    ['a /* x /* nested */ still comment */ b', [['identifier', 'a'], ['identifier', 'b'], ['eof', '']]],
    ['a/**/b', [['identifier', 'a'], ['identifier', 'b'], ['eof', '']]],
  ] as const)('%j', ([source, expected]) => {
    expect(kinds(source)).toEqual(expected);
  });
});

describe('§1 lexer: string literals', () => {
  test.for([
    ['"abc"', 'abc'],
    ['""', ''],
    ['"a\\"b"', 'a"b'],
    ['"a\'b"', "a'b"],
    ['"\\b\\t\\n\\f\\r\\"\\\'\\\\"', '\b\t\n\f\r"\'\\'],
    ['"C:\\\\Windows\\\\*"', 'C:\\Windows\\*'],
    ['"\\u{41}"', 'A'],
    ['"\\u{00e9}t\\u{E9}"', 'été'],
    ['"\\u{1F4A9}"', '💩'],
    ['"\\u{00000000}"', '\u0000'],
    ['"\\u{10FFFF}"', '\u{10FFFF}'],
    // Raw strings take no escapes and may end with up to two extra quotes (EqlBase.g4).
    ['"""C:\\Windows\\*"""', 'C:\\Windows\\*'],
    ['""""""', ''],
    ['"""a"b"""', 'a"b'],
    ['""""a""""', '"a"'],
    ['"""a"""""', 'a""'],
    ['"""\\u{41}"""', '\\u{41}'],
    ['"é日本"', 'é日本'],
  ] as const)('%s is %j', ([source, value]) => {
    expect(stringValue(source)).toBe(value);
  });
});

describe('§1 lexer: refusals with the message Elasticsearch gives', () => {
  test.for([
    ["'abc'", { reason: `use double quotes ["] to define string literals, not single quotes [']`, column: 1, length: 5 }],
    ['?"abc"', { reason: 'use triple double quotes ["""] to define unescaped string literals, not [?"]', column: 1, length: 6 }],
    ["?'abc'", { reason: "use triple double quotes [\"\"\"] to define unescaped string literals, not [?']", column: 1, length: 6 }],
    ['"a\\qb"', { reason: 'invalid escape sequence "\\q" in a string; use one of \\b \\t \\n \\f \\r \\" \\\' \\\\ \\u{XX…}, or a raw string """…""" that takes no escapes', column: 3, length: 2 }],
    ['"abc', { reason: 'unterminated string: a string ends with " on the same line (write a newline as \\n)', column: 1, length: 4 }],
    ['"ab\nc"', { reason: 'unterminated string: a string ends with " on the same line (write a newline as \\n)', column: 1, length: 3 }],
    ['"""ab\n"""', { reason: 'unterminated raw string: """ has no closing """ on the same line', column: 1, length: 5 }],
    ['"\\u{D}"', { reason: 'unicode sequence should use 2 to 8 hex digits, \\u{D} has 1', column: 2, length: 5 }],
    ['"\\u{123456789}"', { reason: 'unicode sequence should use 2 to 8 hex digits, \\u{123456789} has 9', column: 2, length: 13 }],
    ['"\\u{}"', { reason: 'unicode sequence should use 2 to 8 hex digits, \\u{} has 0', column: 2, length: 4 }],
    ['"\\u0041"', { reason: 'invalid unicode escape: write it as \\u{XX…} with 2 to 8 hex digits', column: 2, length: 2 }],
    ['"\\u{00AUF}"', { reason: 'invalid unicode escape: write it as \\u{XX…} with 2 to 8 hex digits', column: 2, length: 6 }],
    ['"\\u{d800}"', { reason: 'invalid unicode character code d800: a surrogate code', column: 2, length: 8 }],
    ['"\\u{DFFF}"', { reason: 'invalid unicode character code DFFF: a surrogate code', column: 2, length: 8 }],
    ['"\\u{110000}"', { reason: 'invalid unicode character code 110000: beyond U+10FFFF', column: 2, length: 10 }],
    ['`abc', { reason: 'unterminated quoted name: ` has no closing `', column: 1, length: 4 }],
    ['a /* b', { reason: 'unterminated comment: "/*" has no matching "*/"', column: 3, length: 2 }],
    ['a /* /* b */', { reason: 'unterminated comment: "/*" has no matching "*/"', column: 3, length: 2 }],
    ['a # b', { reason: 'unexpected character "#"', column: 3, length: 1 }],
    ['a && b', { reason: 'unexpected "&&"; use "and"', column: 3, length: 2 }],
    ['a || b', { reason: 'unexpected "||"; use "or"', column: 3, length: 2 }],
    ['a !: b', { reason: '"!:" is not an EQL operator; write not field : "value"', column: 3, length: 2 }],
    ['!a', { reason: 'unexpected character "!"; use "not" (or "!=")', column: 1, length: 1 }],
    ['a ~ b', { reason: 'unexpected character "~"; "~" only follows a function name (startsWith~) or in, like, regex', column: 3, length: 1 }],
    ['é', { reason: 'unexpected character "é"', column: 1, length: 1 }],
  ] as const)('%j', ([source, expected]) => {
    expect(lexError(source)).toEqual(expected);
  });
});
