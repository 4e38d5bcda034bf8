/**
 * What crosses the thread boundary of the replay engine: the rule set a worker compiles once (its
 * `workerData`), the task of one chunk, and the result a worker sends back. Everything here is plain,
 * structured-cloneable data; the big buffers (the chunk's bytes on the way in, the matched text on the
 * way out) are transferred, never copied.
 */
import type { MalformedLine } from '../corpus/describe-malformed.js';
import type { NormalizedQuery } from '../eql/ast.js';
import type { Mapping } from '../match/mapping.js';
import type { Prefilter } from '../match/prefilter.js';

/**
 * How a worker selects the lines it parses.
 * - `scan`: each rule's prefilter scans the raw chunk; only the union of their candidates is parsed, and
 *   each parsed line is evaluated by the rules whose prefilter accepted it.
 * - `parse-all`: every line is parsed once and evaluated by the rules of its category (a rule with no
 *   usable literal, a rule pack too large to scan for, or `validate`), and evaluated by the rules a
 *   term index on the event's category, action… selects (term-index.ts).
 */
export type ReplayMode = 'scan' | 'parse-all';

/** One rule as a worker compiles it. Its index in {@link ReplayWorkerData.rules} is its `slot`. */
export interface WorkerRule {
  /** The normalized query, compiled once at worker start. */
  readonly query: NormalizedQuery;
  /** The rule's prefilter (used in `scan` mode only). */
  readonly prefilter: Prefilter;
  /** False for a rule that can never match (its prefilter proves it): it is not evaluated at all. */
  readonly live: boolean;
}

/** The worker's `workerData`: everything it compiles once, before the first chunk. */
export interface ReplayWorkerData {
  readonly rules: readonly WorkerRule[];
  /** The index mapping of every rule (`null`: none). */
  readonly mapping: Mapping | null;
  readonly mode: ReplayMode;
  /** Send back the text of every line matched by at least one rule (for `--out-matches`). */
  readonly collectMatchedText: boolean;
  /** At most this many mismatch examples per rule per chunk, and malformed lines per chunk. */
  readonly maxExamples: number;
}

/** The labels of one rule within one chunk. */
export interface ChunkLabels {
  /** The rule's slot. */
  readonly slot: number;
  /**
   * The 1-based corpus lines the rule must match, ascending: for an NDJSON chunk those from `firstLine`
   * on that may fall in the chunk (the worker keeps the ones that do); for a synthesized chunk every
   * expected line after the previous chunk's last document up to this chunk's last.
   */
  readonly lines: readonly number[];
}

/** One chunk to replay. */
export interface ChunkTask {
  /** Position of the chunk in the run (all files), for the in-order merge. */
  readonly sequence: number;
  /** The corpus the chunk comes from, as the user named it (malformed lines name it). */
  readonly source: string;
  /**
   * Whole lines (see `Chunk.bytes`): a view at offset 0 of an ArrayBuffer that may be longer (a pooled
   * chunk buffer). The whole ArrayBuffer is transferred to the worker, and back with its answer.
   */
  readonly bytes: Uint8Array;
  /** 1-based corpus line number of the first line. */
  readonly firstLine: number;
  /** Byte offset of the first byte in the (decompressed) corpus. */
  readonly offset: number;
  /** For chunks synthesized from a non-NDJSON corpus: the original line of each line; else `null`. */
  readonly lineNumbers: Int32Array | null;
  /** True for the first chunk of an NDJSON file: a UTF-8 byte order mark on its first line is dropped. */
  readonly fileStart: boolean;
  /** For each rule that has labels for this corpus, its expected lines in the chunk; `null` without labels. */
  readonly labels: readonly ChunkLabels[] | null;
}

/** A line where a rule and its labels disagree, with the event's text. */
export interface MismatchExample {
  readonly slot: number;
  /** 1-based corpus line. */
  readonly line: number;
  /** `fp`: matched but not expected; `fn`: expected but not matched. */
  readonly kind: 'fp' | 'fn';
  /** The line as read (CR and byte order mark dropped); `null` when the line is not an event (blank, no document). */
  readonly text: string | null;
}

/** What a worker found in one chunk. */
export interface ChunkResult {
  readonly sequence: number;
  /** Lines in the chunk (blank lines included). */
  readonly lines: number;
  /** Blank (whitespace-only) lines: not events. */
  readonly blank: number;
  /** Lines handed to `JSON.parse` (candidates, or every non-blank line in `parse-all`). */
  readonly parsed: number;
  /** Parsed lines that were not a JSON object. */
  readonly malformed: number;
  /** The first of them (at most `maxExamples`), described as the corpus readers do. */
  readonly firstMalformed: readonly MalformedLine[];
  /** Per slot: events the rule's predicate was evaluated on. */
  readonly evaluated: Int32Array;
  /** CSR offsets into {@link matchLines}: slot `s` matched `matchLines[matchOffsets[s] .. matchOffsets[s+1])`. */
  readonly matchOffsets: Int32Array;
  /** 1-based corpus lines matched, per slot, ascending (float64: corpora may exceed 2^31 lines). */
  readonly matchLines: Float64Array;
  /** Events matched by at least one rule. */
  readonly matchedAny: number;
  /** The lines matched by at least one rule, each followed by `\n`, in order (only when collected). */
  readonly matchedText: Uint8Array | null;
  /**
   * Per labelled rule: `[slot, truePositives, falsePositives, falseNegatives, notEvents]`, flattened;
   * `notEvents` counts the false negatives on lines that are not lines of the chunk (a line of a
   * non-NDJSON corpus that holds no document): they add to the universe of the confusion counts.
   */
  readonly confusion: Int32Array | null;
  /** The first mismatches per labelled rule (at most `maxExamples` each), in line order. */
  readonly examples: readonly MismatchExample[];
  /** Time the worker spent on the chunk. */
  readonly busyMs: number;
  /** The worker's `threadId` (the main thread's, 0, when run inline). */
  readonly threadId: number;
}
