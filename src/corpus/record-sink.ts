/**
 * The contract between the format readers (one per corpus format) and `readCorpus`, which drives them.
 */
import type { MalformedLine } from './describe-malformed.js';

/** One document read from a corpus. */
export interface CorpusRecord {
  /** The corpus path as given, or `-` for stdin. */
  readonly source: string;
  /** 1-based line where the document starts (for `_bulk` bodies: the document line, not the action). */
  readonly line: number;
  /** Byte offset of that line in the (decompressed) stream. */
  readonly offset: number;
  /** The document's JSON text (the `_source` only), on one line. */
  readonly text: string;
  /**
   * The document parsed, when the reader already parsed it to validate it (`readCorpus` always does):
   * a consumer that needs the object takes it instead of parsing `text` a second time. Numbers beyond
   * 2^53 are rounded here as by any `JSON.parse`; `text` keeps them exact.
   */
  readonly value?: Record<string, unknown>;
}

/** Where a format reader puts what it reads. */
export interface RecordSink {
  /** The corpus path as given, or `-`. */
  readonly source: string;
  /** Records read since the driver last took them. */
  readonly records: CorpusRecord[];
  /** Reports a malformed line; returns false when reading must stop (the `fail` policy). */
  malformed(m: MalformedLine): boolean;
}

/** A push-style reader of one format: fed decompressed bytes, fills its sink. */
export interface FormatReader {
  /** Feeds the next chunk; false when the sink asked to stop. */
  push(chunk: Buffer): boolean;
  /** Ends the input; false when the sink asked to stop. */
  end(): boolean;
}
