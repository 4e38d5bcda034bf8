/**
 * A bounded async queue between the dispatcher (which reads and schedules) and an agent's workers (which
 * send). The bound is the back-pressure: when workers fall behind, the dispatcher waits — and with a
 * target rate, the wait shows up as latency, because batches keep their scheduled time (PUSH.md §4).
 */

/** A bounded FIFO with async push/pull. */
export interface BatchQueue<T> {
  /** Waits while the queue is full; resolves once `item` is queued. Throws after {@link close}. */
  push(item: T): Promise<void>;
  /** The next item, or `undefined` once the queue is closed and empty. */
  pull(): Promise<T | undefined>;
  /** No more pushes; pullers drain what is queued, then get `undefined`. */
  close(): void;
  /** Removes and returns everything still queued (used when a run stops without sending them). */
  drain(): T[];
}

/** Creates a queue holding at most `capacity` items (≥ 1). */
export function createBatchQueue<T>(capacity: number): BatchQueue<T> {
  const items: T[] = [];
  const pullers: ((item: T | undefined) => void)[] = [];
  const pushers: (() => void)[] = [];
  let closed = false;
  return {
    async push(item) {
      while (items.length >= Math.max(1, capacity) && !closed) {
        await new Promise<void>((resolve) => pushers.push(resolve));
      }
      if (closed) throw new Error('internal: push on a closed batch queue');
      const puller = pullers.shift();
      if (puller !== undefined) puller(item);
      else items.push(item);
    },
    async pull() {
      if (items.length > 0) {
        const item = items.shift()!;
        pushers.shift()?.();
        return item;
      }
      if (closed) return undefined;
      return new Promise<T | undefined>((resolve) => pullers.push(resolve));
    },
    close() {
      closed = true;
      for (const puller of pullers.splice(0)) puller(undefined);
      for (const pusher of pushers.splice(0)) pusher();
    },
    drain() {
      const rest = items.splice(0);
      for (const pusher of pushers.splice(0)) pusher();
      return rest;
    },
  };
}
