/**
 * What `compile`, `match` and `explain` share (and `replay`, for the mapping): one rule from `--query` or
 * `--rule`, its normalized condition, and the mapping from `--mapping F` / `--no-mapping` (default: the
 * built-in Elastic Defend ECS mapping) — the options and their loading.
 */
import { isAbsolute, resolve } from 'node:path';
import type { NormalizedQuery } from '../eql/ast.js';
import { normalizeQuery } from '../eql/normalize.js';
import { AppError } from '../errors.js';
import { DEFAULT_ECS_MAPPING, loadMappingFile, type Mapping } from '../match/mapping.js';
import { loadRules, ruleFromQuery, type Rule } from '../rules/load-rule.js';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from './context.js';

/** Option parser: a value that is not blank. */
export function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  return value;
}

/** Adds `-q, --query <eql>` and `-r, --rule <spec>` (one rule; {@link loadMatchQuery} wants exactly one). */
export function addOneRuleOptions(command: Command): Command {
  return command
    .option('-q, --query <eql>', 'an EQL query', nonEmpty)
    .option('-r, --rule <spec>', 'one rule: an .eql file, a detection-rules .toml, a one-rule Kibana export, or builtin:ssh-keygen', nonEmpty);
}

/** Adds `--category-field`, `--mapping <file>` and `--no-mapping`: how events are read as Elasticsearch indexes them. */
export function addMappingOptions(command: Command): Command {
  return command
    .option('--category-field <field>', 'the field "<category> where" reads (ES event_category_field)', nonEmpty, 'event.category')
    .option('--mapping <file>', 'an index mapping (JSON: {"properties"…}, {"mappings"…} or GET _mapping output); default: built-in Elastic Defend ECS mapping', nonEmpty)
    .option('--no-mapping', 'use no mapping at all: values are taken as JSON gives them');
}

/** The options both commands take. */
export interface MatchQueryOptions {
  readonly query?: string;
  readonly rule?: string;
  readonly categoryField: string;
  /** A path, `false` for `--no-mapping`, `true`/undefined for the default. */
  readonly mapping?: string | boolean;
}

/** A rule ready to compile. */
export interface LoadedMatchQuery {
  readonly rule: Rule;
  readonly normalized: NormalizedQuery;
  readonly mapping: Mapping | null;
  /** `default ECS (Elastic Defend)`, `none`, or the mapping file path. */
  readonly mappingName: string;
}

/**
 * Loads the rule and the mapping.
 * @throws AppError `ERR_USAGE` unless exactly one of query/rule is given, or when a rule pack holds
 *   more than one rule; EQL errors (`ERR_EQL_*`, incl. `ERR_EQL_UNSUPPORTED` naming a sequence);
 *   `ERR_MATCH_MAPPING` / `ERR_IO` for the mapping file.
 */
export async function loadMatchQuery(options: MatchQueryOptions, ctx: CliContext): Promise<LoadedMatchQuery> {
  if ((options.query === undefined) === (options.rule === undefined)) {
    throw new AppError('ERR_USAGE', 'give exactly one of --query <eql> or --rule <spec>');
  }
  let rule: Rule;
  if (options.query !== undefined) {
    rule = ruleFromQuery(options.query);
  } else {
    const rules = await loadRules(options.rule!, { cwd: ctx.cwd });
    if (rules.length !== 1) {
      throw new AppError(
        'ERR_USAGE',
        `${options.rule} holds ${rules.length} rules; compile and match take exactly one (use "replay" for a rule pack)`,
        { rule: options.rule, rules: rules.length },
      );
    }
    rule = rules[0]!;
  }
  const normalized = normalizeQuery(rule.statement, { categoryField: options.categoryField });
  return { rule, normalized, ...(await loadMappingOption(options.mapping, ctx)) };
}

/** The mapping `--mapping F` / `--no-mapping` name (default: the built-in Elastic Defend ECS mapping). */
export interface MappingOption {
  readonly mapping: Mapping | null;
  /** `default ECS (Elastic Defend)`, `none`, or the mapping file path. */
  readonly mappingName: string;
}

/**
 * Resolves `--mapping F` (a path, relative to `ctx.cwd`), `--no-mapping` (`false`) or the default
 * (`true`/undefined). Shared by every command that compiles rules (compile, match, replay, explain).
 * @throws `ERR_MATCH_MAPPING` / `ERR_IO` for the mapping file.
 */
export async function loadMappingOption(option: string | boolean | undefined, ctx: CliContext): Promise<MappingOption> {
  if (option === false) return { mapping: null, mappingName: 'none' };
  if (typeof option === 'string') {
    const path = isAbsolute(option) ? option : resolve(ctx.cwd, option);
    return { mapping: await loadMappingFile(path), mappingName: option };
  }
  return { mapping: DEFAULT_ECS_MAPPING, mappingName: 'default ECS (Elastic Defend)' };
}
