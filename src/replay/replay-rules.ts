/**
 * The rules of a replay: `--rule` specs (a file, a pack, a directory, `builtin:…`) and `--query` texts,
 * loaded, normalized and compiled once on the main thread — so that every error is reported before a
 * worker starts, naming the rule.
 *
 * One rule (a `--query`, or a `--rule` spec holding a single EQL rule) must be replayable: a sequence,
 * sample or join query, a pipe, lineage or a regex Lucene refuses is an error naming the construct. In a
 * rule pack (a spec holding several rules) such rules are skipped and listed with their reason — a pack
 * like Elastic's eql-rules.ndjson has 220 sequences among its single-event rules.
 */
import type { NormalizedQuery, Statement } from '../eql/ast.js';
import { EqlUnsupportedError } from '../eql/errors.js';
import { normalizeQuery } from '../eql/normalize.js';
import { AppError } from '../errors.js';
import { compileQuery } from '../match/compile.js';
import type { Mapping } from '../match/mapping.js';
import { parseRule, readRuleTexts, ruleFromQuery, type LoadRulesOptions, type Rule } from '../rules/load-rule.js';
import type { ReplaySkippedRule } from '../report/replay-report.js';

/** A rule ready to replay. */
export interface ReplayRule {
  /** The rule's id (`rule_id`), `null` for a bare query or an `.eql` file. */
  readonly id: string | null;
  readonly name: string;
  /** Where it came from (`builtin:ssh-keygen`, `pack.ndjson:12`, `query`). */
  readonly source: string;
  readonly query: NormalizedQuery;
}

/** What to load. */
export interface ReplayRuleSpecs {
  /** `--rule` specs, in order. */
  readonly rules: readonly string[];
  /** `--query` texts, in order (after the rules). */
  readonly queries: readonly string[];
}

/** Options of {@link loadReplayRules}. */
export interface LoadReplayRulesOptions extends Pick<LoadRulesOptions, 'cwd' | 'readFile' | 'listDirectory'> {
  /** Elasticsearch's `event_category_field` (default `event.category`). */
  readonly categoryField?: string;
  /** The mapping the rules are compiled with (a regex or constant error is found now, not in a worker). */
  readonly mapping: Mapping | null;
}

/** The loaded rules and the rules of packs that were left out. */
export interface LoadedReplayRules {
  readonly rules: readonly ReplayRule[];
  readonly skipped: readonly ReplaySkippedRule[];
}

/**
 * Loads and prepares the rules.
 * @throws AppError `ERR_USAGE` when no rule is given or none is left to replay; for a single rule the EQL
 *   errors (`ERR_EQL_SYNTAX`, `ERR_EQL_SEMANTIC`, `ERR_EQL_UNSUPPORTED` naming a sequence, sample, join,
 *   pipe or lineage), `ERR_MATCH_REGEX`, `ERR_MATCH_EVAL`; the rule loader's `ERR_RULE_LOAD`,
 *   `ERR_RULE_LANGUAGE`, `ERR_IO`.
 */
export async function loadReplayRules(specs: ReplayRuleSpecs, options: LoadReplayRulesOptions): Promise<LoadedReplayRules> {
  if (specs.rules.length + specs.queries.length === 0) {
    throw new AppError('ERR_USAGE', 'give at least one rule: --rule <spec> or --query <eql> (both may be repeated)');
  }
  const categoryField = options.categoryField ?? 'event.category';
  const rules: ReplayRule[] = [];
  const skipped: ReplaySkippedRule[] = [];
  const loadOptions: LoadRulesOptions = {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.readFile === undefined ? {} : { readFile: options.readFile }),
    ...(options.listDirectory === undefined ? {} : { listDirectory: options.listDirectory }),
    onSkip: (s) => skipped.push({ source: s.source, id: s.id, name: s.name, reason: s.reason }),
  };
  for (const spec of specs.rules) {
    const texts = await readRuleTexts(spec, loadOptions);
    if (texts.length === 1) {
      rules.push(prepareRule(parseRule(texts[0]!), categoryField, options.mapping));
      continue;
    }
    for (const text of texts) {
      try {
        const rule = parseRule(text);
        if (rule.statement.query.kind !== 'event') {
          skipped.push({ source: text.source, id: text.id, name: text.name, reason: `${rule.statement.query.kind} query: replay evaluates single-event queries` });
          continue;
        }
        rules.push(prepareRule(rule, categoryField, options.mapping));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        skipped.push({ source: text.source, id: text.id, name: text.name, reason: skipReason(error) });
      }
    }
  }
  for (const query of specs.queries) rules.push(prepareRule(ruleFromQuery(query), categoryField, options.mapping));
  if (rules.length === 0) {
    throw new AppError('ERR_USAGE', `no single-event rule to replay: all ${skipped.length} rules were skipped (${skipped[0]?.reason ?? ''})`, {
      skipped: skipped.length,
    });
  }
  return { rules, skipped };
}

/**
 * Normalizes and compiles one parsed rule.
 * @throws EqlUnsupportedError (`ERR_EQL_UNSUPPORTED`) for a sequence, sample or join query or a pipe, and
 *   the errors of `normalizeQuery` and `compileQuery`, attributed to the rule.
 */
export function prepareRule(rule: Rule, categoryField: string, mapping: Mapping | null): ReplayRule {
  const where = rule.source === 'query' ? undefined : `${JSON.stringify(rule.name)} (${rule.source})`;
  refuseUnreplayable(rule.statement, where);
  let query: NormalizedQuery;
  try {
    query = normalizeQuery(rule.statement, { categoryField });
  } catch (error) {
    if (error instanceof EqlUnsupportedError && where !== undefined) throw error.inRule(where);
    throw error;
  }
  try {
    compileQuery(query, { mapping });
  } catch (error) {
    if (error instanceof AppError && where !== undefined) {
      throw new AppError(error.code, `rule ${where}: ${error.message}`, { ...error.data, rule: where }, { cause: error });
    }
    throw error;
  }
  return { id: rule.id, name: rule.name, source: rule.source, query };
}

/** Sequence/sample/join queries and pipes: replay evaluates every event, one at a time. */
function refuseUnreplayable(statement: Statement, where: string | undefined): void {
  const { query, source } = statement;
  const rule = where === undefined ? {} : { rule: where };
  if (query.kind !== 'event') {
    throw new EqlUnsupportedError({
      reason: `${query.kind} queries are not supported by replay: it evaluates single-event queries (category where condition) one event at a time`,
      query: source,
      offset: query.span.start,
      length: query.kind.length,
      ...rule,
    });
  }
  const pipe = statement.pipes[0];
  if (pipe !== undefined) {
    throw new EqlUnsupportedError({
      reason: `pipe "${pipe.name}" is not supported by replay: it counts every match of every event; use "eql-replay match" to apply head/tail`,
      query: source,
      offset: pipe.span.start,
      length: pipe.span.end - pipe.span.start,
      ...rule,
    });
  }
}

/** The first line of an error, with its code: `ERR_EQL_SYNTAX: expected … at 1:44`. */
function skipReason(error: AppError): string {
  const reason = typeof error.data['reason'] === 'string' ? error.data['reason'] : error.message.split('\n')[0]!;
  return `${error.code}: ${reason}`;
}
