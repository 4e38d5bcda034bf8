/**
 * toDsl on Elasticsearch's EQL QA data, on real servers: the QA documents are indexed with the QA
 * mapping, the mapping the server ends up with (dynamic fields included) is read back with
 * `GET _mapping`, and for every single-event QA query `_count` of the translation must equal the number
 * of documents the local predicate matches under that same mapping. Skipped, visibly, without
 * `OPENSEARCH_URL` / `ELASTICSEARCH_URL` / `ELASTICSEARCH8_URL` or without ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { compileQuery } from '../../src/match/compile.js';
import { parseMapping, type Mapping } from '../../src/match/mapping.js';
import { toDsl } from '../../src/match/to-dsl.js';
import { ES_EQL, loadEndgame, loadExtra, readQueries, type QaIndex } from '../conformance/es-eql-harness.js';
import { readSearchServers } from '../support/servers.js';

const present = existsSync(new URL('test_data.json', ES_EQL));

/** The QA mapping file as Elasticsearch's DataLoader sends it: `#` lines dropped, placeholder → keyword. */
function qaMapping(file: string): unknown {
  const text = readFileSync(new URL(`data/${file}`, ES_EQL), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replaceAll('[runtime_random_keyword_type]', 'keyword');
  return JSON.parse(text) as unknown;
}

async function request(url: string, method: string, path: string, body?: string, ndjson = false): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}: ${JSON.stringify(json).slice(0, 1500)}`);
  return json;
}

interface Suite {
  readonly name: string;
  readonly mappingFile: string;
  readonly files: readonly string[];
  readonly load: () => QaIndex;
}

const SUITES: readonly Suite[] = [
  { name: 'endgame-140', mappingFile: 'endgame-140.mapping', files: ['test_queries.toml', 'additional_test_queries.toml', 'test_queries_date.toml'], load: loadEndgame },
  { name: 'extra', mappingFile: 'extra.mapping', files: ['test_extra.toml'], load: loadExtra },
];

/** How many single-event queries of each QA file translate exactly (the rest need Painless). */
const EXACT_QUERIES: Readonly<Record<string, number>> = {
  'test_queries.toml': 48,
  'additional_test_queries.toml': 17,
  'test_queries_date.toml': 4,
  'test_extra.toml': 6,
};

const SERVERS = readSearchServers(process.env);

for (const server of SERVERS) {
  for (const suite of SUITES) {
    const skip = !present ? '../shared is absent' : server.url === undefined ? `${server.envVar} not set` : null;
    describe.skipIf(skip !== null)(`toDsl on ${server.label}, ES QA index ${suite.name}${skip === null ? '' : ` (skipped: ${skip})`}`, () => {
      const url = server.url!;
      const index = `eql-replay-qa-${suite.name}-${process.pid}-${Date.now()}`;
      let qa: QaIndex;
      let mapping: Mapping;
      /** Why the server cannot hold this index (the extra index maps a `version` field: x-pack only). */
      let unsupported: string | null = null;

      beforeAll(async () => {
        qa = suite.load();
        const created = await fetch(`${url}/${index}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: qaMapping(suite.mappingFile) }),
        });
        if (!created.ok) {
          const reason = JSON.stringify(await created.json());
          if (!reason.includes('type [version]')) throw new Error(`PUT /${index}: HTTP ${created.status}: ${reason.slice(0, 1500)}`);
          unsupported = `${server.label} here has no version field type (an x-pack mapper), which ${suite.mappingFile} uses`;
          return;
        }
        const bulk = qa.docs.map((doc, i) => `${JSON.stringify({ index: { _id: String(i) } })}\n${JSON.stringify(doc)}\n`).join('');
        const result = await request(url, 'POST', `/${index}/_bulk?refresh=true`, bulk, true);
        if (result['errors'] !== false) throw new Error(`bulk errors: ${JSON.stringify(result).slice(0, 1500)}`);
        // The mapping the server really has: the QA mapping plus the dynamic fields the documents added.
        mapping = parseMapping(await request(url, 'GET', `/${index}/_mapping`), `${index}/_mapping`);
      });
      afterAll(async () => {
        await fetch(`${url}/${index}`, { method: 'DELETE' });
      });

      test.for(suite.files)('%s: _count equals the local matches for every exact single-event query', async (file, context) => {
        if (unsupported !== null) context.skip(unsupported);
        const mismatches: string[] = [];
        let exact = 0;
        for (const q of readQueries(file)) {
          const statement = parseEql(q.query);
          if (statement.query.kind !== 'event') continue;
          const normalized = normalizeQuery(statement, { categoryField: 'event.category' });
          const translation = toDsl(normalized, { mapping });
          if (!translation.exact) continue;
          exact++;
          const predicate = compileQuery(normalized, { mapping }).predicate;
          const local = qa.docs.filter((doc) => predicate(doc)).length;
          const remote = (await request(url, 'POST', `/${index}/_count`, JSON.stringify({ query: translation.query })))['count'];
          if (remote !== local) mismatches.push(`${q.name}: local ${local}, ${server.label} ${String(remote)}: ${q.query} → ${JSON.stringify(translation.query)}`);
        }
        // The other single-event QA queries apply functions to fields (Painless in ES): not translated.
        expect(exact).toBe(EXACT_QUERIES[file]);
        expect(mismatches).toEqual([]);
      });
    });
  }
}
