/**
 * Rendering of a replay report: the terminal text (golden), the progress line, the HTML page.
 */
import { describe, expect, test } from 'vitest';
import { formatBytes, formatDuration, formatReplayProgress } from '../../src/report/replay-progress.js';
import { renderReplayHtml } from '../../src/report/replay-html.js';
import { renderReplayReport, type ReplayReport } from '../../src/report/replay-report.js';

const REPORT: ReplayReport = {
  partial: true,
  events: 1000,
  bytes: 2_400_000,
  durationMs: 500,
  eventsPerSec: 2000,
  bytesPerSec: 4_800_000,
  threads: 2,
  chunkBytes: 1048576,
  mode: 'scan',
  modeReason: '1 rule scanned for its literal; only candidate lines are parsed',
  lines: 1001,
  parsed: 4,
  matches: 2,
  rules: [
    {
      id: 'r1',
      name: 'Keys <written>',
      source: 'builtin:x',
      matches: 2,
      candidates: 4,
      firstMatches: ['c.ndjson:7', 'c.ndjson:9'],
      accuracy: { truePositives: 1, falsePositives: 1, falseNegatives: 0, trueNegatives: 998, precision: 0.5, recall: 1 },
      mismatches: [{ source: 'c.ndjson', line: 9, kind: 'false positive', text: '{"a":"<b>"}' }],
    },
    { id: null, name: 'query', source: 'query', matches: 0, candidates: 0, firstMatches: [] },
  ],
  skippedRules: [{ source: 'p.ndjson:2', id: 's', name: 'seq', reason: 'sequence query: replay evaluates single-event queries' }],
  accuracy: { truePositives: 1, falsePositives: 1, falseNegatives: 0, trueNegatives: 998, precision: 0.5, recall: 1 },
  malformed: 1,
  firstMalformed: [{ source: 'c.ndjson', line: 3, offset: 120, excerpt: '{"a":', reason: 'not JSON: Unexpected end of JSON input' }],
  threadBusy: [
    { thread: 1, busyMs: 250, busyShare: 0.5 },
    { thread: 2, busyMs: 100, busyShare: 0.2 },
  ],
  corpora: [{ source: 'c.ndjson', format: 'ndjson', compression: 'none', lines: 1001, events: 1000, bytes: 2_400_000, labels: 'c.ndjson.labels.json', complete: false }],
  warnings: ['labels x describe 5 events but y has 4 lines: they may belong to another corpus'],
};

describe('terminal report', () => {
  test('golden', () => {
    expect(renderReplayReport(REPORT)).toBe(
      [
        'PARTIAL REPORT: the run was interrupted; every number covers only the events replayed before it stopped.',
        '',
        '| Metric                       |     Value | Unit     |',
        '|:-----------------------------|----------:|:---------|',
        '| Events                       |     1,000 | events   |',
        '| Bytes                        | 2,400,000 | bytes    |',
        '| Duration                     |     0.500 | s        |',
        '| Throughput                   |     2,000 | events/s |',
        '| Throughput                   |       4.8 | MB/s     |',
        '| Threads                      |         2 |          |',
        '| Busy, thread 1               |        50 | %        |',
        '| Busy, thread 2               |        20 | %        |',
        '| Mode                         |      scan |          |',
        '| Lines parsed (candidates)    |         4 | lines    |',
        '| Lines parsed, share of lines |     0.400 | %        |',
        '| Rules replayed               |         2 | rules    |',
        '| Matches (by any rule)        |         2 | events   |',
        '| Malformed lines              |         1 | lines    |',
        '| True positives               |         1 | events   |',
        '| False positives              |         1 | events   |',
        '| False negatives              |         0 | events   |',
        '| True negatives               |       998 | events   |',
        '| Precision                    |    0.5000 |          |',
        '| Recall                       |    1.0000 |          |',
        '',
        '| Rule           | Id | Matches | Candidates | TP | FP | FN |  TN | Precision | Recall |',
        '|:---------------|:---|--------:|-----------:|---:|---:|---:|----:|----------:|-------:|',
        '| Keys <written> | r1 |       2 |          4 |  1 |  1 |  0 | 998 |    0.5000 | 1.0000 |',
        '| query          | -  |       0 |          0 |  - |  - |  - |   - |         - |      - |',
        '',
        '1 rule skipped (1 sequence); --json lists each with its reason',
        '',
        'Mismatches of "Keys <written>" (r1): 1, the first 1:',
        '  false positive c.ndjson:9',
        '    {"a":"<b>"}',
        '',
        'Malformed lines: 1, the first 1:',
        '  c.ndjson:3 (byte 120): not JSON: Unexpected end of JSON input',
        '    | {"a":',
        '',
        'Note: in scan mode only prefilter candidates are parsed; a malformed line no rule could match is not seen (--validate parses every line).',
        '',
        'warning: labels x describe 5 events but y has 4 lines: they may belong to another corpus',
        '',
      ].join('\n'),
    );
  });

  test('precision and recall without a denominator print n/a', () => {
    const text = renderReplayReport({ ...REPORT, partial: false, accuracy: { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 5, precision: null, recall: null } });
    expect(text).toMatch(/^\| Precision +\| +n\/a \| +\|$/m);
    expect(text).not.toContain('PARTIAL');
  });
});

describe('progress line', () => {
  test.for([
    [{ bytes: 1.2e9, totalBytes: 4.8e9, events: 500_000, elapsedMs: 2000, source: 'c.ndjson', file: 1, files: 1 }, 'replay c.ndjson  1.2 GB / 4.8 GB (25.0 %)  250,000 events/s  ETA 0:06'],
    [{ bytes: 3.5e6, totalBytes: null, events: 1500, elapsedMs: 1000, source: '-', file: 2, files: 3 }, 'replay [2/3] -  3.5 MB read  1,500 events/s'],
  ] as const)('%j', ([progress, line]) => {
    expect(formatReplayProgress(progress)).toBe(line);
  });
  test('units', () => {
    expect([formatBytes(999), formatBytes(1500), formatDuration(3725), formatDuration(59.6)]).toEqual(['999 B', '1.5 kB', '1:02:05', '1:00']);
  });
});

describe('HTML report', () => {
  test('self-contained, escaped, with the mismatching event text', () => {
    const html = renderReplayHtml(REPORT, { generatedAt: '2026-01-01T00:00:00.000Z', details: ['rules: <x>'] });
    expect(html).toContain('<title>eql-replay: 2 rules over 1,000 events (partial)</title>');
    expect(html).toContain('<li>rules: &lt;x&gt;</li>');
    expect(html).toContain('<p class="partial" id="partial">');
    expect(html).toContain('<tr class="mismatch"><td>Keys &lt;written&gt;</td>');
    expect(html).toContain('<tr data-kind="false positive"><td>false positive</td><td><code>c.ndjson:9</code></td><td><pre>{&quot;a&quot;:&quot;&lt;b&gt;&quot;}</pre></td></tr>');
    expect(html).toContain('<footer>generated 2026-01-01T00:00:00.000Z by eql-replay</footer>');
    expect(html).not.toMatch(/<script|<link|https?:\/\//);
  });
});
