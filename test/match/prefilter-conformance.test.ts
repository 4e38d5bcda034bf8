/**
 * The prefilter on Elasticsearch's own EQL QA data (../shared/conformance/es-eql/): for every
 * single-event QA query and every document the predicate matches, the document's line — written plainly
 * and written with JSON escapes — is a candidate. Real queries, real mappings (aliases, `event.category`
 * read from `event_type`), real data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { compileQuery } from '../../src/match/compile.js';
import { buildPrefilter, prefilterAccepts } from '../../src/match/prefilter.js';
import { createChunkScanner } from '../../src/match/prefilter-scanner.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { SSH_KEYGEN_RULE } from '../../src/rules/builtin-rules.js';
import { ES_EQL, loadEndgame, loadExtra, readQueries, type QaIndex } from '../conformance/es-eql-harness.js';

const present = existsSync(new URL('test_data.json', ES_EQL));

/** JSON with every `/` as `\/` and every third character of every string as `\uXXXX`. */
function escapedJson(value: unknown): string {
  return JSON.stringify(value).replace(/"(?:[^"\\]|\\.)*"/g, (token) => {
    const text = JSON.parse(token) as string;
    let out = '"';
    [...text].forEach((ch, i) => {
      if (ch === '"' || ch === '\\' || ch < ' ' || i % 3 === 0) {
        for (let k = 0; k < ch.length; k++) out += `\\u${ch.charCodeAt(k).toString(16).padStart(4, '0')}`;
      } else out += ch === '/' ? '\\/' : ch;
    });
    return `${out}"`;
  });
}

describe.skipIf(!present)(
  `prefilter on the ES EQL QA data (${present ? 'es-eql' : 'skipped: ../shared/conformance/es-eql is absent'})`,
  () => {
    const endgame = present ? loadEndgame() : (null as unknown as QaIndex);
    const extra = present ? loadExtra() : (null as unknown as QaIndex);
    const suites: [string, QaIndex][] = [
      ['test_queries.toml', endgame],
      ['additional_test_queries.toml', endgame],
      ['test_queries_date.toml', endgame],
      ['test_extra.toml', extra],
    ];

    test.for(suites)('%s: every matched document is a candidate, plain and escaped', ([file, index]) => {
      const encoder = new TextEncoder();
      const plain = index.docs.map((doc) => JSON.stringify(doc));
      const escaped = index.docs.map(escapedJson);
      let queries = 0;
      let matched = 0;
      let rejected = 0;
      for (const qa of readQueries(file)) {
        const statement = parseEql(qa.query);
        if (statement.query.kind !== 'event') continue;
        const normalized = normalizeQuery(statement, { categoryField: 'event.category' });
        const predicate = compileQuery(normalized, { mapping: index.mapping }).predicate;
        const prefilter = buildPrefilter(normalized, { mapping: index.mapping });
        const candidates = new Set(createChunkScanner(prefilter)(encoder.encode(escaped.join('\n'))).candidates);
        queries++;
        index.docs.forEach((doc, i) => {
          const accepts = prefilterAccepts(prefilter, encoder.encode(plain[i]!));
          if (predicate(doc)) {
            matched++;
            expect(accepts, `${qa.name}: ${plain[i]}`).toBe(true);
            expect(candidates.has(i), `${qa.name} (escaped): ${escaped[i]}`).toBe(true);
          } else if (!accepts) {
            rejected++;
          }
        });
      }
      expect(queries).toBeGreaterThan(0);
      expect(matched).toBeGreaterThan(0);
      // Not vacuous: the prefilter rejected most non-matching documents outright.
      expect(rejected).toBeGreaterThan(0);
    });
  },
);

describe('prefilter on the curated edge cases (corpora/edge-cases)', () => {
  test('the seed rule: every labelled positive line is a candidate, and most near misses are not', () => {
    const corpus = readFileSync(new URL('../../corpora/edge-cases/edge-cases.ndjson', import.meta.url));
    const labels = JSON.parse(readFileSync(new URL('../../corpora/edge-cases/edge-cases.ndjson.labels.json', import.meta.url), 'utf8')) as {
      expected: Record<string, number[]>;
    };
    const positives = labels.expected[SSH_KEYGEN_RULE.id!]!;
    const q = normalizeQuery(parseEql(SSH_KEYGEN_RULE.query));
    const scan = createChunkScanner(buildPrefilter(q, { mapping: DEFAULT_ECS_MAPPING }))(corpus);
    // Labels are 1-based line numbers; candidates are 0-based line indices.
    const candidates = new Set([...scan.candidates].map((i) => i + 1));
    expect(positives.length).toBeGreaterThan(10);
    expect(positives.filter((line) => !candidates.has(line))).toEqual([]);
    expect(scan.lines.count - candidates.size).toBeGreaterThanOrEqual(20);
  });
});
