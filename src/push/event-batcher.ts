/**
 * Groups events into `_bulk` batches per agent, Beats-style (PUSH.md §1, §4): a batch closes when it
 * holds `bulkMaxSize` events, when the next event would push it past `flushBytes`, or — when events are
 * scheduled in time (`--rate`, `--retime speed:`) — `flushTimeoutMs` after its first event was due.
 *
 * It only computes; the caller waits for each batch's due time and queues it. Due times are in ms after
 * the run start; `null` means "not scheduled" (send as fast as the workers go).
 */
import type { PushEvent } from './push-event.js';

/** A closed batch with the time it became due. */
export interface ClosedBatch {
  readonly agent: number;
  readonly events: PushEvent[];
  readonly dueMs: number | null;
}

/** Batcher settings. */
export interface EventBatcherOptions {
  readonly agents: number;
  readonly bulkMaxSize: number;
  readonly flushBytes: number;
  readonly flushTimeoutMs: number;
}

/** The batcher. */
export interface EventBatcher {
  /** Adds an event due at `dueMs`; returns the batches that closed, in due order. */
  add(event: PushEvent, dueMs: number | null): ClosedBatch[];
  /** Closes every open batch (end of input), each due at its last event's time. */
  flush(): ClosedBatch[];
}

const NONE: ClosedBatch[] = [];

interface OpenBatch {
  events: PushEvent[];
  bytes: number;
  firstDueMs: number | null;
  lastDueMs: number | null;
}

/** Creates a batcher for `options.agents` agents. */
export function createEventBatcher(options: EventBatcherOptions): EventBatcher {
  const open: OpenBatch[] = Array.from({ length: options.agents }, () => ({ events: [], bytes: 0, firstDueMs: null, lastDueMs: null }));
  const take = (agent: number, dueMs: number | null): ClosedBatch => {
    const batch = open[agent]!;
    const closed = { agent, events: batch.events, dueMs };
    open[agent] = { events: [], bytes: 0, firstDueMs: null, lastDueMs: null };
    return closed;
  };
  return {
    add(event, dueMs) {
      const batch0 = open[event.agent]!;
      // Hot path (unscheduled, batch not full): no allocation.
      if (dueMs === null && batch0.events.length + 1 < options.bulkMaxSize && batch0.bytes + event.bytes <= options.flushBytes) {
        batch0.events.push(event);
        batch0.bytes += event.bytes;
        return NONE;
      }
      const out: ClosedBatch[] = [];
      if (dueMs !== null) {
        // Batches whose flush timeout passed before this event arrived close at their timeout.
        const expired: number[] = [];
        open.forEach((batch, agent) => {
          if (batch.events.length > 0 && batch.firstDueMs !== null && batch.firstDueMs + options.flushTimeoutMs < dueMs) expired.push(agent);
        });
        expired
          .sort((a, b) => open[a]!.firstDueMs! - open[b]!.firstDueMs!)
          .forEach((agent) => out.push(take(agent, open[agent]!.firstDueMs! + options.flushTimeoutMs)));
      }
      const batch = open[event.agent]!;
      if (batch.events.length > 0 && batch.bytes + event.bytes > options.flushBytes) out.push(take(event.agent, batch.lastDueMs));
      const current = open[event.agent]!;
      current.events.push(event);
      current.bytes += event.bytes;
      current.firstDueMs ??= dueMs;
      current.lastDueMs = dueMs;
      if (current.events.length >= options.bulkMaxSize) out.push(take(event.agent, dueMs));
      return out;
    },
    flush() {
      const out: ClosedBatch[] = [];
      open.forEach((batch, agent) => {
        if (batch.events.length > 0) out.push(take(agent, batch.lastDueMs));
      });
      return out.sort((a, b) => (a.dueMs ?? 0) - (b.dueMs ?? 0));
    },
  };
}
