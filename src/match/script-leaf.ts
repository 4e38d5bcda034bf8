/**
 * Evaluates a script leaf on a document (EQL-SEMANTICS.md §4): the expression is run once per
 * combination of the values of the fields it reads (a field without values contributes one `null`),
 * and the leaf is true when some combination gives `true`. A null result is false.
 */
import type { Expr } from '../eql/ast.js';
import type { Mapping } from './mapping.js';
import { compileExpr, type FieldLookup } from './compile-expr.js';
import { createFieldAccess, fieldValues, type FieldAccess } from './values.js';
import type { EqlValue } from './functions/eql-value.js';

/** A compiled script leaf: `(doc) => boolean` (before any outer `must_not`). */
export type ScriptLeaf = (doc: unknown) => boolean;

/**
 * Compiles a script expression into a document test.
 * @throws {EvalError} / {RegexError} for what {@link compileExpr} refuses.
 */
export function compileScriptLeaf(expr: Expr, mapping: Mapping | null): ScriptLeaf {
  const compiled = compileExpr(expr);
  const accesses: FieldAccess[] = compiled.fields.map((name) => createFieldAccess(mapping, name));
  return (doc) => anyCombination(accesses.map((a) => valuesOrNull(doc, a)), compiled.fields, compiled.evaluate);
}

function valuesOrNull(doc: unknown, access: FieldAccess): EqlValue[] {
  const values: EqlValue[] = fieldValues(doc, access);
  return values.length === 0 ? [null] : values;
}

/** True when some combination of one value per field makes `evaluate` return `true`. */
export function anyCombination(
  valueLists: readonly (readonly EqlValue[])[],
  fields: readonly string[],
  evaluate: (lookup: FieldLookup) => EqlValue,
): boolean {
  const current = new Map<string, EqlValue>();
  const lookup: FieldLookup = (field) => current.get(field) ?? null;
  const go = (i: number): boolean => {
    if (i === valueLists.length) return evaluate(lookup) === true;
    for (const v of valueLists[i]!) {
      current.set(fields[i]!, v);
      if (go(i + 1)) return true;
    }
    return false;
  };
  return go(0);
}
