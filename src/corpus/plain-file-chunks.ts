/**
 * `readPlainFileChunks`: `chunkCorpus`'s path for a plain (uncompressed) NDJSON file, read straight into
 * the buffers the chunks are handed out in. The general path reads into buffers of its own and copies each
 * chunk into another one: on the replay engine's main thread that is a second copy of every byte and a
 * read buffer of garbage per read — each isolate runs a full GC per ~64 MB of external memory, and those
 * collections were a fifth of a rule pack's time (bench/replay).
 *
 * Each chunk is one positional read of `chunkBytes + 1` bytes at the end of the previous chunk; the chunk
 * is the view up to the last `\n` among its first `chunkBytes` bytes, and the bytes after it are read again
 * by the next read (a partial line: far cheaper than carrying it over by copying, and no buffer is ever
 * written after it is handed out). The one extra byte tells "more than a chunk is left" from "the rest
 * fits", which makes the cuts exactly those of {@link ChunkAssembler} — same chunks whatever the path.
 * A line longer than a chunk is read on into a bigger buffer of its own (rare; copied once per doubling).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Chunk } from './chunker.js';
import type { ChunkBufferPool } from './chunk-buffer-pool.js';
import { CorpusReadError } from './corpus-errors.js';
import { countNewlines } from './count-newlines.js';

/** Running totals of {@link readPlainFileChunks}; final once the iteration has ended. */
export interface PlainFileChunkStats {
  /** Bytes handed out in chunks (the file's size at the end). */
  bytes: number;
  /** Lines handed out in chunks (a last line without `\n` counts). */
  lines: number;
}

/** Options of {@link readPlainFileChunks}. */
export interface PlainFileChunkOptions {
  /** Where chunk buffers come from (all of `chunkBytes + 1` bytes but those of over-long lines). */
  readonly buffers: ChunkBufferPool;
  /** Updated as chunks are handed out. */
  readonly stats: PlainFileChunkStats;
  /** Stops reading; the iteration rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

const LF = 0x0a;

/**
 * Reads the regular file `path` as newline-aligned chunks of at most `chunkBytes` bytes (a longer line is
 * a chunk of its own), each `bytes` a view at offset 0 of a buffer that only this chunk refers to, in
 * order, with its index, 1-based first line and byte offset (the `Chunk` contract of chunker.ts). The
 * caller has settled that the file is plain NDJSON (chunkCorpus sniffs it first).
 *
 * @throws CorpusReadError (`ERR_CORPUS_READ`) when the file cannot be opened or read; the signal's reason
 *   on abort.
 */
export async function* readPlainFileChunks(path: string, chunkBytes: number, options: PlainFileChunkOptions): AsyncGenerator<Chunk> {
  const { buffers, stats, signal } = options;
  const blockBytes = chunkBytes + 1;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new CorpusReadError(path, (error as Error).message, error);
  }
  const file = handle;
  /** Fills `buffer[from, to)` from `position` on; stops short only at the end of the file. */
  const readInto = async (buffer: Buffer, from: number, to: number, position: number): Promise<number> => {
    let filled = from;
    while (filled < to) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await file.read(buffer, filled, to - filled, position + filled - from));
      } catch (error) {
        throw new CorpusReadError(path, (error as Error).message, error);
      }
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  };
  try {
    let position = 0;
    let index = 0;
    for (;;) {
      signal?.throwIfAborted();
      let buffer = buffers.take(blockBytes);
      let filled = await readInto(buffer, 0, blockBytes, position);
      if (filled === 0) {
        buffers.recycle(buffer.buffer);
        return;
      }
      let cut: number;
      if (filled <= chunkBytes) {
        // The end of the file: the rest fits in one chunk (its last line may lack a `\n`).
        cut = filled;
      } else {
        // More than a chunk is left: through the last `\n` among the first chunkBytes bytes…
        cut = buffer.lastIndexOf(LF, chunkBytes - 1) + 1;
        if (cut === 0) {
          // …or, for a line longer than a chunk, through its own `\n`, however far that is.
          let searched = chunkBytes;
          for (;;) {
            const j = buffer.indexOf(LF, searched);
            if (j !== -1 && j < filled) {
              cut = j + 1;
              break;
            }
            if (filled < buffer.byteLength) {
              // The end of the file, inside the line.
              cut = filled;
              break;
            }
            signal?.throwIfAborted();
            const grown = Buffer.allocUnsafeSlow(buffer.byteLength * 2);
            buffer.copy(grown, 0, 0, filled);
            if (buffer.byteLength === blockBytes) buffers.recycle(buffer.buffer);
            buffer = grown;
            searched = filled;
            filled = await readInto(buffer, filled, buffer.byteLength, position + filled);
          }
        }
      }
      const bytes = buffer.subarray(0, cut);
      const chunk: Chunk = { bytes, index, firstLine: stats.lines + 1, offset: position };
      index += 1;
      position += cut;
      stats.bytes += cut;
      stats.lines += countNewlines(bytes) + (bytes[cut - 1] === LF ? 0 : 1);
      yield chunk;
    }
  } finally {
    await file.close();
  }
}
