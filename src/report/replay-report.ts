/**
 * The report of a replay run: its JSON shape (what `replay --json` prints, one object) and its rendering
 * for a terminal — a Metric | Value | Unit summary (table.ts), a table per rule, then the first lines
 * where a rule and its labels disagree, with the event text.
 *
 * The report stage imports no other stage: the types here are the contract the replay engine fills.
 */
import type { Accuracy } from './accuracy.js';
import { formatMetric, renderMetricTable, type MetricRow } from './table.js';

/** A malformed corpus line as reported (the corpus readers' `MalformedLine`). */
export interface ReportedMalformedLine {
  readonly source: string;
  readonly line: number;
  readonly offset: number;
  readonly excerpt: string;
  readonly reason: string;
}

/** A line where a rule and its labels disagree. */
export interface ReplayMismatch {
  /** The corpus, as named on the command line. */
  readonly source: string;
  readonly line: number;
  readonly kind: 'false positive' | 'false negative';
  /** The event as read; `null` for a line that is not an event (blank, or beyond the end of the corpus). */
  readonly text: string | null;
}

/** One replayed rule. */
export interface ReplayRuleReport {
  /** The rule's id (`null` for a bare query or an `.eql` file): labels are keyed by it. */
  readonly id: string | null;
  readonly name: string;
  /** Where the rule came from (`builtin:ssh-keygen`, `rules.ndjson:12`, `query`). */
  readonly source: string;
  /** Events the rule matched. */
  readonly matches: number;
  /** Events the rule's predicate was evaluated on (after its prefilter, or the category dispatch). */
  readonly candidates: number;
  /** The first matches as `file:line` (at most ten). */
  readonly firstMatches: readonly string[];
  /** Against the labels, when some replayed corpus has labels naming this rule's id. */
  readonly accuracy?: Accuracy;
  /** The first disagreements with the labels, in input order (at most ten). */
  readonly mismatches?: readonly ReplayMismatch[];
}

/** A rule of a rule pack that was not replayed, and why. */
export interface ReplaySkippedRule {
  readonly source: string;
  readonly id: string | null;
  readonly name: string | null;
  readonly reason: string;
}

/** One replayed corpus. */
export interface ReplayCorpusReport {
  readonly source: string;
  readonly format: string | null;
  readonly compression: string | null;
  /** Lines read (blank lines included; for non-NDJSON formats, documents). */
  readonly lines: number;
  readonly events: number;
  /** Decompressed bytes read. */
  readonly bytes: number;
  /** The labels file used, or `null`. */
  readonly labels: string | null;
  /** False when the run stopped before the end of this corpus. */
  readonly complete: boolean;
}

/** Time one worker thread spent replaying chunks. */
export interface ReplayThreadReport {
  readonly thread: number;
  readonly busyMs: number;
  /** busyMs / the run's durationMs. */
  readonly busyShare: number;
}

/** The whole report (the `--json` output). */
export interface ReplayReport {
  /** True when the run was interrupted: every number covers only what was replayed. */
  readonly partial: boolean;
  /** Events replayed: non-blank lines that were not found malformed. */
  readonly events: number;
  /** Decompressed bytes read. */
  readonly bytes: number;
  readonly durationMs: number;
  readonly eventsPerSec: number;
  readonly bytesPerSec: number;
  /** Worker threads (0: inline on the main thread). */
  readonly threads: number;
  /** Target chunk size. */
  readonly chunkBytes: number;
  /** How lines were selected for parsing, and why. */
  readonly mode: 'scan' | 'parse-all';
  readonly modeReason: string;
  /** Lines read (blank included). */
  readonly lines: number;
  /** Lines handed to `JSON.parse`: the prefilter's candidates (every non-blank line in parse-all mode). */
  readonly parsed: number;
  /** Events matched by at least one rule. */
  readonly matches: number;
  readonly rules: readonly ReplayRuleReport[];
  readonly skippedRules: readonly ReplaySkippedRule[];
  /** Per-rule accuracy summed over every rule that has labels; `null` when none has. */
  readonly accuracy: Accuracy | null;
  /** Malformed lines met (in scan mode only among parsed lines; see `parsed`). */
  readonly malformed: number;
  readonly firstMalformed: readonly ReportedMalformedLine[];
  readonly threadBusy: readonly ReplayThreadReport[];
  readonly corpora: readonly ReplayCorpusReport[];
  /** Things a user must know to trust the numbers (labels that do not fit the corpus, …). */
  readonly warnings: readonly string[];
}

/** How many characters of an event the terminal report shows before cutting it. */
export const SHOWN_TEXT_CHARS = 400;

/** The summary rows of a report (for the terminal table and the HTML page). */
export function replaySummaryRows(report: ReplayReport): MetricRow[] {
  const share = report.lines === 0 ? null : (100 * report.parsed) / report.lines;
  const rows: MetricRow[] = [
    { metric: 'Events', value: formatMetric(report.events), unit: 'events' },
    { metric: 'Bytes', value: formatMetric(report.bytes), unit: 'bytes' },
    { metric: 'Duration', value: formatMetric(report.durationMs / 1000, 3), unit: 's' },
    { metric: 'Throughput', value: formatMetric(Math.round(report.eventsPerSec)), unit: 'events/s' },
    { metric: 'Throughput', value: formatMetric(report.bytesPerSec / 1e6, 1), unit: 'MB/s' },
    { metric: 'Threads', value: formatMetric(report.threads), unit: '' },
  ];
  for (const t of report.threadBusy) {
    rows.push({ metric: `Busy, thread ${t.thread}`, value: formatMetric(100 * t.busyShare, 1), unit: '%' });
  }
  rows.push(
    { metric: `Mode`, value: report.mode, unit: '' },
    { metric: 'Lines parsed (candidates)', value: formatMetric(report.parsed), unit: 'lines' },
    { metric: 'Lines parsed, share of lines', value: formatMetric(share, 3), unit: '%' },
    { metric: 'Rules replayed', value: formatMetric(report.rules.length), unit: 'rules' },
    { metric: 'Matches (by any rule)', value: formatMetric(report.matches), unit: 'events' },
    { metric: 'Malformed lines', value: formatMetric(report.malformed), unit: 'lines' },
  );
  if (report.accuracy !== null) {
    const a = report.accuracy;
    rows.push(
      { metric: 'True positives', value: formatMetric(a.truePositives), unit: 'events' },
      { metric: 'False positives', value: formatMetric(a.falsePositives), unit: 'events' },
      { metric: 'False negatives', value: formatMetric(a.falseNegatives), unit: 'events' },
      { metric: 'True negatives', value: formatMetric(a.trueNegatives), unit: 'events' },
      { metric: 'Precision', value: formatRatio(a.precision), unit: '' },
      { metric: 'Recall', value: formatRatio(a.recall), unit: '' },
    );
  }
  return rows;
}

/** A ratio with four decimals, `n/a` for `null` (a zero denominator, see accuracy.ts). */
export function formatRatio(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(4);
}

/** Renders a report for a terminal (every line ends with `\n`). */
export function renderReplayReport(report: ReplayReport): string {
  const out: string[] = [];
  if (report.partial) out.push('PARTIAL REPORT: the run was interrupted; every number covers only the events replayed before it stopped.', '');
  out.push(renderMetricTable(replaySummaryRows(report)).trimEnd(), '');
  out.push(renderRuleTable(report).trimEnd());
  if (report.skippedRules.length > 0) out.push('', skippedSummary(report.skippedRules));
  for (const rule of report.rules) {
    if (rule.mismatches === undefined || rule.mismatches.length === 0) continue;
    const a = rule.accuracy;
    const total = a === undefined ? rule.mismatches.length : a.falsePositives + a.falseNegatives;
    out.push('', `Mismatches of ${JSON.stringify(rule.name)} (${rule.id ?? 'no id'}): ${total}, the first ${rule.mismatches.length}:`);
    for (const m of rule.mismatches) {
      out.push(`  ${m.kind.padEnd(14)} ${m.source}:${m.line}`, `    ${m.text === null ? '(no event on this line)' : cut(m.text, SHOWN_TEXT_CHARS)}`);
    }
  }
  if (report.firstMalformed.length > 0) {
    out.push('', `Malformed lines: ${report.malformed}, the first ${report.firstMalformed.length}:`);
    for (const m of report.firstMalformed) out.push(`  ${m.source}:${m.line} (byte ${m.offset}): ${m.reason}`, `    | ${m.excerpt}`);
  }
  if (report.mode === 'scan') {
    out.push('', 'Note: in scan mode only prefilter candidates are parsed; a malformed line no rule could match is not seen (--validate parses every line).');
  }
  for (const warning of report.warnings) out.push('', `warning: ${warning}`);
  return `${out.join('\n')}\n`;
}

/** The per-rule table: matches, candidates and, for rules with labels, the confusion counts. */
export function renderRuleTable(report: ReplayReport): string {
  const labelled = report.rules.some((r) => r.accuracy !== undefined);
  const header = ['Rule', 'Id', 'Matches', 'Candidates', ...(labelled ? ['TP', 'FP', 'FN', 'TN', 'Precision', 'Recall'] : [])];
  const rows = report.rules.map((r) => {
    const a = r.accuracy;
    const accuracy = !labelled
      ? []
      : a === undefined
        ? ['-', '-', '-', '-', '-', '-']
        : [formatMetric(a.truePositives), formatMetric(a.falsePositives), formatMetric(a.falseNegatives), formatMetric(a.trueNegatives), formatRatio(a.precision), formatRatio(a.recall)];
    return [cut(r.name, 60), r.id ?? '-', formatMetric(r.matches), formatMetric(r.candidates), ...accuracy];
  });
  return renderColumns(header, rows, 2);
}

/**
 * A pipe table (Markdown-compatible) with `header`; columns from `firstNumeric` on are right-aligned.
 */
export function renderColumns(header: readonly string[], rows: readonly (readonly string[])[], firstNumeric: number): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => (c >= firstNumeric ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c >= firstNumeric ? `-${'-'.repeat(w)}:` : `:${'-'.repeat(w)}-`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].map((l) => `${l}\n`).join('');
}

/** `220 rules skipped: 217 sequence, 3 sample` — grouped by the first words of their reason. */
export function skippedSummary(skipped: readonly ReplaySkippedRule[]): string {
  const byKind = new Map<string, number>();
  for (const s of skipped) {
    const kind = /^(sequence|sample|join)\b/.exec(s.reason)?.[1] ?? 'other';
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const parts = [...byKind].map(([kind, n]) => `${n} ${kind}`);
  return `${skipped.length} rule${skipped.length === 1 ? '' : 's'} skipped (${parts.join(', ')}); --json lists each with its reason`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
