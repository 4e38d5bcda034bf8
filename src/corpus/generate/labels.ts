/**
 * The ground-truth file written beside a generated corpus (`F.labels.json`):
 *
 * ```json
 * {"format":1,"events":N,"seed":S,"profile":P,
 *  "expected":{"7df3cb8b-5c0c-4228-b772-bb6cd619053c":[1-based line numbers]},
 *  "scenarios":{"background.systemd":123,…}}
 * ```
 * `expected` comes from the scenarios that made each event (EQL-SEMANTICS.md §8), never from a matcher.
 * `scenarios` counts scenario instances started in the corpus, every known name present (0 included).
 */
import { LabelsError } from './generate-errors.js';

/** The seed rule's id (Elastic's "SSH Key Generated via ssh-keygen"). */
export const SEED_RULE_ID = '7df3cb8b-5c0c-4228-b772-bb6cd619053c';

/** The labels file's content. */
export interface CorpusLabels {
  readonly format: 1;
  readonly events: number;
  readonly seed: number;
  readonly profile: string;
  /** Rule id → ascending 1-based line numbers the rule must match. */
  readonly expected: Readonly<Record<string, readonly number[]>>;
  readonly scenarios: Readonly<Record<string, number>>;
}

/** Serializes labels exactly in the documented key order, one line, with a trailing newline. */
export function formatLabels(labels: CorpusLabels): string {
  return `${JSON.stringify({
    format: labels.format,
    events: labels.events,
    seed: labels.seed,
    profile: labels.profile,
    expected: labels.expected,
    scenarios: labels.scenarios,
  })}\n`;
}

/**
 * Parses and checks a labels file (for the replay and push stages, and tests).
 *
 * @throws LabelsError (`ERR_CORPUS_LABELS`) naming what is wrong, e.g.
 *   `labels x.labels.json: "expected.7df3…" line 0 is not a 1-based line number ≤ 100`.
 */
export function parseLabels(text: string, source: string): CorpusLabels {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LabelsError(source, `not valid JSON: ${(error as Error).message}`, error);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LabelsError(source, 'must be a JSON object');
  const o = raw as Record<string, unknown>;
  if (o['format'] !== 1) throw new LabelsError(source, `"format" must be 1, got ${JSON.stringify(o['format'])}`);
  const events = o['events'];
  if (typeof events !== 'number' || !Number.isSafeInteger(events) || events < 0) {
    throw new LabelsError(source, `"events" must be a non-negative integer, got ${JSON.stringify(events)}`);
  }
  const seed = o['seed'];
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new LabelsError(source, `"seed" must be a non-negative integer, got ${JSON.stringify(seed)}`);
  }
  if (typeof o['profile'] !== 'string') throw new LabelsError(source, `"profile" must be a string`);
  const expected = o['expected'];
  if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) throw new LabelsError(source, '"expected" must be an object');
  for (const [rule, lines] of Object.entries(expected)) {
    if (!Array.isArray(lines)) throw new LabelsError(source, `"expected.${rule}" must be an array of line numbers`);
    let previous = 0;
    for (const line of lines as unknown[]) {
      if (typeof line !== 'number' || !Number.isSafeInteger(line) || line <= previous || line > events) {
        throw new LabelsError(source, `"expected.${rule}" line ${JSON.stringify(line)} is not an ascending 1-based line number ≤ ${events}`);
      }
      previous = line;
    }
  }
  const scenarios = o['scenarios'];
  if (typeof scenarios !== 'object' || scenarios === null || Array.isArray(scenarios)) throw new LabelsError(source, '"scenarios" must be an object');
  for (const [name, count] of Object.entries(scenarios)) {
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw new LabelsError(source, `"scenarios.${name}" must be a non-negative integer`);
    }
  }
  return raw as CorpusLabels;
}
