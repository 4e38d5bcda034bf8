import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createDataStreamScanner, scanDataStream } from '../../src/push/data-stream-scan.js';
import { routeEvent } from '../../src/push/event-routing.js';

const scan = (text: string) => {
  const buf = Buffer.from(`xx${text}\nyy`);
  return scanDataStream(buf, 2, 2 + Buffer.byteLength(text));
};

describe('scanDataStream', () => {
  test.for([
    ['{"a":1,"data_stream":{"type":"logs","dataset":"d","namespace":"n"},"b":2}', { type: 'logs', dataset: 'd', namespace: 'n' }],
    ['{"a":"\\"data_stream\\":{}","data_stream" : { "type":"x"}}', undefined],
    ['{"a":{"b":"c"}}', null],
    ['{"data_stream.type":"logs"}', undefined],
    ['{"x":{"data_stream":{"type":"logs"}}}', undefined],
    ['{"data_stream":{"type":{"nested":1}}}', undefined],
    ['{"data_stream":"logs"}', undefined],
    ['{"message":"a } { [ \\" data","data_stream":{"type":"t}"}}', { type: 't}' }],
  ] as const)('%s → %j', ([text, expected]) => {
    expect(scan(text)).toEqual(expected);
  });

  test('when the scan answers, it routes exactly as a full parse does (property)', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null));
    const doc = fc.record(
      {
        a: value,
        event: fc.record({ module: fc.constantFrom('endpoint', 'endgame', 'sentinel_one_cloud_funnel') }, { requiredKeys: [] }),
        data_stream: fc.record({ type: fc.string(), dataset: fc.string(), namespace: fc.string() }, { requiredKeys: [] }),
        nested: fc.dictionary(fc.string(), value),
        z: value,
      },
      { requiredKeys: [] },
    );
    const scanner = createDataStreamScanner((ds) => routeEvent(ds === null ? {} : { data_stream: ds }));
    fc.assert(
      fc.property(doc, (d) => {
        const text = JSON.stringify(d);
        const buf = Buffer.from(text);
        const target = scanner.target(buf, 0, buf.length);
        if (target !== undefined) expect(target).toBe(routeEvent(JSON.parse(text)));
      }),
      { numRuns: 500 },
    );
  });
});
