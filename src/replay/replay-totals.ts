/**
 * The replay's running totals: chunk results merged strictly in input order (the run loop's reorder
 * buffer guarantees it), then turned into the {@link ReplayReport}. Line numbers are per corpus; matches
 * and mismatches are named `file:line`.
 */
import type { MalformedLine } from '../corpus/describe-malformed.js';
import { confusionCounts, sumAccuracy, type ConfusionCounts } from '../report/accuracy.js';
import type {
  ReplayCorpusReport,
  ReplayMismatch,
  ReplayReport,
  ReplayRuleReport,
  ReplaySkippedRule,
  ReplayThreadReport,
} from '../report/replay-report.js';
import { CONFUSION_WIDTH } from './chunk-matcher.js';
import type { CorpusTruth } from './corpus-labels.js';
import type { ChunkResult, ReplayMode } from './protocol.js';
import type { ReplayRule } from './replay-rules.js';

/** How many first matches, mismatches and malformed lines a report keeps. */
export const REPORTED_EXAMPLES = 10;

/** Per labelled rule of one corpus. */
interface RuleConfusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** False negatives on lines that are not events of the corpus (no document, beyond its end). */
  notEvents: number;
}

/** Totals of one corpus. */
interface CorpusTotals {
  readonly source: string;
  readonly truth: CorpusTruth | null;
  readonly confusion: Map<number, RuleConfusion>;
  lines: number;
  blank: number;
  malformed: number;
  lastLine: number;
  chunkBytes: number;
  bytes: number | null;
  format: string | null;
  compression: string | null;
  complete: boolean;
}

/** What the run knows when it ends, besides the merged results. */
export interface ReplayRunFacts {
  readonly partial: boolean;
  readonly durationMs: number;
  readonly threads: number;
  readonly chunkBytes: number;
  readonly mode: ReplayMode;
  readonly modeReason: string;
  readonly skippedRules: readonly ReplaySkippedRule[];
}

/** What a corpus's reading says when it ends. */
export interface CorpusEnd {
  readonly complete: boolean;
  /** Decompressed bytes read. */
  readonly bytes: number;
  readonly format: string | null;
  readonly compression: string | null;
}

/** Merges chunk results in order. */
export class ReplayTotals {
  private readonly corpora: CorpusTotals[];
  private readonly matches: number[];
  private readonly evaluated: number[];
  private readonly firstMatches: string[][];
  private readonly mismatches: ReplayMismatch[][];
  private readonly malformedLines: { readonly corpus: number; readonly line: MalformedLine }[] = [];
  private readonly busy = new Map<number, number>();
  private readonly warnings: string[] = [];
  private parsed = 0;
  private matchedAny = 0;
  private readerMalformedCount = 0;
  /** Bytes of the chunks merged so far (progress). */
  bytesMerged = 0;
  /** Events merged so far (progress). */
  eventsMerged = 0;

  constructor(
    private readonly rules: readonly ReplayRule[],
    sources: readonly string[],
    truths: readonly (CorpusTruth | null)[],
  ) {
    this.corpora = sources.map((source, i) => ({
      source,
      truth: truths[i] ?? null,
      confusion: new Map([...(truths[i]?.expected.keys() ?? [])].map((slot) => [slot, { truePositives: 0, falsePositives: 0, falseNegatives: 0, notEvents: 0 }])),
      lines: 0,
      blank: 0,
      malformed: 0,
      lastLine: 0,
      chunkBytes: 0,
      bytes: null,
      format: null,
      compression: null,
      complete: false,
    }));
    this.matches = rules.map(() => 0);
    this.evaluated = rules.map(() => 0);
    this.firstMatches = rules.map(() => []);
    this.mismatches = rules.map(() => []);
    truths.forEach((truth, i) => {
      if (truth !== null && truth.expected.size === 0) {
        const named = Object.keys(truth.labels.expected);
        this.warnings.push(
          `labels ${truth.path} name no replayed rule (they have ${named.length === 0 ? 'none' : named.join(', ')}): ${sources[i]} gets no accuracy`,
        );
      }
    });
  }

  /** Merges the next chunk result of corpus `corpus` (results must come in input order). */
  add(corpus: number, result: ChunkResult, chunkBytes: number): void {
    const c = this.corpora[corpus]!;
    c.lines += result.lines;
    c.blank += result.blank;
    c.malformed += result.malformed;
    c.chunkBytes += chunkBytes;
    this.bytesMerged += chunkBytes;
    this.eventsMerged += result.lines - result.blank - result.malformed;
    this.parsed += result.parsed;
    this.matchedAny += result.matchedAny;
    for (const line of result.firstMalformed) this.keepMalformed(corpus, line);
    this.busy.set(result.threadId, (this.busy.get(result.threadId) ?? 0) + result.busyMs);
    for (let slot = 0; slot < this.rules.length; slot++) {
      this.evaluated[slot]! += result.evaluated[slot]!;
      const from = result.matchOffsets[slot]!;
      const to = result.matchOffsets[slot + 1]!;
      this.matches[slot]! += to - from;
      const first = this.firstMatches[slot]!;
      for (let k = from; k < to && first.length < REPORTED_EXAMPLES; k++) first.push(`${c.source}:${result.matchLines[k]}`);
    }
    if (result.confusion !== null) {
      for (let k = 0; k < result.confusion.length; k += CONFUSION_WIDTH) {
        const counts = c.confusion.get(result.confusion[k]!);
        if (counts === undefined) continue;
        counts.truePositives += result.confusion[k + 1]!;
        counts.falsePositives += result.confusion[k + 2]!;
        counts.falseNegatives += result.confusion[k + 3]!;
        counts.notEvents += result.confusion[k + 4]!;
      }
    }
    for (const e of result.examples) this.keepMismatch(e.slot, { source: c.source, line: e.line, kind: e.kind === 'fp' ? 'false positive' : 'false negative', text: e.text });
  }

  /** Notes the last line of a merged chunk of corpus `corpus`. */
  noteLastLine(corpus: number, line: number): void {
    const c = this.corpora[corpus]!;
    c.lastLine = Math.max(c.lastLine, line);
  }

  /** A malformed line met by the corpus reader (non-NDJSON formats). */
  addReaderMalformed(corpus: number, line: MalformedLine): void {
    this.readerMalformedCount += 1;
    this.keepMalformed(corpus, line);
  }

  /** Ends corpus `corpus`: expected lines past its last line are false negatives; labels that do not fit are warned about. */
  endCorpus(corpus: number, end: CorpusEnd): void {
    const c = this.corpora[corpus]!;
    c.complete = end.complete;
    c.bytes = end.bytes;
    c.format = end.format;
    c.compression = end.compression;
    const truth = c.truth;
    if (truth === null || !end.complete) return;
    for (const [slot, lines] of truth.expected) {
      const beyond = lines.filter((line) => line > c.lastLine);
      if (beyond.length === 0) continue;
      const counts = c.confusion.get(slot)!;
      counts.falseNegatives += beyond.length;
      counts.notEvents += beyond.length;
      for (const line of beyond) this.keepMismatch(slot, { source: c.source, line, kind: 'false negative', text: null });
    }
    if (truth.labels.events !== c.lines) {
      this.warnings.push(
        `labels ${truth.path} describe ${truth.labels.events} events but ${c.source} has ${c.lines} ${c.format === 'ndjson' ? 'lines' : 'documents'}: they may belong to another corpus`,
      );
    }
  }

  /** The report. */
  report(facts: ReplayRunFacts): ReplayReport {
    const events = this.corpora.reduce((sum, c) => sum + c.lines - c.blank - c.malformed, 0);
    const lines = this.corpora.reduce((sum, c) => sum + c.lines, 0);
    const bytes = this.corpora.reduce((sum, c) => sum + (c.bytes ?? c.chunkBytes), 0);
    const seconds = facts.durationMs / 1000;
    const ruleCounts: ConfusionCounts[] = [];
    const rules: ReplayRuleReport[] = this.rules.map((rule, slot) => {
      const parts = this.corpora.flatMap((c) => {
        const counts = c.confusion.get(slot);
        return counts === undefined ? [] : [confusionCounts(c.lines + counts.notEvents, counts.truePositives, counts.falsePositives, counts.falseNegatives)];
      });
      const accuracy = sumAccuracy(parts);
      if (accuracy !== null) ruleCounts.push(accuracy);
      return {
        id: rule.id,
        name: rule.name,
        source: rule.source,
        matches: this.matches[slot]!,
        candidates: this.evaluated[slot]!,
        firstMatches: this.firstMatches[slot]!,
        ...(accuracy === null ? {} : { accuracy, mismatches: this.mismatches[slot]! }),
      };
    });
    const threadBusy: ReplayThreadReport[] = [...this.busy]
      .sort(([a], [b]) => a - b)
      .map(([thread, busyMs]) => ({ thread, busyMs, busyShare: facts.durationMs > 0 ? busyMs / facts.durationMs : 0 }));
    const corpora: ReplayCorpusReport[] = this.corpora.map((c) => ({
      source: c.source,
      format: c.format,
      compression: c.compression,
      lines: c.lines,
      events: c.lines - c.blank - c.malformed,
      bytes: c.bytes ?? c.chunkBytes,
      labels: c.truth?.path ?? null,
      complete: c.complete,
    }));
    const malformed = this.corpora.reduce((sum, c) => sum + c.malformed, 0) + this.readerMalformedCount;
    return {
      partial: facts.partial,
      events,
      bytes,
      durationMs: facts.durationMs,
      eventsPerSec: seconds > 0 ? events / seconds : 0,
      bytesPerSec: seconds > 0 ? bytes / seconds : 0,
      threads: facts.threads,
      chunkBytes: facts.chunkBytes,
      mode: facts.mode,
      modeReason: facts.modeReason,
      lines,
      parsed: this.parsed,
      matches: this.matchedAny,
      rules,
      skippedRules: facts.skippedRules,
      accuracy: sumAccuracy(ruleCounts),
      malformed,
      firstMalformed: [...this.malformedLines]
        .sort((a, b) => a.corpus - b.corpus || a.line.line - b.line.line)
        .slice(0, REPORTED_EXAMPLES)
        .map((m) => m.line),
      threadBusy,
      corpora,
      warnings: this.warnings,
    };
  }

  private keepMalformed(corpus: number, line: MalformedLine): void {
    // Bounded per corpus; the report sorts them by corpus and line and keeps the first ten overall.
    if (this.malformedLines.filter((m) => m.corpus === corpus).length < REPORTED_EXAMPLES) this.malformedLines.push({ corpus, line });
  }

  private keepMismatch(slot: number, mismatch: ReplayMismatch): void {
    const list = this.mismatches[slot]!;
    if (list.length < REPORTED_EXAMPLES) list.push(mismatch);
  }
}
