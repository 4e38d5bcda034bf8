/**
 * What the push reads: newline-aligned byte chunks of a corpus, as `chunkCorpus` (src/corpus/) yields
 * them, tagged with their source. Working on chunks keeps the hot loop free of a per-line await and of
 * per-line strings.
 */

/** A newline-aligned piece of a corpus. */
export interface PushInputChunk {
  /** File path as given, or `-`. */
  readonly source: string;
  /** Whole lines, `\n`-terminated (the last line of the last chunk may lack it). */
  readonly bytes: Uint8Array;
  /** 1-based line number of the first line. */
  readonly firstLine: number;
  /** When present: the original line number of each line of `bytes` (non-NDJSON corpora). */
  readonly lineNumbers?: Int32Array;
}

/**
 * Calls `onLine(buf, start, end, lineNumber)` for every non-blank line of a chunk (`\r\n` tolerated);
 * `buf` is the chunk's bytes as a Buffer (the same memory, made once per chunk).
 */
export function forEachLine(chunk: PushInputChunk, onLine: (buf: Buffer, start: number, end: number, line: number) => void): void {
  const bytes = chunk.bytes;
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = buf.length;
  let start = 0;
  let k = 0;
  while (start < length) {
    const nl = buf.indexOf(10, start);
    let end = nl === -1 ? length : nl;
    const next = end + 1;
    if (end > start && buf[end - 1] === 13) end -= 1;
    const line = chunk.lineNumbers === undefined ? chunk.firstLine + k : chunk.lineNumbers[k]!;
    k += 1;
    if (!isBlank(buf, start, end)) onLine(buf, start, end, line);
    start = next;
  }
}

/** Builds chunks from in-memory lines (tests, small inputs): `perChunk` lines each. */
export function chunksFromLines(lines: readonly string[], source: string, perChunk = 1000): PushInputChunk[] {
  const chunks: PushInputChunk[] = [];
  for (let i = 0; i < lines.length; i += perChunk) {
    chunks.push({ source, firstLine: i + 1, bytes: Buffer.from(`${lines.slice(i, i + perChunk).join('\n')}\n`) });
  }
  return chunks;
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    const c = buf[i]!;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Iterates `source` keeping up to `depth` items requested ahead, so that reading the next chunk (file
 * I/O, decompression) overlaps with preparing the current one instead of idling the main thread.
 * Order and errors are preserved; an error surfaces when its item would have been reached.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth = 2): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  // Each request is settled into a value at once: a read that fails while the consumer is busy is not an
  // unhandled rejection, and its error is thrown when its turn comes.
  type Settled = { readonly result: IteratorResult<T> } | { readonly error: unknown };
  const request = (): Promise<Settled> => iterator.next().then((result) => ({ result }), (error: unknown) => ({ error }));
  const pending: Promise<Settled>[] = [];
  let finished = false;
  try {
    for (let i = 0; i < Math.max(1, depth); i += 1) pending.push(request());
    for (;;) {
      const next = await pending.shift()!;
      if ('error' in next) {
        finished = true;
        throw next.error;
      }
      if (next.result.done === true) {
        finished = true;
        return;
      }
      pending.push(request());
      yield next.result.value;
    }
  } finally {
    await Promise.all(pending);
    if (!finished) await iterator.return?.();
  }
}
