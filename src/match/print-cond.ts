/**
 * Prints a normalized {@link Cond} tree as readable EQL-like text (what `compile` shows and what the
 * generated code's comments quote). Every leaf prints as the EQL that means exactly it:
 * `f == v`, `f != v` (must_not), `f in ("a", "b")`, `f in~ (…)`, `f : "lit"`, `f : "p*"`,
 * `f like "p*"`, `f regex "r"`, `f > 5`, `f != null` (exists), `f == null`, a script as its expression.
 */
import type { Cond, Scalar } from '../eql/ast.js';
import { printExpr, printFieldName, printString } from '../eql/print.js';

function printScalar(value: Exclude<Scalar, null>): string {
  return typeof value === 'string' ? printString(value) : String(value);
}

function list(values: readonly Exclude<Scalar, null>[]): string {
  return values.length === 1 ? printScalar(values[0]!) : `(${values.map(printScalar).join(', ')})`;
}

/** Prints one leaf (not `and`/`or`). */
export function printLeaf(cond: Cond): string {
  switch (cond.kind) {
    case 'term': {
      const f = printFieldName(cond.field);
      if (cond.caseInsensitive) {
        const text = cond.values.length === 1 ? `${f} : ${list(cond.values)}` : `${f} in~ ${list(cond.values)}`;
        return cond.negated ? `not ${text}` : text;
      }
      if (cond.values.length === 1) return `${f} ${cond.negated ? '!=' : '=='} ${list(cond.values)}`;
      return `${f} ${cond.negated ? 'not in' : 'in'} ${list(cond.values)}`;
    }
    case 'wildcard':
    case 'regex': {
      const op = cond.kind === 'regex' ? (cond.caseInsensitive ? 'regex~' : 'regex') : cond.caseInsensitive ? ':' : 'like';
      const text = `${printFieldName(cond.field)} ${op} ${list(cond.patterns)}`;
      return cond.negated ? `not ${text}` : text;
    }
    case 'range':
      return `${printFieldName(cond.field)} ${cond.op} ${printScalar(cond.value)}`;
    case 'exists':
      return `${printFieldName(cond.field)} ${cond.negated ? '==' : '!='} null`;
    case 'script':
      return cond.negated ? `not (${printExpr(cond.expr)})` : printExpr(cond.expr);
    case 'const':
      return String(cond.value);
    case 'and':
    case 'or':
      return printCond(cond);
  }
}

/**
 * Prints a condition tree, one line per leaf when `multiline` (indented by nesting), else on one line.
 */
export function printCond(cond: Cond, options: { multiline?: boolean } = {}): string {
  const multiline = options.multiline ?? false;
  const go = (c: Cond, depth: number, parent: 'and' | 'or' | null): string => {
    if (c.kind !== 'and' && c.kind !== 'or') return printLeaf(c);
    const parts = c.items.map((item) => go(item, depth + 1, c.kind));
    const body = multiline ? parts.join(`\n${'  '.repeat(depth + 1)}${c.kind} `) : parts.join(` ${c.kind} `);
    const wrapped = multiline && parent !== null ? `(${body}\n${'  '.repeat(depth)})` : parent !== null ? `(${body})` : body;
    return wrapped;
  };
  return go(cond, 0, null);
}
