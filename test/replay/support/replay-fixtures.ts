/**
 * Shared fixtures of the replay tests: rules prepared like the CLI does, a reference oracle that parses
 * every line and asks the reference interpreter, and a runner that collects every match.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ECS_MAPPING, type Mapping } from '../../../src/match/mapping.js';
import { interpretQuery } from '../../../src/match/interpret.js';
import { compileQuery } from '../../../src/match/compile.js';
import { prepareRule, type ReplayRule } from '../../../src/replay/replay-rules.js';
import { runReplay, type RunReplayOptions } from '../../../src/replay/run-replay.js';
import type { ReplayReport } from '../../../src/report/replay-report.js';
import { parseRule, ruleFromQuery } from '../../../src/rules/load-rule.js';
import { SSH_KEYGEN_RULE } from '../../../src/rules/builtin-rules.js';

/** The seed rule, ready to replay. */
export function seedRule(mapping: Mapping | null = DEFAULT_ECS_MAPPING): ReplayRule {
  return prepareRule(parseRule(SSH_KEYGEN_RULE), 'event.category', mapping);
}

/** A `--query` rule with an id (so that labels can name it). */
export function queryRule(query: string, id: string | null = null, mapping: Mapping | null = DEFAULT_ECS_MAPPING): ReplayRule {
  const rule = prepareRule(ruleFromQuery(query), 'event.category', mapping);
  return { ...rule, id, name: id ?? rule.name };
}

/** Lines matched by each rule according to the reference interpreter (or the compiled predicate). */
export function referenceMatches(
  text: string,
  rules: readonly ReplayRule[],
  options: { mapping?: Mapping | null; oracle?: 'interpreter' | 'compiled' } = {},
): number[][] {
  const mapping = options.mapping === undefined ? DEFAULT_ECS_MAPPING : options.mapping;
  const predicates = rules.map((rule) =>
    options.oracle === 'compiled' ? compileQuery(rule.query, { mapping }).predicate : interpretQuery(rule.query, { mapping }).predicate,
  );
  const out = rules.map(() => [] as number[]);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (/^[ \t\r]*$/.test(line)) return;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (error) {
      // A malformed line is no event: the engine reports it, the oracle skips it.
      if (error instanceof SyntaxError) return;
      throw error;
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
    predicates.forEach((predicate, slot) => {
      if (predicate(doc)) out[slot]!.push(i + 1);
    });
  });
  return out;
}

/** What a collecting run returns: the report, every rule's matched lines per corpus, the matched text. */
export interface CollectedRun {
  readonly report: ReplayReport;
  /** `matches[slot]` = `source:line` strings, in order. */
  readonly matches: string[][];
  readonly matchedText: string;
}

/** Runs a replay collecting every match. */
export async function collectReplay(options: RunReplayOptions): Promise<CollectedRun> {
  const matches: string[][] = options.rules.map(() => []);
  const texts: Buffer[] = [];
  const report = await runReplay({
    ...options,
    onMatches: ({ source, slot, lines }) => {
      for (let k = 0; k < lines.length; k++) matches[slot]!.push(`${source}:${lines[k]}`);
    },
    onMatchedText: (bytes) => {
      texts.push(Buffer.from(bytes));
    },
  });
  return { report, matches, matchedText: Buffer.concat(texts).toString('utf8') };
}

/** A temporary directory removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'eql-replay-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeCorpus(dir: string, name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
