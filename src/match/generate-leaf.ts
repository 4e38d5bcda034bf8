/**
 * Generates the per-value test of one leaf (JS expressions over `x`, one indexed value) with its
 * hoisted constants — the part of the compiled predicate that reads like hand-written code for the rule:
 * `x === HOST_OS_TYPE`, `folded.startsWith(FILE_PATH_1_START)`, `x > PROCESS_PID_BOUND`.
 *
 * Fast forms are used where the field's mapping guarantees the value's JS type; anything else goes
 * through the general comparison functions of `compare-values.ts`, so the result is always exact.
 * A test is a list of alternatives (OR-ed), so that leaves on one field can share one function and one
 * folding of the value (compile.ts merges them).
 */
import type { RangeCond, RegexCond, Scalar, TermCond, WildcardCond } from '../eql/ast.js';
import { foldAscii, scalarToString } from './compare-values.js';
import { isExactStringType } from './mapping.js';
import { parseDateMillis } from './parse-date.js';
import { printLeaf } from './print-cond.js';
import { compileLuceneRegex } from './regex.js';
import type { FieldAccess } from './values.js';
import { planWildcard } from './wildcard.js';

/** The helpers generated code may call (compile.ts passes them in; only the used ones are bound). */
export type RuntimeHelper = 'fieldValues' | 'foldAscii' | 'termEquals' | 'compareToConstant' | 'compareCodePoints' | 'rangeHolds' | 'matchSegments';

/** Collects hoisted declarations, closure values and used helpers while leaves are generated. */
export interface CodeScope {
  /** Declares a constant with a readable unique name; returns the name. */
  constant(base: string, valueSource: string, comment?: string): string;
  /** Passes a runtime value (a matcher object or closure) into the generated code; returns its name. */
  external(base: string, value: unknown): string;
  /** Records that the generated code calls `helper`; returns its name. */
  runtime(helper: RuntimeHelper): string;
}

/**
 * A readable SCREAMING_SNAKE name from a field name, camelCase words split
 * (`host.os.type` → `HOST_OS_TYPE`, `winlog.event_data.AttributeLDAPDisplayName` →
 * `WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME`).
 */
export function constantBase(field: string): string {
  const base = field
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(base) ? base : `F_${base}`;
}

/** A readable PascalCase name from a field name (`winlog.event_data.DnsHostName` → `WinlogEventDataDnsHostName`). */
export function pascalBase(field: string): string {
  const name = field
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  return name === '' ? 'Field' : name;
}

/** Views of the value `x` a test may read; each is declared once per per-value function. */
export type ValueView = 'text' | 'folded';

/**
 * A per-value test: alternatives OR-ed, and the views they read. An alternative is a JS expression;
 * `ternary` marks one that needs parentheses to be an operand of `||`.
 */
export interface LeafTest {
  readonly alternatives: readonly { readonly code: string; readonly ternary?: boolean }[];
  readonly views: ReadonlySet<ValueView>;
}

/**
 * True when every value the field indexes is a JS string (keyword-like, text, version and ip fields):
 * tests may then use string methods on `x` directly.
 */
export function isStringValued(access: FieldAccess): boolean {
  const mapping = access.resolved.mapping;
  if (mapping === null) return false;
  const type = mapping.type;
  return isExactStringType(type) || type === 'text' || type === 'match_only_text' || type === 'version' || type === 'ip';
}

/** The name a test uses for the value's string form: `x` itself when the field only has strings. */
function textOf(access: FieldAccess): { name: string; views: ValueView[] } {
  return isStringValued(access) ? { name: 'x', views: [] } : { name: 'text', views: ['text'] };
}

/**
 * The declarations of `views` (in dependency order) for a per-value function over `access`:
 * `text` = the value's string form (how wildcard, regex and keyword comparisons read a number, §7),
 * `folded` = its ASCII folding (§5).
 */
export function declareViews(views: ReadonlySet<ValueView>, access: FieldAccess, scope: CodeScope): string[] {
  const out: string[] = [];
  const text = textOf(access);
  if (text.name === 'text' && (views.has('text') || views.has('folded'))) {
    const onlyNonStrings = access.kind === 'number' || access.kind === 'date' || access.kind === 'boolean';
    out.push(`const text = ${onlyNonStrings ? 'String(x)' : 'typeof x === "string" ? x : String(x)'};`);
  }
  if (views.has('folded')) out.push(`const folded = ${scope.runtime('foldAscii')}(${text.name});`);
  return out;
}

const js = (value: Exclude<Scalar, null>): string => JSON.stringify(value);

const codes = (list: readonly string[]): LeafTest['alternatives'] => list.map((code) => ({ code }));

/**
 * `a === A || a === B`, or a Set lookup past four values; `comments[i]` (the EQL a folded constant came
 * from) is shown above constant `i`.
 */
function oneOf(subject: string, values: readonly (string | number)[], base: string, scope: CodeScope, comments: readonly (string | undefined)[] = []): string[] {
  if (values.length > 4) return [`${scope.constant(`${base}_VALUES`, `new Set(${JSON.stringify(values)})`)}.has(${subject})`];
  return values.map((v, i) => `${subject} === ${scope.constant(values.length === 1 ? base : `${base}_${i + 1}`, JSON.stringify(v), comments[i])}`);
}

/** The test for a `term` leaf. */
export function termTest(cond: TermCond, access: FieldAccess, scope: CodeScope): LeafTest {
  const base = constantBase(cond.field);
  const kind = access.kind;
  const ci = cond.caseInsensitive;
  if (kind === 'string' || kind === 'version' || kind === 'dynamic') {
    // A string value equals a constant's string form: `user.id == 0` finds "0" (§7), folded for `:`/`in~` (§5).
    // One constant per distinct form; a constant that folding changed is shown under the EQL it came from.
    const written = new Map<string, string | undefined>();
    for (const v of cond.values) {
      const text = scalarToString(v);
      const form = ci ? foldAscii(text) : text;
      if (!written.has(form)) written.set(form, form === text ? undefined : printLeaf({ ...cond, values: [v], negated: false }));
    }
    const forms = [...written.keys()];
    const comments = [...written.values()];
    if (kind !== 'dynamic') {
      const text = textOf(access);
      const views = new Set<ValueView>(ci ? ['folded'] : text.views);
      return { alternatives: codes(oneOf(ci ? 'folded' : text.name, forms, base, scope, comments)), views };
    }
    // Without a mapping, a number or boolean value compares as a number or boolean (termEquals, §7).
    const strings = oneOf(ci ? 'folded' : 'x', forms, base, scope, comments).join(' || ');
    const all = scope.constant(`${base}_TERMS`, JSON.stringify(cond.values));
    const other = `${all}.some((c) => ${scope.runtime('termEquals')}(x, c, ${ci}, "dynamic"))`;
    return { alternatives: [{ code: `typeof x === "string" ? ${strings} : ${other}`, ternary: true }], views: new Set(ci ? ['folded'] : []) };
  }
  if (kind === 'number' && cond.values.every((v) => typeof v === 'number')) {
    return { alternatives: codes(oneOf('x', [...new Set(cond.values as number[])], base, scope)), views: new Set() };
  }
  const all = scope.constant(`${base}_TERMS`, JSON.stringify(cond.values));
  return { alternatives: codes([`${all}.some((c) => ${scope.runtime('termEquals')}(x, c, ${ci}, ${JSON.stringify(kind)}))`]), views: new Set() };
}

/** The test for a `wildcard` leaf: the cheapest exact string test per pattern (§5). */
export function wildcardTest(cond: WildcardCond, access: FieldAccess, scope: CodeScope): LeafTest {
  const base = constantBase(cond.field);
  const text = textOf(access);
  const s = cond.caseInsensitive ? 'folded' : text.name;
  const alternatives = cond.patterns.map((pattern, i) => {
    const plan = planWildcard(pattern, cond.caseInsensitive);
    const n = cond.patterns.length === 1 ? base : `${base}_${i + 1}`;
    // The constants hold the planned (folded) texts; the comment shows the pattern as written.
    const comment = printLeaf({ ...cond, patterns: [pattern], negated: false });
    switch (plan.kind) {
      case 'any':
        return 'true';
      case 'equals':
        return `${s} === ${scope.constant(n, JSON.stringify(plan.text), comment)}`;
      case 'prefix':
        return `${s}.startsWith(${scope.constant(`${n}_START`, JSON.stringify(plan.text), comment)})`;
      case 'suffix':
        return `${s}.endsWith(${scope.constant(`${n}_END`, JSON.stringify(plan.text), comment)})`;
      case 'contains':
        return `${s}.includes(${scope.constant(`${n}_PART`, JSON.stringify(plan.text), comment)})`;
      case 'segments': {
        if (plan.first !== '' && plan.middles.length === 1 && plan.last === '') {
          const first = scope.constant(`${n}_START`, JSON.stringify(plan.first), comment);
          const then = scope.constant(`${n}_THEN`, JSON.stringify(plan.middles[0]!));
          return `(${s}.startsWith(${first}) && ${s}.includes(${then}, ${first}.length))`;
        }
        // Name only the parts the pattern has: `*a*b*` has no start or end to test.
        const first = plan.first === '' ? '""' : scope.constant(`${n}_START`, JSON.stringify(plan.first), comment);
        const middles = scope.constant(`${n}_MIDDLE`, JSON.stringify(plan.middles), plan.first === '' ? comment : undefined);
        const last = plan.last === '' ? '""' : scope.constant(`${n}_END`, JSON.stringify(plan.last));
        return `${scope.runtime('matchSegments')}(${s}, ${first}, ${middles}, ${last})`;
      }
      case 'regex':
        return `${scope.constant(`${n}_REGEX`, `new RegExp(${JSON.stringify(plan.source)}, "su")`, comment)}.test(${s})`;
    }
  });
  const views = new Set<ValueView>(cond.caseInsensitive ? ['folded'] : text.views);
  // `*` is true for any value (§5): the other patterns need not be tested.
  if (alternatives.includes('true')) return { alternatives: codes(['true']), views: new Set() };
  return { alternatives: codes(alternatives), views };
}

/** The test for a `regex` leaf: a translated JS RegExp, or the Lucene tree matcher when it cannot be (§5). */
export function regexTest(cond: RegexCond, access: FieldAccess, scope: CodeScope): LeafTest {
  const base = constantBase(cond.field);
  const text = textOf(access);
  const alternatives = cond.patterns.map((pattern, i) => {
    const compiled = compileLuceneRegex(pattern, cond.caseInsensitive);
    const n = cond.patterns.length === 1 ? `${base}_REGEX` : `${base}_REGEX_${i + 1}`;
    const comment = printLeaf({ ...cond, patterns: [pattern], negated: false });
    if (compiled.jsSource !== null) {
      return `${scope.constant(n, `new RegExp(${JSON.stringify(compiled.jsSource)}, "su")`, comment)}.test(${text.name})`;
    }
    // No JS RegExp says it (Lucene's `&`, `~`, intervals…): Lucene's own automaton semantics, same `.test`.
    return `${scope.external(n, compiled)}.test(${text.name})`;
  });
  return { alternatives: codes(alternatives), views: new Set(text.views) };
}

/** The test for a `range` leaf. */
export function rangeTest(cond: RangeCond, access: FieldAccess, scope: CodeScope): LeafTest {
  const { expression, views, ternary } = rangeExpression(cond, access, scope);
  return { alternatives: [{ code: expression, ternary }], views: new Set(views) };
}

function rangeExpression(cond: RangeCond, access: FieldAccess, scope: CodeScope): { expression: string; views: ValueView[]; ternary?: boolean } {
  const base = `${constantBase(cond.field)}_BOUND`;
  const { op, value } = cond;
  const plain = (expression: string): { expression: string; views: ValueView[] } => ({ expression, views: [] });
  if (access.kind === 'number' && typeof value === 'number') return plain(`x ${op} ${scope.constant(base, js(value))}`);
  if (access.kind === 'date') {
    const millis = typeof value === 'number' ? value : typeof value === 'string' ? parseDateMillis(value) : null;
    if (millis !== null) return plain(`x ${op} ${scope.constant(base, js(millis), printLeaf(cond))}`);
  }
  if (access.kind === 'string') {
    // Strings order by code point, a number bound as its string form (§5, §7).
    const text = textOf(access);
    return { expression: `${scope.runtime('compareCodePoints')}(${text.name}, ${scope.constant(base, js(scalarToString(value)))}) ${op} 0`, views: text.views };
  }
  const bound = scope.constant(base, js(value));
  const general = `${scope.runtime('rangeHolds')}(${JSON.stringify(op)}, ${scope.runtime('compareToConstant')}(x, ${bound}, ${JSON.stringify(access.kind)}))`;
  if (access.kind === 'dynamic' && typeof value === 'number') return { expression: `typeof x === "number" ? x ${op} ${bound} : ${general}`, views: [], ternary: true };
  return plain(general);
}
