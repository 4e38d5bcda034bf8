/**
 * A self-contained HTML load-test report (PUSH.md §4): one page, inline CSS and inline SVG charts, no
 * script, no network, no external font — it opens from a file or an attachment exactly as written.
 *
 * Charts:
 * - throughput over time: one `<rect class="bar">` per one-second bucket (`data-second`, `data-docs`);
 *   warm-up and excluded seconds carry the extra class `excluded`;
 * - latency percentiles: one `<polyline class="series">` and one `<circle class="point">` per shown
 *   percentile for each series (`data-series`, `data-percentile`, `data-value-ms`).
 */
import type { PercentileValue } from './latency.js';
import type { MetricRow } from './table.js';
import type { ThroughputBucket } from './throughput.js';

/** A named percentile series (e.g. "service time", "latency"). */
export interface PercentileSeries {
  readonly name: string;
  readonly percentiles: readonly PercentileValue[];
}

/** What {@link renderHtmlReport} draws. */
export interface HtmlReportInput {
  readonly title: string;
  /** Lines under the title (target, options, versions); plain text. */
  readonly details?: readonly string[];
  readonly metrics: readonly MetricRow[];
  readonly throughput: readonly ThroughputBucket[];
  /** Buckets inside this inclusive range are the measured ones; others are drawn as excluded. */
  readonly measuredSeconds: readonly [number, number] | null;
  readonly latency: readonly PercentileSeries[];
  /** ISO time the report was generated (injected: reports are reproducible). */
  readonly generatedAt: string;
}

const WIDTH = 960;
const HEIGHT = 300;
const PAD = { left: 70, right: 20, top: 20, bottom: 40 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

/** Renders the report as a complete HTML document (UTF-8). */
export function renderHtmlReport(input: HtmlReportInput): string {
  const details = (input.details ?? []).map((d) => `<li>${escapeHtml(d)}</li>`).join('');
  const rows = input.metrics
    .map((r) => `<tr><td>${escapeHtml(r.metric)}</td><td class="num">${escapeHtml(r.value)}</td><td>${escapeHtml(r.unit)}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px}
ul.details{margin:0;padding-left:18px;color:#555;font-size:13px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
svg{background:#fafafa;border:1px solid #ddd}svg text{font-size:11px;fill:#444}
.bar{fill:#1f77b4}.bar.excluded{fill:#9ecae1}.axis{stroke:#888;stroke-width:1}.grid{stroke:#e4e4e4}
.series{fill:none;stroke-width:2}.legend{font-size:12px}
footer{margin-top:24px;color:#888;font-size:12px}
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<ul class="details">${details}</ul>
<h2>Summary</h2>
<table id="summary"><thead><tr><th>Metric</th><th>Value</th><th>Unit</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Throughput over time (documents per second)</h2>
${throughputChart(input.throughput, input.measuredSeconds)}
<h2>Latency percentiles (ms)</h2>
${latencyChart(input.latency)}
<footer>generated ${escapeHtml(input.generatedAt)} by eql-replay</footer>
</body>
</html>
`;
}

function throughputChart(buckets: readonly ThroughputBucket[], measured: readonly [number, number] | null): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const maxDocs = niceCeil(Math.max(1, ...buckets.map((b) => b.docs)));
  const slot = buckets.length === 0 ? plotW : plotW / buckets.length;
  const barW = Math.max(1, slot * 0.8);
  const bars = buckets
    .map((b, i) => {
      const h = (b.docs / maxDocs) * plotH;
      const x = PAD.left + i * slot + (slot - barW) / 2;
      const y = PAD.top + plotH - h;
      const inMeasured = measured !== null && b.second >= measured[0] && b.second <= measured[1];
      return `<rect class="bar${inMeasured ? '' : ' excluded'}" data-second="${b.second}" data-docs="${b.docs}" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(barW)}" height="${fmt(h)}"><title>second ${b.second}: ${b.docs} docs</title></rect>`;
    })
    .join('\n');
  const xLabels = pickTicks(buckets.length)
    .map((i) => `<text x="${fmt(PAD.left + i * slot + slot / 2)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${i}s</text>`)
    .join('');
  return `<svg id="throughput-chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="documents per second over time">
${yAxis(maxDocs, plotH)}
${bars}
${xLabels}
<text x="${WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle">seconds since start (light bars: warm-up / partial, not in the stats)</text>
</svg>`;
}

function latencyChart(series: readonly PercentileSeries[]): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const labels = [...new Set(series.flatMap((s) => s.percentiles.map((p) => p.percentile)))].sort((a, b) => a - b);
  const maxMs = niceCeil(Math.max(1, ...series.flatMap((s) => s.percentiles.map((p) => p.valueMs))));
  const step = labels.length <= 1 ? 0 : plotW / (labels.length - 1);
  const xOf = (p: number): number => PAD.left + (labels.length <= 1 ? plotW / 2 : labels.indexOf(p) * step);
  const yOf = (ms: number): number => PAD.top + plotH - (ms / maxMs) * plotH;
  const drawn = series
    .map((s, i) => {
      const color = COLORS[i % COLORS.length]!;
      const pts = s.percentiles.map((p) => `${fmt(xOf(p.percentile))},${fmt(yOf(p.valueMs))}`).join(' ');
      const circles = s.percentiles
        .map(
          (p) =>
            `<circle class="point" data-series="${escapeHtml(s.name)}" data-percentile="${p.percentile}" data-value-ms="${p.valueMs}" cx="${fmt(xOf(p.percentile))}" cy="${fmt(yOf(p.valueMs))}" r="4" fill="${color}"><title>${escapeHtml(s.name)} p${p.percentile}: ${p.valueMs} ms</title></circle>`,
        )
        .join('');
      const legend = `<text class="legend" x="${PAD.left + 10}" y="${PAD.top + 14 + i * 16}" style="fill:${color}">■ ${escapeHtml(s.name)}</text>`;
      return `<polyline class="series" data-series="${escapeHtml(s.name)}" stroke="${color}" points="${pts}"/>${circles}${legend}`;
    })
    .join('\n');
  const xLabels = labels
    .map((p) => `<text x="${fmt(xOf(p))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">p${p}</text>`)
    .join('');
  const empty = labels.length === 0 ? `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no samples</text>` : '';
  return `<svg id="latency-chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="latency percentiles">
${yAxis(maxMs, plotH)}
${drawn}
${xLabels}${empty}
</svg>`;
}

function yAxis(max: number, plotH: number): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = PAD.top + plotH - f * plotH;
    return `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fmt(y)}" y2="${fmt(y)}"/><text x="${PAD.left - 6}" y="${fmt(y + 4)}" text-anchor="end">${shortNumber(max * f)}</text>`;
  });
  return `${ticks.join('')}<line class="axis" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}"/><line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>`;
}

function pickTicks(count: number): number[] {
  if (count === 0) return [];
  const every = Math.max(1, Math.ceil(count / 12));
  const ticks: number[] = [];
  for (let i = 0; i < count; i += every) ticks.push(i);
  return ticks;
}

/** Rounds up to 1, 2 or 5 × a power of ten so axes read cleanly. */
function niceCeil(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (value <= m * magnitude) return m * magnitude;
  return 10 * magnitude;
}

function shortNumber(value: number): string {
  if (value >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (value >= 1e3) return `${+(value / 1e3).toFixed(1)}k`;
  return `${+value.toFixed(2)}`;
}

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
