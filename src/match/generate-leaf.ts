/**
 * Generates the per-value test of one leaf (a JS expression over `x`, one indexed value) with its
 * hoisted constants — the part of the compiled predicate that reads like hand-written code for the rule:
 * `x === HOST_OS_TYPE`, `s.startsWith(FILE_PATH_1_START)`, `x > PROCESS_PID_BOUND`.
 *
 * Fast forms are used where the field's kind guarantees the value's JS type; anything else goes through
 * the general comparison functions of `compare-values.ts`, so the result is always exact.
 */
import type { RangeCond, RegexCond, Scalar, TermCond, WildcardCond } from '../eql/ast.js';
import { foldAscii } from './compare-values.js';
import { parseDateMillis } from './parse-date.js';
import { compileLuceneRegex } from './regex.js';
import type { FieldAccess } from './values.js';
import { planWildcard } from './wildcard.js';

/** Collects hoisted declarations and closure values while leaves are generated. */
export interface CodeScope {
  /** Declares a constant with a readable unique name; returns the name. */
  constant(base: string, valueSource: string, comment?: string): string;
  /** Passes a runtime value (a matcher closure) into the generated code; returns its name. */
  external(base: string, value: unknown): string;
}

/** A readable SCREAMING_SNAKE name from a field name (`host.os.type` → `HOST_OS_TYPE`). */
export function constantBase(field: string): string {
  const base = field.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return /^[A-Z_]/.test(base) ? base : `F_${base}`;
}

const js = (value: Exclude<Scalar, null>): string => JSON.stringify(value);

/** A per-value test: statements to run first (binding `s`), then the boolean expression over `x`/`s`. */
export interface LeafTest {
  readonly setup: string | null;
  readonly test: string;
}

const plain = (test: string): LeafTest => ({ setup: null, test });

/** The test for a `term` leaf. */
export function termTest(cond: TermCond, access: FieldAccess, scope: CodeScope): LeafTest {
  const base = constantBase(cond.field);
  const kind = access.kind;
  const stringsOnly = cond.values.every((v) => typeof v === 'string');
  if ((kind === 'string' || kind === 'dynamic' || kind === 'version') && stringsOnly) {
    const values = (cond.values as string[]).map((v) => (cond.caseInsensitive ? foldAscii(v) : v));
    const subject = cond.caseInsensitive ? 's' : 'x';
    let test: string;
    if (values.length > 4) {
      const set = scope.constant(`${base}_VALUES`, `new Set(${JSON.stringify(values)})`);
      test = `${set}.has(${subject})`;
    } else {
      const names = values.map((v, i) => scope.constant(values.length === 1 ? base : `${base}_${i + 1}`, JSON.stringify(v)));
      test = names.map((n) => `${subject} === ${n}`).join(' || ');
    }
    if (kind === 'dynamic') {
      // Without a mapping a number or boolean value compares by its string form (§7).
      const all = scope.constant(`${base}_TERMS`, JSON.stringify(cond.values));
      const fallback = `${all}.some((c) => termEquals(x, c, ${cond.caseInsensitive}, "dynamic"))`;
      if (!cond.caseInsensitive) return plain(`typeof x === "string" ? ${test} : ${fallback}`);
      return { setup: 'if (typeof x !== "string") return ' + fallback + ';\n  const s = foldAscii(x);', test };
    }
    return cond.caseInsensitive ? { setup: 'const s = foldAscii(x);', test } : plain(test);
  }
  if (kind === 'number' && cond.values.every((v) => typeof v === 'number')) {
    const names = cond.values.map((v, i) => scope.constant(cond.values.length === 1 ? base : `${base}_${i + 1}`, js(v)));
    return plain(names.map((n) => `x === ${n}`).join(' || '));
  }
  const all = scope.constant(`${base}_TERMS`, JSON.stringify(cond.values));
  return plain(`${all}.some((c) => termEquals(x, c, ${cond.caseInsensitive}, ${JSON.stringify(kind)}))`);
}

/** The test for a `wildcard` leaf: the cheapest exact string test per pattern, OR-ed. */
export function wildcardTest(cond: WildcardCond, access: FieldAccess, scope: CodeScope): LeafTest {
  const base = constantBase(cond.field);
  const tests = cond.patterns.map((pattern, i) => {
    const plan = planWildcard(pattern, cond.caseInsensitive);
    const n = cond.patterns.length === 1 ? base : `${base}_${i + 1}`;
    const comment = `${JSON.stringify(pattern)}${cond.caseInsensitive ? ' (ASCII case-insensitive)' : ''}`;
    switch (plan.kind) {
      case 'any':
        return 'true';
      case 'equals':
        return `s === ${scope.constant(n, JSON.stringify(plan.text), comment)}`;
      case 'prefix':
        return `s.startsWith(${scope.constant(`${n}_START`, JSON.stringify(plan.text), comment)})`;
      case 'suffix':
        return `s.endsWith(${scope.constant(`${n}_END`, JSON.stringify(plan.text), comment)})`;
      case 'contains':
        return `s.includes(${scope.constant(`${n}_PART`, JSON.stringify(plan.text), comment)})`;
      case 'segments': {
        const first = scope.constant(`${n}_START`, JSON.stringify(plan.first), comment);
        if (plan.middles.length === 1 && plan.last === '') {
          const then = scope.constant(`${n}_THEN`, JSON.stringify(plan.middles[0]!));
          return `(s.startsWith(${first}) && s.includes(${then}, ${first}.length))`;
        }
        const middles = scope.constant(`${n}_MIDDLE`, JSON.stringify(plan.middles));
        const last = scope.constant(`${n}_END`, JSON.stringify(plan.last));
        return `matchSegments(s, ${first}, ${middles}, ${last})`;
      }
      case 'regex':
        return `${scope.constant(`${n}_REGEX`, `new RegExp(${JSON.stringify(plan.source)}, "su")`, comment)}.test(s)`;
    }
  });
  const text = access.kind === 'string' ? 'x' : '(typeof x === "string" ? x : String(x))';
  const subject = cond.caseInsensitive ? `foldAscii(${text})` : text;
  return { setup: `const s = ${subject};`, test: tests.join('\n    || ') };
}

/** The test for a `regex` leaf: a translated JS RegExp, or the Lucene tree matcher when it cannot be. */
export function regexTest(cond: RegexCond, access: FieldAccess, scope: CodeScope): LeafTest {
  const base = constantBase(cond.field);
  const tests = cond.patterns.map((pattern, i) => {
    const compiled = compileLuceneRegex(pattern, cond.caseInsensitive);
    const n = cond.patterns.length === 1 ? `${base}_REGEX` : `${base}_REGEX_${i + 1}`;
    if (compiled.jsSource !== null) {
      return `${scope.constant(n, `new RegExp(${JSON.stringify(compiled.jsSource)}, "su")`, `Lucene ${JSON.stringify(pattern)}`)}.test(s)`;
    }
    return `${scope.external(n, compiled.test)}(s)`;
  });
  const text = access.kind === 'string' ? 'x' : '(typeof x === "string" ? x : String(x))';
  return { setup: `const s = ${text};`, test: tests.join('\n    || ') };
}

/** The test for a `range` leaf. */
export function rangeTest(cond: RangeCond, access: FieldAccess, scope: CodeScope): LeafTest {
  return plain(rangeExpression(cond, access, scope));
}

function rangeExpression(cond: RangeCond, access: FieldAccess, scope: CodeScope): string {
  const base = `${constantBase(cond.field)}_BOUND`;
  const { op, value } = cond;
  if (access.kind === 'number' && typeof value === 'number') return `x ${op} ${scope.constant(base, js(value))}`;
  if (access.kind === 'date') {
    const millis = typeof value === 'number' ? value : typeof value === 'string' ? parseDateMillis(value) : null;
    if (millis !== null) return `x ${op} ${scope.constant(base, js(millis), JSON.stringify(value))}`;
  }
  if (access.kind === 'string' && typeof value === 'string') {
    return `compareCodePoints(x, ${scope.constant(base, js(value))}) ${op} 0`;
  }
  const bound = scope.constant(base, js(value));
  const general = `rangeHolds(${JSON.stringify(op)}, compareToConstant(x, ${bound}, ${JSON.stringify(access.kind)}))`;
  if (access.kind === 'dynamic' && typeof value === 'number') return `(typeof x === "number" ? x ${op} ${bound} : ${general})`;
  return general;
}
