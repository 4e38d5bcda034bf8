/**
 * The main thread's fast path for the common corpus — a plain (uncompressed) NDJSON file: chunks are read
 * straight into the buffers that are transferred to the workers. `chunkCorpus` reads into buffers of its
 * own and copies each chunk into a fresh one, which on the main thread means a second copy of every byte
 * and, worse, a read buffer of garbage per megabyte: each isolate runs a full GC per ~64 MB of external
 * memory, so the main thread spent a fifth of a rule pack's time collecting them (bench/replay). Here the
 * only bytes copied are the partial line at the end of a read, carried into the next buffer.
 *
 * The chunks keep `chunkCorpus`'s contract — whole lines, in order, concatenating to exactly the file,
 * each with its 0-based index, 1-based first line and byte offset — except that a chunk is a view inside
 * its ArrayBuffer (headroom before it, the copied-out partial line after it): the whole buffer is
 * transferred with it. A chunk ends at the last newline of a `chunkBytes` block of the file, so its size
 * is about `chunkBytes`, give or take a line.
 */
import { open } from 'node:fs/promises';
import type { Chunk } from '../corpus/chunker.js';
import { CorpusReadError } from '../corpus/corpus-errors.js';
import { countNewlines } from '../corpus/count-newlines.js';
import { sniffCorpus } from '../corpus/sniff-corpus.js';
import type { CorpusFormat } from '../corpus/read-corpus.js';

/** Running totals of a read; final once the iteration has ended. */
export interface FileChunkStats {
  /** Bytes handed out in chunks (the file's size at the end). */
  bytes: number;
}

/**
 * Smallest chunk size the fast path takes: below it, blocks would cost more in headroom and carried lines
 * than the copy they save (tests use chunks of a few bytes; `chunkCorpus` serves them).
 */
export const MIN_FAST_CHUNK_BYTES = 64 * 1024;

/**
 * True when `path` is a plain NDJSON file the fast path can read: not stdin, not compressed, NDJSON by
 * detection (or `format`), with chunks of at least {@link MIN_FAST_CHUNK_BYTES}. Opens and sniffs it like the corpus readers do, so a missing or unreadable
 * file is reported here with their error.
 * @throws the errors of `sniffCorpus` (`ERR_CORPUS_READ`, `ERR_CORPUS_COMPRESSION`, `ERR_CORPUS_FORMAT`).
 */
export async function isPlainNdjsonFile(path: string, format: CorpusFormat | undefined, chunkBytes: number): Promise<boolean> {
  if (path === '-' || chunkBytes < MIN_FAST_CHUNK_BYTES || (format !== undefined && format !== 'auto' && format !== 'ndjson')) return false;
  const sniffed = await sniffCorpus(path, { format });
  await sniffed.close();
  return sniffed.compression === 'none' && sniffed.format === 'ndjson';
}

/** Room kept before each block for the partial line carried from the previous one (longer ones are copied). */
const HEADROOM = 64 * 1024;

/** Reads kept in flight (by libuv's threadpool): measured no faster with 4, and each costs a block of memory. */
const READS_IN_FLIGHT = 2;

/**
 * Reads a plain NDJSON file as newline-aligned chunks of about `chunkBytes` (see the module comment).
 *
 * The file is read in blocks of `chunkBytes` at fixed positions, several at once, each into a buffer with
 * {@link HEADROOM} free bytes before it: the partial line at the end of a block is copied into the
 * headroom of the next one, so a chunk is a view from there to the block's last newline. A line longer
 * than the headroom (or than a block) is assembled by copying — rare, and still correct.
 *
 * @throws CorpusReadError (`ERR_CORPUS_READ`) when the file cannot be read; the signal's reason on abort.
 */
export async function* readFileChunks(path: string, chunkBytes: number, stats: FileChunkStats, signal?: AbortSignal): AsyncGenerator<Chunk> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new CorpusReadError(path, (error as Error).message, error);
  }
  const handle = file;
  const reads: Promise<{ buffer: Buffer; bytesRead: number }>[] = [];
  let nextPosition = 0;
  const readBlock = (): void => {
    const position = nextPosition;
    nextPosition += chunkBytes;
    const buffer = Buffer.allocUnsafeSlow(HEADROOM + chunkBytes);
    const read = handle.read(buffer, HEADROOM, chunkBytes, position).then(
      ({ bytesRead }) => ({ buffer, bytesRead }),
      (error: unknown) => {
        throw new CorpusReadError(path, (error as Error).message, error);
      },
    );
    // Observed now (a failure is rethrown when this read is awaited, in order).
    read.catch(() => undefined);
    reads.push(read);
  };
  try {
    let carry: Buffer | null = null;
    let index = 0;
    let line = 1;
    const emit = (bytes: Buffer): Chunk => {
      const chunk: Chunk = { bytes, index, firstLine: line, offset: stats.bytes };
      index += 1;
      line += countNewlines(bytes);
      stats.bytes += bytes.byteLength;
      return chunk;
    };
    for (;;) {
      signal?.throwIfAborted();
      while (reads.length < READS_IN_FLIGHT) readBlock();
      const { buffer, bytesRead } = await reads.shift()!;
      const end = HEADROOM + bytesRead;
      let start = HEADROOM;
      let block = buffer;
      if (carry !== null) {
        if (carry.byteLength <= HEADROOM) {
          carry.copy(buffer, HEADROOM - carry.byteLength);
          start = HEADROOM - carry.byteLength;
        } else {
          // A line longer than the headroom: assemble it in a buffer of its own.
          block = Buffer.concat([carry, buffer.subarray(HEADROOM, end)]);
          start = 0;
        }
        carry = null;
      }
      const stop = block === buffer ? end : block.byteLength;
      // A short read of a regular file is its end: everything left is the last chunk.
      if (bytesRead < chunkBytes) {
        if (stop > start) yield emit(block.subarray(start, stop));
        return;
      }
      const cut = block.lastIndexOf(0x0a, stop - 1) + 1;
      if (cut <= start) {
        // No newline in this block: the line goes on in the next one.
        carry = Buffer.from(block.subarray(start, stop));
        continue;
      }
      // The partial line after the cut is copied out: the block's buffer goes to a worker.
      if (cut < stop) carry = Buffer.from(block.subarray(cut, stop));
      yield emit(block.subarray(start, cut));
    }
  } finally {
    // Reads still in flight (an early end) settle before the file is closed.
    await Promise.all(reads.map((r) => r.then(() => undefined, () => undefined)));
    await handle.close();
  }
}
