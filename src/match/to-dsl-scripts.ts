/**
 * Function leaves (`script` conditions) in the Query DSL.
 *
 * Elasticsearch translates some function predicates to plain queries instead of Painless (x-pack/plugin/ql
 * `ExpressionTranslators.Scalars.doKnownTranslate`, x-pack/plugin/eql `QueryTranslator`):
 * - `startsWith(field, "c")` / `startsWith~` → `prefix` (with `case_insensitive`);
 * - `endsWith(field, "c")` → `wildcard` `*c`, `stringContains(field, "c")` → `wildcard` `*c*`
 *   (with `case_insensitive` for `~`);
 * - `cidrMatch(field, "10.0.0.0/8", …)` → `terms` on the `ip` field (an ip `terms` query takes CIDR blocks).
 *
 * Two deliberate differences from Elasticsearch's own translation, so that the query counts exactly what
 * our predicate (and ES's documented function semantics, EQL-SEMANTICS.md §6) match:
 * - ES splices the constant into the wildcard unescaped, so a `*`, `?` or `\` in it would act as a
 *   wildcard; here it is escaped and matched literally, as the function's own definition says.
 * - `stringContains(f, "")` is false by definition (§6); ES's `**` would match every value. Here it is
 *   `match_none` (`endsWith(f, "")` / `startsWith(f, "")` are true for every value: `exists`).
 *
 * Everything else (`length`, `substring`, arithmetic, nested comparisons, …) is what Elasticsearch runs as
 * a Painless script through its own `InternalEqlScriptUtils`, which OpenSearch does not have. A
 * hand-written Painless equivalent would have to reproduce EQL's null and multi-value rules exactly, and
 * could not be checked here: the integ-test distributions of both servers ship without `lang-painless`
 * ("script_lang not supported [painless]"). Those leaves are reported, not translated.
 */
import type { Expr, ScriptCond } from '../eql/ast.js';
import { resolveField } from './mapping.js';
import {
  MATCH_NONE,
  dslField,
  escapeWildcardLiteral,
  prefixQuery,
  wildcardQuery,
  withNegation,
  type DslContext,
  type DslQuery,
} from './to-dsl-queries.js';

/** A translated leaf, or the reason it was not translated. */
export type ScriptLeafResult = { readonly query: DslQuery; readonly reason?: never } | { readonly query: null; readonly reason: string };

/** Field types the string functions can be pushed down to as term-level queries. */
const STRING_TYPES = new Set(['keyword', 'wildcard', 'constant_keyword']);

function stringConstant(expr: Expr | undefined): string | null {
  return expr?.kind === 'literal' && typeof expr.value === 'string' ? expr.value : null;
}

function untranslated(reason: string): ScriptLeafResult {
  return { query: null, reason };
}

function stringFunction(name: string, args: readonly Expr[], caseInsensitive: boolean, ctx: DslContext): ScriptLeafResult {
  const [subject, argument] = args;
  const constant = stringConstant(argument);
  if (args.length !== 2 || subject?.kind !== 'field' || constant === null) {
    return untranslated(`${name} is translated only with a field and a string constant; this one needs a Painless script`);
  }
  const type = resolveField(ctx.mapping, subject.name).mapping?.type;
  if (type !== undefined && !STRING_TYPES.has(type)) {
    return untranslated(`${name} on ${subject.name} (mapped as ${type}) needs a Painless script`);
  }
  const field = dslField(ctx, subject.name);
  switch (name) {
    case 'startsWith':
      return { query: prefixQuery(field, constant, caseInsensitive) };
    case 'endsWith':
      if (constant === '') return { query: { exists: { field } } };
      return { query: wildcardQuery(field, `*${escapeWildcardLiteral(constant)}`, caseInsensitive) };
    default:
      if (constant === '') return { query: MATCH_NONE };
      return { query: wildcardQuery(field, `*${escapeWildcardLiteral(constant)}*`, caseInsensitive) };
  }
}

function cidrMatch(args: readonly Expr[], ctx: DslContext): ScriptLeafResult {
  const [subject, ...blocks] = args;
  const constants = blocks.map(stringConstant);
  if (subject?.kind !== 'field' || constants.length === 0 || constants.some((c) => c === null)) {
    return untranslated('cidrMatch is translated only with a field and constant blocks; this one needs a Painless script');
  }
  const type = resolveField(ctx.mapping, subject.name).mapping?.type;
  if (type !== 'ip') {
    return untranslated(
      `cidrMatch on ${subject.name} is a terms query only on an ip field (${type === undefined ? 'not in the mapping' : `mapped as ${type}`})`,
    );
  }
  return { query: { terms: { [dslField(ctx, subject.name)]: constants } } };
}

/** Translates a `script` leaf to a term-level query when Elasticsearch does (see the module comment). */
export function scriptLeafDsl(cond: ScriptCond, ctx: DslContext): ScriptLeafResult {
  const expr = cond.expr;
  if (expr.kind !== 'call') return untranslated('Elasticsearch evaluates this comparison or arithmetic with a Painless script');
  let result: ScriptLeafResult;
  switch (expr.name) {
    case 'startsWith':
    case 'endsWith':
    case 'stringContains':
      result = stringFunction(expr.name, expr.args, expr.caseInsensitive, ctx);
      break;
    case 'cidrMatch':
      result = cidrMatch(expr.args, ctx);
      break;
    default:
      return untranslated(`Elasticsearch evaluates ${expr.name}() with a Painless script`);
  }
  if (result.query === null) return result;
  return { query: withNegation([result.query], cond.negated) };
}
