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
