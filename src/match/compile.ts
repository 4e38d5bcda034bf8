/**
 * `compileQuery`: a normalized single-event query → a predicate over parsed documents, generated as JS
 * source and built with `new Function` (STYLE.md §2, as ajv does for schemas).
 *
 * Everything decidable from the query is decided here: fields resolved against the mapping, getters
 * specialised for the plain nested shape, patterns planned into prefix/suffix/contains tests, case
 * folded, constants hoisted under readable names. Every literal enters the source through
 * `JSON.stringify`; closures the source cannot express (script leaves, Lucene-only regexes) are passed in.
 *
 * Per-leaf semantics follow `Cond` (EQL-SEMANTICS.md §4): positive leaves are existential over the
 * field's values, `negated` leaves are their `must_not`; script leaves are evaluated per value with
 * three-valued logic, a null result being false. The predicate is pure and re-entrant.
 */
import type { Cond, NormalizedQuery } from '../eql/ast.js';
import { compareCodePoints, compareToConstant, foldAscii, rangeHolds, termEquals } from './compare-values.js';
import { generateGetter } from './generate-getter.js';
import { constantBase, rangeTest, regexTest, termTest, wildcardTest, type CodeScope, type LeafTest } from './generate-leaf.js';
import type { Mapping } from './mapping.js';
import { printLeaf } from './print-cond.js';
import { compileScriptLeaf } from './script-leaf.js';
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
const RUNTIME = { fieldValues, foldAscii, termEquals, compareToConstant, compareCodePoints, rangeHolds, matchSegments };

/**
 * Compiles a normalized query into a predicate.
 * @throws {RegexError} `ERR_MATCH_REGEX` for a regex Lucene refuses.
 * @throws {EvalError} `ERR_MATCH_EVAL` for a script leaf with a bad constant (unknown function, bad CIDR).
 */
export function compileQuery(query: NormalizedQuery, options: CompileOptions): CompiledQuery {
  const gen = new Generator(options.mapping);
  const body = gen.cond(query.condition, 1);
  const source = gen.render(body);
  const factory = new Function('env', source) as (env: Record<string, unknown>) => (doc: unknown) => boolean;
  const predicate = factory({ ...RUNTIME, ...gen.externals });
  return { predicate, source, pipes: query.pipes };
}

/**
 * Makes text safe inside a generated `//` or `/* … *\/` comment: no comment terminator, no line
 * terminator (U+2028/2029 end a `//` comment too), so a pattern can never inject code.
 */
export function safeComment(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/[\r\n\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

class Generator implements CodeScope {
  readonly externals: Record<string, unknown> = {};
  private readonly declarations: string[] = [];
  private readonly functions: string[] = [];
  private readonly used = new Set<string>(Object.keys(RUNTIME));
  private readonly getters = new Map<string, { name: string; access: FieldAccess }>();
  private leafCount = 0;

  constructor(private readonly mapping: Mapping | null) {}

  private unique(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
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

  /** The getter function name for a field, generating it on first use. */
  private getter(field: string): { name: string; access: FieldAccess } {
    const known = this.getters.get(field);
    if (known !== undefined) return known;
    const access = createFieldAccess(this.mapping, field);
    const camel = constantBase(field).toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const name = this.unique(`read${camel.charAt(0).toUpperCase()}${camel.slice(1)}`);
    const accessVar = this.external(`${constantBase(field)}_FIELD`, access);
    const mapped = access.resolved.mapping === null ? 'not in the mapping: values as JSON gives them' : `mapped as ${access.resolved.mapping.type}`;
    const via = access.resolved.sourcePath === field ? '' : ` (reads ${access.resolved.sourcePath})`;
    this.functions.push(`// ${safeComment(`${field}${via}: ${mapped}`)}\n${generateGetter(name, access, accessVar)}`);
    const entry = { name, access };
    this.getters.set(field, entry);
    return entry;
  }

  /** A leaf function `(doc) => boolean` for an existential test over the field's values. */
  private existential(field: string, comment: string, makeTest: (access: FieldAccess) => LeafTest): string {
    const { name: read, access } = this.getter(field);
    const n = ++this.leafCount;
    const match = this.unique(`match${n}`);
    const leaf = this.unique(`leaf${n}`);
    const { setup, test } = makeTest(access);
    this.functions.push(
      [
        `// ${safeComment(comment)}`,
        `function ${match}(x) {`,
        ...(setup === null ? [] : [`  ${setup}`]),
        `  return ${test};`,
        '}',
        `function ${leaf}(doc) {`,
        `  const v = ${read}(doc);`,
        '  if (v === undefined) return false;',
        `  if (typeof v !== "object") return ${match}(v);`,
        `  for (let i = 0; i < v.length; i++) if (${match}(v[i])) return true;`,
        '  return false;',
        '}',
      ].join('\n'),
    );
    return `${leaf}(doc)`;
  }

  cond(cond: Cond, depth: number): string {
    const indent = '  '.repeat(depth + 1);
    switch (cond.kind) {
      case 'and':
      case 'or': {
        const op = cond.kind === 'and' ? '&&' : '||';
        const parts = cond.items.map((item) => this.cond(item, depth + 1));
        return `(${parts.join(`\n${indent}${op} `)})`;
      }
      case 'const':
        return `${cond.value} /* ${cond.value ? 'always' : 'never'} */`;
      case 'term':
      case 'wildcard':
      case 'regex': {
        const positive = { ...cond, negated: false };
        const comment = printLeaf(positive);
        const call = this.existential(cond.field, comment, (access) =>
          cond.kind === 'term' ? termTest(cond, access, this) : cond.kind === 'wildcard' ? wildcardTest(cond, access, this) : regexTest(cond, access, this),
        );
        // A negated leaf is a must_not: true when no value satisfies the positive test (§4).
        return cond.negated ? `!${call} /* ${safeComment(printLeaf(cond))} */` : `${call} /* ${safeComment(comment)} */`;
      }
      case 'range':
        return `${this.existential(cond.field, printLeaf(cond), (access) => rangeTest(cond, access, this))} /* ${safeComment(printLeaf(cond))} */`;
      case 'exists': {
        const { name: read } = this.getter(cond.field);
        const n = ++this.leafCount;
        const leaf = this.unique(`leaf${n}`);
        this.functions.push(
          [
            `// ${safeComment(printLeaf({ ...cond, negated: false }))}`,
            `function ${leaf}(doc) {`,
            `  const v = ${read}(doc);`,
            '  return v !== undefined && (typeof v !== "object" || v.length > 0);',
            '}',
          ].join('\n'),
        );
        return cond.negated ? `!${leaf}(doc) /* ${safeComment(printLeaf(cond))} */` : `${leaf}(doc) /* ${safeComment(printLeaf(cond))} */`;
      }
      case 'script': {
        const n = ++this.leafCount;
        const script = this.external(`SCRIPT_${n}`, compileScriptLeaf(cond.expr, this.mapping));
        const text = printLeaf({ ...cond, negated: false });
        return cond.negated ? `!${script}(doc) /* ${safeComment(printLeaf(cond))} (script) */` : `${script}(doc) /* ${safeComment(text)} (script) */`;
      }
    }
  }

  render(body: string): string {
    const externals = Object.keys(this.externals);
    const env = [...Object.keys(RUNTIME), ...externals].join(', ');
    return [
      '"use strict";',
      `const { ${env} } = env;`,
      '',
      ...this.declarations,
      '',
      ...this.functions.flatMap((f) => [f, '']),
      'const EMPTY = {};',
      'return function predicate(input) {',
      '  const doc = typeof input === "object" && input !== null ? input : EMPTY;',
      `  return ${body.startsWith('(') ? body.slice(1, -1) : body};`,
      '};',
      '',
    ].join('\n');
  }
}
