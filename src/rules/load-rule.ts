/**
 * Loading rules: a rule spec (a path or `builtin:<name>`) → parsed, checked {@link Rule}s.
 *
 * Accepted: an `.eql` file (the whole file is the query), an Elastic detection-rules `.toml` file, a
 * Kibana rule export (`.ndjson`, one rule per line), a directory (every `.toml` and `.eql` under it, as in
 * a detection-rules checkout; non-EQL rules skipped and reported), and `builtin:ssh-keygen`. Another
 * extension is recognised by its content. A bare query becomes a rule with {@link ruleFromQuery}.
 */
import { readdir, readFile as fsReadFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import type { Statement } from '../eql/ast.js';
import { checkStatement } from '../eql/check.js';
import { isEqlError } from '../eql/errors.js';
import { parseEql } from '../eql/parse.js';
import { IoError } from '../errors.js';
import { BUILTIN_RULES } from './builtin-rules.js';
import { parseDetectionRuleToml } from './detection-rule-toml.js';
import { parseKibanaExport, type NonEqlPolicy } from './kibana-export.js';
import { RuleLoadError } from './rule-errors.js';
import type { RuleText, SkippedRule } from './rule-text.js';

/** A loaded rule: where it came from, its query and the parsed statement. */
export interface Rule extends RuleText {
  readonly statement: Statement;
}

/** Options of {@link readRuleTexts} and {@link loadRules}. */
export interface LoadRulesOptions {
  /** Reads a file as UTF-8 (default: `node:fs/promises`). Inject it to load from memory. */
  readonly readFile?: (path: string) => Promise<string>;
  /**
   * Lists the files under `path` recursively (paths relative to it), or returns `null` when `path` is not
   * a directory (default: `node:fs/promises`).
   */
  readonly listDirectory?: (path: string) => Promise<readonly string[] | null>;
  /** Directory relative paths are resolved against (default: the process's). */
  readonly cwd?: string;
  /** Non-EQL rules in a Kibana export or a directory: `skip` (default, reported via `onSkip`) or `error`. */
  readonly nonEql?: NonEqlPolicy;
  /** Told about every entry of a rule pack that is not loaded. */
  readonly onSkip?: (skipped: SkippedRule) => void;
  /** Run {@link checkStatement} on every rule (default `true`): refuse what Elasticsearch refuses. */
  readonly check?: boolean;
}

const BUILTIN_PREFIX = 'builtin:';

/**
 * Reads the rules `spec` names without parsing their queries (the `check` command reports each rule's
 * parse result on its own).
 * @throws RuleLoadError (`ERR_RULE_LOAD`), RuleLanguageError (`ERR_RULE_LANGUAGE`), IoError (`ERR_IO`).
 */
export async function readRuleTexts(spec: string, options: LoadRulesOptions = {}): Promise<RuleText[]> {
  if (spec.startsWith(BUILTIN_PREFIX)) {
    const name = spec.slice(BUILTIN_PREFIX.length);
    const rule = BUILTIN_RULES.get(name);
    if (rule === undefined) {
      throw new RuleLoadError(spec, `no such built-in rule; built-in rules: ${[...BUILTIN_RULES.keys()].map((n) => BUILTIN_PREFIX + n).join(', ')}`);
    }
    return [rule];
  }
  const path = options.cwd === undefined || isAbsolute(spec) ? spec : join(options.cwd, spec);
  const entries = await (options.listDirectory ?? listDirectory)(path);
  if (entries !== null) return readDirectory(spec, path, entries, options);
  return readRuleFile(spec, path, options);
}

/** Every `.toml` / `.eql` rule under a directory, in path order; non-EQL TOML rules skipped by default. */
async function readDirectory(
  spec: string,
  path: string,
  entries: readonly string[],
  options: LoadRulesOptions,
): Promise<RuleText[]> {
  const files = entries.filter((e) => /\.(toml|eql)$/i.test(e)).sort();
  const rules: RuleText[] = [];
  for (const file of files) {
    const display = join(spec, file);
    const full = join(path, file);
    if (/\.eql$/i.test(file)) {
      rules.push(...(await readRuleFile(display, full, options)));
      continue;
    }
    const text = await readText(display, full, options);
    const rule = parseDetectionRuleToml(text, display, {
      nonEql: options.nonEql ?? 'skip',
      ...(options.onSkip === undefined ? {} : { onSkip: options.onSkip }),
    });
    if (rule !== null) rules.push(rule);
  }
  if (rules.length === 0) throw new RuleLoadError(spec, 'no EQL rule (.eql, or .toml with language = "eql") under this directory');
  return rules;
}

async function readText(spec: string, path: string, options: LoadRulesOptions): Promise<string> {
  const read = options.readFile ?? ((p: string) => fsReadFile(p, 'utf8'));
  try {
    return await read(path);
  } catch (error) {
    throw new IoError(spec, 'read rule file', error);
  }
}

async function readRuleFile(spec: string, path: string, options: LoadRulesOptions): Promise<RuleText[]> {
  const text = await readText(spec, path, options);
  const lower = spec.toLowerCase();
  const format = lower.endsWith('.eql')
    ? 'eql'
    : lower.endsWith('.toml')
      ? 'toml'
      : lower.endsWith('.ndjson') || lower.endsWith('.json')
        ? 'ndjson'
        : sniffFormat(text);
  switch (format) {
    case 'eql':
      if (text.trim() === '') throw new RuleLoadError(spec, 'the file is empty: expected an EQL query');
      return [{ id: null, name: basename(spec), query: text, language: 'eql', index: [], source: spec }];
    case 'toml':
      return [parseDetectionRuleToml(text, spec)];
    case 'ndjson': {
      const rules = parseKibanaExport(text, spec, {
        ...(options.nonEql === undefined ? {} : { nonEql: options.nonEql }),
        ...(options.onSkip === undefined ? {} : { onSkip: options.onSkip }),
      });
      if (rules.length === 0) throw new RuleLoadError(spec, 'no EQL rule in this Kibana rule export');
      return rules;
    }
  }
}

/**
 * Loads, parses and (by default) checks the rules `spec` names.
 * @throws EqlSyntaxError / EqlSemanticError (`ERR_EQL_SYNTAX` / `ERR_EQL_SEMANTIC`) naming the rule and its
 *   file; RuleLoadError (`ERR_RULE_LOAD`); RuleLanguageError (`ERR_RULE_LANGUAGE`); IoError (`ERR_IO`).
 */
export async function loadRules(spec: string, options: LoadRulesOptions = {}): Promise<Rule[]> {
  const texts = await readRuleTexts(spec, options);
  return texts.map((text) => parseRule(text, options.check ?? true));
}

/**
 * A rule made of a bare query (`--query`): id `null`, name `query`, source `query`.
 * @throws EqlSyntaxError / EqlSemanticError when `check` (default `true`).
 */
export function ruleFromQuery(query: string, options: { check?: boolean } = {}): Rule {
  return parseRule({ id: null, name: 'query', query, language: 'eql', index: [], source: 'query' }, options.check ?? true);
}

/**
 * Parses (and checks) one rule's query; an EQL error is re-thrown naming the rule and where it came from.
 * @throws EqlSyntaxError / EqlSemanticError.
 */
export function parseRule(text: RuleText, check = true): Rule {
  try {
    const statement = parseEql(text.query);
    if (check) checkStatement(statement);
    return { ...text, statement };
  } catch (error) {
    if (isEqlError(error) && text.source !== 'query') {
      // In a TOML rule the query starts some lines into the file: name the file line of the error.
      const where = text.queryLine === undefined ? text.source : `${text.source}:${text.queryLine + error.details.line - 1}`;
      throw error.inRule(`${JSON.stringify(text.name)} (${where})`);
    }
    throw error;
  }
}

async function listDirectory(path: string): Promise<readonly string[] | null> {
  try {
    if (!(await stat(path)).isDirectory()) return null;
  } catch (error) {
    // A missing path is reported by the read that follows, with the rule-file wording.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new IoError(path, 'inspect rule path', error);
  }
  try {
    return await readdir(path, { recursive: true });
  } catch (error) {
    throw new IoError(path, 'list rule directory', error);
  }
}

function sniffFormat(text: string): 'eql' | 'toml' | 'ndjson' {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return 'ndjson';
  if (/^\s*\[(rule|metadata)\]\s*$/m.test(text)) return 'toml';
  return 'eql';
}
