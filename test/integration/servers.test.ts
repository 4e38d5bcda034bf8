/**
 * The real servers the push path targets (docs/PUSH.md §7): given OPENSEARCH_URL, ELASTICSEARCH_URL and/or
 * ELASTICSEARCH8_URL (`bash scripts/search-servers.sh env`), each server identifies itself, accepts an
 * Elastic Agent–style data stream (`logs-endpoint.events.file-default`, PUSH.md §1) from an index template
 * with `data_stream: {}`, and counts exactly the documents bulk-`create`d into it. Without a URL the suite
 * for that server is skipped, and its name says how to run it.
 */
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { identifyServer, isMissingHandler, readSearchServers, removeDataStream, send, skipReason, type RemoveOutcome } from '../support/servers.js';

const DATA_STREAM = 'logs-endpoint.events.file-default';
const TEMPLATE = 'eql-replay-test-logs-endpoint.events.file';
/**
 * Above Elasticsearch's built-in `logs-*-*` template (priority 100), which would otherwise win and bring
 * its own mappings and ILM policy; the integ-test zip has no built-in templates, a full distribution has.
 */
const TEMPLATE_PRIORITY = 500;

const DOCS = [
  { '@timestamp': '2026-01-05T10:00:00.000Z', event: { action: 'creation', category: ['file'] }, file: { path: '/root/.ssh/id_ed25519' } },
  { '@timestamp': '2026-01-05T10:00:01.000Z', event: { action: 'creation', category: ['file'] }, file: { path: '/root/.ssh/id_ed25519.pub' } },
  { '@timestamp': '2026-01-05T10:00:02.000Z', event: { action: 'rename', category: ['file'] }, file: { path: '/tmp/x' } },
];

for (const server of readSearchServers(process.env)) {
  const { url, label, distribution, major } = server;
  const name = url ? `against ${label} at ${url}` : `against ${label} (${skipReason(server)})`;

  describe.skipIf(!url)(name, () => {
    const base = url ?? '';
    // The suite's own dispatcher (STYLE.md §5: never the global one), closed after the suite.
    const agent = new Agent({ connections: 4 });
    let before: RemoveOutcome;

    beforeAll(async () => {
      // A rerun after an aborted run must start from an empty data stream.
      before = await removeDataStream(agent, base, DATA_STREAM);
    });

    afterAll(async () => {
      try {
        const outcome = await removeDataStream(agent, base, DATA_STREAM);
        const res = await send(agent, 'DELETE', `${base}/_index_template/${TEMPLATE}`);
        // An emptied (not deleted) data stream keeps its template in use: the next run overwrites it.
        if (!(res.status === 200 || res.status === 404 || outcome === 'emptied')) {
          throw new Error(`DELETE /_index_template/${TEMPLATE} answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
      } finally {
        await agent.close();
      }
    });

    test(`GET / (or the node info API) names ${distribution} and ${major === undefined ? 'a release version' : `version ${major}.x`}`, async () => {
      const identity = await identifyServer(agent, base);
      expect(identity.distribution).toBe(distribution);
      expect(identity.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
      // ELASTICSEARCH8_URL must not silently point at a 9.x: then no test would run against 8.
      if (major !== undefined) expect(Number(identity.version.split('.')[0])).toBe(major);
      if (distribution === 'opensearch') expect(identity.source).toBe('root');
    });

    test('the cleanup before the suite left no documents behind', async () => {
      expect(['absent', 'deleted', 'emptied', 'deleted-index']).toContain(before);
      const res = await send(agent, 'GET', `${base}/${DATA_STREAM}/_count`);
      if (before === 'emptied') {
        expect(res.status).toBe(200);
        expect((res.body as { count: number }).count).toBe(0);
      } else {
        expect(res.status).toBe(404);
      }
    });

    test(`three bulk creates into ${DATA_STREAM} land in a data stream and count exactly 3`, async () => {
      const template = await send(agent, 'PUT', `${base}/_index_template/${TEMPLATE}`, {
        index_patterns: ['logs-endpoint.events.file-*'],
        priority: TEMPLATE_PRIORITY,
        data_stream: {},
        // One node: a replica could never be assigned, and the health would stay yellow.
        template: { settings: { number_of_replicas: 0 } },
      });
      expect(template.status, JSON.stringify(template.body)).toBe(200);
      expect(template.body).toEqual({ acknowledged: true });

      const ndjson = DOCS.map((doc) => `{"create":{}}\n${JSON.stringify(doc)}\n`).join('');
      const bulk = await send(agent, 'POST', `${base}/${DATA_STREAM}/_bulk`, ndjson);
      expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
      const result = bulk.body as { errors: boolean; items: { create: { status: number; _index: string } }[] };
      expect(result.errors).toBe(false);
      expect(result.items.map((item) => item.create.status)).toEqual([201, 201, 201]);
      // Backing indices are `.ds-<data stream>-[<date>-]<generation>`: the template made a data stream.
      for (const item of result.items) expect(item.create._index.startsWith(`.ds-${DATA_STREAM}-`)).toBe(true);

      const resolved = await send(agent, 'GET', `${base}/_resolve/index/${DATA_STREAM}`);
      expect(resolved.status).toBe(200);
      expect((resolved.body as { data_streams: { name: string }[] }).data_streams.map((s) => s.name)).toEqual([DATA_STREAM]);

      const refresh = await send(agent, 'POST', `${base}/${DATA_STREAM}/_refresh`);
      expect(refresh.status, JSON.stringify(refresh.body)).toBe(200);
      const count = await send(agent, 'GET', `${base}/${DATA_STREAM}/_count`);
      expect(count.status).toBe(200);
      expect((count.body as { count: number }).count).toBe(3);
    });
  });
}

describe('readSearchServers reads the server URLs from an injected environment', () => {
  test('unset and empty variables give no URL, so the server suites skip', () => {
    expect(readSearchServers({ OPENSEARCH_URL: '  ' }).map((s) => [s.envVar, s.url])).toEqual([
      ['OPENSEARCH_URL', undefined],
      ['ELASTICSEARCH_URL', undefined],
      ['ELASTICSEARCH8_URL', undefined],
    ]);
  });

  test('trailing slashes are dropped so paths join cleanly; each entry has its own label and promised major', () => {
    const servers = readSearchServers({
      OPENSEARCH_URL: 'http://127.0.0.1:9201/',
      ELASTICSEARCH_URL: 'https://es.test:9200//',
      ELASTICSEARCH8_URL: 'http://127.0.0.1:9203',
    });
    expect(servers.map((s) => [s.distribution, s.label, s.major, s.url])).toEqual([
      ['opensearch', 'OpenSearch', undefined, 'http://127.0.0.1:9201'],
      ['elasticsearch', 'Elasticsearch', undefined, 'https://es.test:9200'],
      ['elasticsearch', 'Elasticsearch 8', 8, 'http://127.0.0.1:9203'],
    ]);
  });

  test.for([['localhost:9201'], ['not a url'], ['ftp://127.0.0.1:9201']])('%s fails loudly instead of skipping', ([value]) => {
    expect(() => readSearchServers({ ELASTICSEARCH_URL: value })).toThrow(`ELASTICSEARCH_URL=${JSON.stringify(value)} is not`);
    expect(() => readSearchServers({ ELASTICSEARCH8_URL: value })).toThrow(`ELASTICSEARCH8_URL=${JSON.stringify(value)} is not`);
  });
});

describe('isMissingHandler recognizes how each Elasticsearch says a module is absent', () => {
  const answer = (status: number, error: unknown) => ({ status, headers: {}, body: { error, status } });
  test.for([
    // Elasticsearch 9.4.3 integ-test zip, DELETE /_data_stream/foo
    [400, 'no handler found for uri [/_data_stream/foo] and method [DELETE]', true],
    [405, 'no handler found for uri [/_data_stream/foo] and method [DELETE]', true],
    // Elasticsearch 8.19.21 integ-test zip, DELETE /_data_stream/foo
    [405, 'Incorrect HTTP method for uri [/_data_stream/foo] and method [DELETE], allowed: [POST]', true],
    // A real error of a present handler is not a missing module.
    [404, 'no handler found for uri [/x] and method [GET]', false],
    [405, { type: 'illegal_argument_exception', reason: 'Incorrect HTTP method' }, false],
    [400, 'Incorrect HTTP method for uri [/] and method [GET], allowed: [DELETE]', false],
  ] as const)('%i %j → %s', ([status, error, missing]) => {
    expect(isMissingHandler(answer(status, error))).toBe(missing);
  });
});
