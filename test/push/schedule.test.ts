/**
 * The open-model schedule (PUSH.md §4) with an injected clock: batches go out at their due times,
 * whatever the responses do, and latency is measured from the due time.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createBulkEncoder } from '../../src/push/bulk-encode.js';

const encoder = createBulkEncoder();
const encodeBulkBody = (events: readonly PushEvent[]): Buffer => encoder.encode(events);
import { createEventBatcher } from '../../src/push/event-batcher.js';
import { prepareRaw } from '../../src/push/prepare-event.js';
import { createVirtualClock } from '../../src/push/push-clock.js';
import { pushCorpus } from '../../src/push/push-corpus.js';
import type { PushEvent } from '../../src/push/push-event.js';
import { startFaultServer } from '../support/fault-server.js';
import { openLines, sampleLines } from './sample-events.js';

function event(seq: number, text: string, agent = 0): PushEvent {
  const bytes = Buffer.from(text);
  return { ...prepareRaw({ source: 's', line: seq + 1, iteration: 0, seq, bytes, start: 0, end: bytes.length }, 'idx', encoder), agent };
}

describe('createEventBatcher', () => {
  test('closes a batch when full, due at its last event', () => {
    const b = createEventBatcher({ agents: 1, bulkMaxSize: 3, flushBytes: 1e9, flushTimeoutMs: 1000 });
    expect(b.add(event(0, '{}'), 0)).toEqual([]);
    expect(b.add(event(1, '{}'), 10)).toEqual([]);
    const closed = b.add(event(2, '{}'), 20);
    expect(closed.map((c) => [c.dueMs, c.events.map((e) => e.seq)])).toEqual([[20, [0, 1, 2]]]);
  });

  test('a partly filled batch closes at its flush timeout, before a later event is added', () => {
    const b = createEventBatcher({ agents: 2, bulkMaxSize: 100, flushBytes: 1e9, flushTimeoutMs: 1000 });
    b.add(event(0, '{}', 0), 0);
    b.add(event(1, '{}', 1), 500);
    const closed = b.add(event(2, '{}', 0), 1700);
    expect(closed.map((c) => [c.agent, c.dueMs, c.events.map((e) => e.seq)])).toEqual([
      [0, 1000, [0]],
      [1, 1500, [1]],
    ]);
    expect(b.flush().map((c) => [c.agent, c.dueMs, c.events.map((e) => e.seq)])).toEqual([[0, 1700, [2]]]);
  });

  test('batches respect the byte limit and concatenate back to the input (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 0, maxLength: 60 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 2000 }), (texts, limit) => {
        const docs = texts.map((t, i) => event(i, JSON.stringify({ t })));
        const b = createEventBatcher({ agents: 1, bulkMaxSize: 50, flushBytes: limit, flushTimeoutMs: 1000 });
        const batches = [...docs.flatMap((d) => b.add(d, null)), ...b.flush()];
        for (const batch of batches) {
          const size = batch.events.reduce((s, e) => s + e.bytes, 0);
          expect(batch.events.length === 1 || size <= limit).toBe(true);
          expect(batch.events.length).toBeLessThanOrEqual(50);
          expect(encodeBulkBody(batch.events).length).toBe(size);
        }
        const all = batches.flatMap((x) => x.events);
        expect(all.map((e) => e.seq)).toEqual(docs.map((d) => d.seq));
        const body = encodeBulkBody(all).toString('utf8').split('\n');
        expect(body.filter((_, i) => i % 2 === 1)).toEqual(docs.map((d) => d.doc.toString()));
      }),
    );
  });
});

describe('rate-limited pushCorpus (virtual clock)', () => {
  test('request k is released when its last event is due (k·B/R s), whatever the server does', async () => {
    const virtual = createVirtualClock();
    const wakeAt: number[] = [];
    // The dispatcher sleeps until each batch is due: its wake-up times are the schedule.
    const clock = { ...virtual, sleep: (ms: number, signal?: AbortSignal) => (wakeAt.push(virtual.now() + ms), virtual.sleep(ms, signal)) };
    let requests = 0;
    const server = await startFaultServer({ onBulk: () => (requests += 1) });
    try {
      const result = await pushCorpus({
        url: server.url,
        open: openLines(sampleLines(1000)),
        sources: [],
        clock,
        ratePerSec: 500,
        bulkMaxSize: 100,
        deadLetterPath: join(mkdtempSync(join(tmpdir(), 'sched-')), 'dead.ndjson'),
      });
      expect(result.status).toBe('complete');
      expect(result.scheduled).toBe(true);
      // Event i is due i/500 s; batch k closes on event 100k+99.
      expect(wakeAt).toEqual(Array.from({ length: 10 }, (_, k) => ((100 * k + 99) * 1000) / 500));
      expect(requests).toBe(10);
      expect(result.metrics.latency.count).toBe(10);
    } finally {
      await server.close();
    }
  });

  test('with --agents, every host goes to one agent and each agent has its own connection', async () => {
    const server = await startFaultServer();
    try {
      const result = await pushCorpus({
        url: server.url,
        open: openLines(sampleLines(400, { hosts: 8 })),
        sources: [],
        clock: createVirtualClock(),
        agents: 3,
        bulkMaxSize: 1000,
        deadLetterPath: join(mkdtempSync(join(tmpdir(), 'agents-')), 'dead.ndjson'),
      });
      expect(result.acked).toBe(400);
      // 400 events, 3 agents, one batch per agent that has hosts (flushed at the end).
      expect(result.metrics.requests).toBeGreaterThanOrEqual(2);
      expect(result.metrics.requests).toBeLessThanOrEqual(3);
      const byHost = new Map<string, Set<string>>();
      for (const doc of server.store.values()) {
        const host = (JSON.parse(doc.text) as { host: { id: string } }).host.id;
        byHost.set(host, (byHost.get(host) ?? new Set()).add(doc.index));
      }
      expect(byHost.size).toBe(8);
    } finally {
      await server.close();
    }
  });
});

describe('pacing by the corpus timestamps (--retime speed:X)', () => {
  test('events 1 s apart at speed 10 are due 100 ms apart and land re-anchored at the run start', async () => {
    const virtual = createVirtualClock(Date.UTC(2025, 0, 1));
    const wakeAt: number[] = [];
    const clock = { ...virtual, sleep: (ms: number, signal?: AbortSignal) => (wakeAt.push(virtual.now() + ms), virtual.sleep(ms, signal)) };
    const server = await startFaultServer();
    try {
      const result = await pushCorpus({
        url: server.url,
        open: openLines(sampleLines(50, { stepMs: 1000 })),
        sources: [],
        clock,
        retime: { kind: 'speed', factor: 10 },
        bulkMaxSize: 10,
        deadLetterPath: join(mkdtempSync(join(tmpdir(), 'speed-')), 'dead.ndjson'),
      });
      expect(result.acked).toBe(50);
      expect(result.scheduled).toBe(true);
      // Batch k closes on event 10k+9, due (10k+9)·100 ms; the last one is flushed at the end of input.
      expect(wakeAt.slice(0, 4)).toEqual([900, 1900, 2900, 3900]);
      const stamps = [...server.store.values()].map((d) => Date.parse((JSON.parse(d.text) as { '@timestamp': string })['@timestamp'])).sort((a, b) => a - b);
      expect(stamps[0]).toBe(Date.UTC(2025, 0, 1));
      expect(stamps[49]! - stamps[0]!).toBe(4900);
    } finally {
      await server.close();
    }
  });
});
