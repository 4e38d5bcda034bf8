import { describe, expect, test } from 'vitest';
import { createBackoff } from '../../src/push/backoff.js';
import { routeEvent, DEFAULT_DATA_STREAM } from '../../src/push/event-routing.js';
import { readFieldPath, updateFieldPath } from '../../src/push/field-path.js';
import { parseDurationMs } from '../../src/push/parse-duration.js';
import { createRetimer, parseRetimeSpec, shiftTimestamp } from '../../src/push/retime.js';
import { createSeededRandom } from '../../src/push/seeded-random.js';

describe('createBackoff', () => {
  test('equal jitter: attempt n waits between b/2 and b with b = min(60 s, 1 s·2^(n−1)); seeded = reproducible', () => {
    const a = createBackoff({ random: createSeededRandom(9) });
    const b = createBackoff({ random: createSeededRandom(9) });
    const waits = Array.from({ length: 9 }, (_, i) => a(i + 1));
    expect(waits).toEqual(Array.from({ length: 9 }, (_, i) => b(i + 1)));
    const nominal = [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000];
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(nominal[i]! / 2);
      expect(w).toBeLessThan(nominal[i]!);
    });
  });

  test('the extremes of the jitter source give exactly half and (almost) the whole nominal wait', () => {
    expect(createBackoff({ random: () => 0 })(3)).toBe(2000);
    expect(createBackoff({ random: () => 0.999999 })(20)).toBeCloseTo(60000, 0);
    expect(createBackoff({ random: () => 0, initialMs: 10, maxMs: 50 })(5)).toBe(25);
  });
});

describe('retime', () => {
  test.for([
    ['2024-10-16T11:06:12.2007223Z', -7_200_000_000_000n, '2024-10-16T09:06:12.2007223Z'],
    ['2024-10-16T11:06:12.2007223Z', 1n, '2024-10-16T11:06:12.2007223Z'],
    ['2024-10-16T11:06:12.2007223Z', 100n, '2024-10-16T11:06:12.2007224Z'],
    ['2024-10-16T11:06:12Z', 1_500_000_000n, '2024-10-16T11:06:13Z'],
    ['2024-10-16T11:06:12.123+02:00', 3_600_000_000_000n, '2024-10-16T12:06:12.123+02:00'],
    ['2024-12-31T23:59:59.999Z', 1_000_000n, '2025-01-01T00:00:00.000Z'],
    [1729076772200, 5_000_000n, 1729076772205],
    ['not a date', 5n, 'not a date'],
  ] as const)('shiftTimestamp(%j, %s ns) = %j', ([value, delta, expected]) => {
    expect(shiftTimestamp(value, delta)).toBe(expected);
  });

  test('now: the latest event lands at the run start, spacing kept, both fields rewritten', () => {
    const start = Date.UTC(2025, 5, 1, 12, 0, 0);
    const retimer = createRetimer({ spec: { kind: 'now' }, runStartWallMs: start, corpusMaxMs: Date.UTC(2024, 9, 16, 11, 0, 1) });
    const doc = { '@timestamp': '2024-10-16T11:00:00.0000001Z', event: { created: '2024-10-16T11:00:00.5000000Z', ingested: '2024-10-16T11:00:20Z' } };
    retimer.apply(doc);
    expect(doc).toEqual({ '@timestamp': '2025-06-01T11:59:59.0000001Z', event: { created: '2025-06-01T11:59:59.5000000Z', ingested: '2024-10-16T11:00:20Z' } });
  });

  test('speed:X compresses spacing by X from the first event and gives due times', () => {
    const start = Date.UTC(2025, 0, 1);
    const retimer = createRetimer({ spec: { kind: 'speed', factor: 4 }, runStartWallMs: start });
    const first = Date.UTC(2024, 0, 1, 0, 0, 0);
    expect(retimer.dueMs(first)).toBe(0);
    expect(retimer.dueMs(first + 8000)).toBe(2000);
    const doc = { '@timestamp': new Date(first + 8000).toISOString() };
    retimer.apply(doc);
    expect(doc['@timestamp']).toBe('2025-01-01T00:00:02.000Z');
  });

  test.for([
    ['now', { kind: 'now' }],
    ['shift:-2h', { kind: 'shift', deltaMs: -7_200_000 }],
    ['shift:90s', { kind: 'shift', deltaMs: 90_000 }],
    ['speed:2.5', { kind: 'speed', factor: 2.5 }],
  ] as const)('parseRetimeSpec(%j)', ([text, spec]) => {
    expect(parseRetimeSpec(text)).toEqual(spec);
  });

  test.for(['later', 'shift:2', 'speed:0', 'speed:-1', 'speed:'])('parseRetimeSpec(%j) names the option', (text) => {
    expect(() => parseRetimeSpec(text)).toThrow(/--retime/);
  });

  test('durations: units required, sign only where allowed', () => {
    expect(parseDurationMs('1.5m', '--x')).toBe(90_000);
    expect(parseDurationMs('-2h', '--x', { signed: true })).toBe(-7_200_000);
    expect(() => parseDurationMs('-2h', '--x')).toThrow('invalid value for --x: "-2h"');
    expect(() => parseDurationMs('10', '--x')).toThrow('invalid value for --x');
  });
});

describe('routing and field paths', () => {
  test.for([
    [{ data_stream: { type: 'logs', dataset: 'endpoint.events.file', namespace: 'default' } }, 'logs-endpoint.events.file-default'],
    [{ 'data_stream.type': 'logs', 'data_stream.dataset': 'sentinel_one_cloud_funnel.event', 'data_stream.namespace': 'prod' }, 'logs-sentinel_one_cloud_funnel.event-prod'],
    [{ data_stream: { dataset: 'x' } }, 'logs-x-default'],
    [{ event: {} }, DEFAULT_DATA_STREAM],
    [{ event: { module: 'endgame', dataset: 'esensor' } }, 'endgame-default'],
    [{ 'event.module': 'endgame', data_stream: { dataset: 'x' } }, 'logs-x-default'],
  ] as const)('routeEvent(%j) = %s', ([doc, target]) => {
    expect(routeEvent(doc)).toBe(target);
  });

  test('an override wins', () => {
    expect(routeEvent({ data_stream: { type: 'logs' } }, { kind: 'index', name: 'my-index' })).toBe('my-index');
  });

  test('readFieldPath and updateFieldPath see nested, dotted and mixed keys', () => {
    const doc = { event: { created: 'a' }, 'host.os': { type: 'linux' }, 'file.path': '/x' };
    expect(readFieldPath(doc, 'event.created')).toBe('a');
    expect(readFieldPath(doc, 'host.os.type')).toBe('linux');
    expect(readFieldPath(doc, 'file.path')).toBe('/x');
    expect(readFieldPath(doc, 'file.name')).toBeUndefined();
    expect(updateFieldPath(doc, 'host.os.type', () => 'macos')).toBe(1);
    expect(doc['host.os'].type).toBe('macos');
  });
});
