/**
 * Read-ahead over an async iterable: the next item is requested as soon as the current one is handed
 * out, so that reading the next chunk of a corpus (file I/O, decompression, the chunk copy) overlaps with
 * whatever the consumer awaits meanwhile — in the replay loop, the workers' results. Without it the
 * reader sits idle while the main thread waits for a result, and the workers then wait for the reader.
 */

/** Iterates `source` one item ahead of the consumer. Ending early returns the source (after the read in flight settles). */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done === true) return;
      next = iterator.next();
      // The read ahead may fail while the consumer is busy: observe it now, rethrow when it is awaited.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    // An early end (break, error, interrupt): let the read in flight settle, then close the source.
    await next.then(
      () => undefined,
      () => undefined,
    );
    await iterator.return?.();
  }
}
