import { describe, expect, test } from 'vitest';
import { fieldsOfExpr } from '../../src/eql/expr-fields.js';
import { parseEqlExpression } from '../../src/eql/parse.js';

describe('fieldsOfExpr', () => {
  test.each([
    ['process.name == "sshd"', ['process.name']],
    ['length(file.path) + file.size > 10 * file.size', ['file.path', 'file.size']],
    ['not (a : ("x*", b) or c in (d, 1, e))', ['a', 'b', 'c', 'd', 'e']],
    ['-x < concat(y, "z", x)', ['x', 'y']],
    ['1 == 1', []],
  ])('%s reads %j', (source, fields) => {
    expect(fieldsOfExpr(parseEqlExpression(source))).toEqual(fields);
  });
});
