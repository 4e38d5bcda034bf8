/**
 * `--verify` logic against the fault server: counts restricted to the pushed ids, the rule's query
 * compared with the local matcher, examples named on either side of a difference (PUSH.md §5).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createBulkClient } from '../../src/push/bulk-client.js';
import { createVirtualClock } from '../../src/push/push-clock.js';
import { pushCorpus } from '../../src/push/push-corpus.js';
import { verifyPush } from '../../src/push/verify-push.js';
import { startFaultServer } from '../support/fault-server.js';
import { openLines, sampleLines } from './sample-events.js';

const isKeygen = (doc: unknown): boolean => (doc as { process?: { name?: string } }).process?.name === 'ssh-keygen';

async function pushAndVerify(serverSays: (source: Record<string, unknown>) => boolean, preexisting = 0) {
  const server = await startFaultServer({ evaluate: (query, source) => ('rule' in query ? serverSays(source) : false) });
  try {
    // Documents already in the target (another run, real traffic) must not disturb the counts.
    for (let i = 0; i < preexisting; i += 1) {
      server.store.set(`logs-endpoint.events.file-default\0old-${i}`, { index: 'logs-endpoint.events.file-default', id: `old-${i}`, text: '{"process":{"name":"ssh-keygen"}}' });
    }
    const lines = sampleLines(1200, { matchEvery: 50 });
    const result = await pushCorpus({
      url: server.url,
      open: openLines(lines),
      sources: [],
      clock: createVirtualClock(),
      match: isKeygen,
      collectIds: true,
      deadLetterPath: join(mkdtempSync(join(tmpdir(), 'verify-')), 'dead.ndjson'),
    });
    const client = createBulkClient({ url: server.url, compressionLevel: 0, connections: 1 });
    try {
      return await verifyPush({ client, stored: result.stored!, query: { rule: {} }, chunkSize: 500 });
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
}

describe('verifyPush', () => {
  test('agreement: counts equal what was stored, server hits equal local matches, despite other documents', async () => {
    const v = await pushAndVerify(isKeygen, 30);
    expect(v).toEqual({
      ok: true,
      targets: [{ target: 'logs-endpoint.events.file-default', expected: 1200, counted: 1200 }],
      localMatches: 24,
      serverMatches: 24,
      onlyLocal: [],
      onlyServer: [],
      hints: [],
    });
  });

  test('a difference names the events on either side with their source lines', async () => {
    // The "server" misses sequence 100 and wrongly finds sequence 7.
    const v = await pushAndVerify((s) => {
      const seq = (s['event'] as { sequence: number }).sequence;
      return (isKeygen(s) && seq !== 100) || seq === 7;
    });
    expect(v.ok).toBe(false);
    expect(v.localMatches).toBe(24);
    expect(v.serverMatches).toBe(24);
    expect(v.onlyLocal).toEqual([expect.stringMatching(/^[\w-]{22} \(mem\.ndjson:101\)$/)]);
    expect(v.onlyServer).toEqual([expect.stringMatching(/^[\w-]{22} \(mem\.ndjson:8\)$/)]);
  });
});

describe('mapping hints', () => {
  test('dslFields lists the leaves\' fields and which are read by string leaves', async () => {
    const { dslFields } = await import('../../src/push/verify-push.js');
    const query = {
      bool: {
        filter: [
          { term: { 'event.category': { value: 'file' } } },
          { terms: { 'event.action': ['creation'], boost: 1 } },
          { bool: { should: [{ wildcard: { 'file.path': { value: '/home/*/.ssh/*' } } }], must_not: [{ exists: { field: 'x.y' } }] } },
          { range: { 'process.pid': { gte: 1 } } },
        ],
      },
    };
    expect([...dslFields(query)]).toEqual([
      ['event.category', true],
      ['event.action', true],
      ['file.path', true],
      ['x.y', false],
      ['process.pid', false],
    ]);
  });

  test('a difference on a text-mapped or unmapped field names the field, its type and the target', async () => {
    const { verifyPush } = await import('../../src/push/verify-push.js');
    const answers: Record<string, unknown> = {
      '_count': { count: 1 },
      '_mapping': { '.ds-t-1': { mappings: { 'file.path': { full_name: 'file.path', mapping: { path: { type: 'text' } } } } } },
    };
    const client = {
      displayUrl: 'http://x/',
      requestJson: async (_method: string, path: string, body?: unknown) => {
        const key = path.includes('_mapping') ? '_mapping' : path.includes('_count') ? '_count' : 'other';
        const isRule = JSON.stringify(body ?? {}).includes('wildcard');
        return { statusCode: 200, json: key === '_count' ? { count: isRule ? 0 : 1 } : answers[key] ?? { hits: { hits: [] } }, text: '' };
      },
    };
    const stored = new Map([['t', { ids: ['a'], matched: new Map([['a', 'f:1']]), where: new Map([['a', 'f:1']]) }]]);
    const v = await verifyPush({ client, stored, query: { bool: { filter: [{ wildcard: { 'file.path': { value: '/x/*' } } }, { term: { 'host.os.type': 'linux' } }] } } });
    expect(v.ok).toBe(false);
    expect(v.onlyLocal).toEqual(['a (f:1)']);
    expect(v.hints).toEqual([
      'file.path is mapped as text in t: term/wildcard queries need keyword (as Elastic Defend maps it)',
      'host.os.type is not mapped in t (a dynamic: false template without it, or never seen): no query on it can match',
    ]);
  });
});
