/**
 * Passes over the corpus (`--loop`/`--duration`) and re-timing as stored by the server.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createVirtualClock } from '../../src/push/push-clock.js';
import { pushCorpus } from '../../src/push/push-corpus.js';
import { createMemoryCli } from '../support/cli-context.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { openLines, sampleLines } from './sample-events.js';

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('passes and time', () => {
  test('--duration loops over the corpus with new ids per pass until the time is up', async () => {
    const server = await startFaultServer();
    servers.push(server);
    const result = await pushCorpus({
      url: server.url,
      open: openLines(sampleLines(1000)),
      sources: [],
      clock: createVirtualClock(),
      ratePerSec: 1000,
      durationMs: 2500,
      bulkMaxSize: 100,
      deadLetterPath: join(mkdtempSync(join(tmpdir(), 'loop-')), 'dead.ndjson'),
    });
    expect(result.status).toBe('complete');
    // Events are due every ms; the event due at 2500 ms is the first one not read.
    expect(result.events).toBe(2500);
    expect(result.acked).toBe(2500);
    expect(result.duplicates).toBe(0);
    expect(server.store.size).toBe(2500);
  });

  test('--retime now: the last event lands at the start of the run, 7 fractional digits kept', async () => {
    const server = await startFaultServer();
    servers.push(server);
    const dir = mkdtempSync(join(tmpdir(), 'retime-'));
    const file = join(dir, 'c.ndjson');
    const lines = sampleLines(300, { stepMs: 1000 });
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = Date.now();
    const cli = createMemoryCli({ cwd: dir });
    expect(await runCli(['push', '--url', server.url, '--retime', 'now', '--json', file], cli.ctx)).toBe(0);
    const after = Date.now();
    const stamps = [...server.store.values()].map((d) => JSON.parse(d.text) as { '@timestamp': string; event: { created: string } });
    expect(stamps).toHaveLength(300);
    for (const s of stamps) {
      expect(s['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      expect(s.event.created).toBe(s['@timestamp']);
    }
    const ms = stamps.map((s) => Date.parse(s['@timestamp'])).sort((a, b) => a - b);
    expect(ms.at(-1)!).toBeGreaterThanOrEqual(before - 1);
    expect(ms.at(-1)!).toBeLessThanOrEqual(after);
    // Spacing kept: 299 s between the first and the last event.
    expect(ms.at(-1)! - ms[0]!).toBe(299_000);
    // Ids are the hash of the corpus line as read, so re-timing does not change them.
    expect(JSON.parse(cli.stdout())).toMatchObject({ acked: 300, duplicates: 0 });
    const again = createMemoryCli({ cwd: dir });
    expect(await runCli(['push', '--url', server.url, '--retime', 'shift:-1h', '--json', file], again.ctx)).toBe(0);
    expect(JSON.parse(again.stdout())).toMatchObject({ acked: 0, duplicates: 300 });
  });

  test('a line that is not JSON is dead-lettered locally (status 0) when the event is parsed', async () => {
    const server = await startFaultServer();
    servers.push(server);
    const five = sampleLines(5);
    const lines = [...five.slice(0, 3), '{"broken": ', ...five.slice(3)];
    const dir = mkdtempSync(join(tmpdir(), 'dead-'));
    const result = await pushCorpus({
      url: server.url,
      open: openLines(lines),
      sources: [],
      clock: createVirtualClock(),
      retime: { kind: 'shift', deltaMs: 1000 },
      deadLetterPath: join(dir, 'dead.ndjson'),
    });
    expect({ events: result.events, acked: result.acked, duplicates: result.duplicates, deadLettered: result.deadLettered }).toEqual({
      events: 6,
      acked: 5,
      duplicates: 0,
      deadLettered: 1,
    });
    const dead = JSON.parse(readFileSync(join(dir, 'dead.ndjson'), 'utf8')) as Record<string, unknown>;
    expect(dead).toMatchObject({ line: 4, status: 0, error: { type: 'json_parse_exception' }, event: '{"broken": ' });
  });
});

describe('passes keep the timeline moving', () => {
  test('--loop with --retime speed:X: pass 2 continues after pass 1, with new ids', async () => {
    const server = await startFaultServer();
    servers.push(server);
    const lines = sampleLines(20, { stepMs: 1000 });
    let passes = 0;
    // Two passes, then an empty one: a pass that reads nothing ends the loop.
    const open = () =>
      (async function* () {
        passes += 1;
        if (passes <= 2) yield* openLines(lines)();
      })();
    const result = await pushCorpus({
      url: server.url,
      open,
      sources: [],
      clock: createVirtualClock(Date.UTC(2025, 0, 1)),
      retime: { kind: 'speed', factor: 2 },
      loop: true,
      deadLetterPath: join(mkdtempSync(join(tmpdir(), 'loop-speed-')), 'dead.ndjson'),
    });
    expect(result.acked).toBe(40);
    const stamps = [...server.store.values()].map((d) => Date.parse((JSON.parse(d.text) as { '@timestamp': string })['@timestamp'])).sort((a, b) => a - b);
    const start = Date.UTC(2025, 0, 1);
    // Pass 1: 0 … 9.5 s; pass 2 starts 1 ms after pass 1's last due time.
    expect(stamps.slice(0, 20).map((t) => t - start)).toEqual(Array.from({ length: 20 }, (_, i) => i * 500));
    expect(stamps.slice(20).map((t) => t - start)).toEqual(Array.from({ length: 20 }, (_, i) => 9501 + i * 500));
  });
});
