/**
 * `chunkCorpus`: a corpus as newline-aligned byte chunks for the replay worker pool. Each chunk owns its
 * ArrayBuffer, so it is transferred to a worker, not copied; it carries the 1-based number of its first
 * line and the byte offset of its first byte so a worker can name the line of anything it reports. Chunk
 * buffers come from a pool the consumer may give them back to (chunk-buffer-pool.ts).
 *
 * NDJSON is chunked as it is (the lines are not parsed here: the worker parses them anyway and reports
 * malformed ones with `describeMalformed`): a plain NDJSON file is read straight into the chunks' buffers
 * (plain-file-chunks.ts); compressed input and stdin are read as a stream and assembled into chunks by
 * copying ({@link ChunkAssembler}) — both cut the same chunks. Every other format is read with the corpus
 * readers and re-emitted as NDJSON of the documents' `_source`, with the original line of each document.
 */
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError, InvalidOptionError } from '../errors.js';
import { createChunkBufferPool, type ChunkBufferPool } from './chunk-buffer-pool.js';
import { CorpusMalformedError } from './corpus-errors.js';
import { countNewlines } from './count-newlines.js';
import type { DetectedFormat } from './detect-format.js';
import type { MalformedLine } from './describe-malformed.js';
import type { CorpusCompression } from './open-corpus.js';
import { readPlainFileChunks } from './plain-file-chunks.js';
import { createStats, readDocumentBatches, type CorpusFormat, type CorpusStats, type MalformedPolicy } from './read-corpus.js';
import { sniffCorpus, type SniffedCorpus } from './sniff-corpus.js';

/** A newline-aligned piece of a corpus. */
export interface Chunk {
  /**
   * Whole lines, `\n`-terminated except possibly the last chunk's last line, bytes exactly as in the
   * (decompressed) corpus: a CRLF line keeps its `\r`, which a consumer drops as part of the terminator;
   * blank lines are kept (they count as lines). A view at `byteOffset` 0 of an ArrayBuffer that no other
   * chunk and nothing in the chunker refers to once the chunk is handed out, so `bytes.buffer` can be
   * transferred; the ArrayBuffer may be longer than the chunk (spare room of a pooled buffer), so always
   * read `bytes`, never the whole `bytes.buffer`. Once done with it, a consumer may give `bytes.buffer`
   * back to the chunking's pool ({@link ChunkOptions.buffers}).
   */
  readonly bytes: Uint8Array;
  /** 0-based position of the chunk in the corpus. */
  readonly index: number;
  /** 1-based line number of the chunk's first line in the corpus. */
  readonly firstLine: number;
  /** Byte offset of the chunk's first byte in the (decompressed) corpus; for a synthesized chunk, of its first document's line. */
  readonly offset: number;
  /**
   * Only for chunks synthesized from a non-NDJSON corpus: the original 1-based line of each line of
   * `bytes` (also a standalone, transferable buffer).
   */
  readonly lineNumbers?: Int32Array;
}

/** Options of {@link chunkCorpus}. */
export interface ChunkOptions {
  /**
   * Target chunk size in bytes (default {@link DEFAULT_CHUNK_BYTES}). A chunk holds as many whole lines
   * as fit; a line longer than this makes one chunk of its own, bigger than the target.
   */
  readonly chunkBytes?: number;
  /** The stream read when the path is `-`; required then. */
  readonly stdin?: Readable;
  /** Aborts chunking; the iteration rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** The corpus format; default `auto` (detected as by `readCorpus`). */
  readonly format?: CorpusFormat;
  /** For non-NDJSON corpora, the malformed-line policy of the reader (default `skip`). */
  readonly malformed?: MalformedPolicy;
  /** For non-NDJSON corpora, called for every malformed line the reader meets. */
  readonly onMalformed?: (m: MalformedLine) => void;
  /**
   * Where chunk buffers come from (default: a pool of this chunking's own). A consumer that gives each
   * chunk's `bytes.buffer` back here once done — e.g. when a worker transfers it back with its answer —
   * reads a whole corpus through as many buffers as it holds chunks at once, with no garbage to collect;
   * one that never gives them back gets a fresh buffer per chunk. Pass one pool to several chunkings to
   * share the buffers (the same `chunkBytes` takes the same buffer size).
   */
  readonly buffers?: ChunkBufferPool;
}

/** Running totals of chunking; final once the iteration has ended. */
export interface ChunkStats {
  readonly format: DetectedFormat | undefined;
  readonly compression: CorpusCompression | undefined;
  /** Chunks handed out. */
  readonly chunks: number;
  /** Lines handed out in chunks (NDJSON: every line, blank or not; other formats: one per document). */
  readonly lines: number;
  /** Bytes handed out in chunks. */
  readonly bytes: number;
  /**
   * For a non-NDJSON corpus, the reader's stats (documents, malformed lines, bytes read); undefined for
   * NDJSON, whose lines the chunker does not parse.
   */
  readonly documents: CorpusStats | undefined;
}

/** The result of {@link chunkCorpus}: the chunks, and the stats as they go. */
export interface ChunkedCorpus extends AsyncIterable<Chunk> {
  readonly stats: ChunkStats;
}

/** Default target chunk size: 1 MiB — big enough that a transfer costs nothing next to matching it. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

interface MutableChunkStats {
  format: DetectedFormat | undefined;
  compression: CorpusCompression | undefined;
  chunks: number;
  lines: number;
  bytes: number;
  documents: CorpusStats | undefined;
}

/**
 * Cuts a corpus file (or `-`: `options.stdin`) into newline-aligned chunks, in order. Never splits, loses
 * or duplicates a line: the chunks of an NDJSON corpus concatenate to exactly its (decompressed) bytes.
 * Each NDJSON chunk holds as many whole lines as fit in `chunkBytes` (a longer line is a chunk of its
 * own), whether it was read from a plain file, a gzip file or a stream. Chunk buffers hold
 * `chunkBytes + 1` bytes (see {@link Chunk.bytes}). The returned object can be iterated once.
 *
 * @throws the errors of `readCorpus`: `ERR_CORPUS_READ`, `ERR_CORPUS_COMPRESSION`, `ERR_CORPUS_FORMAT`,
 *   `ERR_CORPUS_MALFORMED` (non-NDJSON corpora under `fail`), `ERR_INVALID_OPTION` (e.g. a `chunkBytes`
 *   that is not a positive integer).
 */
export function chunkCorpus(path: string, options: ChunkOptions = {}): ChunkedCorpus {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) {
    throw new InvalidOptionError('chunkBytes', chunkBytes, 'a positive integer number of bytes');
  }
  const stats: MutableChunkStats = { format: undefined, compression: undefined, chunks: 0, lines: 0, bytes: 0, documents: undefined };
  let started = false;
  return {
    stats,
    [Symbol.asyncIterator](): AsyncIterator<Chunk> {
      if (started) throw new AppError('ERR_USAGE', `the chunking of ${path} can be iterated only once`, { path });
      started = true;
      return run(path, options, chunkBytes, stats)[Symbol.asyncIterator]();
    },
  };
}

async function* run(path: string, options: ChunkOptions, chunkBytes: number, stats: MutableChunkStats): AsyncGenerator<Chunk> {
  // Read in pieces of about the chunk size (within sane bounds), so a chunk is usually one or two reads.
  const readBytes = Math.min(Math.max(chunkBytes, 64 * 1024), 16 << 20);
  const regular = path !== '-' && (await isRegularFile(path));
  const sniffed = await sniffCorpus(path, { format: options.format, stdin: options.stdin, signal: options.signal, readBytes });
  stats.format = sniffed.format;
  stats.compression = sniffed.compression;
  const buffers = options.buffers ?? createChunkBufferPool();
  let chunks: AsyncIterable<Chunk>;
  if (regular && sniffed.compression === 'none' && sniffed.format === 'ndjson') {
    // Positional reads need a regular file (not a pipe): the sniffing's stream is dropped, the file re-read.
    await sniffed.close();
    chunks = readPlainFileChunks(path, chunkBytes, { buffers, stats, signal: options.signal });
  } else if (sniffed.format === 'ndjson') {
    chunks = chunkLines(sniffed, chunkBytes, buffers, options.signal, stats);
  } else {
    chunks = chunkDocuments(sniffed, chunkBytes, buffers, options, stats);
  }
  for await (const chunk of chunks) {
    stats.chunks += 1;
    if (chunk.lineNumbers !== undefined) {
      stats.bytes += chunk.bytes.byteLength;
      stats.lines += chunk.lineNumbers.length;
    }
    yield chunk;
  }
}

/** True for a regular file; false for anything else, or what cannot be stat'ed (the sniffing reports that). */
async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    // Not reported here: the sniffing opens it next and reports it in the corpus readers' words (ERR_CORPUS_READ).
    if (typeof (error as NodeJS.ErrnoException).code === 'string') return false;
    throw error;
  }
}

async function* chunkLines(
  sniffed: SniffedCorpus,
  chunkBytes: number,
  buffers: ChunkBufferPool,
  signal: AbortSignal | undefined,
  stats: MutableChunkStats,
): AsyncGenerator<Chunk> {
  const assembler = new ChunkAssembler(chunkBytes, buffers);
  const note = (chunk: Chunk): Chunk => {
    stats.lines = assembler.lines;
    stats.bytes += chunk.bytes.byteLength;
    return chunk;
  };
  for await (const piece of sniffed.chunks) {
    assembler.feed(piece);
    for (let chunk = assembler.next(); chunk !== undefined; chunk = assembler.next()) {
      signal?.throwIfAborted();
      yield note(chunk);
    }
  }
  signal?.throwIfAborted();
  const last = assembler.end();
  stats.lines = assembler.lines;
  if (last !== undefined) yield note(last);
}

/**
 * Turns decompressed bytes into newline-aligned chunks of about `chunkBytes`. Each chunk is copied into a
 * buffer of its own (a read cannot know where the last newline will fall, and a transferable chunk must
 * be the only user of its ArrayBuffer) — a pooled one of `chunkBytes + 1` bytes unless it is one line
 * longer than that; the copy runs at memcpy speed.
 */
export class ChunkAssembler {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of `pending` known to hold no newline past the target (a line longer than a chunk). */
  private searched = 0;
  private index = 0;
  private line = 1;
  private offset = 0;
  private unterminated = 0;

  /** @param buffers where chunk buffers come from (default: a pool of its own). */
  constructor(
    private readonly chunkBytes: number,
    private readonly buffers: ChunkBufferPool = createChunkBufferPool(),
  ) {}

  /** Feeds bytes; returns the chunks they complete (often none or one). */
  push(piece: Buffer): Chunk[] {
    this.feed(piece);
    const out: Chunk[] = [];
    for (let chunk = this.next(); chunk !== undefined; chunk = this.next()) out.push(chunk);
    return out;
  }

  /** Feeds bytes without cutting chunks: take them with {@link next}. */
  feed(piece: Buffer): void {
    if (piece.byteLength === 0) return;
    this.pending.push(piece);
    this.pendingBytes += piece.byteLength;
  }

  /**
   * The next chunk the bytes fed so far complete, or undefined until more are fed. One at a time, so that
   * a consumer pacing itself (the replay's chunks in flight) also paces the buffers taken from the pool:
   * one decompressed piece may complete many small chunks.
   */
  next(): Chunk | undefined {
    // Strictly more than a chunk: only then is the line that crosses the target known to be too long to
    // fit (at exactly the target, the last line could still grow).
    if (this.pendingBytes <= this.chunkBytes) return undefined;
    const cut = this.findCut();
    return cut === -1 ? undefined : this.take(cut);
  }

  /** Ends the input: the rest, if any, is the last chunk (its last line may lack a `\n`). */
  end(): Chunk | undefined {
    if (this.pendingBytes === 0) return undefined;
    const last = this.take(this.pendingBytes);
    if (last.bytes[last.bytes.byteLength - 1] !== 0x0a) this.unterminated = 1;
    return last;
  }

  /** Lines in the chunks handed out so far (a last line without `\n` counts once the input has ended). */
  get lines(): number {
    return this.line - 1 + this.unterminated;
  }

  /**
   * Length of the next chunk: through the last `\n` within the first `chunkBytes` bytes, else through
   * the first `\n` after them; -1 when that newline has not arrived yet.
   */
  private findCut(): number {
    const { pending, chunkBytes } = this;
    if (this.searched === 0) {
      // Backward from the target: find the buffer holding byte chunkBytes - 1.
      let base = 0;
      let k = 0;
      while (base + pending[k]!.byteLength < chunkBytes) base += pending[k++]!.byteLength;
      let from = chunkBytes - 1 - base;
      for (;;) {
        const j = pending[k]!.lastIndexOf(0x0a, from);
        if (j !== -1) return base + j + 1;
        if (k === 0) break;
        k -= 1;
        base -= pending[k]!.byteLength;
        from = pending[k]!.byteLength - 1;
      }
      this.searched = chunkBytes;
    }
    // Forward from where the last search stopped: a line longer than a chunk.
    let base = 0;
    for (const buffer of pending) {
      const end = base + buffer.byteLength;
      if (end > this.searched) {
        const j = buffer.indexOf(0x0a, Math.max(0, this.searched - base));
        if (j !== -1) return base + j + 1;
      }
      base = end;
    }
    this.searched = this.pendingBytes;
    return -1;
  }

  private take(length: number): Chunk {
    const bytes = chunkBuffer(this.buffers, this.chunkBytes, length);
    let copied = 0;
    while (copied < length) {
      const head = this.pending[0]!;
      const n = Math.min(head.byteLength, length - copied);
      head.copy(bytes, copied, 0, n);
      copied += n;
      if (n === head.byteLength) this.pending.shift();
      else this.pending[0] = head.subarray(n);
    }
    this.pendingBytes -= length;
    this.searched = 0;
    const chunk: Chunk = { bytes, index: this.index, firstLine: this.line, offset: this.offset };
    this.index += 1;
    this.line += countNewlines(bytes);
    this.offset += length;
    return chunk;
  }
}

/**
 * A buffer of `length` bytes for a chunk: a view of a pooled `chunkBytes + 1`-byte buffer when it fits
 * (the one size every path of a chunking takes, so that they all recycle each other's buffers), else a
 * buffer of its own (never a slice of Buffer's shared pool, so the chunk is its ArrayBuffer's only user).
 */
function chunkBuffer(buffers: ChunkBufferPool, chunkBytes: number, length: number): Buffer {
  return length <= chunkBytes + 1 ? buffers.take(chunkBytes + 1).subarray(0, length) : Buffer.allocUnsafeSlow(length);
}

async function* chunkDocuments(
  sniffed: SniffedCorpus,
  chunkBytes: number,
  buffers: ChunkBufferPool,
  options: ChunkOptions,
  stats: MutableChunkStats,
): AsyncGenerator<Chunk> {
  const documents = createStats();
  stats.documents = documents;
  let texts: string[] = [];
  let lines: number[] = [];
  let firstOffset = 0;
  let size = 0;
  let index = 0;
  const make = (): Chunk => {
    const text = texts.join('\n') + '\n';
    const bytes = chunkBuffer(buffers, chunkBytes, Buffer.byteLength(text));
    bytes.write(text, 'utf8');
    const chunk: Chunk = { bytes, index, firstLine: lines[0]!, offset: firstOffset, lineNumbers: Int32Array.from(lines) };
    index += 1;
    texts = [];
    lines = [];
    size = 0;
    return chunk;
  };
  try {
    for await (const batch of readDocumentBatches(sniffed, options, documents)) {
      for (const record of batch) {
        if (texts.length === 0) firstOffset = record.offset;
        texts.push(record.text);
        lines.push(record.line);
        // UTF-16 length is a lower bound of the UTF-8 length: close enough for a target size.
        size += record.text.length + 1;
        if (size >= chunkBytes) {
          options.signal?.throwIfAborted();
          yield make();
        }
      }
    }
  } catch (error) {
    // Under `fail`, as with readCorpus: the documents before the bad line first, then the error.
    if (error instanceof CorpusMalformedError && texts.length > 0) yield make();
    throw error;
  }
  if (texts.length > 0) yield make();
}
