/**
 * `checkStatement`: refuses what Elasticsearch's EQL verifier refuses (EQL-SEMANTICS.md §1, §6), with a
 * message that says what to write instead and a caret on the offending text.
 *
 * Checked: unknown functions (and, by name, the Endgame-era ones Elasticsearch dropped: `wildcard`,
 * `match`, `matchLite`, the array functions, `safe`), arity, argument types of constants, `~` on a
 * function with no case-insensitive form, a field compared with a field, non-constant patterns after
 * `:` / `like` / `regex`, non-boolean conditions, pipes other than `head N` / `tail N`, join and lineage
 * (parsed, but Elasticsearch refuses them), and the structure of sequences and samples.
 */
import type { CallExpr, CompareExpr, EventQuery, Expr, Pipe, Query, Span, Stage, Statement } from './ast.js';
import { EqlSemanticError } from './errors.js';
import { findFunction, FUNCTION_SIGNATURES, type EqlType } from './function-signatures.js';
import { constantOf } from './normalize.js';
import { printExpr } from './print.js';

/** Functions of the Python/Endgame EQL that Elasticsearch does not have, and what to use instead. */
const REFUSED_FUNCTIONS: Readonly<Record<string, string>> = {
  wildcard: 'wildcard() is not supported by Elasticsearch EQL; use field : "pattern*" or field like "pattern*"',
  match: 'match() is not supported by Elasticsearch EQL; use field regex "pattern"',
  matchlite: 'matchLite() is not supported by Elasticsearch EQL; use field regex "pattern"',
  arraycontains: 'array functions (arrayContains) are not supported by Elasticsearch EQL; a field comparison already matches any array element',
  arraycount: 'array functions (arrayCount) are not supported by Elasticsearch EQL',
  arraysearch: 'array functions (arraySearch) are not supported by Elasticsearch EQL; a field comparison already matches any array element',
  safe: 'safe() is not supported by Elasticsearch EQL; functions already return null instead of failing',
};

const FUNCTION_LIST = [...FUNCTION_SIGNATURES.keys()].join(', ');
const INSENSITIVE_LIST = [...FUNCTION_SIGNATURES.values()].filter((f) => f.caseInsensitive).map((f) => f.name);

/**
 * Checks a parsed statement.
 * @throws EqlSemanticError (`ERR_EQL_SEMANTIC`) for the first problem found, pointing at it.
 */
export function checkStatement(statement: Statement): void {
  const checker = new Checker(statement.source);
  checker.query(statement.query);
  for (const pipe of statement.pipes) checker.pipe(pipe);
}

/**
 * Checks a bare expression as Elasticsearch's verifier would (used for the function tables of the ES QA
 * suite). `source` is the text it was parsed from.
 * @throws EqlSemanticError (`ERR_EQL_SEMANTIC`).
 */
export function checkExpression(expr: Expr, source: string): void {
  new Checker(source).expr(expr);
}

class Checker {
  constructor(private readonly source: string) {}

  private fail(reason: string, span: Span, length?: number): never {
    throw new EqlSemanticError({
      reason,
      query: this.source,
      offset: span.start,
      length: length ?? Math.max(1, span.end - span.start),
    });
  }

  query(query: Query): void {
    switch (query.kind) {
      case 'event':
        this.eventQuery(query);
        return;
      case 'join':
        // Elasticsearch's parser refuses it ("Join is not supported").
        this.fail('join queries are not supported by Elasticsearch EQL; use a sequence', query.span, 4);
        return;
      case 'sequence': {
        for (const stage of query.stages) {
          if (stage.runs !== null && stage.runs < 1) this.fail(`runs must be at least 1, found ${stage.runs}`, stage.span);
        }
        // `[q] with runs=3` stands for three queries (Elasticsearch expands it before this check).
        const count = query.stages.reduce((n, s) => n + (s.runs ?? 1), 0);
        if (count < 2) {
          this.fail(`a sequence needs at least 2 queries (with runs=N counting N), found ${count}`, query.span, 8);
        }
        if (query.stages.every((s) => s.missing)) {
          this.fail('a sequence needs at least one query that is not a missing event ![…]', query.span, 8);
        }
        if (query.maxspan !== null) {
          const { value, span } = query.maxspan;
          if (!Number.isInteger(value)) this.fail(`maxspan must be a whole number of its unit, found ${value}`, span);
          if (value <= 0) this.fail(`maxspan must be positive, found ${value}`, span);
        }
        this.stages(query.by, query.stages, query.until);
        return;
      }
      case 'sample':
        if (query.stages.length < 2) {
          this.fail(`a sample needs at least 2 queries, found ${query.stages.length}`, query.span, 6);
        }
        this.stages(query.by, query.stages, null);
    }
  }

  private stages(by: readonly Expr[], stages: readonly Stage[], until: Stage | null): void {
    for (const key of by) this.joinKey(key);
    const all = until === null ? stages : [...stages, until];
    const expected = all[0]!.by.length;
    for (const stage of all) {
      this.eventQuery(stage.query);
      for (const key of stage.by) this.joinKey(key);
      if (stage.by.length !== expected) {
        // Every query joins on the same number of keys (Elasticsearch checks it too).
        this.fail(
          `inconsistent number of join keys: the first query has ${expected}, this one has ${stage.by.length}`,
          stage.span,
        );
      }
    }
  }

  private joinKey(key: Expr): void {
    if (key.kind !== 'field') this.fail(`a join key must be a field, found ${printExpr(key)}`, key.span);
  }

  private eventQuery(query: EventQuery): void {
    this.condition(query.condition, 'the condition');
  }

  pipe(pipe: Pipe): void {
    if (pipe.name !== 'head' && pipe.name !== 'tail') {
      this.fail(`pipe "${pipe.name}" is not supported by Elasticsearch EQL; only head and tail are`, pipe.span);
    }
    const count = pipe.args.length === 1 ? constantOf(pipe.args[0]!) : undefined;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      this.fail(`pipe "${pipe.name}" takes one non-negative integer, e.g. | ${pipe.name} 10`, pipe.span);
    }
  }

  /** A boolean slot: the where condition, an operand of and/or/not. */
  private condition(expr: Expr, what: string): void {
    const type = this.expr(expr);
    if (type !== 'boolean' && type !== 'any' && type !== 'null') {
      this.fail(`${what} must be a boolean expression, found a ${type}: ${printExpr(expr)}`, expr.span);
    }
  }

  /** Checks `expr` and returns its static type (`any` when it depends on a field's value). */
  expr(expr: Expr): EqlType {
    switch (expr.kind) {
      case 'literal':
        return expr.value === null ? 'null' : (typeof expr.value as EqlType);
      case 'field':
        return 'any';
      case 'and':
      case 'or':
        for (const operand of expr.operands) this.condition(operand, `an operand of "${expr.kind}"`);
        return 'boolean';
      case 'not':
        this.condition(expr.operand, 'the operand of "not"');
        return 'boolean';
      case 'lineage':
        // Elasticsearch's parser refuses it ("Process relationships are not supported").
        return this.fail(
          `lineage (${expr.relation} of […]) is not supported by Elasticsearch EQL; use a sequence by process.entity_id`,
          expr.span,
          expr.relation.length + 3,
        );
      case 'compare':
        this.compare(expr);
        return 'boolean';
      case 'in': {
        this.expr(expr.operand);
        for (const value of expr.values) {
          if (value.kind === 'field' && !isOptionalPair(expr.operand, value)) {
            this.fail(`comparing a field with a field is not supported by Elasticsearch EQL: ${printExpr(expr)}`, value.span);
          }
          this.expr(value);
        }
        return 'boolean';
      }
      case 'pattern': {
        this.expr(expr.operand);
        const keyword = expr.op === ':' ? ':' : `${expr.op}${expr.caseInsensitive ? '~' : ''}`;
        for (const pattern of expr.patterns) {
          const value = constantOf(pattern);
          // `:` compares with any constant (`f : null` is `f == null`); like and regex take strings.
          const ok = expr.op === ':' ? value !== undefined : typeof value === 'string';
          if (!ok) {
            const found = value === undefined ? printExpr(pattern) : `the ${value === null ? 'null' : typeof value} ${printExpr(pattern)}`;
            const wanted = expr.op === ':' ? 'constants' : 'string constants';
            this.fail(`"${keyword}" takes ${wanted} on its right, found ${found}`, pattern.span);
          }
        }
        return 'boolean';
      }
      case 'call':
        return this.call(expr);
      case 'arith':
        this.numeric(expr.left, `the left side of "${expr.op}"`);
        this.numeric(expr.right, `the right side of "${expr.op}"`);
        return 'number';
      case 'unary':
        this.numeric(expr.operand, `the operand of unary "${expr.op}"`);
        return 'number';
    }
  }

  private numeric(expr: Expr, what: string): void {
    const type = this.expr(expr);
    if (type !== 'number' && type !== 'any' && type !== 'null') {
      this.fail(`${what} must be a number, found a ${type}: ${printExpr(expr)}`, expr.span);
    }
  }

  private compare(expr: CompareExpr): void {
    if (expr.left.kind === 'field' && expr.right.kind === 'field' && !isOptionalPair(expr.left, expr.right)) {
      // Elasticsearch: "Comparisons against fields are not (currently) supported".
      this.fail(
        `comparing a field with a field is not supported by Elasticsearch EQL: ${printExpr(expr)}`,
        expr.span,
      );
    }
    const left = this.expr(expr.left);
    const right = this.expr(expr.right);
    const known = (t: EqlType): boolean => t !== 'any' && t !== 'null';
    if (known(left) && known(right) && left !== right) {
      this.fail(`cannot compare a ${left} with a ${right}: ${printExpr(expr)}`, expr.span);
    }
  }

  private call(expr: CallExpr): EqlType {
    const nameLength = expr.name.length + (expr.caseInsensitive ? 1 : 0);
    const refused = REFUSED_FUNCTIONS[expr.name.toLowerCase()];
    if (refused !== undefined) this.fail(refused, expr.span, nameLength);
    const signature = findFunction(expr.name);
    if (signature === undefined) {
      this.fail(`unknown function "${expr.name}"; Elasticsearch EQL has ${FUNCTION_LIST}`, expr.span, nameLength);
    }
    if (expr.caseInsensitive && !signature.caseInsensitive) {
      this.fail(
        `${signature.name}() has no case-insensitive form (~); only ${INSENSITIVE_LIST.join(', ')} do`,
        expr.span,
        nameLength,
      );
    }
    const count = expr.args.length;
    if (count < signature.minArgs || count > signature.maxArgs) {
      this.fail(`${signature.name}() takes ${describeArity(signature.minArgs, signature.maxArgs)}, found ${count}`, expr.span);
    }
    expr.args.forEach((arg, index) => {
      const slot = signature.args[Math.min(index, signature.args.length - 1)]!;
      const type = this.expr(arg);
      const ordinal = ORDINALS[index] ?? `${index + 1}th`;
      if (slot.constant === true && constantOf(arg) === undefined) {
        this.fail(`the ${ordinal} argument of ${signature.name}() must be a constant, found ${printExpr(arg)}`, arg.span);
      }
      if (type !== 'any' && type !== 'null' && !slot.types.includes(type)) {
        this.fail(
          `the ${ordinal} argument of ${signature.name}() must be a ${slot.types.join(' or ')}, found a ${type}: ${printExpr(arg)}`,
          arg.span,
        );
      }
    });
    return signature.returns;
  }
}

/**
 * An optional field (`?x`) that is not in the index mapping is the constant null in Elasticsearch, so a
 * comparison involving one cannot be judged without the mapping (`?x == ?y` is valid ES QA syntax [qa]).
 */
function isOptionalPair(left: Expr, right: Expr): boolean {
  return (left.kind === 'field' && left.optional) || (right.kind === 'field' && right.optional);
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

function describeArity(min: number, max: number): string {
  if (max === Infinity) return `at least ${min} argument${min === 1 ? '' : 's'}`;
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  return `${min} to ${max} arguments`;
}
