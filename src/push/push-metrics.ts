/**
 * What a push measures (PUSH.md §4): per request service time, latency from the scheduled send time
 * when rate-limited, the server's `took`, throughput buckets, and error counts per request and per
 * document. Built on the general recorders of `report/`.
 */
import { createLatencyRecorder, type LatencyRecorder } from '../report/latency.js';
import { createThroughputRecorder, type ThroughputRecorder } from '../report/throughput.js';

/** Mutable counters and recorders of one run. */
export interface PushMetrics {
  readonly startMs: number;
  readonly serviceTime: LatencyRecorder;
  /** Only filled when sends are scheduled (`--rate`, `--retime speed:`). */
  readonly latency: LatencyRecorder;
  readonly took: LatencyRecorder;
  readonly throughput: ThroughputRecorder;
  /** HTTP requests sent (every attempt). */
  requests: number;
  /** Requests that failed as a whole (network error or a non-200 status). */
  failedRequests: number;
  /** Document sends (a document retried twice counts three times). */
  docAttempts: number;
  /** Document sends that did not succeed (item error other than 409, or a failed request). */
  docErrors: number;
  /** Documents re-sent after a retryable failure (each re-send counted). */
  retried: number;
  /** 413 answers that split a batch. */
  splits: number;
  /** Body bytes on the wire (after gzip) and before compression. */
  wireBytes: number;
  rawBytes: number;
}

/** Creates the metrics of a run starting at monotonic time `startMs`. */
export function createPushMetrics(startMs: number): PushMetrics {
  return {
    startMs,
    serviceTime: createLatencyRecorder(),
    latency: createLatencyRecorder(),
    took: createLatencyRecorder(),
    throughput: createThroughputRecorder(startMs),
    requests: 0,
    failedRequests: 0,
    docAttempts: 0,
    docErrors: 0,
    retried: 0,
    splits: 0,
    wireBytes: 0,
    rawBytes: 0,
  };
}
