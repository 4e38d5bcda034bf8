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

/** Events per block of the pending table (by sequence number). */
const BLOCK_BITS = 12;
const BLOCK_SIZE = 1 << BLOCK_BITS;

interface Block {
  /** Pending events by `seq & (BLOCK_SIZE - 1)`; a settled slot goes back to `undefined`. */
  readonly events: (PushEvent | undefined)[];
  pending: number;
}

/**
 * Creates an empty ledger. Pending events sit in blocks of 4,096 sequence numbers (an array store and a
 * load per event, no hashing); a block is dropped as soon as its last event settles, so memory follows
 * what is in flight, not the corpus size.
 */
export function createPushLedger(): PushLedger {
  const blocks: (Block | undefined)[] = [];
  const targets = new Map<string, TargetCounts>();
  let events = 0;
  let acked = 0;
  let duplicates = 0;
  let deadLettered = 0;
  let nextSeq = 0;
  let lastTarget = '';
  let lastCounts: TargetCounts | undefined;
  const countsOf = (target: string): TargetCounts => {
    if (target === lastTarget && lastCounts !== undefined) return lastCounts;
    let counts = targets.get(target);
    if (counts === undefined) {
      counts = { acked: 0, duplicates: 0, deadLettered: 0 };
      targets.set(target, counts);
    }
    lastTarget = target;
    lastCounts = counts;
    return counts;
  };
  return {
    register(event) {
      const index = event.seq >>> BLOCK_BITS;
      let block = blocks[index];
      if (block === undefined) {
        block = { events: new Array<PushEvent | undefined>(BLOCK_SIZE), pending: 0 };
        blocks[index] = block;
      }
      const slot = event.seq & (BLOCK_SIZE - 1);
      if (block.events[slot] !== undefined) throw new Error(`internal: event seq ${event.seq} registered twice`);
      block.events[slot] = event;
      block.pending += 1;
      events += 1;
      if (event.seq + 1 > nextSeq) nextSeq = event.seq + 1;
    },
    settle(event, outcome) {
      const index = event.seq >>> BLOCK_BITS;
      const block = blocks[index];
      const slot = event.seq & (BLOCK_SIZE - 1);
      if (block === undefined || block.events[slot] !== event) {
        throw new Error(`internal: event seq ${event.seq} settled twice or never registered`);
      }
      block.events[slot] = undefined;
      block.pending -= 1;
      if (block.pending === 0) blocks[index] = undefined;
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
      const out: PushEvent[] = [];
      for (const block of blocks) {
        if (block === undefined) continue;
        for (const event of block.events) if (event !== undefined) out.push(event);
      }
      return out;
    },
  };
}
