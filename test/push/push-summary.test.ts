/**
 * Golden outputs of a push's summary: the `--json` document and the Rally-like table, from a run whose
 * clock is virtual (every duration is 0, so the output is exact).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createVirtualClock } from '../../src/push/push-clock.js';
import { pushCorpus } from '../../src/push/push-corpus.js';
import { pushSummaryRows, summarizePush } from '../../src/push/push-summary.js';
import { renderMetricTable } from '../../src/report/table.js';
import { startFaultServer } from '../support/fault-server.js';
import { openLines, sampleLines } from './sample-events.js';

test('golden: --json summary and table of a run with retries, a dead letter and two targets', async () => {
  const server = await startFaultServer({
    seed: 5,
    item429: 0.02,
    reject: (source) => (source['poison'] === true ? { type: 'document_parsing_exception', reason: 'bad' } : undefined),
  });
  try {
    const lines = [...sampleLines(200, { poisonEvery: 150 }), ...sampleLines(50, { dataset: 'endpoint.events.process', startMs: Date.UTC(2024, 0, 1) })];
    const result = await pushCorpus({
      url: server.url,
      open: openLines(lines),
      sources: [],
      clock: createVirtualClock(),
      bulkMaxSize: 100,
      // Uncompressed, so the byte counts do not depend on the zlib build.
      compressionLevel: 0,
      deadLetterPath: join(mkdtempSync(join(tmpdir(), 'golden-')), 'dead.ndjson'),
    });
    const summary = summarizePush(result);
    const json = JSON.parse(JSON.stringify({ ...summary, settings: { ...summary.settings, url: 'http://127.0.0.1:PORT/' }, deadLetterFile: summary.deadLetterFile === null ? null : 'dead.ndjson' }));
    expect(json).toMatchInlineSnapshot(`
      {
        "acked": 249,
        "bytesPerSec": {
          "max": 33972,
          "mean": 11978,
          "median": 1962,
          "min": 0,
          "overall": 41644.67,
        },
        "bytesSent": 169064,
        "bytesUncompressed": 169064,
        "deadLetterFile": "dead.ndjson",
        "deadLettered": 1,
        "docsPerSec": {
          "max": 49,
          "mean": 17,
          "median": 2,
          "min": 0,
          "overall": 61.33,
        },
        "duplicates": 0,
        "elapsedMs": 4059.68,
        "error": null,
        "errorRate": {
          "documents": 0.04230769230769231,
          "requests": 0,
        },
        "events": 250,
        "failedRequests": 0,
        "latencyFromSchedule": false,
        "latencyMs": {
          "count": 7,
          "max": 0,
          "mean": 0,
          "min": 0,
          "p100": 0,
          "p50": 0,
        },
        "requests": 7,
        "retried": 10,
        "serviceTimeMs": {
          "count": 7,
          "max": 0,
          "mean": 0,
          "min": 0,
          "p100": 0,
          "p50": 0,
        },
        "settings": {
          "agents": 1,
          "bulkMaxSize": 100,
          "compressionLevel": 0,
          "flushBytes": 10485760,
          "flushTimeoutMs": 10000,
          "profile": "balanced",
          "ratePerSec": null,
          "retryBudget": 10,
          "url": "http://127.0.0.1:PORT/",
          "workers": 1,
        },
        "skippedByResume": 0,
        "splits": 0,
        "status": "complete",
        "targets": {
          "logs-endpoint.events.file-default": {
            "acked": 199,
            "deadLettered": 1,
            "duplicates": 0,
          },
          "logs-endpoint.events.process-default": {
            "acked": 50,
            "deadLettered": 0,
            "duplicates": 0,
          },
        },
        "throughput": {
          "buckets": [
            {
              "bytes": 132476,
              "docs": 197,
              "second": 0,
            },
            {
              "bytes": 33972,
              "docs": 49,
              "second": 1,
            },
            {
              "bytes": 1962,
              "docs": 2,
              "second": 2,
            },
            {
              "bytes": 0,
              "docs": 0,
              "second": 3,
            },
            {
              "bytes": 654,
              "docs": 1,
              "second": 4,
            },
          ],
          "excluded": [
            "warm-up (first 1 s)",
            "last partial second",
          ],
          "measuredSeconds": [
            1,
            3,
          ],
        },
        "tookMs": {
          "count": 7,
          "max": 1,
          "mean": 1,
          "min": 1,
          "p100": 1,
          "p50": 1,
        },
        "unaccounted": {
          "count": 0,
          "examples": [],
        },
      }
    `);
    expect(renderMetricTable(pushSummaryRows(summary))).toMatchInlineSnapshot(`
      "| Metric                              | Value | Unit   |
      |:------------------------------------|------:|:-------|
      | Events                              |   250 | docs   |
      | Acked                               |   249 | docs   |
      | Duplicates (409, already stored)    |     0 | docs   |
      | Dead-lettered                       |     1 | docs   |
      | Unaccounted                         |     0 | docs   |
      | Retried                             |    10 | docs   |
      | Requests                            |     7 |        |
      | Elapsed                             |  4.06 | s      |
      | Min Throughput                      |     0 | docs/s |
      | Mean Throughput                     |    17 | docs/s |
      | Median Throughput                   |     2 | docs/s |
      | Max Throughput                      |    49 | docs/s |
      | Mean Throughput (bytes on the wire) |  0.01 | MiB/s  |
      | 50th percentile service time        |     0 | ms     |
      | 100th percentile service time       |     0 | ms     |
      | 50th percentile server took         |     1 | ms     |
      | 100th percentile server took        |     1 | ms     |
      | Error rate (requests)               |     0 | %      |
      | Error rate (documents)              |  4.23 | %      |
      "
    `);
  } finally {
    await server.close();
  }
});
