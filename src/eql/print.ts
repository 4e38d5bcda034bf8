/**
 * Prints the AST back as canonical EQL: lowercase keywords, single spaces, the fewest parentheses that
 * keep the tree, strings re-escaped from their value, numbers as written, canonical function names.
 * Invariant: `parseEql(printStatement(parseEql(q)))` equals `parseEql(q)` apart from spans (and the `raw`
 * of string literals, which is re-spelled).
 */
import type { EventQuery, Expr, Pipe, Query, Stage, Statement, TimeSpan } from './ast.js';
import { isPlainIdentifier } from './lexer.js';

/** Binding strength of each construct; a child binding less tightly than its slot needs parentheses. */
const enum Level {
  Or = 1,
  And = 2,
  Not = 3,
  Compare = 4,
  Additive = 5,
  Multiplicative = 6,
  Unary = 7,
  /** A primary with its predicate (`f in (…)`, `f : "x"`): binds tighter than unary minus (§1 / EqlBase.g4). */
  Predicate = 8,
  Primary = 9,
}

/** Prints a whole statement: the query, then ` | pipe args` for each pipe. */
export function printStatement(statement: Statement): string {
  return [printQuery(statement.query), ...statement.pipes.map(printPipe)].join(' | ');
}

/** Prints a query (event, sequence, sample or join) without pipes. */
export function printQuery(query: Query): string {
  switch (query.kind) {
    case 'event':
      return printEventQuery(query);
    case 'sequence': {
      const parts = ['sequence'];
      if (query.by.length > 0) parts.push(printBy(query.by));
      if (query.maxspan !== null) parts.push(`with maxspan=${printTimeSpan(query.maxspan)}`);
      parts.push(...query.stages.map(printStage));
      if (query.until !== null) parts.push(`until ${printStage(query.until)}`);
      return parts.join(' ');
    }
    case 'sample': {
      const parts = ['sample'];
      if (query.by.length > 0) parts.push(printBy(query.by));
      parts.push(...query.stages.map(printStage));
      return parts.join(' ');
    }
    case 'join': {
      const parts = ['join'];
      if (query.by.length > 0) parts.push(printBy(query.by));
      parts.push(...query.stages.map(printStage));
      if (query.until !== null) parts.push(`until ${printStage(query.until)}`);
      return parts.join(' ');
    }
  }
}

/** Prints an expression with the fewest parentheses that keep its tree. */
export function printExpr(expr: Expr): string {
  return print(expr, Level.Or);
}

/** Prints a string as an EQL string literal (`"…"` with escapes). */
export function printString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      default:
        // Other control characters are unreadable raw; \u{…} needs 2 to 8 hex digits.
        out += code < 0x20 || code === 0x7f ? `\\u{${code.toString(16).padStart(2, '0')}}` : ch;
    }
  }
  return `${out}"`;
}

/** Prints a field name: plain dotted segments, backticks (with doubled backticks) where needed. */
export function printFieldName(name: string): string {
  const segments = name.split('.');
  if (segments.some((s) => s === '')) return quote(name);
  return segments.map((s) => (isPlainIdentifier(s) ? s : quote(s))).join('.');
}

function quote(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

function printEventQuery(query: EventQuery): string {
  const category =
    query.category === null ? 'any' : isPlainIdentifier(query.category) ? query.category : printString(query.category);
  return `${category} where ${printExpr(query.condition)}`;
}

function printStage(stage: Stage): string {
  let out = `${stage.missing ? '![' : '['}${printEventQuery(stage.query)}]`;
  if (stage.by.length > 0) out += ` ${printBy(stage.by)}`;
  if (stage.runs !== null) out += ` with runs=${stage.runs}`;
  return out;
}

function printBy(keys: readonly Expr[]): string {
  return `by ${keys.map(printExpr).join(', ')}`;
}

function printTimeSpan(span: TimeSpan): string {
  return `${span.value}${span.unit ?? ''}`;
}

function printPipe(pipe: Pipe): string {
  return pipe.args.length === 0 ? pipe.name : `${pipe.name} ${pipe.args.map(printExpr).join(', ')}`;
}

function levelOf(expr: Expr): Level {
  switch (expr.kind) {
    case 'or':
      return Level.Or;
    case 'and':
      return Level.And;
    case 'not':
    case 'lineage':
      return Level.Not;
    case 'compare':
      return Level.Compare;
    case 'arith':
      return expr.op === '+' || expr.op === '-' ? Level.Additive : Level.Multiplicative;
    case 'unary':
      return Level.Unary;
    case 'in':
    case 'pattern':
      return Level.Predicate;
    case 'literal':
    case 'field':
    case 'call':
      return Level.Primary;
  }
}

/** Prints `expr` in a slot that needs at least `min` binding strength. */
function print(expr: Expr, min: Level): string {
  const text = printBare(expr);
  return levelOf(expr) < min ? `(${text})` : text;
}

function printBare(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return printLiteral(expr.value, expr.raw);
    case 'field':
      return `${expr.optional ? '?' : ''}${printFieldName(expr.name)}`;
    case 'or':
    case 'and': {
      // Operands of the same kind are printed in parentheses: the AST keeps them flat, so any that
      // remain nested were built that way on purpose.
      const level = expr.kind === 'or' ? Level.Or : Level.And;
      return expr.operands.map((o) => print(o, o.kind === expr.kind ? level + 1 : level)).join(` ${expr.kind} `);
    }
    case 'not':
      return `not ${print(expr.operand, Level.Not)}`;
    case 'compare':
      // Both sides are operator expressions; a comparison inside needs parentheses (no chaining).
      return `${print(expr.left, Level.Additive)} ${expr.op} ${print(expr.right, Level.Additive)}`;
    case 'arith': {
      const level = levelOf(expr);
      return `${print(expr.left, level)} ${expr.op} ${print(expr.right, level + 1)}`;
    }
    case 'unary':
      return `${expr.op}${print(expr.operand, Level.Unary)}`;
    case 'in': {
      const keyword = `${expr.negated ? 'not ' : ''}in${expr.caseInsensitive ? '~' : ''}`;
      return `${print(expr.operand, Level.Primary)} ${keyword} (${expr.values.map(printExpr).join(', ')})`;
    }
    case 'pattern': {
      const op = expr.op === ':' ? ':' : `${expr.op}${expr.caseInsensitive ? '~' : ''}`;
      const [only] = expr.patterns;
      const patterns =
        expr.patterns.length === 1 && only !== undefined && levelOf(only) >= Level.Unary
          ? printPatternOperand(only)
          : `(${expr.patterns.map(printExpr).join(', ')})`;
      return `${print(expr.operand, Level.Primary)} ${op} ${patterns}`;
    }
    case 'call':
      return `${expr.name}${expr.caseInsensitive ? '~' : ''}(${expr.args.map(printExpr).join(', ')})`;
    case 'lineage':
      return `${expr.relation} of [${printEventQuery(expr.query)}]`;
  }
}

/** A single pattern is a unary-level operand; a predicate there would re-attach, so it is bracketed. */
function printPatternOperand(expr: Expr): string {
  if (expr.kind === 'unary') return `${expr.op}${printPatternOperand(expr.operand)}`;
  return levelOf(expr) === Level.Primary ? printBare(expr) : `(${printExpr(expr)})`;
}

function printLiteral(value: LiteralValue, raw: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return printString(value);
  // Numbers keep their spelling (`1.0` stays a double) when the spelling still means the value.
  if (raw !== '' && Number(raw) === value && /^[0-9.]/.test(raw)) return raw;
  return String(value);
}

type LiteralValue = string | number | boolean | null;
