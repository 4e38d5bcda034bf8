/**
 * Exactly-once accounting (PUSH.md §2): every event read gets a sequence number and ends as acked,
 * duplicate or dead-lettered; `acked + duplicates + deadLettered == events` is checked at the end and
 * the events in none of the three are named.
 *
 * Memory stays bounded by what is in flight: only events registered and not yet settled are kept.
 * The resume point is `nextSeq` plus the unsettled sequence numbers below it — everything else below
 * `nextSeq` is done.
 */
import type { DeadLetterReason, EventOutcome, PushEvent } from './push-event.js';

/** Counts per target (data stream or index). */
export interface TargetCounts {
  acked: number;
  duplicates: number;
  deadLettered: number;
}

/** The ledger of a run. */
export interface PushLedger {
  /** Counts an event read in this run (assigned `event.seq`). */
  register(event: PushEvent): void;
  /** Records an event's outcome; a second outcome for the same event is a bug and throws. */
  settle(event: PushEvent, outcome: EventOutcome, reason?: DeadLetterReason): void;
  /** Events registered in this run. */
  readonly events: number;
  readonly acked: number;
  readonly duplicates: number;
  readonly deadLettered: number;
  /** Per target. */
  readonly targets: ReadonlyMap<string, TargetCounts>;
  /** Registered and not settled, in sequence order. */
  unsettled(): PushEvent[];
  /** One past the highest sequence number registered. */
  readonly nextSeq: number;
}

/** Creates an empty ledger. */
export function createPushLedger(): PushLedger {
  const pending = new Map<number, PushEvent>();
  const targets = new Map<string, TargetCounts>();
  let events = 0;
  let acked = 0;
  let duplicates = 0;
  let deadLettered = 0;
  let nextSeq = 0;
  const countsOf = (target: string): TargetCounts => {
    let counts = targets.get(target);
    if (counts === undefined) {
      counts = { acked: 0, duplicates: 0, deadLettered: 0 };
      targets.set(target, counts);
    }
    return counts;
  };
  return {
    register(event) {
      pending.set(event.seq, event);
      events += 1;
      if (event.seq + 1 > nextSeq) nextSeq = event.seq + 1;
    },
    settle(event, outcome) {
      if (!pending.delete(event.seq)) {
        throw new Error(`internal: event seq ${event.seq} settled twice or never registered`);
      }
      const counts = countsOf(event.target);
      if (outcome === 'acked') {
        acked += 1;
        counts.acked += 1;
      } else if (outcome === 'duplicate') {
        duplicates += 1;
        counts.duplicates += 1;
      } else {
        deadLettered += 1;
        counts.deadLettered += 1;
      }
    },
    get events() {
      return events;
    },
    get acked() {
      return acked;
    },
    get duplicates() {
      return duplicates;
    },
    get deadLettered() {
      return deadLettered;
    },
    get nextSeq() {
      return nextSeq;
    },
    targets,
    unsettled() {
      return [...pending.values()].sort((a, b) => a.seq - b.seq);
    },
  };
}
