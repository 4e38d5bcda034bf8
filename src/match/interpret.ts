/**
 * `interpretQuery`: a slow, obviously-correct reference evaluator, written straight from
 * EQL-SEMANTICS.md §3–§6 and sharing nothing with the compiler's fast paths — no generated code, no
 * getters, no wildcard planning, no JS RegExp translation. It shares only the general values model
 * (`fieldValues`, the comparison rules of `compare-values.ts`) and the function implementations.
 * Property tests check `compileQuery(q).predicate(doc) === interpretQuery(q).predicate(doc)`.
 */
import type { Cond, Expr, NormalizedQuery } from '../eql/ast.js';
import { fieldsOfExpr } from '../eql/expr-fields.js';
import { AppError } from '../errors.js';
import { compareToConstant, foldAscii, rangeHolds, termEquals, type IndexedValue } from './compare-values.js';
import { parseCidrBlocks, cidrMatch } from './functions/cidr-match.js';
import { asText, EvalError, type EqlValue } from './functions/eql-value.js';
import { findEqlFunction } from './functions/function-table.js';
import type { Mapping } from './mapping.js';
import { matchLuceneRegex, parseLuceneRegex } from './regex.js';
import { and3, compare3, equals3, in3, not3, or3 } from './three-valued.js';
import { ARITHMETIC, arithmeticOperatorOf, isDoubleExpr } from './compile-expr.js';
import { createFieldAccess, fieldValues } from './values.js';

/** What {@link interpretQuery} returns: the same shape as a compiled query, without source. */
export interface InterpretedQuery {
  readonly predicate: (doc: unknown) => boolean;
  readonly pipes: NormalizedQuery['pipes'];
}

/**
 * Builds the reference predicate for `query`.
 * @throws {RegexError} `ERR_MATCH_REGEX` for a regex Lucene refuses (checked up front, as the compiler does).
 */
export function interpretQuery(query: NormalizedQuery, options: { mapping: Mapping | null }): InterpretedQuery {
  checkRegexes(query.condition);
  return { predicate: (doc) => evalCond(query.condition, doc, options.mapping), pipes: query.pipes };
}

function checkRegexes(cond: Cond): void {
  if (cond.kind === 'and' || cond.kind === 'or') cond.items.forEach(checkRegexes);
  if (cond.kind === 'regex') cond.patterns.forEach((p) => parseLuceneRegex(p));
}

function values(doc: unknown, field: string, mapping: Mapping | null): IndexedValue[] {
  return fieldValues(doc, createFieldAccess(mapping, field));
}

/** Wildcard matching by dynamic programming over code points: `*` any run, `?` one code point. */
export function wildcardMatchesReference(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const p = [...(caseInsensitive ? foldAscii(pattern) : pattern)];
  const v = [...(caseInsensitive ? foldAscii(value) : value)];
  // ok[j] = pattern prefix of length i matches value prefix of length j.
  let ok: boolean[] = v.map(() => false);
  ok.unshift(true);
  for (const pc of p) {
    const next: boolean[] = new Array<boolean>(v.length + 1).fill(false);
    if (pc === '*') {
      let any = false;
      for (let j = 0; j <= v.length; j++) {
        any = any || ok[j]!;
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= v.length; j++) next[j] = ok[j - 1]! && (pc === '?' || v[j - 1] === pc);
    }
    ok = next;
  }
  return ok[v.length]!;
}

function text(x: IndexedValue): string {
  return typeof x === 'string' ? x : String(x);
}

function evalCond(cond: Cond, doc: unknown, mapping: Mapping | null): boolean {
  switch (cond.kind) {
    case 'and':
      return cond.items.every((c) => evalCond(c, doc, mapping));
    case 'or':
      return cond.items.some((c) => evalCond(c, doc, mapping));
    case 'const':
      return cond.value;
    case 'exists':
      return (values(doc, cond.field, mapping).length > 0) !== cond.negated;
    case 'range': {
      const kind = createFieldAccess(mapping, cond.field).kind;
      return values(doc, cond.field, mapping).some((x) => rangeHolds(cond.op, compareToConstant(x, cond.value, kind)));
    }
    case 'term': {
      const kind = createFieldAccess(mapping, cond.field).kind;
      const some = values(doc, cond.field, mapping).some((x) => cond.values.some((c) => termEquals(x, c, cond.caseInsensitive, kind)));
      return some !== cond.negated;
    }
    case 'wildcard': {
      const some = values(doc, cond.field, mapping).some((x) =>
        cond.patterns.some((p) => wildcardMatchesReference(p, text(x), cond.caseInsensitive)),
      );
      return some !== cond.negated;
    }
    case 'regex': {
      const some = values(doc, cond.field, mapping).some((x) =>
        cond.patterns.some((p) => matchLuceneRegex(parseLuceneRegex(p), text(x), cond.caseInsensitive)),
      );
      return some !== cond.negated;
    }
    case 'script': {
      const fields = fieldsOfExpr(cond.expr);
      const lists = fields.map((f) => {
        const vs: EqlValue[] = values(doc, f, mapping);
        return vs.length === 0 ? [null] : vs;
      });
      // Every combination of one value per field; true when one gives true (§4).
      const some = product(lists).some((combo) => {
        const env = new Map(fields.map((f, i) => [f, combo[i]!]));
        return evaluateReference(cond.expr, (f) => env.get(f) ?? null) === true;
      });
      return some !== cond.negated;
    }
  }
}

function product(lists: readonly (readonly EqlValue[])[]): EqlValue[][] {
  return lists.reduce<EqlValue[][]>((acc, list) => acc.flatMap((combo) => list.map((v) => [...combo, v])), [[]]);
}


/**
 * Evaluates an expression directly, three-valued (§4), with the reference wildcard and regex
 * matchers. `lookup` gives the value of a field (null when it has none).
 */
export function evaluateReference(expr: Expr, lookup: (field: string) => EqlValue): EqlValue {
  const ev = (e: Expr): EqlValue => evaluateReference(e, lookup);
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'field':
      return lookup(expr.name);
    case 'not':
      return not3(ev(expr.operand));
    case 'and':
      return and3(expr.operands.map(ev));
    case 'or':
      return or3(expr.operands.map(ev));
    case 'compare': {
      const nullLeft = expr.left.kind === 'literal' && expr.left.value === null;
      const nullRight = expr.right.kind === 'literal' && expr.right.value === null;
      if (nullLeft || nullRight) {
        const other = ev(nullLeft ? expr.right : expr.left);
        return expr.op === '==' ? other === null : expr.op === '!=' ? other !== null : null;
      }
      const a = ev(expr.left);
      const b = ev(expr.right);
      if (expr.op === '==') return equals3(a, b);
      if (expr.op === '!=') return not3(equals3(a, b));
      return compare3(expr.op, a, b);
    }
    case 'in': {
      const r = in3(ev(expr.operand), expr.values.map(ev), expr.caseInsensitive);
      return expr.negated ? not3(r) : r;
    }
    case 'pattern': {
      const subject = asText(ev(expr.operand));
      if (subject === null) return null;
      let unknown = false;
      for (const p of expr.patterns) {
        const pattern = ev(p);
        if (pattern === null) {
          unknown = true;
          continue;
        }
        const ps = String(pattern);
        const hit =
          expr.op === 'regex'
            ? matchLuceneRegex(parseLuceneRegex(ps), subject, expr.caseInsensitive)
            : wildcardMatchesReference(ps, subject, expr.caseInsensitive);
        if (hit) return true;
      }
      return unknown ? null : false;
    }
    case 'call': {
      const fn = findEqlFunction(expr.name);
      if (fn === undefined) throw new EvalError(`unknown function ${expr.name}()`, { name: expr.name });
      const args = expr.args.map(ev);
      const arithmetic = arithmeticOperatorOf(fn.name);
      if (arithmetic !== undefined) return ARITHMETIC[arithmetic](args[0] ?? null, args[1] ?? null, isDoubleExpr(expr));
      if (fn.name === 'cidrMatch') return cidrMatch(args[0] ?? null, parseCidrBlocks(args.slice(1)));
      return fn.call(args, expr.caseInsensitive);
    }
    case 'arith':
      return ARITHMETIC[expr.op](ev(expr.left), ev(expr.right), isDoubleExpr(expr));
    case 'unary': {
      const v = ev(expr.operand);
      if (typeof v !== 'number') return null;
      return expr.op === '-' ? (v === 0 ? 0 : -v) : v;
    }
    case 'lineage':
      throw new AppError('ERR_EQL_UNSUPPORTED', `lineage (${expr.relation} of […]) is not supported`);
  }
}
