/**
 * The unparsed form of a rule, as read from a file: what `readRuleTexts` returns and `loadRules` parses.
 */

/** A rule as read from its file, before its query is parsed. */
export interface RuleText {
  /** The rule's `rule_id` (a UUID for Elastic rules); `null` for an `.eql` file or a bare query. */
  readonly id: string | null;
  readonly name: string;
  /** The EQL query exactly as the file holds it. */
  readonly query: string;
  readonly language: 'eql';
  /** The index patterns the rule runs against (`[]` when the file does not say). */
  readonly index: readonly string[];
  /** Where it came from: `path`, `path:line` for one line of an export, `builtin:name`, or `query`. */
  readonly source: string;
  /**
   * The 1-based line of the file where the query text starts, when the file holds more than the query
   * and the query appears in it verbatim (a `'''` literal in a TOML rule): errors then name `file:line`.
   */
  readonly queryLine?: number;
}

/** A rule of a rule pack that was not loaded, and why (a KQL rule in a Kibana export, an exception list). */
export interface SkippedRule {
  readonly source: string;
  readonly id: string | null;
  readonly name: string | null;
  readonly reason: string;
}
