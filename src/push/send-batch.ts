/**
 * Sending one batch until every event in it is accounted for (PUSH.md §2):
 * - whole request: 429, 502, 503, 504 and network errors → the same events again after a backoff;
 *   413 → split in halves and send each (one event alone too large → dead letter);
 *   any other status (401, 403, 404, 400 …) → fatal for the run: retrying cannot fix it;
 * - per item of a 200: `< 300` acked, 409 duplicate (already stored: Beats' rule), 429 and `>= 500`
 *   retried alone, any other status → dead letter;
 * - every retry of a batch spends one unit of the retry budget; when it is spent the remaining events
 *   stay unaccounted and the run stops with a clear error (they are what a resume sends again).
 */
import type { BulkEncoder, EncodeScratch } from './bulk-encode.js';
import type { BulkClient, BulkResponse } from './bulk-client.js';
import type { PushClock } from './push-clock.js';
import { PushHttpError, PushNetworkError } from './push-errors.js';
import type { DeadLetterReason, EventOutcome, PushEvent } from './push-event.js';
import type { PushMetrics } from './push-metrics.js';

/** Whole-request statuses that are retried (PUSH.md §2). */
export const RETRYABLE_REQUEST_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** What {@link sendBatch} needs. */
export interface SendBatchContext {
  readonly client: BulkClient;
  /** The run's encoder. */
  readonly encoder: BulkEncoder;
  /** This worker's reusable body buffer (bodies are sent and answered before the next is encoded). */
  readonly scratch?: EncodeScratch;
  readonly clock: PushClock;
  /** Wait before retry `attempt` (1-based), ms. */
  readonly backoff: (attempt: number) => number;
  /** Retries allowed per batch before the run gives up. */
  readonly retryBudget: number;
  /** Aborted on interrupt: no new retry starts, sleeps end early. */
  readonly stopSignal: AbortSignal;
  /** Aborted on a second interrupt: requests in flight are abandoned (their events stay unsettled). */
  readonly forceSignal?: AbortSignal;
  readonly metrics: PushMetrics;
  /** Whether latency from the scheduled time is measured (a target rate or timestamp pacing). */
  readonly scheduled: boolean;
  /** Called once per event that reaches an outcome. */
  settle(event: PushEvent, outcome: EventOutcome, reason?: DeadLetterReason): void;
}

/** A batch and when it was due (monotonic ms). */
export interface ScheduledBatch {
  readonly events: readonly PushEvent[];
  readonly dueMs: number;
}

/** What remains of a batch after {@link sendBatch}. */
export interface SendBatchResult {
  /** Events that reached no outcome (retry budget spent, interrupted, or fatal error). */
  readonly unsettled: readonly PushEvent[];
  /** Set when the run must stop. */
  readonly fatal?: Error;
}

/** Sends `batch` to completion; never throws for server or network failures (they come back in the result). */
export async function sendBatch(batch: ScheduledBatch, ctx: SendBatchContext): Promise<SendBatchResult> {
  // Work list of sub-batches: 413 splits push halves, item retries push the retried items.
  const work: { events: readonly PushEvent[]; attempt: number; dueMs: number }[] = [
    { events: batch.events, attempt: 0, dueMs: batch.dueMs },
  ];
  const unsettled: PushEvent[] = [];
  let fatal: Error | undefined;
  // A whole request failed retryably: queue it again after a backoff, or give its events up (retry budget
  // spent — which stops the run — or interrupted).
  const retryWhole = async (part: (typeof work)[number], why: string) => {
    const retry = await scheduleRetry(part, why, ctx);
    if ('fatal' in retry) fatal = retry.fatal;
    if ('next' in retry && retry.next !== undefined) work.unshift(retry.next);
    else unsettled.push(...part.events);
  };
  while (work.length > 0) {
    const part = work.shift()!;
    if (fatal !== undefined || (part.attempt > 0 && ctx.stopSignal.aborted)) {
      unsettled.push(...part.events);
      continue;
    }
    const body = ctx.encoder.encode(part.events, ctx.scratch);
    const startMs = ctx.clock.now();
    const m = ctx.metrics;
    m.requests += 1;
    m.docAttempts += part.events.length;
    m.rawBytes += body.length;
    let response: BulkResponse;
    try {
      response = await ctx.client.bulk(body, ctx.forceSignal);
    } catch (error) {
      // The socket may still hold the body's memory: never write into it again.
      if (ctx.scratch !== undefined) ctx.scratch.buffer = undefined;
      m.failedRequests += 1;
      m.docErrors += part.events.length;
      if (!(error instanceof PushNetworkError)) {
        fatal = error instanceof Error ? error : new Error(String(error));
        unsettled.push(...part.events);
        continue;
      }
      await retryWhole(part, error.message);
      continue;
    }
    const endMs = ctx.clock.now();
    m.wireBytes += response.wireBytes;
    m.serviceTime.record(endMs - startMs);
    if (ctx.scheduled) m.latency.record(endMs - part.dueMs);
    if (response.tookMs !== undefined) m.took.record(response.tookMs);

    if (response.statusCode === 200) {
      const retryItems: PushEvent[] = [];
      let ok = 0;
      const items = response.items ?? [];
      for (let i = 0; i < part.events.length; i += 1) {
        const event = part.events[i]!;
        const item = items[i];
        const status = item?.status ?? 0;
        if (status >= 200 && status < 300) {
          ctx.settle(event, 'acked');
          ok += 1;
        } else if (status === 409) {
          ctx.settle(event, 'duplicate');
          ok += 1;
        } else if (status === 429 || status >= 500 || item === undefined) {
          // A missing item (a truncated answer) is treated like a transient failure: the id makes it safe.
          retryItems.push(event);
        } else {
          ctx.settle(event, 'dead-lettered', {
            status,
            type: item.error?.type ?? 'unknown',
            reason: item.error?.reason ?? `status ${status}`,
          });
        }
      }
      m.docErrors += part.events.length - ok;
      m.throughput.record(endMs, ok, response.wireBytes);
      if (retryItems.length > 0) {
        const retry = await scheduleRetry({ events: retryItems, attempt: part.attempt }, 'item-level 429/5xx', ctx);
        if ('fatal' in retry) {
          fatal = retry.fatal;
          unsettled.push(...retryItems);
        } else if (retry.next !== undefined) work.unshift(retry.next);
        else unsettled.push(...retryItems);
      }
      continue;
    }

    // An early answer (413 before the body was read) may leave the body still being written: drop it.
    if (ctx.scratch !== undefined) ctx.scratch.buffer = undefined;
    m.failedRequests += 1;
    m.docErrors += part.events.length;
    m.throughput.record(endMs, 0, response.wireBytes);
    if (response.statusCode === 413) {
      m.splits += 1;
      if (part.events.length === 1) {
        ctx.settle(part.events[0]!, 'dead-lettered', {
          status: 413,
          type: 'request_entity_too_large',
          reason: `a single event of ${part.events[0]!.bytes} bytes exceeds the server's request size limit`,
        });
      } else {
        const half = Math.ceil(part.events.length / 2);
        // Halves go first, in order, with the same attempt count: a split is not a retry of the same bytes.
        work.unshift(
          { events: part.events.slice(0, half), attempt: part.attempt, dueMs: ctx.clock.now() },
          { events: part.events.slice(half), attempt: part.attempt, dueMs: ctx.clock.now() },
        );
      }
      continue;
    }
    if (RETRYABLE_REQUEST_STATUSES.has(response.statusCode)) {
      await retryWhole(part, `HTTP ${response.statusCode}`);
      continue;
    }
    fatal = new PushHttpError(
      `${ctx.client.displayUrl} answered _bulk with HTTP ${response.statusCode}: ${response.errorText ?? ''}`.trim(),
      { url: ctx.client.displayUrl, status: response.statusCode, body: response.errorText ?? '' },
    );
    unsettled.push(...part.events);
  }
  return fatal === undefined ? { unsettled } : { unsettled, fatal };
}

type RetryDecision = { next?: { events: readonly PushEvent[]; attempt: number; dueMs: number } } | { fatal: Error };

async function scheduleRetry(
  part: { events: readonly PushEvent[]; attempt: number },
  why: string,
  ctx: SendBatchContext,
): Promise<RetryDecision> {
  const attempt = part.attempt + 1;
  if (attempt > ctx.retryBudget) {
    return {
      fatal: new PushHttpError(
        `retry budget exhausted: ${part.events.length} event(s) still failing after ${ctx.retryBudget} retries (last failure: ${why}) against ${ctx.client.displayUrl}`,
        { url: ctx.client.displayUrl, retryBudget: ctx.retryBudget, lastFailure: why, events: part.events.length },
      ),
    };
  }
  if (ctx.stopSignal.aborted) return {};
  await ctx.clock.sleep(ctx.backoff(attempt), ctx.stopSignal);
  if (ctx.stopSignal.aborted) return {};
  ctx.metrics.retried += part.events.length;
  // The retry was due when the backoff ended: its latency counts from there (PUSH.md §4).
  return { next: { events: part.events, attempt, dueMs: ctx.clock.now() } };
}
