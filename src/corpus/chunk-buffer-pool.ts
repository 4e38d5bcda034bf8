/**
 * `createChunkBufferPool`: the buffers chunks are read into, given back by the consumer once it is done
 * with a chunk and refilled by the chunker. A replay transfers each chunk's ArrayBuffer to a worker, and
 * the worker transfers it back with its answer: with the pool, a long run reads a multi-gigabyte corpus
 * through a fixed set of buffers — as many as there are chunks in flight — instead of one fresh buffer per
 * chunk. Fresh buffers die in whichever isolate holds them last, and each isolate frees them only at its
 * next GC (V8 lets ~64 MB of external memory pile up first): per worker thread, so peak memory grew with
 * the thread count.
 *
 * The pool never blocks and never bounds anything itself: `take` allocates when no buffer of the size is
 * free. Memory is bounded by the consumer's own bound on chunks in flight (the replay's), times the one
 * buffer size a chunking takes.
 */

/** Counts of a pool, for tests and diagnostics. */
export interface ChunkBufferPoolStats {
  /** Buffers allocated because none of the size was free. */
  readonly allocated: number;
  /** Takes served by a recycled buffer. */
  readonly reused: number;
  /** Buffers free in the pool now. */
  readonly free: number;
}

/** A pool of same-sized chunk buffers (see the module comment). Not thread-safe: one per thread. */
export interface ChunkBufferPool {
  /**
   * A buffer of exactly `byteLength` bytes (its own ArrayBuffer, offset 0, contents undefined): a
   * recycled one when one of that size is free, else a new one.
   */
  take(byteLength: number): Buffer;
  /**
   * Gives a buffer back for a later `take`. Only the sizes `take` has been asked for are kept (an
   * odd-sized buffer — a chunk of one very long line — is left to the GC), as are only whole, non-shared,
   * non-detached ArrayBuffers; one given back twice is kept once. The caller must not touch the buffer
   * afterwards, through any view.
   */
  recycle(buffer: ArrayBufferLike): void;
  readonly stats: ChunkBufferPoolStats;
}

/** Creates an empty pool. */
export function createChunkBufferPool(): ChunkBufferPool {
  const free = new Map<number, ArrayBuffer[]>();
  let allocated = 0;
  let reused = 0;
  let freeCount = 0;
  return {
    take(byteLength) {
      let list = free.get(byteLength);
      if (list === undefined) {
        list = [];
        free.set(byteLength, list);
      }
      const recycled = list.pop();
      if (recycled !== undefined) {
        reused += 1;
        freeCount -= 1;
        return Buffer.from(recycled, 0, byteLength);
      }
      allocated += 1;
      // allocUnsafeSlow: never a slice of Buffer's shared pool, so the buffer is its own ArrayBuffer.
      return Buffer.allocUnsafeSlow(byteLength);
    },
    recycle(buffer) {
      // A SharedArrayBuffer is never a chunk's; a detached buffer (transferred away) has length 0.
      if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
      const list = free.get(buffer.byteLength);
      // A buffer given back twice would be handed out twice: two chunks sharing bytes. The list is short.
      if (list === undefined || list.includes(buffer)) return;
      list.push(buffer);
      freeCount += 1;
    },
    get stats() {
      return { allocated, reused, free: freeCount };
    },
  };
}
