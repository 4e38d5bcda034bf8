/**
 * EQL → Query DSL: the bool filter Elasticsearch's EQL builds for a single-event query
 * (EQL-SEMANTICS.md §2 "ES query" column), from the normalized condition.
 *
 * Read from Elasticsearch's sources (x-pack/plugin/eql `QueryTranslator`, `Optimizer`, `StringUtils`;
 * x-pack/plugin/ql `ExpressionTranslators`, `StringUtils.likeToLuceneWildcard`, `RegexQuery`):
 * - `==` → `term`; `in` → `terms`; `:`/`in~` without wildcards → `term` with `case_insensitive: true`
 *   (a list → `bool.should` of them); `!=`, `not …` → `bool.must_not`.
 * - `:`/`like`/`like~` patterns → `wildcard` (`case_insensitive` for `:` and `like~`). EQL `*`/`?` are the
 *   Lucene wildcards; ES turns the pattern into a LIKE pattern and back, escaping `\` (the one Lucene
 *   wildcard escape) — so `\` is written `\\`. A pattern of stars alone becomes `exists` (ES's
 *   `ReplaceRegexMatch`); `lit*` becomes the equivalent, cheaper `prefix`.
 * - `regex`/`regex~` → `regexp` with the pattern verbatim, `case_insensitive` for `~`, and ES's default
 *   flags (`RegexpQueryBuilder.DEFAULT_FLAGS_VALUE` = `ALL`, which EQL never changes) written out.
 * - `< <= > >=` → `range` `lt/lte/gt/gte`; `f != null` → `exists`; `f == null` → `must_not exists`.
 * - Function leaves: see to-dsl-scripts.ts.
 *
 * Both Elasticsearch 8/9 and OpenSearch 2.x accept everything emitted here: `case_insensitive` on
 * `term`, `prefix`, `wildcard` and `regexp` exists in both (ES ≥ 7.10; OpenSearch inherited it from
 * 7.10.2), `match_none`, `_name` and `minimum_should_match` are common to both. `terms` has no
 * `case_insensitive` in either, hence the `should` of `term`s for `in~`. test/match/to-dsl-integration.test.ts
 * checks `_count` of the translation against the local predicate on Elasticsearch 9.4.3 and OpenSearch
 * 2.19.6 (every leaf kind, ignore_above, null_value, aliases, text multi-fields, ip, date, arrays).
 *
 * Field names are resolved through the mapping as the matcher does (`resolveField`): aliases followed,
 * a `text` field replaced by its exact keyword multi-field (ES's `exactAttribute()`). Without a mapping,
 * names are used as written — pass the index mapping when the index maps strings as `text`.
 */
import type { Cond, NormalizedQuery } from '../eql/ast.js';
import { printExpr } from '../eql/print.js';
import type { Mapping } from './mapping.js';
import {
  MATCH_ALL,
  MATCH_NONE,
  anyOf,
  dslField,
  mustNot,
  prefixQuery,
  termQuery,
  wildcardQuery,
  type DslContext,
  type DslQuery,
  type DslScript,
  withNegation,
} from './to-dsl-queries.js';
import { scriptLeafDsl } from './to-dsl-scripts.js';

export type { DslQuery, DslScript } from './to-dsl-queries.js';

/** The result of {@link toDsl}. */
export interface DslTranslation {
  /**
   * The query: `{"bool": {"filter": [...]}}`. When {@link exact} is false, every untranslated leaf was
   * replaced by a `match_all` named after it, so the query matches a superset of the documents the
   * predicate matches (the condition tree has no `not` above its leaves, so a looser leaf only adds).
   */
  readonly query: DslQuery;
  /** Leaves that would need a Painless script and were not translated. */
  readonly scripts: readonly DslScript[];
  /** True when the query matches exactly what the predicate matches. */
  readonly exact: boolean;
}

/** Options of {@link toDsl}. */
export interface ToDslOptions {
  /** The index mapping (aliases, text fields with keyword multi-fields, ip fields), or `null`. */
  readonly mapping: Mapping | null;
}

function termLeaf(cond: Extract<Cond, { kind: 'term' }>, ctx: DslContext): DslQuery {
  if (cond.values.length === 0) return cond.negated ? MATCH_ALL : MATCH_NONE;
  const field = dslField(ctx, cond.field);
  const insensitive = cond.caseInsensitive ? cond.values.filter((v): v is string => typeof v === 'string') : [];
  const sensitive = cond.values.filter((v) => !cond.caseInsensitive || typeof v !== 'string');
  const queries: DslQuery[] = [];
  if (sensitive.length === 1) queries.push(termQuery(field, sensitive[0]!, false));
  if (sensitive.length > 1) queries.push({ terms: { [field]: sensitive } });
  // `terms` has no case_insensitive (in ES or OpenSearch): `in~` is a should of term queries, as ES builds it.
  for (const value of insensitive) queries.push(termQuery(field, value, true));
  return withNegation(queries, cond.negated);
}

/** One EQL wildcard pattern (§5: `*` and `?` are wildcards, everything else — `\` included — literal). */
function patternQuery(field: string, pattern: string, caseInsensitive: boolean): DslQuery {
  if (/^\*+$/.test(pattern)) return { exists: { field } };
  const firstWildcard = pattern.search(/[*?]/);
  if (firstWildcard === -1) return termQuery(field, pattern, caseInsensitive);
  if (firstWildcard === pattern.length - 1 && pattern.endsWith('*')) {
    return prefixQuery(field, pattern.slice(0, -1), caseInsensitive);
  }
  return wildcardQuery(field, pattern.replaceAll('\\', '\\\\'), caseInsensitive);
}

function wildcardLeaf(cond: Extract<Cond, { kind: 'wildcard' }>, ctx: DslContext): DslQuery {
  if (cond.patterns.length === 0) return cond.negated ? MATCH_ALL : MATCH_NONE;
  const field = dslField(ctx, cond.field);
  return withNegation(
    cond.patterns.map((p) => patternQuery(field, p, cond.caseInsensitive)),
    cond.negated,
  );
}

function regexLeaf(cond: Extract<Cond, { kind: 'regex' }>, ctx: DslContext): DslQuery {
  if (cond.patterns.length === 0) return cond.negated ? MATCH_ALL : MATCH_NONE;
  const field = dslField(ctx, cond.field);
  const queries = cond.patterns.map(
    (value): DslQuery => ({
      regexp: { [field]: cond.caseInsensitive ? { value, flags: 'ALL', case_insensitive: true } : { value, flags: 'ALL' } },
    }),
  );
  return withNegation(queries, cond.negated);
}

const RANGE_KEYS = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' } as const;

function translate(cond: Cond, ctx: DslContext): DslQuery {
  switch (cond.kind) {
    case 'and':
      return { bool: { filter: cond.items.map((item) => translate(item, ctx)) } };
    case 'or':
      return anyOf(cond.items.map((item) => translate(item, ctx)));
    case 'const':
      return cond.value ? MATCH_ALL : MATCH_NONE;
    case 'term':
      return termLeaf(cond, ctx);
    case 'wildcard':
      return wildcardLeaf(cond, ctx);
    case 'regex':
      return regexLeaf(cond, ctx);
    case 'range':
      return { range: { [dslField(ctx, cond.field)]: { [RANGE_KEYS[cond.op]]: cond.value } } };
    case 'exists': {
      const query = { exists: { field: dslField(ctx, cond.field) } };
      return cond.negated ? mustNot([query]) : query;
    }
    case 'script': {
      const translated = scriptLeafDsl(cond, ctx);
      if (translated.query !== null) return translated.query;
      const leaf = `${cond.negated ? 'not ' : ''}${printExpr(cond.expr)}`;
      ctx.scripts.push({ leaf, reason: translated.reason });
      return { match_all: { _name: `untranslated: ${leaf}` } };
    }
  }
}

/**
 * Translates a normalized single-event query into the Query DSL Elasticsearch's EQL would run for it
 * (see the module comment for each form and the Elasticsearch/OpenSearch compatibility notes).
 * Pipes (`head`/`tail`) are not part of the query. Never throws.
 */
export function toDsl(q: NormalizedQuery, options: ToDslOptions): DslTranslation {
  const ctx: DslContext = { mapping: options.mapping, scripts: [] };
  const condition = q.condition;
  const filter = condition.kind === 'and' ? condition.items.map((item) => translate(item, ctx)) : [translate(condition, ctx)];
  return { query: { bool: { filter } }, scripts: ctx.scripts, exact: ctx.scripts.length === 0 };
}
