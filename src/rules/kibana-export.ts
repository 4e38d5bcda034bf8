/**
 * Reads a Kibana rule export (`POST _export` of the detection engine, or the Rules page's "Export"): one
 * JSON rule per line (`rule_id`, `name`, `language`, `query`, `index`), possibly mixed with exception
 * lists and ending with an export summary line (`{"exported_count":…}`).
 */
import { RuleLanguageError, RuleLoadError } from './rule-errors.js';
import type { RuleText, SkippedRule } from './rule-text.js';

/** What to do with a rule of the export that is not EQL. */
export type NonEqlPolicy = 'skip' | 'error';

/** Options of {@link parseKibanaExport}. */
export interface KibanaExportOptions {
  /**
   * `skip` (default): a KQL/Lucene/ES|QL/ML rule is left out and reported through `onSkip` — an export
   * of a real Kibana space mixes languages, and the EQL rules are still worth checking. `error`: throw
   * `ERR_RULE_LANGUAGE` on the first one.
   */
  readonly nonEql?: NonEqlPolicy;
  /** Told about every line that is not loaded as a rule (never skipped silently). */
  readonly onSkip?: (skipped: SkippedRule) => void;
}

/**
 * Parses an NDJSON Kibana rule export. Blank lines and the summary line are ignored; exception lists
 * and non-EQL rules are reported through `onSkip`.
 * @throws RuleLoadError (`ERR_RULE_LOAD`) for a line that is not a JSON object (naming the line) or an
 *   EQL rule without a query.
 * @throws RuleLanguageError (`ERR_RULE_LANGUAGE`) for a non-EQL rule when `nonEql` is `error`.
 */
export function parseKibanaExport(text: string, source: string, options: KibanaExportOptions = {}): RuleText[] {
  const rules: RuleText[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '') return;
    const where = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new RuleLoadError(where, `not a JSON line of a Kibana rule export: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new RuleLoadError(where, 'expected one JSON object (a rule) per line of a Kibana rule export');
    }
    const fields = value as Record<string, unknown>;
    if ('exported_count' in fields || 'exported_rules_count' in fields) return; // the export summary
    const id = typeof fields['rule_id'] === 'string' ? fields['rule_id'] : null;
    const name = typeof fields['name'] === 'string' ? fields['name'] : null;
    const skip = (reason: string): void => options.onSkip?.({ source: where, id, name, reason });
    if (id === null && ('list_id' in fields || 'item_id' in fields)) {
      skip('an exception list, not a rule');
      return;
    }
    const label = JSON.stringify(name ?? id ?? `line ${index + 1}`);
    const language = typeof fields['language'] === 'string' ? fields['language'] : fields['type'] === 'eql' ? 'eql' : '';
    if (language !== 'eql') {
      if (options.nonEql === 'error') throw new RuleLanguageError(where, label, language);
      skip(language === '' ? `a ${String(fields['type'] ?? 'non-EQL')} rule, not EQL` : `written in ${language}, not EQL`);
      return;
    }
    const query = fields['query'];
    if (typeof query !== 'string' || query.trim() === '') {
      throw new RuleLoadError(where, `rule ${label} has no query`);
    }
    const patterns = Array.isArray(fields['index']) ? fields['index'].filter((v): v is string => typeof v === 'string') : [];
    rules.push({ id, name: name ?? id ?? `line ${index + 1}`, query, language: 'eql', index: patterns, source: where });
  });
  return rules;
}
