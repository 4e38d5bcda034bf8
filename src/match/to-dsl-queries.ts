/**
 * Query DSL building blocks shared by the EQL → DSL translation (to-dsl.ts) and its function leaves
 * (to-dsl-scripts.ts). Every builder emits JSON both Elasticsearch 8/9 and OpenSearch 2.x accept.
 */
import { resolveField, type Mapping } from './mapping.js';
import type { Scalar } from '../eql/ast.js';

/** A Query DSL object (JSON). */
export type DslQuery = { readonly [key: string]: unknown };

/** A leaf that needs a Painless script Elasticsearch would run and this translation does not emit. */
export interface DslScript {
  /** The leaf as EQL (`not` in front for a negated leaf). */
  readonly leaf: string;
  /** Why it was not translated. */
  readonly reason: string;
}

/** The translation context passed to leaf translators. */
export interface DslContext {
  readonly mapping: Mapping | null;
  readonly scripts: DslScript[];
}

/** `match_all`: every document. */
export const MATCH_ALL: DslQuery = { match_all: {} };
/** `match_none`: no document. */
export const MATCH_NONE: DslQuery = { match_none: {} };

/** The field name Elasticsearch queries for an EQL field (aliases followed, text → exact multi-field). */
export function dslField(ctx: DslContext, name: string): string {
  return resolveField(ctx.mapping, name).path;
}

/** `bool.must_not` of the queries. */
export function mustNot(queries: readonly DslQuery[]): DslQuery {
  return { bool: { must_not: queries } };
}

/** OR of queries: the query itself when there is one, `bool.should` (at least one) otherwise. */
export function anyOf(queries: readonly DslQuery[]): DslQuery {
  if (queries.length === 1) return queries[0]!;
  return { bool: { should: queries, minimum_should_match: 1 } };
}

/** A positive leaf's query, or its `must_not` form. Negating an OR lists its parts: none may match. */
export function withNegation(queries: readonly DslQuery[], negated: boolean): DslQuery {
  if (!negated) return anyOf(queries);
  return mustNot(queries);
}

/** `term`, with `case_insensitive: true` when asked and the value is a string (numbers have no case). */
export function termQuery(field: string, value: Exclude<Scalar, null>, caseInsensitive: boolean): DslQuery {
  return {
    term: { [field]: caseInsensitive && typeof value === 'string' ? { value, case_insensitive: true } : { value } },
  };
}

/** Escapes a literal for a Lucene `wildcard` query: `\`, `*` and `?` get a backslash. */
export function escapeWildcardLiteral(text: string): string {
  return text.replace(/[\\*?]/g, (ch) => `\\${ch}`);
}

/** A `wildcard` query; `value` is already in Lucene wildcard syntax. */
export function wildcardQuery(field: string, value: string, caseInsensitive: boolean): DslQuery {
  return { wildcard: { [field]: caseInsensitive ? { value, case_insensitive: true } : { value } } };
}

/** A `prefix` query. An empty prefix is every indexed value: `exists`. */
export function prefixQuery(field: string, prefix: string, caseInsensitive: boolean): DslQuery {
  if (prefix === '') return { exists: { field } };
  return { prefix: { [field]: caseInsensitive ? { value: prefix, case_insensitive: true } : { value: prefix } } };
}

