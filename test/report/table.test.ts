import { describe, expect, test } from 'vitest';
import { formatMetric, renderMetricTable } from '../../src/report/table.js';

describe('renderMetricTable', () => {
  test('golden: aligned pipes, values right-aligned', () => {
    const text = renderMetricTable([
      { metric: 'Events', value: formatMetric(100000), unit: 'docs' },
      { metric: 'Mean Throughput', value: formatMetric(41234.5678), unit: 'docs/s' },
      { metric: '99th percentile service time', value: formatMetric(12.3), unit: 'ms' },
      { metric: 'Min Throughput', value: formatMetric(null), unit: 'docs/s' },
    ]);
    expect(text).toBe(
      [
        '| Metric                       |     Value | Unit   |',
        '|:-----------------------------|----------:|:-------|',
        '| Events                       |   100,000 | docs   |',
        '| Mean Throughput              | 41,234.57 | docs/s |',
        '| 99th percentile service time |     12.30 | ms     |',
        '| Min Throughput               |         - | docs/s |',
        '',
      ].join('\n'),
    );
  });
});

describe('formatMetric', () => {
  test.for([
    [0, '0'],
    [1234567, '1,234,567'],
    [-1234.5, '-1,234.50'],
    [0.125, '0.13'],
    [null, '-'],
    [Number.NaN, '-'],
  ] as const)('%s → %s', ([value, expected]) => {
    expect(formatMetric(value)).toBe(expected);
  });
});
