/**
 * Opens a corpus and settles its format: from the caller, or detected from the first decompressed bytes.
 * Shared by `readCorpus` and `chunkCorpus`, so that both read the same bytes the same way (and stdin,
 * which cannot be opened twice, is peeked at only once).
 */
import type { Readable } from 'node:stream';
import { DETECT_BYTES, detectFormat, type DetectedFormat } from './detect-format.js';
import { openCorpus, type CorpusCompression } from './open-corpus.js';
import type { CorpusFormat } from './read-corpus.js';

/** Options of {@link sniffCorpus}. */
export interface SniffCorpusOptions {
  readonly format?: CorpusFormat | undefined;
  readonly stdin?: Readable | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Size of each file read in bytes. */
  readonly readBytes?: number | undefined;
}

/** An opened corpus whose format is known. */
export interface SniffedCorpus {
  readonly source: string;
  readonly compression: CorpusCompression;
  readonly format: DetectedFormat;
  /** All the decompressed bytes, from the first (those detection looked at are included). Iterate once. */
  readonly chunks: AsyncIterable<Buffer>;
  /** Closes the input (idempotent); needed only when `chunks` is not iterated to its end. */
  close(): Promise<void>;
}

/**
 * Opens `path` and detects its format unless `options.format` names one.
 *
 * @throws the errors of `openCorpus` (`ERR_CORPUS_READ`, `ERR_CORPUS_COMPRESSION`, `ERR_INVALID_OPTION`)
 *   and `ERR_CORPUS_FORMAT` from detection.
 */
export async function sniffCorpus(path: string, options: SniffCorpusOptions = {}): Promise<SniffedCorpus> {
  const opened = await openCorpus(path, { stdin: options.stdin, signal: options.signal, readBytes: options.readBytes });
  const iterator = opened.chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let complete = false;
  let format: DetectedFormat;
  try {
    if (options.format === undefined || options.format === 'auto') {
      // At least DETECT_BYTES and one complete line (a first line may be longer than DETECT_BYTES).
      let headBytes = 0;
      let sawNewline = false;
      while (headBytes < DETECT_BYTES || !sawNewline) {
        const next = await iterator.next();
        if (next.done === true) {
          complete = true;
          break;
        }
        head.push(next.value);
        headBytes += next.value.byteLength;
        sawNewline ||= next.value.includes(0x0a);
      }
      format = detectFormat(opened.source, head.length === 1 ? head[0]! : Buffer.concat(head), complete);
    } else {
      format = options.format;
    }
  } catch (error) {
    await iterator.return?.();
    await opened.close();
    throw error;
  }
  const chunks = (async function* (): AsyncGenerator<Buffer> {
    try {
      yield* head;
      if (complete) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
      await opened.close();
    }
  })();
  return { source: opened.source, compression: opened.compression, format, chunks, close: opened.close };
}
