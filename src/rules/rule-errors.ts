/**
 * Errors of rule loading. Each names the file (and the line or rule inside it) so a user with a rule
 * pack of hundreds of rules can find the one at fault.
 */
import { AppError } from '../errors.js';

/** A rule file that cannot be understood: bad TOML or JSON, no `[rule]`, no query (`ERR_RULE_LOAD`). */
export class RuleLoadError extends AppError {
  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super('ERR_RULE_LOAD', `${source}: ${reason}`, { source, reason }, options);
    this.name = 'RuleLoadError';
  }
}

/** A rule written in another language than EQL (`kuery`, `lucene`, `esql`, …) (`ERR_RULE_LANGUAGE`). */
export class RuleLanguageError extends AppError {
  constructor(source: string, rule: string, language: string) {
    const written = language === '' ? 'has no language = "eql"' : `is written in ${language}, not EQL`;
    super(
      'ERR_RULE_LANGUAGE',
      `${source}: rule ${rule} ${written}; only EQL rules can be checked and replayed`,
      { source, rule, language },
    );
    this.name = 'RuleLanguageError';
  }
}
