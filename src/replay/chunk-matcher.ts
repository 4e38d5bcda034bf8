/**
 * The replay engine's hot loop: one chunk of NDJSON in, counts and matched lines out. It runs inside each
 * worker (worker.ts is a thin shell around it) and, for tests, inline on the calling thread.
 *
 * Built once per rule set (STYLE.md §2): every rule is compiled to its predicate and, in `scan` mode, to
 * its chunk scanner when the matcher is created; a chunk then costs
 * - `scan`: one raw-byte scan of the chunk per rule (createChunkScanner), then `JSON.parse` of the union of
 *   the candidate lines — each line at most once whatever the number of rules — and, for each parsed
 *   line, the predicates of the rules whose prefilter accepted it;
 * - `parse-all`: `JSON.parse` of every non-blank line, once, and the predicates of the rules the term
 *   index selects for the event (its category, action… term-index.ts).
 *
 * Lines are read as the corpus readers read them: a `\r` before the `\n` is part of the terminator, a
 * UTF-8 byte order mark on the first line of a file is dropped, whitespace-only lines are blank (not
 * events), and a parsed line that is not a JSON object is malformed and described with
 * `describeMalformed`, exactly as `readCorpus` would. A malformed line that no prefilter selected is never
 * parsed, so `scan` mode does not see it (the `validate` option of the run parses every line).
 */
import { describeMalformed, jsonErrorReason, notObjectReason, type MalformedLine } from '../corpus/describe-malformed.js';
import type { NormalizedQuery } from '../eql/ast.js';
import { compileQuery } from '../match/compile.js';
import type { Mapping } from '../match/mapping.js';
import { asBuffer, indexLines, type LineIndex } from '../match/prefilter-lines.js';
import { createChunkScanner, type ChunkScanner } from '../match/prefilter-scanner.js';
import { choosePrefixFields, createPrefixFilter, prefixConstraintsOf } from './prefix-index.js';
import { chooseIndexFields, createTermDispatch, indexableTerms, withoutTerms, type TermDispatch } from './term-index.js';
import { compareLabels } from './compare-labels.js';
import type { ChunkResult, ChunkTask, MismatchExample, ReplayWorkerData } from './protocol.js';

/** Replays one chunk. Pure apart from the time it measures; re-entrant. */
export type ChunkMatcher = (task: ChunkTask) => ChunkResult;

/** Options of {@link createChunkMatcher}. */
export interface ChunkMatcherOptions {
  /** Monotonic clock in milliseconds, for `busyMs` (default `performance.now`). */
  readonly now?: () => number;
  /** Reported as `threadId` (the worker passes its own). */
  readonly threadId?: number;
}

/** Numbers per labelled rule in {@link ChunkResult.confusion}. */
export const CONFUSION_WIDTH = 5;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Compiles the rule set of `data` and returns the chunk matcher.
 * @throws the compile errors of `compileQuery` (`ERR_MATCH_REGEX`, `ERR_MATCH_EVAL`); the main thread
 *   compiles every rule before starting workers, so a worker does not meet them.
 */
export function createChunkMatcher(data: ReplayWorkerData, options: ChunkMatcherOptions = {}): ChunkMatcher {
  const now = options.now ?? (() => performance.now());
  const threadId = options.threadId ?? 0;
  const slots = data.rules.length;
  const live = data.rules.map((rule) => rule.live);
  // In parse-all mode the whole predicates serve only events the term index cannot prove anything about
  // (a non-string category…): compiled on first use, they cost no memory in a 222-rule pack otherwise.
  const predicates = data.rules.map((rule) =>
    data.mode === 'scan' ? compileQuery(rule.query, { mapping: data.mapping }).predicate : lazyPredicate(rule.query, data.mapping),
  );
  const scanners: (ChunkScanner | null)[] | null =
    data.mode === 'scan' ? data.rules.map((rule) => (rule.live ? createChunkScanner(rule.prefilter) : null)) : null;
  const index = data.mode === 'parse-all' ? createIndex(data) : null;

  return (task) => {
    const started = now();
    const bytes = asBuffer(task.bytes);
    const lines = indexLines(bytes);
    const count = lines.count;
    const reader = new LineReader(bytes, lines, task);
    const evaluated = new Int32Array(slots);
    const matches: number[][] = Array.from({ length: slots }, () => []);
    const matchedRanges: number[] = [];
    const firstMalformed: MalformedLine[] = [];
    let blank = 0;
    let parsed = 0;
    let malformed = 0;
    let matchedAny = 0;

    /** Parses line i; `undefined` (and the line reported) when it is not a JSON object. */
    const parse = (i: number): object | undefined => {
      parsed += 1;
      const start = reader.start(i);
      const end = reader.end(i);
      let value: unknown;
      let reason: string | undefined;
      try {
        value = JSON.parse(bytes.toString('utf8', start, end));
        if (typeof value !== 'object' || value === null || Array.isArray(value)) reason = notObjectReason(value);
      } catch (error) {
        reason = jsonErrorReason(error);
      }
      if (reason === undefined) return value as object;
      malformed += 1;
      if (firstMalformed.length < data.maxExamples) {
        firstMalformed.push(describeMalformed(task.source, reader.lineNumber(i), task.offset + lines.starts[i]!, bytes.subarray(start, end), reason));
      }
      return undefined;
    };

    /** Runs the rules `ruleSlots` (their predicates in `run`) on the event of line i. */
    const evaluate = (i: number, doc: object, ruleSlots: ArrayLike<number>, run: readonly ((doc: unknown) => boolean)[]): void => {
      let any = false;
      const line = reader.lineNumber(i);
      for (let k = 0; k < ruleSlots.length; k++) {
        const slot = ruleSlots[k]!;
        evaluated[slot]! += 1;
        if (run[slot]!(doc)) {
          matches[slot]!.push(line);
          any = true;
        }
      }
      if (any) {
        matchedAny += 1;
        if (data.collectMatchedText) matchedRanges.push(reader.start(i), reader.end(i));
      }
    };

    if (index !== null) {
      for (let i = 0; i < count; i++) {
        if (reader.isBlank(i)) {
          blank += 1;
          continue;
        }
        const doc = parse(i);
        if (doc === undefined) continue;
        const rules = index.dispatch(doc);
        evaluate(i, doc, rules.slots, rules.proven ? index.reduced : predicates);
      }
    } else {
      for (let i = 0; i < count; i++) if (reader.isBlank(i)) blank += 1;
      const candidates = unionOfCandidates(scanners!, bytes, lines);
      for (let i = 0; i < count; i++) {
        let link = candidates.head[i]!;
        if (link === -1 || reader.isBlank(i)) continue;
        const doc = parse(i);
        if (doc === undefined) continue;
        const ruleSlots: number[] = [];
        for (; link !== -1; link = candidates.next[link]!) ruleSlots.push(candidates.slot[link]!);
        evaluate(i, doc, ruleSlots, predicates);
      }
    }

    const matchOffsets = new Int32Array(slots + 1);
    let total = 0;
    for (let s = 0; s < slots; s++) {
      matchOffsets[s] = total;
      total += matches[s]!.length;
    }
    matchOffsets[slots] = total;
    const matchLines = new Float64Array(total);
    for (let s = 0; s < slots; s++) matchLines.set(matches[s]!, matchOffsets[s]!);

    let confusion: Int32Array | null = null;
    const examples: MismatchExample[] = [];
    if (task.labels !== null) {
      confusion = new Int32Array(task.labels.length * CONFUSION_WIDTH);
      const lastLine = task.firstLine + count - 1;
      task.labels.forEach((labels, k) => {
        // An NDJSON chunk was sent the expected lines that may fall in it: keep those that do.
        const expected = task.lineNumbers === null ? labels.lines.filter((line) => line <= lastLine) : labels.lines;
        const c = compareLabels(labels.slot, matches[labels.slot]!, expected, data.maxExamples, (line) => reader.textOfLine(line), examples);
        const notEvents = task.lineNumbers === null ? 0 : expected.filter((line) => !reader.has(line)).length;
        confusion!.set([labels.slot, c.truePositives, c.falsePositives, c.falseNegatives, notEvents], k * CONFUSION_WIDTH);
      });
    }

    return {
      sequence: task.sequence,
      lines: count,
      blank,
      parsed,
      malformed,
      firstMalformed,
      evaluated,
      matchOffsets,
      matchLines,
      matchedAny,
      matchedText: data.collectMatchedText ? joinRanges(bytes, matchedRanges) : null,
      confusion,
      examples,
      busyMs: now() - started,
      threadId,
    };
  };
}

/** A predicate compiled on its first call. */
function lazyPredicate(query: NormalizedQuery, mapping: Mapping | null): (doc: unknown) => boolean {
  let compiled: ((doc: unknown) => boolean) | undefined;
  return (doc) => {
    compiled ??= compileQuery(query, { mapping }).predicate;
    return compiled(doc);
  };
}

/** The term index of a rule set and the predicates of its rules without their indexed terms. */
interface RuleIndex {
  readonly dispatch: TermDispatch;
  readonly reduced: readonly ((doc: unknown) => boolean)[];
}

/**
 * Indexes the rules on the terms most of them require (term-index.ts) and on the literal starts of their
 * path wildcards (prefix-index.ts). Each rule is compiled a second time
 * without its indexed terms: the dispatch proves them, and re-reading the category, OS type and action for
 * each of fifty rules would cost more than the rest of their conditions.
 */
function createIndex(data: ReplayWorkerData): RuleIndex {
  const terms = data.rules.map((rule) => indexableTerms(rule.query));
  const fields = chooseIndexFields(
    terms.filter((_, slot) => data.rules[slot]!.live),
    data.mapping,
  );
  const indexed = terms.map((t) => fields.filter((field) => t.has(field)).map((field) => t.get(field)!));
  const prefixes = data.rules.map((rule) => prefixConstraintsOf(rule.query));
  const prefixFields = choosePrefixFields(
    prefixes.filter((_, slot) => data.rules[slot]!.live),
    data.mapping,
    fields,
  );
  const dispatch = createTermDispatch(
    indexed.map((list) => new Map(list.map((term) => [term.field, term.values as string[]]))),
    data.rules.map((rule) => rule.live),
    fields,
    data.mapping,
    prefixFields.map((field) => createPrefixFilter(prefixes.map((p) => p.get(field)), field, data.mapping)),
  );
  const reduced = data.rules.map((rule, slot) => compileQuery(withoutTerms(rule.query, indexed[slot]!), { mapping: data.mapping }).predicate);
  return { dispatch, reduced };
}

/** The lines of a chunk as the corpus readers see them (terminators, byte order mark, blank lines). */
class LineReader {
  private readonly bomEnd: number;

  constructor(
    private readonly bytes: Buffer,
    private readonly lines: LineIndex,
    private readonly task: ChunkTask,
  ) {
    const bom = task.fileStart && lines.count > 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    this.bomEnd = bom ? 3 : 0;
  }

  /** First byte of line i's text (after a byte order mark). */
  start(i: number): number {
    return i === 0 ? Math.max(this.lines.starts[0]!, this.bomEnd) : this.lines.starts[i]!;
  }

  /** End of line i's text (a `\r` before the `\n` excluded). */
  end(i: number): number {
    const end = this.lines.ends[i]!;
    return end > this.start(i) && this.bytes[end - 1] === CR ? end - 1 : end;
  }

  /** True when line i holds only spaces, tabs and `\r` (or nothing). */
  isBlank(i: number): boolean {
    const start = this.start(i);
    const end = this.lines.ends[i]!;
    if (start === end) return true;
    const first = this.bytes[start];
    if (first !== SPACE && first !== TAB && first !== CR) return false;
    for (let k = start; k < end; k++) {
      const b = this.bytes[k];
      if (b !== SPACE && b !== TAB && b !== CR) return false;
    }
    return true;
  }

  /** The 1-based corpus line of line i. */
  lineNumber(i: number): number {
    return this.task.lineNumbers === null ? this.task.firstLine + i : this.task.lineNumbers[i]!;
  }

  /** The text of corpus line `line` if it is a non-blank line of this chunk, else `null`. */
  textOfLine(line: number): string | null {
    const i = this.indexOf(line);
    if (i === -1 || this.isBlank(i)) return null;
    return this.bytes.toString('utf8', this.start(i), this.end(i));
  }

  /** True when corpus line `line` is a line of this chunk. */
  has(line: number): boolean {
    return this.indexOf(line) !== -1;
  }

  private indexOf(line: number): number {
    const numbers = this.task.lineNumbers;
    if (numbers === null) {
      const i = line - this.task.firstLine;
      return i >= 0 && i < this.lines.count ? i : -1;
    }
    let lo = 0;
    let hi = numbers.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const n = numbers[mid]!;
      if (n === line) return mid;
      if (n < line) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Per line, a linked list of the slots whose prefilter accepted it (`head[i] === -1`: none). */
interface Candidates {
  readonly head: Int32Array;
  readonly next: number[];
  readonly slot: number[];
}

function unionOfCandidates(scanners: readonly (ChunkScanner | null)[], bytes: Buffer, lines: LineIndex): Candidates {
  const head = new Int32Array(lines.count).fill(-1);
  const next: number[] = [];
  const slot: number[] = [];
  // Rules are linked in reverse so that each list comes out in ascending slot order.
  for (let s = scanners.length - 1; s >= 0; s--) {
    const scanner = scanners[s];
    if (scanner === null || scanner === undefined) continue;
    const { candidates } = scanner(bytes, lines);
    for (let k = 0; k < candidates.length; k++) {
      const i = candidates[k]!;
      next.push(head[i]!);
      slot.push(s);
      head[i] = next.length - 1;
    }
  }
  return { head, next, slot };
}

/** The byte ranges `[start0, end0, start1, end1, …]` of `bytes`, each followed by `\n`, in one new buffer. */
function joinRanges(bytes: Buffer, ranges: readonly number[]): Uint8Array {
  let size = 0;
  for (let k = 0; k < ranges.length; k += 2) size += ranges[k + 1]! - ranges[k]! + 1;
  const out = new Uint8Array(size);
  let at = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    out.set(bytes.subarray(ranges[k]!, ranges[k + 1]!), at);
    at += ranges[k + 1]! - ranges[k]!;
    out[at++] = LF;
  }
  return out;
}
