import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkStatement } from '../../src/eql/check.js';
import { EqlError, formatEqlError } from '../../src/eql/errors.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';

/**
 * Golden files: test/eql/golden/<name>.txt holds the exact text the CLI prints for the error
 * (`CODE: message`), caret line included. A query runs through parse → check → normalize.
 */
const CASES: readonly (readonly [string, string])[] = [
  ['and-or', 'process where process.name : "cmd.exe" and or user.id == 0'],
  ['multiline-assign', 'process where process.name == "a" and\n  process.args : "x" or\n  user.id = 0'],
  ['single-quotes', "process where process.name == 'cmd.exe'"],
  ['question-quote', 'process where process.name : ?"C:\\\\x"'],
  ['bad-escape', 'process where process.name : "a\\qb"'],
  ['unicode-digits', 'process where x == "\\u{D}"'],
  ['chained', 'process where 1 < pid < 5'],
  ['empty-in', 'process where a in ()'],
  ['uppercase-and', 'process where a == 1 AND b == 2'],
  ['end-of-query', 'process where'],
  ['tab-aligned', 'process\twhere\ta ==\t== 1'],
  ['crlf-second-line', 'process where a == 1 and\r\n  b = 2\r\n'],
  ['unknown-function', 'process where wildcard(process.name, "*.exe")'],
  ['no-insensitive-form', 'process where length~(process.name) > 3'],
  ['field-vs-field', 'process where process.name == process.parent.name'],
  ['unsupported-pipe', 'process where true | unique process.name'],
  ['sequence-unsupported', 'sequence by host.id [process where true] [file where true]'],
  ['lineage-semantic', 'process where descendant of [process where process.name == "x"]'],
];

const goldenDir = new URL('./golden/', import.meta.url);

function render(query: string): string {
  try {
    const statement = parseEql(query);
    if (statement.query.kind === 'event') checkStatement(statement);
    normalizeQuery(statement);
  } catch (error) {
    if (error instanceof EqlError) return `${error.code}: ${error.message}\n`;
    throw error;
  }
  throw new Error(`no error for ${query}`);
}

describe('golden parser error renderings (STYLE.md §4)', () => {
  test.for(CASES)('%s', ([name, query]) => {
    const file = new URL(`${name}.txt`, goldenDir);
    expect(existsSync(file), `golden file ${name}.txt`).toBe(true);
    expect(render(query)).toBe(readFileSync(file, 'utf8'));
  });

  test('the message is rendered from the data alone (formatEqlError)', () => {
    expect(
      formatEqlError({ reason: 'boom', line: 2, column: 3, offset: 7, length: 2, query: 'a\nbcdef', rule: '"R" (r.toml)' }),
    ).toBe('rule "R" (r.toml): boom at 2:3\n  2 | bcdef\n    |   ^^');
  });
});
