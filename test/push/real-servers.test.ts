/**
 * The push against real servers (PUSH.md §5, §7): 100k generated events into a data stream whose template
 * mirrors Elastic Defend's mapping for the rule's fields (`keyword`, `ignore_above: 1024`,
 * `dynamic: false`), then `--verify builtin:ssh-keygen`: the server holds exactly what was acked, and the
 * rule's Query DSL finds exactly what the local matcher flagged. Runs against OPENSEARCH_URL,
 * ELASTICSEARCH_URL and ELASTICSEARCH8_URL (`bash scripts/search-servers.sh start`); each is skipped
 * visibly when unset.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createBulkClient } from '../../src/push/bulk-client.js';
import { createMemoryCli } from '../support/cli-context.js';
import { readSearchServers, skipReason } from '../support/servers.js';

const EVENTS = 100_000;
const KEYWORD_1024 = { type: 'keyword', ignore_above: 1024 };
/** Defend's mapping of the fields the seed rule reads (endpoint package, file data stream). */
const DEFEND_TEMPLATE_MAPPINGS = {
  dynamic: false,
  properties: {
    '@timestamp': { type: 'date_nanos' },
    event: { properties: { category: KEYWORD_1024, action: KEYWORD_1024, type: KEYWORD_1024, ingested: { type: 'date' } } },
    host: { properties: { id: KEYWORD_1024, name: KEYWORD_1024, os: { properties: { type: KEYWORD_1024 } } } },
    process: { properties: { executable: KEYWORD_1024, name: KEYWORD_1024 } },
    file: { properties: { path: KEYWORD_1024, name: KEYWORD_1024, extension: KEYWORD_1024 } },
  },
};

const SERVERS = readSearchServers(process.env);
let corpus = '';
let positives = 0;

beforeAll(async () => {
  if (SERVERS.every((server) => server.url === undefined)) return;
  const dir = mkdtempSync(join(tmpdir(), 'push-real-'));
  corpus = join(dir, 'corpus.ndjson');
  const cli = createMemoryCli({ cwd: dir });
  expect(await runCli(['generate', '--events', String(EVENTS), '--seed', '11', '--out', corpus], cli.ctx)).toBe(0);
  const labels = JSON.parse(readFileSync(`${corpus}.labels.json`, 'utf8')) as { expected: Record<string, number[]> };
  positives = labels.expected['7df3cb8b-5c0c-4228-b772-bb6cd619053c']?.length ?? 0;
}, 300_000);

for (const server of SERVERS) {
  const { url, label } = server;
  describe.skipIf(url === undefined)(url === undefined ? `${label} (${skipReason(server)})` : `${label} at ${url}`, () => {
    test(`${EVENTS} events: the server holds every stored event, Query DSL hits == local matches`, async () => {
      // One fixed stream per server: the integ-test Elasticsearch has no _data_stream API to delete a stream
      // with, so a per-run name would pile up. A re-run stores nothing new (same ids → 409 duplicates), and
      // the verify counts by the ids this run stored, so the checks hold on a fresh or a reused stream.
      const stream = 'logs-eqlreplay.verify-default';
      const template = 'eqlreplay-verify';
      const admin = createBulkClient({ url: url!, compressionLevel: 0, connections: 1 });
      try {
        const put = await admin.requestJson('PUT', `/_index_template/${template}`, {
          index_patterns: [stream],
          data_stream: {},
          priority: 500,
          template: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: DEFEND_TEMPLATE_MAPPINGS },
        });
        expect(put.statusCode, put.text).toBe(200);

        const dir = mkdtempSync(join(tmpdir(), 'push-real-run-'));
        const cli = createMemoryCli({ cwd: dir });
        const code = await runCli(
          ['push', '--url', url!, '--data-stream', stream, '--profile', 'throughput', '--verify', 'builtin:ssh-keygen', '--json', corpus],
          cli.ctx,
        );
        const out = cli.stdout();
        expect(cli.stderr()).toBe('');
        const json = JSON.parse(out) as {
          events: number;
          acked: number;
          duplicates: number;
          deadLettered: number;
          verify: { ok: boolean; targets: { target: string; expected: number; counted: number }[]; localMatches: number; serverMatches: number; onlyLocal: string[]; onlyServer: string[] };
        };
        expect({ events: json.events, stored: json.acked + json.duplicates, deadLettered: json.deadLettered }).toEqual({
          events: EVENTS,
          stored: EVENTS,
          deadLettered: 0,
        });
        expect(json.verify.targets).toEqual([{ target: stream, expected: EVENTS, counted: EVENTS }]);
        expect(json.verify.onlyLocal).toEqual([]);
        expect(json.verify.onlyServer).toEqual([]);
        expect(json.verify.serverMatches).toBe(json.verify.localMatches);
        expect(json.verify.localMatches).toBeGreaterThan(0);
        // The generator's ground truth is a third opinion: the matcher agrees with it (replay's own tests
        // go deeper); here it proves the verify counted the right population.
        expect(json.verify.localMatches).toBe(positives);
        expect(code).toBe(0);
      } finally {
        await admin.close();
      }
    }, 240_000);
  });
}
