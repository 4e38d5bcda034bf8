/**
 * Renders `explain`'s answer for a terminal: the rule, the event, the verdict, then the condition as a
 * tree — one line per `and`/`or` and per leaf, each starting with its verdict, and under each leaf the
 * values its field has as Elasticsearch indexed them (and the raw values the mapping dropped, and why).
 *
 * The report stage imports no other stage: the shapes below are the contract `explainEvent` fills.
 */

/** A field of a leaf (see the replay stage's `ExplainedField`). */
export interface ExplanationField {
  readonly field: string;
  readonly reads: string | null;
  readonly mapping: string;
  readonly values: readonly unknown[];
  readonly dropped: readonly { readonly value: unknown; readonly reason: string }[];
}

/** A node of the explained condition. */
export type ExplanationNode =
  | { readonly kind: 'and' | 'or'; readonly verdict: boolean; readonly items: readonly ExplanationNode[] }
  | { readonly kind: 'leaf'; readonly verdict: boolean; readonly text: string; readonly fields: readonly ExplanationField[] };

/** What is rendered. */
export interface ExplanationView {
  readonly rule: { readonly id: string | null; readonly name: string; readonly source: string };
  /** Where the event came from: `file:line`, or `--event`. */
  readonly event: string;
  readonly mapping: string;
  readonly verdict: boolean;
  readonly compiledVerdict: boolean;
  readonly agree: boolean;
  readonly tree: ExplanationNode;
}

/** How many characters of one value are shown before it is cut. */
export const SHOWN_VALUE_CHARS = 120;

/** Renders the explanation (every line ends with `\n`). */
export function renderExplanation(view: ExplanationView): string {
  const id = view.rule.id === null ? view.rule.source : `${view.rule.id}, ${view.rule.source}`;
  const verdict = view.agree
    ? `${view.verdict ? 'MATCH: Elasticsearch would return this event' : 'NO MATCH: Elasticsearch would not return this event'} (the compiled predicate agrees)`
    : `${view.verdict ? 'MATCH' : 'NO MATCH'} by the reference interpreter but ${view.compiledVerdict ? 'MATCH' : 'NO MATCH'} by the compiled predicate: a bug in eql-replay, please report it`;
  const lines = [`rule:    ${view.rule.name} (${id})`, `event:   ${view.event}`, `mapping: ${view.mapping}`, `verdict: ${verdict}`, ''];
  const walk = (node: ExplanationNode, depth: number): void => {
    const indent = '  '.repeat(depth);
    const mark = node.verdict ? 'true ' : 'false';
    if (node.kind !== 'leaf') {
      lines.push(`${mark}  ${indent}${node.kind}`);
      for (const item of node.items) walk(item, depth + 1);
      return;
    }
    lines.push(`${mark}  ${indent}${node.text}`);
    for (const f of node.fields) {
      const name = `${f.field}${f.reads === null ? '' : ` (reads ${f.reads})`} [${f.mapping}]`;
      lines.push(`       ${indent}  ${name}: ${f.values.length === 0 ? 'no value' : f.values.map(showValue).join(', ')}`);
      for (const d of f.dropped) lines.push(`       ${indent}    dropped ${showValue(d.value)}: ${d.reason}`);
    }
  };
  walk(view.tree, 0);
  return `${lines.join('\n')}\n`;
}

function showValue(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length <= SHOWN_VALUE_CHARS ? text : `${text.slice(0, SHOWN_VALUE_CHARS)}… (${text.length} characters)`;
}
