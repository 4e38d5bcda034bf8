/**
 * Reads one rule in Elastic detection-rules TOML (`[rule]` with `query`, `language`, `rule_id`, `name`,
 * `index`), as in elastic/detection-rules `rules/**\/*.toml`.
 */
import { parse, TomlError } from 'smol-toml';
import type { KibanaExportOptions } from './kibana-export.js';
import { RuleLanguageError, RuleLoadError } from './rule-errors.js';
import type { RuleText } from './rule-text.js';

/**
 * Parses the TOML text of one detection rule.
 * @param source where the text came from (a path), used in every message.
 * @param options `nonEql: 'skip'` reports a non-EQL rule through `onSkip` and returns `null` (used when a
 *   whole detection-rules directory is loaded, where most rules are KQL); the default is `error`.
 * @throws RuleLoadError (`ERR_RULE_LOAD`) for bad TOML, a missing `[rule]` table or a missing `query`.
 * @throws RuleLanguageError (`ERR_RULE_LANGUAGE`) when `language` is not `eql` (and `nonEql` is `error`).
 */
export function parseDetectionRuleToml(text: string, source: string): RuleText;
export function parseDetectionRuleToml(text: string, source: string, options: KibanaExportOptions): RuleText | null;
export function parseDetectionRuleToml(text: string, source: string, options: KibanaExportOptions = {}): RuleText | null {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new RuleLoadError(source, `invalid TOML at line ${error.line}, column ${error.column}: ${reason}`, {
        cause: error,
      });
    }
    throw error;
  }
  const rule = document['rule'];
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new RuleLoadError(source, 'no [rule] table: expected an Elastic detection-rules TOML file');
  }
  const fields = rule as Record<string, unknown>;
  const id = typeof fields['rule_id'] === 'string' ? fields['rule_id'] : null;
  const name = typeof fields['name'] === 'string' ? fields['name'] : (id ?? source);
  const label = JSON.stringify(name);
  // detection-rules always writes `language`; an EQL rule without it still says `type = "eql"`.
  const language =
    typeof fields['language'] === 'string' ? fields['language'] : fields['type'] === 'eql' ? 'eql' : '';
  if (language !== 'eql') {
    if (options.nonEql !== 'skip') throw new RuleLanguageError(source, label, language);
    const reason = language === '' ? `a ${String(fields['type'] ?? 'non-EQL')} rule, not EQL` : `written in ${language}, not EQL`;
    options.onSkip?.({ source, id, name, reason });
    return null;
  }
  const query = fields['query'];
  if (typeof query !== 'string' || query.trim() === '') {
    throw new RuleLoadError(source, `rule ${label} has no query in its [rule] table`);
  }
  const result: RuleText = { id, name, query, language: 'eql', index: stringList(fields['index']), source };
  // detection-rules writes the query as a ''' literal: found verbatim, its file line can be named in errors.
  const at = text.indexOf(`'''\n${query}'''`);
  if (at === -1) return result;
  return { ...result, queryLine: lineOf(text, at) + 1 };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
