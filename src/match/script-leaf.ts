/**
 * Evaluates a script leaf (EQL-SEMANTICS.md §4): the expression is run once per combination of the
 * values of the fields it reads (a field without values contributes one `null`), and the leaf is true
 * when some combination gives `true`. A null result is false.
 *
 * {@link compileScriptTest} takes each field's values as the compiled predicate's getters read them
 * (none, one value, or an array), so a script leaf reads its fields through the same fast paths as every
 * other leaf.
 */
import type { Expr } from '../eql/ast.js';
import type { IndexedValue } from './compare-values.js';
import { compileExpr, type FieldLookup } from './compile-expr.js';
import type { EqlValue } from './functions/eql-value.js';

/** A field's values as a generated getter returns them: `undefined` (none), one value, or an array. */
export type FieldRead = IndexedValue | readonly IndexedValue[] | undefined;

/** A script leaf over its fields' values, one argument per field of {@link ScriptTest.fields}. */
export interface ScriptTest {
  /** The fields the expression reads, in first-use order: the order of `test`'s arguments. */
  readonly fields: readonly string[];
  /** True when some combination of one value per field makes the expression `true` (§4). */
  readonly test: (...reads: FieldRead[]) => boolean;
}

/** A field without values is evaluated once with `null` (§4). */
const NO_VALUES: readonly EqlValue[] = [null];

function valueList(read: FieldRead): readonly EqlValue[] {
  if (read === undefined) return NO_VALUES;
  if (typeof read !== 'object') return [read];
  return read.length === 0 ? NO_VALUES : read;
}

/**
 * Compiles a script expression into a test over its fields' values.
 * @throws {EvalError} `ERR_MATCH_EVAL` / {RegexError} `ERR_MATCH_REGEX` for what {@link compileExpr} refuses.
 */
export function compileScriptTest(expr: Expr): ScriptTest {
  const { fields, evaluate } = compileExpr(expr);
  if (fields.length === 1) {
    // The common case (`length(f) > 15`, `startsWith~(f, "x")`): one loop, no combination state.
    const one = (read: FieldRead): boolean => {
      if (read === undefined || typeof read !== 'object') {
        const value: EqlValue = read === undefined ? null : read;
        return evaluate(() => value) === true;
      }
      if (read.length === 0) return evaluate(() => null) === true;
      for (let i = 0; i < read.length; i++) {
        const value = read[i]!;
        if (evaluate(() => value) === true) return true;
      }
      return false;
    };
    return { fields, test: one };
  }
  return { fields, test: (...reads) => anyCombination(reads.map(valueList), fields, evaluate) };
}

/** True when some combination of one value per field makes `evaluate` return `true`. */
export function anyCombination(
  valueLists: readonly (readonly EqlValue[])[],
  fields: readonly string[],
  evaluate: (lookup: FieldLookup) => EqlValue,
): boolean {
  const current: EqlValue[] = fields.map(() => null);
  const lookup: FieldLookup = (field) => current[fields.indexOf(field)] ?? null;
  const go = (i: number): boolean => {
    if (i === valueLists.length) return evaluate(lookup) === true;
    for (const v of valueLists[i]!) {
      current[i] = v;
      if (go(i + 1)) return true;
    }
    return false;
  };
  return go(0);
}
