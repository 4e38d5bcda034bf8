/**
 * Compiles a script expression (a {@link ScriptCond}'s `expr`, or any constant expression) into a tree
 * of closures, deciding at compile time what can be decided: function lookup, wildcard plans, regexes,
 * CIDR blocks. Evaluation is three-valued (EQL-SEMANTICS.md §4) over a lookup that gives one value per
 * field (the caller iterates multi-valued fields).
 */
import type { Expr, PatternExpr } from '../eql/ast.js';
import { AppError } from '../errors.js';
import { compileWildcard } from './wildcard.js';
import { compileLuceneRegex } from './regex.js';
import { parseCidrBlocks, cidrMatch } from './functions/cidr-match.js';
import { asText, EvalError, type EqlValue } from './functions/eql-value.js';
import { findEqlFunction } from './functions/function-table.js';
import { add } from './functions/add.js';
import { subtract } from './functions/subtract.js';
import { multiply } from './functions/multiply.js';
import { divide } from './functions/divide.js';
import { modulo } from './functions/modulo.js';
import { and3, compare3, equals3, in3, not3, or3 } from './three-valued.js';

/** Reads the (single) value a field has in the current evaluation. */
export type FieldLookup = (field: string) => EqlValue;

/** A compiled expression: the fields it reads (in first-use order) and its evaluator. */
export interface CompiledExpr {
  readonly fields: readonly string[];
  readonly evaluate: (lookup: FieldLookup) => EqlValue;
}

type Node = (lookup: FieldLookup) => EqlValue;

/** The arithmetic operators and their implementations (shared with `add()`…`modulo()`). */
export const ARITHMETIC: Readonly<Record<'+' | '-' | '*' | '/' | '%', (a: EqlValue, b: EqlValue, double?: boolean) => EqlValue>> = {
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': divide,
  '%': modulo,
};

/**
 * Compiles `expr`.
 * @throws {EvalError} `ERR_MATCH_EVAL` for an unknown function or a bad constant argument (a CIDR).
 * @throws {RegexError} `ERR_MATCH_REGEX` for a regex Lucene refuses.
 */
export function compileExpr(expr: Expr): CompiledExpr {
  const fields: string[] = [];
  const node = build(expr, fields);
  return { fields, evaluate: node };
}

const ARITHMETIC_FUNCTIONS: Readonly<Record<string, '+' | '-' | '*' | '/' | '%'>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  modulo: '%',
};

/**
 * True when `expr` is statically a double (Java `double`): a numeric literal written with a fraction or
 * exponent (`4.0`), or arithmetic over one. JSON values carry no such type (§7), so a field never is.
 * Decides IEEE vs integer division: `divide(30, 4.0)` is 7.5, `divide(30, 4)` is 7.
 */
export function isDoubleExpr(expr: Expr): boolean {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'number' && /[.eE]/.test(expr.raw);
    case 'unary':
      return isDoubleExpr(expr.operand);
    case 'arith':
      return isDoubleExpr(expr.left) || isDoubleExpr(expr.right);
    case 'call':
      return expr.name.toLowerCase() in ARITHMETIC_FUNCTIONS && expr.args.some(isDoubleExpr);
    default:
      return false;
  }
}

/** The arithmetic operator of an arithmetic function name (`divide` → `/`), if it is one. */
export function arithmeticOperatorOf(name: string): '+' | '-' | '*' | '/' | '%' | undefined {
  return ARITHMETIC_FUNCTIONS[name.toLowerCase()];
}

function isNullLiteral(e: Expr): boolean {
  return e.kind === 'literal' && e.value === null;
}

function build(expr: Expr, fields: string[]): Node {
  switch (expr.kind) {
    case 'literal': {
      const value = expr.value;
      return () => value;
    }
    case 'field': {
      const name = expr.name;
      if (!fields.includes(name)) fields.push(name);
      return (lookup) => lookup(name);
    }
    case 'not': {
      const inner = build(expr.operand, fields);
      return (l) => not3(inner(l));
    }
    case 'and':
    case 'or': {
      const parts = expr.operands.map((o) => build(o, fields));
      const combine = expr.kind === 'and' ? and3 : or3;
      return (l) => combine(parts.map((p) => p(l)));
    }
    case 'compare': {
      // Against the literal null, Elasticsearch tests nullness (IsNull / IsNotNull), never null itself.
      if (isNullLiteral(expr.left) || isNullLiteral(expr.right)) {
        const other = build(isNullLiteral(expr.left) ? expr.right : expr.left, fields);
        if (expr.op === '==') return (l) => other(l) === null;
        if (expr.op === '!=') return (l) => other(l) !== null;
        return () => null;
      }
      const left = build(expr.left, fields);
      const right = build(expr.right, fields);
      const op = expr.op;
      if (op === '==') return (l) => equals3(left(l), right(l));
      if (op === '!=') return (l) => not3(equals3(left(l), right(l)));
      return (l) => compare3(op, left(l), right(l));
    }
    case 'in': {
      const operand = build(expr.operand, fields);
      const items = expr.values.map((v) => build(v, fields));
      const ci = expr.caseInsensitive;
      const negated = expr.negated;
      return (l) => {
        const r = in3(operand(l), items.map((i) => i(l)), ci);
        return negated ? not3(r) : r;
      };
    }
    case 'pattern':
      return buildPattern(expr, fields);
    case 'call':
      return buildCall(expr, fields);
    case 'arith': {
      const left = build(expr.left, fields);
      const right = build(expr.right, fields);
      const f = ARITHMETIC[expr.op];
      const double = isDoubleExpr(expr);
      return (l) => f(left(l), right(l), double);
    }
    case 'unary': {
      const inner = build(expr.operand, fields);
      if (expr.op === '+') {
        return (l) => {
          const v = inner(l);
          return typeof v === 'number' ? v : null;
        };
      }
      return (l) => {
        const v = inner(l);
        return typeof v === 'number' ? (v === 0 ? 0 : -v) : null;
      };
    }
    case 'lineage':
      throw new AppError('ERR_EQL_UNSUPPORTED', `lineage (${expr.relation} of […]) is not supported`);
  }
}

function buildPattern(expr: PatternExpr, fields: string[]): Node {
  const operand = build(expr.operand, fields);
  const matchers = expr.patterns.map((p): ((text: string) => boolean) | null => {
    if (p.kind !== 'literal' || typeof p.value !== 'string') {
      if (p.kind === 'literal' && p.value === null) return null;
      throw new EvalError(`the right side of ${expr.op} must be string constants`);
    }
    if (expr.op === 'regex') return compileLuceneRegex(p.value, expr.caseInsensitive).test;
    return compileWildcard(p.value, expr.caseInsensitive);
  });
  return (l) => {
    const text = asText(operand(l));
    if (text === null) return null;
    let unknown = false;
    for (const m of matchers) {
      if (m === null) unknown = true;
      else if (m(text)) return true;
    }
    return unknown ? null : false;
  };
}

function buildCall(expr: Extract<Expr, { kind: 'call' }>, fields: string[]): Node {
  const fn = findEqlFunction(expr.name);
  if (fn === undefined) throw new EvalError(`unknown function ${expr.name}()`, { name: expr.name });
  if (expr.args.length < fn.minArgs || expr.args.length > fn.maxArgs) {
    throw new EvalError(`${fn.name}() takes ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} arguments, got ${expr.args.length}`);
  }
  const args = expr.args.map((a) => build(a, fields));
  const ci = expr.caseInsensitive;
  const arithmetic = arithmeticOperatorOf(fn.name);
  if (arithmetic !== undefined) {
    const f = ARITHMETIC[arithmetic];
    const double = isDoubleExpr(expr);
    const [x, y] = args as [Node, Node];
    return (l) => f(x(l), y(l), double);
  }
  if (fn.name === 'cidrMatch' && expr.args.slice(1).every((a) => a.kind === 'literal')) {
    // The blocks are constants: parse them once, at compile time.
    const blocks = parseCidrBlocks(expr.args.slice(1).map((a) => (a as Extract<Expr, { kind: 'literal' }>).value));
    const ip = args[0]!;
    return (l) => cidrMatch(ip(l), blocks);
  }
  return (l) => fn.call(args.map((a) => a(l)), ci);
}
