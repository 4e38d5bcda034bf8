/**
 * `normalizeQuery`: a parsed single-event statement → the {@link Cond} tree the matcher compiles.
 *
 * It implements the desugaring table of EQL-SEMANTICS.md §2 and pushes `not` down exactly as
 * Elasticsearch's optimizer does (§4), so every leaf is either existential (`negated: false`) or a
 * `must_not` of an existential leaf (`negated: true`). Anything Elasticsearch would evaluate as a Painless
 * script (a function or arithmetic applied to a field, a boolean sub-expression compared with a value)
 * becomes a `script` leaf holding the surface expression.
 */
import type {
  AndCond,
  CompareExpr,
  CompareOp,
  Cond,
  Expr,
  InExpr,
  LiteralExpr,
  NormalizeOptions,
  NormalizedQuery,
  OrCond,
  PatternExpr,
  Scalar,
  Span,
  Statement,
} from './ast.js';
import { EqlUnsupportedError } from './errors.js';

type Value = Exclude<Scalar, null>;

const DEFAULT_CATEGORY_FIELD = 'event.category';
/** Lucene RegExp operators with all syntax flags on (§5): a pattern without them is a plain string. */
const REGEX_METACHARACTERS = /[.?+*|{}[\]()"\\#@&<>~]/;

/**
 * Normalizes a single-event query.
 *
 * - `cat where X` adds a case-sensitive term on `options.categoryField ?? 'event.category'`;
 *   `any where X` adds nothing.
 * - `head N` / `tail N` pipes are returned in order in `pipes`.
 *
 * Decisions where the spec is silent (each mirrors what Elasticsearch's optimizer or translator does):
 * - a pattern with nothing to expand (`f : "abc"`, `f like "abc"`, `f regex "abc"`) is a term, with the
 *   case sensitivity of its operator; mixed lists give an `or` of one term leaf and one pattern leaf;
 * - `f : null` is `f == null`; `f in (null)` matches nothing (and `f not in (null)` everything);
 * - a bare field as a condition (`where ?flag`) is a term on `true`;
 * - a script comparison under `not` is negated in place for `< <= > >=` (`length(f) <= 3`), but `!=`
 *   and a negated `in` stay a must_not of the positive script (`length(f) != 3` is
 *   `must_not(script(length(f) == 3))`): with a missing field the two differ, and ES does the latter;
 * - comparisons of two constants fold when both have the same type (null makes them false both ways);
 *   anything else involving no field stays a script.
 *
 * @throws EqlUnsupportedError (`ERR_EQL_UNSUPPORTED`) for sequence, sample and join queries, lineage
 *   (`descendant of […]`) and pipes other than head/tail — the message names the construct.
 */
export function normalizeQuery(statement: Statement, options: NormalizeOptions = {}): NormalizedQuery {
  const categoryField = options.categoryField ?? DEFAULT_CATEGORY_FIELD;
  const { query, source } = statement;
  if (query.kind !== 'event') {
    throw unsupported(
      source,
      query.span,
      `${query.kind} queries are not supported by match: it evaluates single-event queries (category where condition) one event at a time`,
      query.kind.length,
    );
  }
  const pipes = statement.pipes.map((pipe) => {
    const count = pipe.args.length === 1 ? constantOf(pipe.args[0]!) : undefined;
    if ((pipe.name !== 'head' && pipe.name !== 'tail') || typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw unsupported(
        source,
        pipe.span,
        pipe.name === 'head' || pipe.name === 'tail'
          ? `pipe "${pipe.name}" needs one non-negative integer argument`
          : `pipe "${pipe.name}" is not supported by match: Elasticsearch EQL supports only head and tail`,
      );
    }
    return { name: pipe.name as 'head' | 'tail', count };
  });
  const normalizer = new Normalizer(source);
  const parts: Cond[] = [];
  if (query.category !== null) {
    parts.push({ kind: 'term', field: categoryField, values: [query.category], caseInsensitive: false, negated: false });
  }
  parts.push(normalizer.cond(query.condition, false));
  return { condition: and(parts), pipes, categoryField };
}

/**
 * The constant value of a literal, or of unary minus/plus over a numeric constant (`-1` is parsed as
 * unary minus on `1` but means the constant -1). `undefined` when `expr` is not a constant.
 */
export function constantOf(expr: Expr): Scalar | undefined {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind === 'unary') {
    const inner = constantOf(expr.operand);
    if (typeof inner !== 'number') return undefined;
    if (expr.op === '+') return inner;
    return inner === 0 ? 0 : -inner;
  }
  return undefined;
}

class Normalizer {
  constructor(private readonly source: string) {}

  /** The condition `expr`, or its negation when `negate` (the `not` push-down of §4). */
  cond(expr: Expr, negate: boolean): Cond {
    switch (expr.kind) {
      case 'and':
      case 'or': {
        const items = expr.operands.map((operand) => this.cond(operand, negate));
        // De Morgan: not (a and b) = not a or not b; not (a or b) = not a and not b.
        const conjunction = (expr.kind === 'and') !== negate;
        return conjunction ? and(items) : or(items);
      }
      case 'not':
        return this.cond(expr.operand, !negate);
      case 'literal':
        return this.literal(expr, negate);
      case 'field':
        // A bare field as a condition is `field == true` (a term on true), as Elasticsearch translates it.
        return { kind: 'term', field: expr.name, values: [true], caseInsensitive: false, negated: negate };
      case 'compare':
        return this.compare(expr, negate);
      case 'in':
        return this.in(expr, negate);
      case 'pattern':
        return this.pattern(expr, negate);
      case 'lineage':
        throw unsupported(
          this.source,
          expr.span,
          `lineage (${expr.relation} of […]) is not supported by match, nor by Elasticsearch EQL`,
          expr.relation.length + 3,
        );
      case 'call':
      case 'arith':
      case 'unary':
        return script(expr, negate);
    }
  }

  private literal(expr: LiteralExpr, negate: boolean): Cond {
    if (typeof expr.value === 'boolean') return { kind: 'const', value: expr.value !== negate };
    // `null` is neither true nor false: `not null` is null too, and a null condition matches nothing.
    if (expr.value === null) return { kind: 'const', value: false };
    return script(expr, negate);
  }

  private compare(expr: CompareExpr, negate: boolean): Cond {
    // `f != v` is `not (f == v)` in Elasticsearch's parser: a must_not of the equality (§2).
    if (expr.op === '!=') {
      return this.compare({ ...expr, op: '==' }, !negate);
    }
    const leftConstant = constantOf(expr.left);
    const rightConstant = constantOf(expr.right);
    if (leftConstant !== undefined && rightConstant !== undefined) {
      const folded = foldComparison(expr.op, leftConstant, rightConstant);
      if (folded === null) return { kind: 'const', value: false };
      if (folded !== undefined) return { kind: 'const', value: folded !== negate };
      return script(expr, negate);
    }
    // The field goes on the left: `5 < f` is `f > 5`, `null == f` is `f == null`.
    let op: CompareOp = expr.op;
    let field: Expr = expr.left;
    let value = rightConstant;
    if (expr.right.kind === 'field' && leftConstant !== undefined) {
      field = expr.right;
      value = leftConstant;
      op = flip(op);
    }
    if (field.kind !== 'field' || value === undefined) return this.scriptComparison(expr, negate);
    if (op === '==') {
      if (value === null) return { kind: 'exists', field: field.name, negated: !negate };
      return { kind: 'term', field: field.name, values: [value], caseInsensitive: false, negated: negate };
    }
    // A range against null folds to null in Elasticsearch: no event matches, negated or not.
    if (value === null) return { kind: 'const', value: false };
    // not (f > c) is f <= c: existential again, a missing f does not match (§4).
    return { kind: 'range', field: field.name, op: (negate ? negateRange(op) : op) as RangeOp, value };
  }

  /**
   * A comparison Elasticsearch runs as a script. Its optimizer negates an order comparison in place
   * (`not (length(f) > 3)` is `length(f) <= 3`, evaluated as a script); an equality stays a must_not.
   */
  private scriptComparison(expr: CompareExpr, negate: boolean): Cond {
    if (negate && expr.op !== '==' && expr.op !== '!=') {
      return script({ ...expr, op: negateRange(expr.op) }, false);
    }
    return script(expr, negate);
  }

  private in(expr: InExpr, negate: boolean): Cond {
    const negated = expr.negated !== negate;
    const values = expr.values.map(constantOf);
    if (expr.operand.kind !== 'field' || values.some((v) => v === undefined)) {
      return script({ ...expr, negated: false }, negated);
    }
    // null entries are dropped (§2); `in~` is an OR of case-insensitive equalities, never wildcards [qa].
    const kept = values.filter((v): v is Value => v !== null && v !== undefined);
    if (kept.length === 0) return { kind: 'const', value: negated };
    return { kind: 'term', field: expr.operand.name, values: kept, caseInsensitive: expr.caseInsensitive, negated };
  }

  private pattern(expr: PatternExpr, negate: boolean): Cond {
    const values = expr.patterns.map(constantOf);
    if (expr.operand.kind !== 'field' || values.some((v) => v === undefined)) {
      return script(expr, negate);
    }
    const field = expr.operand.name;
    const ci = expr.caseInsensitive;
    const terms: Value[] = [];
    const patterns: string[] = [];
    const order: ('term' | 'pattern' | 'null')[] = [];
    for (const value of values as Scalar[]) {
      if (value === null) {
        if (!order.includes('null')) order.push('null');
      } else if (typeof value === 'string' && isPattern(expr.op, value)) {
        patterns.push(value);
        if (!order.includes('pattern')) order.push('pattern');
      } else {
        // A pattern with nothing to expand is an equality (Elasticsearch's optimizer does the same).
        terms.push(value);
        if (!order.includes('term')) order.push('term');
      }
    }
    const leaves: Cond[] = order.map((kind): Cond => {
      if (kind === 'term') return { kind: 'term', field, values: terms, caseInsensitive: ci, negated: negate };
      if (kind === 'null') return { kind: 'exists', field, negated: !negate };
      return expr.op === 'regex'
        ? { kind: 'regex', field, patterns, caseInsensitive: ci, negated: negate }
        : { kind: 'wildcard', field, patterns, caseInsensitive: ci, negated: negate };
    });
    // The list is an OR of single patterns; its negation is an AND of the negated leaves.
    return negate ? and(leaves) : or(leaves);
  }
}

type RangeOp = '<' | '<=' | '>' | '>=';

function isPattern(op: PatternExpr['op'], value: string): boolean {
  if (op === 'regex') return REGEX_METACHARACTERS.test(value);
  return value.includes('*') || value.includes('?');
}

function flip(op: CompareOp): CompareOp {
  switch (op) {
    case '<':
      return '>';
    case '<=':
      return '>=';
    case '>':
      return '<';
    case '>=':
      return '<=';
    default:
      return op;
  }
}

function negateRange(op: CompareOp): RangeOp {
  switch (op) {
    case '<':
      return '>=';
    case '<=':
      return '>';
    case '>':
      return '<=';
    case '>=':
      return '<';
    default:
      throw new Error(`negateRange called with ${op}`);
  }
}

/**
 * Folds a comparison of two constants. `null` when either side is null (the comparison is null: false
 * both ways); `undefined` when the types differ and folding would have to guess (left as a script).
 */
function foldComparison(op: CompareOp, left: Scalar, right: Scalar): boolean | null | undefined {
  if (left === null || right === null) return null;
  if (typeof left !== typeof right) return undefined;
  const order = compareSameType(left, right);
  switch (op) {
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/** Strings order by code point (UTF-8 byte order, §5); numbers numerically; false < true. */
function compareSameType(left: Value, right: Value): number {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = [...left];
    const b = [...right];
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
      const d = a[i]!.codePointAt(0)! - b[i]!.codePointAt(0)!;
      if (d !== 0) return d;
    }
    return a.length - b.length;
  }
  return left === right ? 0 : left < right ? -1 : 1;
}

function script(expr: Expr, negated: boolean): Cond {
  return { kind: 'script', expr, negated };
}

/** A flattened conjunction with constants folded away; never empty, a single item is returned as is. */
function and(items: readonly Cond[]): Cond {
  const flat: Cond[] = [];
  for (const item of items) {
    if (item.kind === 'const') {
      if (!item.value) return item;
      continue;
    }
    if (item.kind === 'and') flat.push(...item.items);
    else flat.push(item);
  }
  if (flat.length === 0) return { kind: 'const', value: true };
  if (flat.length === 1) return flat[0]!;
  return { kind: 'and', items: flat } satisfies AndCond;
}

/** A flattened disjunction with constants folded away; never empty, a single item is returned as is. */
function or(items: readonly Cond[]): Cond {
  const flat: Cond[] = [];
  for (const item of items) {
    if (item.kind === 'const') {
      if (item.value) return item;
      continue;
    }
    if (item.kind === 'or') flat.push(...item.items);
    else flat.push(item);
  }
  if (flat.length === 0) return { kind: 'const', value: false };
  if (flat.length === 1) return flat[0]!;
  return { kind: 'or', items: flat } satisfies OrCond;
}

function unsupported(source: string, span: Span, reason: string, length?: number): EqlUnsupportedError {
  return new EqlUnsupportedError({
    reason,
    query: source,
    offset: span.start,
    length: length ?? span.end - span.start,
  });
}
