/**
 * `compileQuery`: a normalized single-event query → a predicate over parsed documents, generated as JS
 * source and built with `new Function` (STYLE.md §2, as ajv does for schemas).
 *
 * Everything decidable from the query is decided here: fields resolved against the mapping, getters
 * specialised for the plain nested shape, patterns planned into prefix/suffix/contains tests, case
 * folded, constants hoisted under readable names, leaves on one field that combine exactly merged into
 * one test that reads and folds the value once. Every literal enters the source through
 * `JSON.stringify` and every comment through {@link safeComment}; closures the source cannot express
 * (script leaves, Lucene-only regexes) are passed in. Only the runtime helpers the code calls are bound.
 *
 * Per-leaf semantics follow `Cond` (EQL-SEMANTICS.md §4): positive leaves are existential over the
 * field's values, `negated` leaves are their `must_not`; script leaves are evaluated per value with
 * three-valued logic, a null result being false. The predicate is pure and re-entrant.
 */
import type { Cond, NormalizedQuery, RangeCond, RegexCond, TermCond, WildcardCond } from '../eql/ast.js';
import { compareCodePoints, compareToConstant, foldAscii, rangeHolds, termEquals } from './compare-values.js';
import { generateGetter } from './generate-getter.js';
import {
  constantBase,
  declareViews,
  pascalBase,
  rangeTest,
  regexTest,
  termTest,
  wildcardTest,
  type CodeScope,
  type LeafTest,
  type RuntimeHelper,
  type ValueView,
} from './generate-leaf.js';
import type { Mapping } from './mapping.js';
import { printLeaf } from './print-cond.js';
import { compileScriptTest } from './script-leaf.js';
import { createFieldAccess, fieldValues, type FieldAccess } from './values.js';
import { matchSegments } from './wildcard.js';

/** Options of {@link compileQuery}. */
export interface CompileOptions {
  /** The index mapping the documents were indexed with; `null` = none (values as JSON gives them). */
  readonly mapping: Mapping | null;
}

/** A compiled query. */
export interface CompiledQuery {
  /** True when Elasticsearch would return `doc` (a parsed JSON document) for the query. */
  readonly predicate: (doc: unknown) => boolean;
  /** The generated JS (the body of the factory that builds `predicate`). */
  readonly source: string;
  /** The `head`/`tail` pipes, in order, for the caller to apply in input order. */
  readonly pipes: NormalizedQuery['pipes'];
}

/** Helpers the generated code may call; passed in, never reached through globals. */
const RUNTIME: Readonly<Record<RuntimeHelper, unknown>> = { fieldValues, foldAscii, termEquals, compareToConstant, compareCodePoints, rangeHolds, matchSegments };

/**
 * Compiles a normalized query into a predicate.
 * @throws {RegexError} `ERR_MATCH_REGEX` for a regex Lucene refuses.
 * @throws {EvalError} `ERR_MATCH_EVAL` for a script leaf with a bad constant (unknown function, bad CIDR).
 */
export function compileQuery(query: NormalizedQuery, options: CompileOptions): CompiledQuery {
  const gen = new Generator(options.mapping);
  const source = gen.render(gen.lines(planParts(query.condition), 1));
  const factory = new Function('env', source) as (env: Record<string, unknown>) => (doc: unknown) => boolean;
  const predicate = factory({ ...RUNTIME, ...gen.externals });
  return { predicate, source, pipes: query.pipes };
}

/**
 * Makes text safe inside a generated `//` comment: a line terminator (LF, CR, U+2028, U+2029 — the only
 * characters that end a `//` comment) is written as an escape, so a pattern or field name can never
 * inject code. Everything else, `*\/` included, is shown as the user wrote it.
 */
export function safeComment(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16)}`));
}

/** A leaf whose positive form is "some value of the field passes a per-value test". */
type ExistentialCond = TermCond | WildcardCond | RegexCond | RangeCond;

/** One line of the predicate's `return` expression and the EQL it stands for. */
interface Line {
  readonly code: string;
  readonly comment: string | null;
}

/**
 * True when `item` may share one per-value test with other leaves on its field inside an `and`/`or`
 * (§4): under `or`, positive leaves (∃v.A ∨ ∃v.B = ∃v.(A ∨ B)); under `and`, must_not leaves
 * (¬∃v.A ∧ ¬∃v.B = ¬∃v.(A ∨ B)). Ranges are never negated.
 */
function isMergeable(item: Cond, parent: 'and' | 'or'): item is ExistentialCond {
  if (item.kind === 'range') return parent === 'or';
  if (item.kind !== 'term' && item.kind !== 'wildcard' && item.kind !== 'regex') return false;
  return item.negated === (parent === 'and');
}

/**
 * What the `return` expression is made of: `and`/`or` of parts, a group of leaves on one field sharing
 * one per-value test (`negated` for a group of must_not leaves), or another leaf.
 */
type Part =
  | { readonly kind: 'all' | 'any'; readonly parts: readonly Part[] }
  | { readonly kind: 'group'; readonly leaves: readonly ExistentialCond[]; readonly negated: boolean; readonly joiner: 'and' | 'or' }
  | Extract<Cond, { kind: 'const' | 'exists' | 'script' }>;

/**
 * Plans the expression for `cond`: mergeable leaves of an `and`/`or` on one field gathered at the first
 * one's place; an `and`/`or` left with one part is that part.
 */
function planParts(cond: Cond): Part {
  if (cond.kind !== 'and' && cond.kind !== 'or') {
    if (cond.kind === 'term' || cond.kind === 'wildcard' || cond.kind === 'regex' || cond.kind === 'range') {
      return { kind: 'group', leaves: [cond], negated: cond.kind !== 'range' && cond.negated, joiner: 'or' };
    }
    return cond;
  }
  const parent = cond.kind;
  const parts: (Part | ExistentialCond[])[] = [];
  const byField = new Map<string, ExistentialCond[]>();
  for (const item of cond.items) {
    if (!isMergeable(item, parent)) {
      parts.push(planParts(item));
      continue;
    }
    const group = byField.get(item.field);
    if (group !== undefined) group.push(item);
    else {
      const created = [item];
      byField.set(item.field, created);
      parts.push(created);
    }
  }
  const planned = parts.map((p): Part => (Array.isArray(p) ? { kind: 'group', leaves: p, negated: parent === 'and', joiner: parent } : p));
  return planned.length === 1 ? planned[0]! : { kind: parent === 'and' ? 'all' : 'any', parts: planned };
}

class Generator implements CodeScope {
  readonly externals: Record<string, unknown> = {};
  private readonly declarations: string[] = [];
  private readonly functions: string[] = [];
  private readonly helpers = new Set<RuntimeHelper>();
  private readonly used = new Set<string>(['env', 'EMPTY', 'predicate', ...Object.keys(RUNTIME)]);
  private readonly getters = new Map<string, { name: string; access: FieldAccess }>();
  private scriptCount = 0;

  constructor(private readonly mapping: Mapping | null) {}

  /** `base`, or `base` numbered (`FILE_PATH_2`, `someFilePath2`) when taken. */
  private unique(base: string): string {
    const separator = /^[A-Z0-9_]+$/.test(base) || /\d$/.test(base) ? '_' : '';
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${separator}${i}`;
    this.used.add(name);
    return name;
  }

  constant(base: string, valueSource: string, comment?: string): string {
    const name = this.unique(base);
    this.declarations.push(`${comment === undefined ? '' : `// ${safeComment(comment)}\n`}const ${name} = ${valueSource};`);
    return name;
  }

  external(base: string, value: unknown): string {
    const name = this.unique(base);
    this.externals[name] = value;
    return name;
  }

  runtime(helper: RuntimeHelper): string {
    this.helpers.add(helper);
    return helper;
  }

  /** The getter function name for a field, generating it on first use. */
  private getter(field: string): { name: string; access: FieldAccess } {
    const known = this.getters.get(field);
    if (known !== undefined) return known;
    const access = createFieldAccess(this.mapping, field);
    const name = this.unique(`read${pascalBase(field)}`);
    const accessVar = this.unique(`${constantBase(field)}_FIELD`);
    const { source, usesFieldValues, arrayCheck } = generateGetter(name, access, accessVar);
    if (arrayCheck !== null && !this.used.has(arrayCheck.name)) {
      this.used.add(arrayCheck.name);
      this.functions.push(arrayCheck.source);
    }
    if (usesFieldValues) {
      this.runtime('fieldValues');
      this.externals[accessVar] = access;
    }
    const mapping = access.resolved.mapping;
    const mapped =
      mapping === null
        ? 'not in the mapping, values as JSON gives them'
        : `mapped as ${mapping.type}${mapping.ignoreAbove === undefined ? '' : `, ignore_above ${mapping.ignoreAbove}`}`;
    const via = access.resolved.sourcePath === field ? '' : ` (reads ${access.resolved.sourcePath})`;
    this.functions.push(`// ${safeComment(`${field}${via}: ${mapped}`)}\n${source}`);
    const entry = { name, access };
    this.getters.set(field, entry);
    return entry;
  }

  /**
   * A function `some<Field>(doc)`: true when some value of the field passes one of `leaves`' positive
   * tests (all on one field). Returns its name.
   */
  private existential(leaves: readonly ExistentialCond[]): string {
    const field = leaves[0]!.field;
    const { name: read, access } = this.getter(field);
    const match = this.unique(`match${pascalBase(field)}`);
    const some = this.unique(`some${pascalBase(field)}`);
    const tests: LeafTest[] = leaves.map((leaf) => this.leafTest(leaf, access));
    const all = tests.flatMap((t) => t.alternatives);
    // A `*` pattern holds for every value (§5): nothing else needs testing or computing.
    const always = all.some((a) => a.code === 'true');
    const views = new Set<ValueView>(always ? [] : tests.flatMap((t) => [...t.views]));
    const alternatives = always ? ['true'] : all.map((a) => (a.ternary === true && all.length > 1 ? `(${a.code})` : a.code));
    const comments = leaves.map((leaf, i) => `// ${i === 0 ? '' : 'or '}${safeComment(printLeaf(leaf.kind === 'range' ? leaf : { ...leaf, negated: false }))}`);
    this.functions.push(
      [
        ...comments,
        `function ${match}(x) {`,
        ...declareViews(views, access, this).map((d) => `  ${d}`),
        `  return ${alternatives.join('\n    || ')};`,
        '}',
        `function ${some}(doc) {`,
        `  const v = ${read}(doc);`,
        '  if (v === undefined) return false;',
        `  if (typeof v !== "object") return ${match}(v);`,
        `  for (let i = 0; i < v.length; i++) if (${match}(v[i])) return true;`,
        '  return false;',
        '}',
      ].join('\n'),
    );
    return some;
  }

  private leafTest(leaf: ExistentialCond, access: FieldAccess): LeafTest {
    switch (leaf.kind) {
      case 'term':
        return termTest(leaf, access, this);
      case 'wildcard':
        return wildcardTest(leaf, access, this);
      case 'regex':
        return regexTest(leaf, access, this);
      case 'range':
        return rangeTest(leaf, access, this);
    }
  }

  /**
   * The `return` expression for `part`, one line per leaf (or group) with its EQL as a comment; the
   * first line is unindented, the rest are indented for `depth`.
   */
  lines(part: Part, depth: number): Line[] {
    switch (part.kind) {
      case 'all':
      case 'any': {
        const op = part.kind === 'all' ? '&&' : '||';
        const indent = '  '.repeat(depth + 1);
        const out: Line[] = [];
        part.parts.forEach((item, j) => {
          const lines = this.lines(item, depth + 1);
          const wrapped = item.kind === 'all' || item.kind === 'any' ? parenthesize(lines) : lines;
          wrapped.forEach((line, k) => out.push(k === 0 && j > 0 ? { ...line, code: `${indent}${op} ${line.code}` } : line));
        });
        return out;
      }
      case 'group': {
        const some = this.existential(part.leaves);
        // A must_not leaf is true when no value satisfies the positive test (§4).
        return [{ code: part.negated ? `!${some}(doc)` : `${some}(doc)`, comment: part.leaves.map((l) => printLeaf(l)).join(` ${part.joiner} `) }];
      }
      case 'const':
        return [{ code: String(part.value), comment: part.value ? 'always' : 'never' }];
      case 'exists': {
        const { name: read } = this.getter(part.field);
        const has = this.unique(`has${pascalBase(part.field)}`);
        this.functions.push(
          [
            `// ${safeComment(printLeaf({ ...part, negated: false }))}`,
            `function ${has}(doc) {`,
            `  const v = ${read}(doc);`,
            '  return v !== undefined && (typeof v !== "object" || v.length > 0);',
            '}',
          ].join('\n'),
        );
        return [{ code: part.negated ? `!${has}(doc)` : `${has}(doc)`, comment: printLeaf(part) }];
      }
      case 'script': {
        // The script reads its fields through the same getters; it runs per combination of values (§4).
        const script = compileScriptTest(part.expr);
        const name = this.external(`script${++this.scriptCount}`, script.test);
        const reads = script.fields.map((field) => `${this.getter(field).name}(doc)`);
        const call = `${name}(${reads.join(', ')})`;
        return [{ code: part.negated ? `!${call}` : call, comment: `${printLeaf(part)} (script)` }];
      }
    }
  }

  render(lines: readonly Line[]): string {
    const env = [...Object.keys(RUNTIME).filter((h) => this.helpers.has(h as RuntimeHelper)), ...Object.keys(this.externals)];
    const body = lines.map((line, i) => {
      const code = `${i === 0 ? '  return ' : ''}${line.code}${i === lines.length - 1 ? ';' : ''}`;
      return line.comment === null ? code : `${code} // ${safeComment(line.comment)}`;
    });
    return [
      '"use strict";',
      ...(env.length === 0 ? [] : [`const { ${env.join(', ')} } = env;`, '']),
      ...(this.declarations.length === 0 ? [] : [...this.declarations, '']),
      ...this.functions.flatMap((f) => [f, '']),
      'const EMPTY = {};',
      'return function predicate(input) {',
      '  const doc = typeof input === "object" && input !== null ? input : EMPTY;',
      ...body,
      '};',
      '',
    ].join('\n');
  }
}

/** Wraps a composite's lines in parentheses: `(` before the first, `)` after the last line's code. */
function parenthesize(lines: readonly Line[]): Line[] {
  return lines.map((line, i) => ({
    ...line,
    code: `${i === 0 ? '(' : ''}${line.code}${i === lines.length - 1 ? ')' : ''}`,
  }));
}
