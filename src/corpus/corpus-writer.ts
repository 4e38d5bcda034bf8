/**
 * Writes a corpus to a file or a stream with backpressure. A file is written under a temporary name
 * beside the target and renamed into place on {@link CorpusWriter.close}, so a failed or aborted run
 * never leaves a truncated corpus under the final name.
 *
 * With `gzip: true` the writer compresses as one gzip member. Node's zlib writes no file name and an
 * mtime of 0 in the gzip header, so equal input gives equal bytes.
 */
import { createWriteStream } from 'node:fs';
import { lstat, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { IoError } from '../errors.js';

/** A corpus being written. */
export interface CorpusWriter {
  /**
   * Appends bytes; resolves once they have been taken — written to the file or stream, or consumed by
   * the compressor — so the caller may reuse `chunk`'s memory then (the generator recycles its block
   * buffers). Waiting for that is also the backpressure.
   */
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes, closes a file and renames it into place. Resolves to the bytes written (compressed size). */
  close(): Promise<number>;
  /** Stops and removes the temporary file (a stream target is left open). */
  abort(): Promise<void>;
}

/** Options of {@link openCorpusWriter}. */
export interface CorpusWriterOptions {
  /** Compress with gzip (one member). Default false: bytes are written as given. */
  readonly gzip?: boolean;
  /** gzip level 1–9 (default 6). */
  readonly gzipLevel?: number;
  /** Suffix of the temporary name (inject for tests); default `.tmp-<random>`. */
  readonly tempSuffix?: string;
}

/**
 * Opens a writer on a file path, or on a stream (which is not ended on close: it may be stdout).
 *
 * @throws IoError (`ERR_IO`) when the file cannot be created or written.
 */
export async function openCorpusWriter(target: string | Writable, options: CorpusWriterOptions = {}): Promise<CorpusWriter> {
  // Only a regular file (or a new one) is written under a temporary name and renamed into place: a
  // device, FIFO or symlink (`/dev/null`, `/dev/stdout`, a named pipe) is written through as it is.
  const isFile = typeof target === 'string' && (await isRegularOrMissing(target));
  const temp = isFile ? join(dirname(target), `.${basename(target)}${options.tempSuffix ?? `.tmp-${Math.random().toString(36).slice(2, 10)}`}`) : '';
  const sink: Writable = typeof target === 'string' ? createWriteStream(isFile ? temp : target) : target;
  const name = typeof target === 'string' ? target : 'the output stream';
  let failure: Error | undefined;
  let bytes = 0;
  const onError = (error: Error) => {
    failure ??= error;
  };
  sink.on('error', onError);
  if (typeof target === 'string') {
    try {
      await once(sink, 'open');
    } catch (error) {
      throw new IoError(target, 'create', error);
    }
  }
  const gzip = options.gzip === true ? createGzip({ level: options.gzipLevel ?? 6 }) : undefined;
  if (gzip !== undefined) {
    gzip.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (!sink.write(chunk)) gzip.pause();
    });
    sink.on('drain', () => gzip.resume());
    gzip.on('error', onError);
  }
  const check = () => {
    if (failure !== undefined) throw new IoError(name, 'write', failure);
  };
  const waitDrain = async (stream: Writable) => {
    try {
      // events.once rejects when the stream emits 'error' while we wait, and removes its listeners.
      await once(stream, 'drain');
    } catch (error) {
      throw new IoError(name, 'write', error);
    }
    check();
  };
  // The write callback runs once the stream is done with the chunk (also with the error, if it fails).
  const taken = (stream: Writable, chunk: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      stream.write(chunk, (error) => (error == null ? resolve() : reject(new IoError(name, 'write', error))));
    });
  return {
    async write(chunk) {
      check();
      if (gzip !== undefined) {
        await taken(gzip, chunk);
      } else {
        bytes += chunk.length;
        await taken(sink, chunk);
      }
      check();
    },
    async close() {
      check();
      if (gzip !== undefined) {
        gzip.end();
        await once(gzip, 'end');
      }
      if (typeof target === 'string') {
        sink.end();
        await once(sink, 'finish');
        check();
        if (isFile) {
          try {
            await rename(temp, target);
          } catch (error) {
            throw new IoError(target, 'rename into place', error);
          }
        }
      } else if (sink.writableNeedDrain) {
        await waitDrain(sink);
      }
      sink.off('error', onError);
      return bytes;
    },
    async abort() {
      gzip?.destroy();
      if (typeof target === 'string') sink.destroy();
      if (isFile) await rm(temp, { force: true });
      sink.off('error', onError);
    },
  };
}

async function isRegularOrMissing(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw new IoError(path, 'inspect', error);
  }
}
