/**
 * The needles one leaf of the normalized condition guarantees, and why each is sound.
 *
 * A line can only hold a value that satisfies a positive leaf if the value's text is in the line. The
 * rules below make that true *byte for byte* (lines with a backslash are checked JSON-unescaped, see
 * prefilter-unescape.ts):
 *
 * - Only fields whose values are matched as their JSON string text give needles: fields the mapping does
 *   not know (dynamic) and `keyword`/`wildcard` fields (a `text` field resolves to its keyword
 *   multi-field). Numeric, `date`, `ip`, `version`, `boolean` fields coerce (`"1"` matches `1.0`,
 *   `"::1"` matches `"0:0:0:0:0:0:0:1"`), and a `constant_keyword` value lives in the mapping: no needles.
 * - A literal that could be part of the string form of a JSON number or boolean gives no needle: a
 *   keyword field holding `0` compares as `"0"` (EQL-SEMANTICS.md §3, §7), and the raw bytes of a number
 *   need not contain its string form (`1e2` is `"100"`). Any other literal can only come from a JSON
 *   string, whose delimiting quotes are in the line too: so an exact value gives the needle `"value"`,
 *   and a wildcard/regex run that touches the start or end of the anchored pattern gets the quote on that
 *   side (`"/root/.ssh/` for `/root/.ssh/*`).
 * - `null_value`: a JSON `null` matches like the mapping's null value, with no literal in the line — a
 *   leaf that the null value can satisfy gives no needle (for patterns: any leaf on such a field).
 * - Case-insensitive leaves fold ASCII only (§5): their needles are lower-cased and matched ASCII-folded.
 * - Negated leaves, `exists`, `range` give nothing; a `term` with no values can never match.
 * - `script` leaves: `startsWith`/`endsWith`/`stringContains` of a field and a constant string require
 *   that constant (as ES's prefix/wildcard translation does); every other script gives nothing.
 * - `ignore_above` needs no care: a value too long to be indexed matches nothing, which only removes
 *   matches.
 */
import type { Cond, Expr } from '../eql/ast.js';
import { foldAscii } from './compare-values.js';
import { resolveField, type Mapping } from './mapping.js';
import { FALSE_CNF, TRUE_CNF, andCnf, orCnf, type Cnf } from './prefilter-cnf.js';
import { regexRunTree, wildcardRunTree, type LiteralRun, type RunTree } from './prefilter-regex.js';
import type { Needle } from './prefilter.js';

const encoder = new TextEncoder();

/** A UTF-16 surrogate without its partner: not encodable as UTF-8, so never present in a JSON line's bytes. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;


/** A needle for `text` (folded when case-insensitive); `null` for text UTF-8 cannot carry (lone surrogates). */
export function createNeedle(text: string, caseInsensitive: boolean): Needle | null {
  if (LONE_SURROGATE.test(text)) return null;
  const folded = caseInsensitive ? foldAscii(text) : text;
  return { text: folded, bytes: encoder.encode(folded), caseInsensitive };
}

/** Text whose characters all occur in the string forms of JSON numbers (`-1.5e+21`, `-Infinity`). */
const NUMBER_CHARS = /^[0-9.eE+-]*$/;

/**
 * True when some JSON number or boolean has a string form containing `literal` (folded): such a literal
 * may be matched by a non-string value whose raw bytes differ from it.
 */
export function couldBeNonString(literal: string): boolean {
  if (NUMBER_CHARS.test(literal)) return true;
  const folded = foldAscii(literal);
  return ['-infinity', 'true', 'false', 'nan'].some((form) => form.includes(folded));
}

/** True when values of the (resolved) field are matched as their JSON string text. */
function literalField(mapping: Mapping | null, field: string): { ok: boolean; nullValue: string | null } {
  const resolved = resolveField(mapping, field);
  if (resolved.mapping === null) return { ok: true, nullValue: null };
  const type = resolved.mapping.type;
  const ok = type === 'keyword' || type === 'wildcard';
  const nullValue = resolved.mapping.nullValue;
  return { ok, nullValue: nullValue === undefined || nullValue === null ? null : String(nullValue) };
}

/** The needle of a literal run, or `null` when the run cannot be a needle. */
function runNeedle(run: LiteralRun, caseInsensitive: boolean): Needle | null {
  if (run.text === '' || couldBeNonString(run.text)) return null;
  return createNeedle(`${run.atStart ? '"' : ''}${run.text}${run.atEnd ? '"' : ''}`, caseInsensitive);
}

/** A requirement tree of literal runs as a CNF; an unusable run requires nothing. */
function runTreeCnf(tree: RunTree, caseInsensitive: boolean): Cnf {
  switch (tree.kind) {
    case 'true':
      return TRUE_CNF;
    case 'run': {
      const needle = runNeedle(tree.run, caseInsensitive);
      return needle === null ? TRUE_CNF : [[needle]];
    }
    case 'and':
      return andCnf(tree.items.map((item) => runTreeCnf(item, caseInsensitive)));
    case 'or':
      return orCnf(tree.items.map((item) => runTreeCnf(item, caseInsensitive)));
  }
}

function termCnf(cond: Extract<Cond, { kind: 'term' }>, mapping: Mapping | null): Cnf {
  if (cond.negated) return TRUE_CNF;
  if (cond.values.length === 0) return FALSE_CNF;
  const field = literalField(mapping, cond.field);
  if (!field.ok) return TRUE_CNF;
  const group: Needle[] = [];
  for (const value of cond.values) {
    if (typeof value !== 'string') return TRUE_CNF;
    const fold = cond.caseInsensitive ? foldAscii : (s: string): string => s;
    if (field.nullValue !== null && fold(field.nullValue) === fold(value)) return TRUE_CNF;
    // A numeric value compares with a string constant after trimming it (`" 42 "` equals `42`).
    if (couldBeNonString(value.trim())) return TRUE_CNF;
    const needle = runNeedle({ text: value, atStart: true, atEnd: true }, cond.caseInsensitive);
    if (needle === null) return TRUE_CNF;
    group.push(needle);
  }
  return orCnf(group.map((needle) => [[needle]]));
}

function patternCnf(
  cond: Extract<Cond, { kind: 'wildcard' | 'regex' }>,
  mapping: Mapping | null,
  toTree: (pattern: string) => RunTree,
): Cnf {
  if (cond.negated) return TRUE_CNF;
  if (cond.patterns.length === 0) return FALSE_CNF;
  const field = literalField(mapping, cond.field);
  // With a null_value, a JSON null may satisfy the pattern without any literal in the line.
  if (!field.ok || field.nullValue !== null) return TRUE_CNF;
  return orCnf(cond.patterns.map((pattern) => runTreeCnf(toTree(pattern), cond.caseInsensitive)));
}

/** The literal-string argument of a call, or null. */
function stringArg(expr: Expr | undefined): string | null {
  return expr?.kind === 'literal' && typeof expr.value === 'string' ? expr.value : null;
}

function scriptCnf(cond: Extract<Cond, { kind: 'script' }>, mapping: Mapping | null): Cnf {
  const expr = cond.expr;
  if (cond.negated || expr.kind !== 'call' || expr.args.length !== 2) return TRUE_CNF;
  const [subject, constant] = expr.args;
  const text = stringArg(constant);
  if (subject?.kind !== 'field' || text === null) return TRUE_CNF;
  const field = literalField(mapping, subject.name);
  if (!field.ok || field.nullValue !== null) return TRUE_CNF;
  let run: LiteralRun;
  switch (expr.name) {
    case 'startsWith':
      run = { text, atStart: true, atEnd: false };
      break;
    case 'endsWith':
      run = { text, atStart: false, atEnd: true };
      break;
    case 'stringContains':
      run = { text, atStart: false, atEnd: false };
      break;
    default:
      return TRUE_CNF;
  }
  const needle = runNeedle(run, expr.caseInsensitive);
  return needle === null ? TRUE_CNF : [[needle]];
}

/** The requirement a leaf condition puts on a raw line (see the module comment for the rules). */
export function leafCnf(cond: Exclude<Cond, { kind: 'and' | 'or' }>, mapping: Mapping | null): Cnf {
  switch (cond.kind) {
    case 'const':
      return cond.value ? TRUE_CNF : FALSE_CNF;
    case 'term':
      return termCnf(cond, mapping);
    case 'wildcard':
      return patternCnf(cond, mapping, wildcardRunTree);
    case 'regex':
      return patternCnf(cond, mapping, regexRunTree);
    case 'script':
      return scriptCnf(cond, mapping);
    case 'range':
    case 'exists':
      return TRUE_CNF;
  }
}
