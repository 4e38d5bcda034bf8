/**
 * Exactly-once behaviour of pushCorpus against the fault-injecting server (PUSH.md §2): no event lost,
 * none stored twice, the identity holds, dead letters are exactly the permanently failed events.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { computeDocumentId } from '../../src/push/document-id.js';
import { createVirtualClock } from '../../src/push/push-clock.js';
import { pushCorpus, type PushCorpusOptions } from '../../src/push/push-corpus.js';
import { chunksFromLines } from '../../src/push/push-input.js';
import { startFaultServer, type FaultServer, type FaultServerOptions } from '../support/fault-server.js';
import { openLines, sampleLines } from './sample-events.js';

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: FaultServerOptions = {}): Promise<FaultServer> {
  const s = await startFaultServer(options);
  servers.push(s);
  return s;
}

const poison: FaultServerOptions['reject'] = (source) =>
  source['poison'] === true ? { type: 'document_parsing_exception', reason: 'poisoned field' } : undefined;

function run(url: string, lines: readonly string[], extra: Partial<PushCorpusOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'push-test-'));
  return pushCorpus({
    url,
    open: openLines(lines),
    sources: [{ path: 'mem.ndjson', bytes: lines.join('\n').length }],
    deadLetterPath: join(dir, 'dead.ndjson'),
    clock: createVirtualClock(),
    compressionLevel: 1,
    bulkMaxSize: 100,
    ...extra,
  });
}

/** The store as `index → sorted texts`, to compare with what the corpus should produce. */
function storedTexts(s: FaultServer): string[] {
  return [...s.store.values()].map((d) => `${d.index} ${d.id} ${d.text}`).sort();
}
function expectedTexts(lines: readonly string[], index = 'logs-endpoint.events.file-default'): string[] {
  return lines.map((l) => `${index} ${computeDocumentId(l)} ${l}`).sort();
}

describe('pushCorpus against the fault server', () => {
  test('a clean run stores every event once, routed by data_stream, under its content hash', async () => {
    const s = await server();
    const lines = sampleLines(1234);
    const result = await run(s.url, lines);
    expect(result.status).toBe('complete');
    expect({ events: result.events, acked: result.acked, duplicates: result.duplicates, deadLettered: result.deadLettered }).toEqual({
      events: 1234, acked: 1234, duplicates: 0, deadLettered: 0,
    });
    expect(storedTexts(s)).toEqual(expectedTexts(lines));
    expect(result.metrics.requests).toBe(13);
    expect(s.headers.every((h) => h['content-encoding'] === 'gzip' && h['content-type'] === 'application/x-ndjson')).toBe(true);
    expect([...result.targets.keys()]).toEqual(['logs-endpoint.events.file-default']);
    expect(result.deadLetterFile).toBeNull();
  });

  test('with every kind of transient fault, nothing is lost or stored twice and the identity holds', async () => {
    const s = await server({
      seed: 7,
      item429: 0.05,
      item500: 0.03,
      request429: 0.05,
      request503: 0.05,
      dropBeforeBody: 0.05,
      dropAfterStore: 0.1,
      reject: poison,
    });
    const lines = sampleLines(3000, { poisonEvery: 97 });
    const result = await run(s.url, lines, { workers: 3, retryBudget: 30 });
    const poisoned = lines.filter((l) => l.includes('"poison":true'));
    expect(result.status).toBe('complete');
    expect(result.acked + result.duplicates + result.deadLettered).toBe(3000);
    expect(result.unaccounted.count).toBe(0);
    expect(result.deadLettered).toBe(poisoned.length);
    // The store is the corpus minus the poisoned events, each exactly once.
    expect(storedTexts(s)).toEqual(expectedTexts(lines.filter((l) => !l.includes('"poison":true'))));
    // Documents stored by a request whose answer was lost come back as 409: duplicates, not acked twice.
    expect(s.stats.droppedAfterStore).toBeGreaterThan(0);
    // (409s inside an answer that was itself dropped never reach the client: the server counts more.)
    expect(result.duplicates).toBeGreaterThan(0);
    expect(result.duplicates).toBeLessThanOrEqual(s.stats.items409);
    expect(result.acked + result.duplicates).toBe(s.store.size);
    expect(result.metrics.retried).toBeGreaterThan(0);
    // The dead-letter file holds exactly the poisoned events, with status, type, reason and source line.
    const dead = readFileSync(result.deadLetterFile!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(dead.map((d) => d['line']).sort((a, b) => (a as number) - (b as number))).toEqual(
      lines.flatMap((l, i) => (l.includes('"poison":true') ? [i + 1] : [])),
    );
    expect(dead[0]).toMatchObject({ source: 'mem.ndjson', status: 400, error: { type: 'document_parsing_exception', reason: 'poisoned field' } });
    expect(JSON.stringify(dead[0]!['event'])).toBe(lines[(dead[0]!['line'] as number) - 1]);
  });

  test('a 413 splits the batch in halves; a single event too large is dead-lettered', async () => {
    const s = await server({ maxContentLength: 20_000 });
    const lines = sampleLines(300);
    const huge = JSON.stringify({ data_stream: { type: 'logs', dataset: 'endpoint.events.file', namespace: 'default' }, message: 'x'.repeat(30_000) });
    const all = [...lines.slice(0, 150), huge, ...lines.slice(150)];
    const result = await run(s.url, all, { compressionLevel: 0 });
    expect(result.status).toBe('complete');
    expect(result.metrics.splits).toBeGreaterThan(0);
    expect(result.acked).toBe(300);
    expect(result.deadLettered).toBe(1);
    expect(storedTexts(s)).toEqual(expectedTexts(lines));
    const dead = JSON.parse(readFileSync(result.deadLetterFile!, 'utf8').trim()) as Record<string, unknown>;
    expect(dead).toMatchObject({ line: 151, status: 413, error: { type: 'request_entity_too_large' } });
  });

  test('an exhausted retry budget ends the run with a clear error and exact accounting', async () => {
    const s = await server({ alwaysStatus: 503 });
    const lines = sampleLines(250);
    const result = await run(s.url, lines, { retryBudget: 3 });
    expect(result.status).toBe('failed');
    expect(result.fatal?.message).toMatch(/^retry budget exhausted: 100 event\(s\) still failing after 3 retries \(last failure: HTTP 503\)/);
    expect(result.acked + result.duplicates + result.deadLettered).toBe(0);
    expect(result.events).toBe(result.unaccounted.count + result.acked);
    expect(result.unaccounted.examples[0]).toBe('mem.ndjson:1');
    expect(s.stats.bulkRequests).toBe(4);
    expect(result.resumeState.unsettled.length).toBe(result.events);
  });

  test('an interrupt stops cleanly and a resume finishes the job without duplicates', async () => {
    const s = await server({ seed: 3, item429: 0.02 });
    const lines = sampleLines(3000);
    const dir = mkdtempSync(join(tmpdir(), 'push-resume-'));
    const resumePath = join(dir, 'resume.json');
    const controller = new AbortController();
    const interrupting = async function* () {
      for (const [i, chunk] of chunksFromLines(lines, 'mem.ndjson', 100).entries()) {
        if (i === 10) controller.abort();
        yield chunk;
      }
    };
    const first = await run(s.url, lines, { open: interrupting, signal: controller.signal, resumePath, workers: 2 });
    expect(first.status).toBe('interrupted');
    expect(first.acked + first.duplicates + first.deadLettered + first.unaccounted.count).toBe(first.events);
    expect(s.store.size).toBe(first.acked);
    expect(existsSync(resumePath)).toBe(true);

    const second = await run(s.url, lines, { resumePath, workers: 2 });
    expect(second.status).toBe('complete');
    expect(second.duplicates).toBe(0);
    expect(second.skippedByResume).toBe(first.acked);
    expect(storedTexts(s)).toEqual(expectedTexts(lines));
    expect(second.resumeState).toMatchObject({ complete: true, unsettled: [], totals: { events: 3000, acked: 3000, duplicates: 0, deadLettered: 0 } });
  });

  test('a resume file of another corpus is refused', async () => {
    const s = await server();
    const dir = mkdtempSync(join(tmpdir(), 'push-resume-'));
    const resumePath = join(dir, 'resume.json');
    await run(s.url, sampleLines(10), { resumePath });
    await expect(run(s.url, sampleLines(11), { resumePath })).rejects.toMatchObject({ code: 'ERR_PUSH_RESUME' });
  });

  test.for([
    ['basic', { kind: 'basic', user: 'elastic', password: 's3cret-pw' }, `Basic ${Buffer.from('elastic:s3cret-pw').toString('base64')}`],
    ['api key', { kind: 'api-key', apiKey: 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==' }, 'ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=='],
    ['bearer', { kind: 'bearer', token: 'tok-123' }, 'Bearer tok-123'],
  ] as const)('%s credentials are sent as the authorization header', async ([, auth, header]) => {
    const s = await server({ requireAuthorization: header });
    const result = await run(s.url, sampleLines(5), { auth });
    expect(result.status).toBe('complete');
    expect(s.headers.map((h) => h.authorization)).toEqual([header]);
  });

  test('a 401 fails the run at once and its message carries no credential', async () => {
    const s = await server({ requireAuthorization: 'Bearer right' });
    const result = await run(s.url.replace('http://', 'http://elastic:hunter2@'), sampleLines(5));
    expect(result.status).toBe('failed');
    expect(result.fatal?.message).toContain('HTTP 401');
    expect(result.fatal?.message).not.toContain('hunter2');
    expect(result.fatal?.message).toContain('http://***@127.0.0.1');
    expect(result.settings.url).not.toContain('hunter2');
  });
});
