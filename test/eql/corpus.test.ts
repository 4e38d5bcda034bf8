import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { checkStatement } from '../../src/eql/check.js';
import { EqlError } from '../../src/eql/errors.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { loadRules } from '../../src/rules/load-rule.js';

const SHARED = new URL('../../../shared/', import.meta.url);
const RULES = new URL('conformance/detection-rules/eql-rules.ndjson', SHARED);
const ES_EQL = new URL('conformance/es-eql/', SHARED);
const REFUSALS = new URL('./golden/es-eql-refusals.json', import.meta.url);

interface CorpusRule {
  readonly rule_id: string;
  readonly name: string;
  readonly query: string;
  readonly path: string;
  readonly kind: 'event' | 'sequence' | 'sample';
}

function failureOf(query: string, normalize: boolean): string | null {
  try {
    const statement = parseEql(query);
    checkStatement(statement);
    if (normalize) normalizeQuery(statement);
    return null;
  } catch (error) {
    if (error instanceof EqlError) return `${error.code}: ${error.details.reason}`;
    throw error;
  }
}

describe.skipIf(!existsSync(RULES))('real-world corpus: detection-rules eql-rules.ndjson (skipped: ../shared is absent)', () => {
  const rules = existsSync(RULES)
    ? readFileSync(RULES, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as CorpusRule)
    : [];
  const deprecated = rules.filter((r) => r.path.startsWith('rules/_deprecated/'));
  const current = rules.filter((r) => !r.path.startsWith('rules/_deprecated/'));

  test('holds 1,081 rules: 1,024 current (823 event, 198 sequence, 3 sample) and 57 deprecated', () => {
    expect(rules.length).toBe(1081);
    expect(current.length).toBe(1024);
    expect(deprecated.length).toBe(57);
    const kinds = (list: readonly CorpusRule[]) => list.map((r) => parseEql(r.query).query.kind);
    expect(kinds(current).filter((k) => k === 'event').length).toBe(823);
    expect(kinds(current).filter((k) => k === 'sequence').length).toBe(198);
    expect(kinds(current).filter((k) => k === 'sample').length).toBe(3);
    // The corpus' own kind label agrees with what the parser finds.
    expect(rules.every((r) => parseEql(r.query).query.kind === r.kind)).toBe(true);
  });

  test('every current rule parses and passes the checks (1,024 of 1,024)', () => {
    const failures = current.map((r) => [r.path, failureOf(r.query, false)]).filter(([, f]) => f !== null);
    expect(failures).toEqual([]);
  });

  test('every deprecated rule parses and passes the checks too (0 of 57 fail)', () => {
    const failures = deprecated.map((r) => [r.path, failureOf(r.query, false)]).filter(([, f]) => f !== null);
    expect(failures).toEqual([]);
  });

  test('every single-event rule normalizes (861 = 823 current + 38 deprecated)', () => {
    const events = rules.filter((r) => r.kind === 'event');
    expect(events.length).toBe(861);
    const failures = events.map((r) => [r.path, failureOf(r.query, true)]).filter(([, f]) => f !== null);
    expect(failures).toEqual([]);
  });

  test('loads through loadRules as a Kibana export: 1,081 rules with ids, names, index patterns', async () => {
    const loaded = await loadRules(RULES.pathname);
    expect(loaded.length).toBe(1081);
    expect(loaded.map((r) => r.id)).toEqual(rules.map((r) => r.rule_id));
    expect(loaded.map((r) => r.name)).toEqual(rules.map((r) => r.name));
    expect(loaded[0]!.source).toBe(`${RULES.pathname}:1`);
    expect(loaded.every((r) => r.language === 'eql' && r.index.length > 0)).toBe(true);
  });
});

/** Every query of every ES QA TOML, keyed `file#index name`, with the refusal or null. */
function esEqlOutcomes(): Record<string, string | null> {
  const outcomes: Record<string, string | null> = {};
  for (const file of readdirSync(ES_EQL).filter((f) => f.endsWith('.toml') && f !== 'test_string_functions.toml').sort()) {
    // test_extra.toml writes bare `null` in join_keys (jtoml accepts it, strict TOML does not): quote them.
    const text = readFileSync(new URL(file, ES_EQL), 'utf8').replace(/^(\s*join_keys\s*=.*)$/gm, (line) =>
      line.replace(/(?<!")\bnull\b(?!")/g, '"null"'),
    );
    const doc = parseToml(text) as { queries: { name?: string; query: string }[] };
    doc.queries.forEach((q, index) => {
      const label = q.name ?? q.query.trim().split('\n')[0]!;
      const statement = failureOf(q.query, false);
      outcomes[`${file}#${index} ${label}`] = statement;
    });
  }
  return outcomes;
}

describe.skipIf(!existsSync(ES_EQL))('Elasticsearch QA queries (es-eql/*.toml) (skipped: ../shared is absent)', () => {
  test('every query parses and passes the checks, or is refused exactly as listed in golden/es-eql-refusals.json', () => {
    const outcomes = esEqlOutcomes();
    const refused = Object.fromEntries(Object.entries(outcomes).filter(([, reason]) => reason !== null));
    expect(refused).toEqual(JSON.parse(readFileSync(REFUSALS, 'utf8')));
    // 454 queries in all (110 refused, all in the two historical 7.x files); the current files have none.
    expect(Object.keys(outcomes).length).toBe(454);
    expect(Object.keys(refused).length).toBe(110);
    const current = Object.keys(refused).filter((k) => !/^test_queries_(un)?supported\.toml#/.test(k));
    expect(current).toEqual([]);
  });

  test('every single-event query of the current files normalizes', () => {
    const failures: string[] = [];
    for (const file of ['test_queries.toml', 'additional_test_queries.toml', 'test_queries_date.toml', 'test_extra.toml', 'test_sample.toml', 'test_missing_events.toml', 'test_between_queries.toml']) {
      const text = readFileSync(new URL(file, ES_EQL), 'utf8').replace(/^(\s*join_keys\s*=.*)$/gm, (line) =>
        line.replace(/(?<!")\bnull\b(?!")/g, '"null"'),
      );
      for (const q of (parseToml(text) as { queries: { name?: string; query: string }[] }).queries) {
        const statement = parseEql(q.query);
        if (statement.query.kind !== 'event') continue;
        const failure = failureOf(q.query, true);
        if (failure !== null) failures.push(`${file} ${q.name ?? q.query}: ${failure}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
