/**
 * What a push reports (PUSH.md §4): the machine-readable summary (`--json`), the Rally-like table rows
 * and the HTML report's input, all from one {@link PushResult}.
 */
import type { HtmlReportInput } from '../report/html-report.js';
import type { LatencySummary } from '../report/latency.js';
import { formatMetric, type MetricRow } from '../report/table.js';
import type { RateStats, ThroughputSummary } from '../report/throughput.js';
import type { PushResult, PushSettings, PushStatus } from './push-corpus.js';
import type { TargetCounts } from './push-ledger.js';

/** A latency summary in JSON form: `p50`, `p90`, … keys only for the percentiles the count supports. */
export interface LatencyJson {
  readonly count: number;
  readonly min: number | null;
  readonly mean: number | null;
  readonly max: number | null;
  readonly [percentile: `p${string}`]: number;
}

/** The `--json` document. Times in ms, rates per second, sizes in bytes. */
export interface PushSummary {
  readonly status: PushStatus;
  readonly error: string | null;
  readonly settings: PushSettings;
  readonly events: number;
  readonly acked: number;
  readonly duplicates: number;
  readonly deadLettered: number;
  readonly unaccounted: { readonly count: number; readonly examples: readonly string[] };
  readonly skippedByResume: number;
  /** Documents re-sent after a retryable failure (each re-send counted). */
  readonly retried: number;
  readonly requests: number;
  readonly failedRequests: number;
  readonly splits: number;
  readonly errorRate: { readonly requests: number | null; readonly documents: number | null };
  readonly elapsedMs: number;
  readonly docsPerSec: RateStats & { readonly overall: number | null };
  readonly bytesPerSec: RateStats & { readonly overall: number | null };
  readonly bytesSent: number;
  readonly bytesUncompressed: number;
  readonly serviceTimeMs: LatencyJson;
  /** From the scheduled send time; equal to service time (and flagged) when sends were not scheduled. */
  readonly latencyMs: LatencyJson;
  readonly latencyFromSchedule: boolean;
  readonly tookMs: LatencyJson;
  readonly targets: Readonly<Record<string, TargetCounts>>;
  readonly throughput: {
    readonly buckets: ThroughputSummary['buckets'];
    readonly measuredSeconds: ThroughputSummary['measuredSeconds'];
    readonly excluded: ThroughputSummary['excluded'];
  };
  readonly deadLetterFile: string | null;
}

/** Builds the summary; `warmupSeconds` is left out of the throughput stats (default 1). */
export function summarizePush(result: PushResult, options: { warmupSeconds?: number } = {}): PushSummary {
  const m = result.metrics;
  const throughput = m.throughput.summarize(m.startMs + result.elapsedMs, { warmupSeconds: options.warmupSeconds ?? 1 });
  const service = latencyJson(m.serviceTime.summarize());
  return {
    status: result.status,
    error: result.fatal?.message ?? null,
    settings: result.settings,
    events: result.events,
    acked: result.acked,
    duplicates: result.duplicates,
    deadLettered: result.deadLettered,
    unaccounted: result.unaccounted,
    skippedByResume: result.skippedByResume,
    retried: m.retried,
    requests: m.requests,
    failedRequests: m.failedRequests,
    splits: m.splits,
    errorRate: {
      requests: m.requests === 0 ? null : m.failedRequests / m.requests,
      documents: m.docAttempts === 0 ? null : m.docErrors / m.docAttempts,
    },
    elapsedMs: round(result.elapsedMs),
    docsPerSec: { ...roundStats(throughput.docsPerSec), overall: roundOrNull(throughput.overallDocsPerSec) },
    bytesPerSec: { ...roundStats(throughput.bytesPerSec), overall: roundOrNull(throughput.overallBytesPerSec) },
    bytesSent: m.wireBytes,
    bytesUncompressed: m.rawBytes,
    serviceTimeMs: service,
    latencyMs: result.scheduled ? latencyJson(m.latency.summarize()) : service,
    latencyFromSchedule: result.scheduled,
    tookMs: latencyJson(m.took.summarize()),
    targets: Object.fromEntries([...result.targets].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }])),
    throughput: { buckets: throughput.buckets, measuredSeconds: throughput.measuredSeconds, excluded: throughput.excluded },
    deadLetterFile: result.deadLetterFile,
  };
}

/** The Rally-like table rows of a summary. Latency rows appear only when sends were scheduled. */
export function pushSummaryRows(s: PushSummary): MetricRow[] {
  const rows: MetricRow[] = [
    { metric: 'Events', value: formatMetric(s.events), unit: 'docs' },
    { metric: 'Acked', value: formatMetric(s.acked), unit: 'docs' },
    { metric: 'Duplicates (409, already stored)', value: formatMetric(s.duplicates), unit: 'docs' },
    { metric: 'Dead-lettered', value: formatMetric(s.deadLettered), unit: 'docs' },
    { metric: 'Unaccounted', value: formatMetric(s.unaccounted.count), unit: 'docs' },
  ];
  if (s.skippedByResume > 0) rows.push({ metric: 'Skipped (done before resume)', value: formatMetric(s.skippedByResume), unit: 'docs' });
  rows.push(
    { metric: 'Retried', value: formatMetric(s.retried), unit: 'docs' },
    { metric: 'Requests', value: formatMetric(s.requests), unit: '' },
    { metric: 'Elapsed', value: formatMetric(s.elapsedMs / 1000), unit: 's' },
    { metric: 'Min Throughput', value: formatMetric(s.docsPerSec.min), unit: 'docs/s' },
    { metric: 'Mean Throughput', value: formatMetric(s.docsPerSec.mean), unit: 'docs/s' },
    { metric: 'Median Throughput', value: formatMetric(s.docsPerSec.median), unit: 'docs/s' },
    { metric: 'Max Throughput', value: formatMetric(s.docsPerSec.max), unit: 'docs/s' },
    { metric: 'Mean Throughput (bytes on the wire)', value: formatMetric(s.bytesPerSec.mean === null ? null : s.bytesPerSec.mean / 1_048_576), unit: 'MiB/s' },
  );
  if (s.latencyFromSchedule) rows.push(...percentileRows('latency', s.latencyMs));
  rows.push(...percentileRows('service time', s.serviceTimeMs));
  rows.push(...percentileRows('server took', s.tookMs));
  rows.push(
    { metric: 'Error rate (requests)', value: formatMetric(s.errorRate.requests === null ? null : s.errorRate.requests * 100), unit: '%' },
    { metric: 'Error rate (documents)', value: formatMetric(s.errorRate.documents === null ? null : s.errorRate.documents * 100), unit: '%' },
  );
  return rows;
}

/** The HTML report's input. `generatedAt` is injected so reports are reproducible. */
export function pushHtmlInput(s: PushSummary, generatedAt: string): HtmlReportInput {
  const series = [{ name: 'service time', percentiles: percentilesOf(s.serviceTimeMs) }];
  if (s.latencyFromSchedule) series.unshift({ name: 'latency', percentiles: percentilesOf(s.latencyMs) });
  return {
    title: `eql-replay push: ${s.acked.toLocaleString('en-US')} acked of ${s.events.toLocaleString('en-US')} events (${s.status})`,
    details: [
      `target ${s.settings.url}; profile ${s.settings.profile}: ${s.settings.bulkMaxSize} docs/bulk, ${s.settings.workers} worker(s) × ${s.settings.agents} agent(s), gzip level ${s.settings.compressionLevel}`,
      `rate: ${s.settings.ratePerSec === null ? 'unlimited (service time only)' : `${s.settings.ratePerSec} docs/s target (latency from the schedule)`}`,
      `throughput stats exclude: ${s.throughput.excluded.join(', ') || 'nothing'}`,
      ...Object.entries(s.targets).map(([t, c]) => `${t}: ${c.acked} acked, ${c.duplicates} duplicates, ${c.deadLettered} dead-lettered`),
    ],
    metrics: pushSummaryRows(s),
    throughput: s.throughput.buckets,
    measuredSeconds: s.throughput.measuredSeconds,
    latency: series,
    generatedAt,
  };
}

function percentileRows(name: string, l: LatencyJson): MetricRow[] {
  return percentilesOf(l).map((p) => ({ metric: `${ordinal(p.percentile)} percentile ${name}`, value: formatMetric(p.valueMs), unit: 'ms' }));
}

function percentilesOf(l: LatencyJson): { percentile: number; valueMs: number }[] {
  return Object.entries(l)
    .filter(([k]) => k.startsWith('p'))
    .map(([k, v]) => ({ percentile: Number(k.slice(1)), valueMs: v as number }));
}

function ordinal(p: number): string {
  return p === 100 ? '100th' : `${p}th`;
}

function latencyJson(l: LatencySummary): LatencyJson {
  const out: Record<string, number | null> = { count: l.count, min: l.minMs, mean: l.meanMs, max: l.maxMs };
  for (const p of l.percentiles) out[`p${p.percentile}`] = p.valueMs;
  return out as unknown as LatencyJson;
}

function roundStats(r: RateStats): RateStats {
  return { min: roundOrNull(r.min), mean: roundOrNull(r.mean), median: roundOrNull(r.median), max: roundOrNull(r.max) };
}

function roundOrNull(v: number | null): number | null {
  return v === null ? null : round(v);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
