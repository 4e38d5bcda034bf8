/**
 * `readCorpus`: every recorded-corpus format (CORPUS.md §7) as one stream of documents with their file,
 * line and byte offset. Formats and gzip are detected; malformed lines are counted and reported under
 * the `skip` policy or stop the read under `fail` — never dropped silently (STYLE.md §4).
 */
import type { Readable } from 'node:stream';
import { AppError, InvalidOptionError } from '../errors.js';
import { createArchiveReader } from './archive-reader.js';
import { createBulkReader } from './bulk-reader.js';
import { CorpusMalformedError } from './corpus-errors.js';
import type { DetectedFormat } from './detect-format.js';
import type { MalformedLine } from './describe-malformed.js';
import { createHitsReader } from './hits-reader.js';
import { createNdjsonReader } from './ndjson-reader.js';
import type { CorpusCompression } from './open-corpus.js';
import type { CorpusRecord, FormatReader, RecordSink } from './record-sink.js';
import { createSearchReader } from './search-reader.js';
import { sniffCorpus, type SniffedCorpus } from './sniff-corpus.js';

export type { CorpusRecord } from './record-sink.js';
export type { MalformedLine } from './describe-malformed.js';

/**
 * The format of a corpus: `auto` (the default) detects it from the first bytes.
 * - `ndjson`: one document per line.
 * - `bulk`: `_bulk` request bodies, action + document line pairs.
 * - `hits`: one search hit (`{"_index","_id","_source"}`) per line, as elasticdump writes.
 * - `search`: saved `_search` responses, pretty-printed or not, possibly several concatenated.
 * - `archive`: Kibana es_archiver `data.json`: pretty-printed `{"type":"doc","value":{…}}` entries.
 */
export type CorpusFormat = 'auto' | 'ndjson' | 'bulk' | 'hits' | 'search' | 'archive';

/** Every accepted value of {@link CorpusFormat}, for option parsers. */
export const CORPUS_FORMATS: readonly CorpusFormat[] = ['auto', 'ndjson', 'bulk', 'hits', 'search', 'archive'];

/** What to do with a malformed line. */
export type MalformedPolicy = 'skip' | 'fail';

/** Options of {@link readCorpus}. */
export interface ReadCorpusOptions {
  /** The corpus format; default `auto`. */
  readonly format?: CorpusFormat;
  /**
   * `skip` (default): a malformed line is counted in {@link CorpusStats.malformed}, the first
   * {@link REPORTED_MALFORMED} are kept in {@link CorpusStats.firstMalformed}, and reading goes on.
   * `fail`: the first malformed line ends the read with `ERR_CORPUS_MALFORMED` (after the records
   * before it were yielded).
   */
  readonly malformed?: MalformedPolicy;
  /**
   * Called for every malformed line, under both policies (before the `fail` error is thrown), as the
   * reader meets it: records that precede it in the same ~1 MiB of input may be yielded after the call.
   */
  readonly onMalformed?: (m: MalformedLine) => void;
  /** The stream read when the path is `-`; required then. */
  readonly stdin?: Readable;
  /** Aborts the read; the iteration rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** How many malformed lines {@link CorpusStats.firstMalformed} keeps. */
export const REPORTED_MALFORMED = 10;

/** Running totals of a read; final once the iteration has ended. */
export interface CorpusStats {
  /** The format read (detected or given); undefined until reading has started. */
  readonly format: DetectedFormat | undefined;
  /** The compression detected; undefined until reading has started. */
  readonly compression: CorpusCompression | undefined;
  /** Documents yielded. */
  readonly records: number;
  /** Malformed lines (or values, or skipped `_bulk` actions) met. */
  readonly malformed: number;
  /** The first {@link REPORTED_MALFORMED} of them. */
  readonly firstMalformed: readonly MalformedLine[];
  /** Decompressed bytes read. */
  readonly bytes: number;
}

/** The result of {@link readCorpus}: the records, and the stats of the read as it goes. */
export interface CorpusReading extends AsyncIterable<CorpusRecord> {
  readonly stats: CorpusStats;
}

/** The result of {@link readCorpusBatches}: arrays of records, and the stats of the read as it goes. */
export interface CorpusBatchReading extends AsyncIterable<readonly CorpusRecord[]> {
  readonly stats: CorpusStats;
}

/** The writable form of {@link CorpusStats}, for the readers that fill it. */
export interface MutableStats {
  format: DetectedFormat | undefined;
  compression: CorpusCompression | undefined;
  records: number;
  malformed: number;
  firstMalformed: MalformedLine[];
  bytes: number;
}

/**
 * Reads the documents of a corpus file (or `-`: `options.stdin`), one {@link CorpusRecord} at a time, in
 * file order. Every record's `text` is a JSON object on one line (the document's `_source`) that
 * `JSON.parse` accepts: the reader validates every document.
 *
 * The returned object can be iterated once. Its `stats` fill in as the iteration goes.
 *
 * @throws CorpusReadError `ERR_CORPUS_READ`: missing or unreadable file (names the path).
 * @throws CorpusCompressionError `ERR_CORPUS_COMPRESSION`: bzip2, zstd, xz or zip input; corrupt gzip.
 * @throws CorpusFormatError `ERR_CORPUS_FORMAT`: the format cannot be detected.
 * @throws CorpusMalformedError `ERR_CORPUS_MALFORMED`: a malformed line under the `fail` policy.
 * @throws InvalidOptionError `ERR_INVALID_OPTION`: a bad option (e.g. `-` without `stdin`).
 */
export function readCorpus(path: string, options: ReadCorpusOptions = {}): CorpusReading {
  const batches = readCorpusBatches(path, options);
  return {
    stats: batches.stats,
    [Symbol.asyncIterator](): AsyncIterator<CorpusRecord> {
      // Taken here, not inside a generator, so that a second iteration throws at once.
      const iterator = batches[Symbol.asyncIterator]();
      return (async function* () {
        try {
          for (;;) {
            const next = await iterator.next();
            if (next.done === true) return;
            yield* next.value;
          }
        } finally {
          await iterator.return?.();
        }
      })();
    },
  };
}

/**
 * Like {@link readCorpus} but yields the records in arrays (one per chunk of input read, about 1 MiB of
 * text), for consumers where a per-record `await` costs too much. Same records, same errors.
 */
export function readCorpusBatches(path: string, options: ReadCorpusOptions = {}): CorpusBatchReading {
  validateOptions(options);
  const stats = createStats();
  let started = false;
  return {
    stats,
    [Symbol.asyncIterator](): AsyncIterator<readonly CorpusRecord[]> {
      if (started) throw new AppError('ERR_USAGE', `the corpus reading of ${path} can be iterated only once`, { path });
      started = true;
      return iterate(path, options, stats)[Symbol.asyncIterator]();
    },
  };
}

async function* iterate(path: string, options: ReadCorpusOptions, stats: MutableStats): AsyncGenerator<readonly CorpusRecord[]> {
  const sniffed = await sniffCorpus(path, options);
  yield* readDocumentBatches(sniffed, options, stats);
}

/**
 * Reads the documents of an already sniffed corpus in batches, updating `stats`. The engine behind
 * {@link readCorpusBatches}; `chunkCorpus` uses it to turn a non-NDJSON corpus into NDJSON chunks.
 */
export async function* readDocumentBatches(
  sniffed: SniffedCorpus,
  options: Pick<ReadCorpusOptions, 'malformed' | 'onMalformed' | 'signal'>,
  stats: MutableStats,
): AsyncGenerator<CorpusRecord[]> {
  stats.compression = sniffed.compression;
  stats.format = sniffed.format;
  let failure: CorpusMalformedError | undefined;
  const sink: RecordSink = {
    source: sniffed.source,
    records: [],
    malformed: (m) => {
      stats.malformed += 1;
      if (stats.firstMalformed.length < REPORTED_MALFORMED) stats.firstMalformed.push(m);
      options.onMalformed?.(m);
      if (options.malformed !== 'fail') return true;
      failure = new CorpusMalformedError(m);
      return false;
    },
  };
  const reader = createReader(sniffed.format, sink);
  // Hands over what was read; after a `fail`, the records before the bad line first, then the error.
  const flush = (): CorpusRecord[] => {
    const batch = sink.records.splice(0);
    stats.records += batch.length;
    return batch;
  };
  const chunks = sniffed.chunks[Symbol.asyncIterator]();
  try {
    let going = true;
    for (;;) {
      options.signal?.throwIfAborted();
      const next = await chunks.next();
      if (next.done === true) break;
      stats.bytes += next.value.byteLength;
      going = reader.push(next.value);
      if (!going) break;
      if (sink.records.length > 0) yield flush();
    }
    if (going) reader.end();
    if (sink.records.length > 0) yield flush();
    if (failure !== undefined) throw failure;
  } finally {
    await chunks.return?.();
    await sniffed.close();
  }
}

/** Fresh, zeroed stats. */
export function createStats(): MutableStats {
  return { format: undefined, compression: undefined, records: 0, malformed: 0, firstMalformed: [], bytes: 0 };
}

function createReader(format: DetectedFormat, sink: RecordSink): FormatReader {
  switch (format) {
    case 'ndjson':
      return createNdjsonReader(sink);
    case 'bulk':
      return createBulkReader(sink);
    case 'hits':
      return createHitsReader(sink);
    case 'search':
      return createSearchReader(sink);
    case 'archive':
      return createArchiveReader(sink);
  }
}

function validateOptions(options: ReadCorpusOptions): void {
  if (options.format !== undefined && !CORPUS_FORMATS.includes(options.format)) {
    throw new InvalidOptionError('format', options.format, CORPUS_FORMATS.join(' | '));
  }
  if (options.malformed !== undefined && options.malformed !== 'skip' && options.malformed !== 'fail') {
    throw new InvalidOptionError('malformed', options.malformed, 'skip | fail');
  }
}
