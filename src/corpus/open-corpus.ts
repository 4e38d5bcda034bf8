/**
 * Opens a corpus as a stream of decompressed bytes: a file path or `-` (an injected stdin), gzip
 * recognised by its magic bytes — never by the file name — and the compressions Node cannot decompress
 * (bzip2, zstd, xz) refused with the command that decompresses them first.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InvalidOptionError } from '../errors.js';
import { CorpusCompressionError, CorpusReadError } from './corpus-errors.js';

/** How a corpus was compressed; the readers only ever see the decompressed bytes. */
export type CorpusCompression = 'none' | 'gzip';

/** Where the bytes come from and how they are read. */
export interface OpenCorpusOptions {
  /** The stream read when `path` is `-`; required then (nothing in the library touches `process.stdin`). */
  readonly stdin?: Readable | undefined;
  /** Stops reading; the iteration then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Size of each read from a file, in bytes (default {@link DEFAULT_READ_BYTES}). */
  readonly readBytes?: number | undefined;
}

/** An opened corpus. */
export interface OpenedCorpus {
  /** The path as given, or `-`. */
  readonly source: string;
  readonly compression: CorpusCompression;
  /**
   * The decompressed bytes, in order, each chunk a Buffer the consumer may keep. Iterate it once; ending
   * the iteration early closes the file.
   */
  readonly chunks: AsyncIterable<Buffer>;
  /** Closes the file (idempotent); needed only when `chunks` is never iterated to the end. */
  close(): Promise<void>;
}

/** Default size of a file read: large enough that syscalls cost nothing next to parsing. */
export const DEFAULT_READ_BYTES = 1 << 20;

interface Magic {
  readonly name: string;
  readonly bytes: readonly number[];
  readonly hint: (source: string) => string;
}

// Compressions found in recorded corpora (Rally ships .bz2 and .zst, CORPUS.md §7) that Node 20 cannot
// decompress: refuse them with the command that does, instead of reporting every line as malformed.
const UNSUPPORTED: readonly Magic[] = [
  { name: 'bzip2', bytes: [0x42, 0x5a, 0x68], hint: (s) => `decompress it first: bunzip2 -k ${s}` },
  { name: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd], hint: (s) => `decompress it first (Node 20 has no zstd): zstd -d ${s}` },
  { name: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], hint: (s) => `decompress it first: xz -dk ${s}` },
  { name: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04], hint: (s) => `extract it first: unzip ${s}` },
];

const GZIP = [0x1f, 0x8b];
const MAGIC_BYTES = 6;

/**
 * Opens `path` (or the injected stdin for `-`) and detects its compression from the first bytes.
 *
 * @throws CorpusReadError `ERR_CORPUS_READ` when the file is missing, a directory or unreadable.
 * @throws CorpusCompressionError `ERR_CORPUS_COMPRESSION` for bzip2/zstd/xz/zip input; also raised by the
 *   iteration when gzip data is corrupt or truncated.
 * @throws InvalidOptionError `ERR_INVALID_OPTION` for `-` without `stdin`, or a bad `readBytes`.
 */
export async function openCorpus(path: string, options: OpenCorpusOptions = {}): Promise<OpenedCorpus> {
  const readBytes = options.readBytes ?? DEFAULT_READ_BYTES;
  if (!Number.isSafeInteger(readBytes) || readBytes < 1) {
    throw new InvalidOptionError('readBytes', readBytes, 'a positive integer number of bytes');
  }
  options.signal?.throwIfAborted();
  const source = path;
  let file: FileHandle | undefined;
  let raw: AsyncIterator<Buffer>;
  if (path === '-') {
    if (options.stdin === undefined) throw new InvalidOptionError('stdin', undefined, 'a Readable when the path is "-"');
    raw = readStream(options.stdin, source)[Symbol.asyncIterator]();
  } else {
    file = await openFile(path);
    raw = readFile(file, source, readBytes, options.signal)[Symbol.asyncIterator]();
  }
  const handle = file;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed || handle === undefined) return;
    closed = true;
    await handle.close();
  };

  // Peek at the magic bytes; a stream may deliver them over several chunks.
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  try {
    while (headBytes < MAGIC_BYTES) {
      const next = await raw.next();
      if (next.done === true) {
        done = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.byteLength;
    }
  } catch (error) {
    await close();
    throw error;
  }
  const magic = head.length === 1 ? head[0]! : Buffer.concat(head);
  for (const m of UNSUPPORTED) {
    if (startsWith(magic, m.bytes)) {
      await close();
      throw new CorpusCompressionError(source, m.name, 'not supported', m.hint(source === '-' ? 'FILE' : source));
    }
  }
  const rest = (async function* (): AsyncGenerator<Buffer> {
    try {
      yield* head;
      if (done) return;
      for (;;) {
        const next = await raw.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await raw.return?.();
      await close();
    }
  })();
  if (!startsWith(magic, GZIP)) {
    return { source, compression: 'none', chunks: rest, close };
  }
  return { source, compression: 'gzip', chunks: gunzip(rest, source, options.signal), close };
}

async function openFile(path: string): Promise<FileHandle> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new CorpusReadError(path, describeFsError(error), error);
  }
  try {
    const stat = await file.stat();
    if (stat.isDirectory()) throw new CorpusReadError(path, 'it is a directory, not a file');
  } catch (error) {
    await file.close();
    if (error instanceof CorpusReadError) throw error;
    throw new CorpusReadError(path, describeFsError(error), error);
  }
  return file;
}

async function* readFile(file: FileHandle, source: string, readBytes: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
  for (;;) {
    signal?.throwIfAborted();
    // A fresh buffer per read: the consumer may keep (or transfer) every chunk it receives.
    const buffer = Buffer.allocUnsafeSlow(readBytes);
    let bytesRead: number;
    try {
      ({ bytesRead } = await file.read(buffer, 0, readBytes, null));
    } catch (error) {
      throw new CorpusReadError(source, describeFsError(error), error);
    }
    if (bytesRead === 0) return;
    yield bytesRead === readBytes ? buffer : buffer.subarray(0, bytesRead);
  }
}

async function* readStream(stream: Readable, source: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) {
      if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
      else if (Buffer.isBuffer(chunk)) yield chunk;
      else yield Buffer.from(chunk as Uint8Array);
    }
  } catch (error) {
    throw new CorpusReadError(source, describeFsError(error), error);
  }
}

async function* gunzip(input: AsyncIterable<Buffer>, source: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const inflate = createGunzip({ chunkSize: 256 * 1024 });
  const feeder = Readable.from(input, { objectMode: false });
  feeder.on('error', (error) => inflate.destroy(error));
  feeder.pipe(inflate);
  try {
    for await (const chunk of inflate) {
      signal?.throwIfAborted();
      yield chunk as Buffer;
    }
  } catch (error) {
    if (isZlibError(error)) {
      const reason = `gzip data is corrupt or truncated (${(error as Error).message})`;
      throw new CorpusCompressionError(source, 'gzip', reason, 'check the file (gzip -t) or re-create it', error);
    }
    throw error;
  } finally {
    feeder.destroy();
    inflate.destroy();
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function startsWith(buffer: Buffer, bytes: readonly number[]): boolean {
  if (buffer.byteLength < bytes.length) return false;
  return bytes.every((b, i) => buffer[i] === b);
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  return error instanceof Error ? error.message : String(error);
}
