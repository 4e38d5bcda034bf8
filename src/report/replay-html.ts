/**
 * The replay report as one self-contained HTML page (`replay --report F.html`): inline CSS, no script, no
 * network — it opens from a file or an attachment exactly as written. Same facts as the terminal report:
 * the summary (table.ts rows), one row per rule with its accuracy, the mismatching events with their
 * text, malformed lines, skipped rules and warnings. Escaping reuses html-report.ts's `escapeHtml`.
 */
import { escapeHtml } from './html-report.js';
import { formatRatio, replaySummaryRows, type ReplayReport } from './replay-report.js';
import { formatMetric } from './table.js';

/** What the page says besides the report. */
export interface ReplayHtmlOptions {
  /** ISO time of generation (injected: the page is reproducible). */
  readonly generatedAt: string;
  /** Lines under the title (rules, corpora, options); plain text. */
  readonly details?: readonly string[];
}

/** Renders the page (UTF-8). */
export function renderReplayHtml(report: ReplayReport, options: ReplayHtmlOptions): string {
  const title = `eql-replay: ${report.rules.length} rule${report.rules.length === 1 ? '' : 's'} over ${formatMetric(report.events)} events${report.partial ? ' (partial)' : ''}`;
  const details = (options.details ?? []).map((d) => `<li>${escapeHtml(d)}</li>`).join('');
  const summary = replaySummaryRows(report)
    .map((r) => `<tr><td>${escapeHtml(r.metric)}</td><td class="num">${escapeHtml(r.value)}</td><td>${escapeHtml(r.unit)}</td></tr>`)
    .join('\n');
  const labelled = report.rules.some((r) => r.accuracy !== undefined);
  const ruleRows = report.rules
    .map((r) => {
      const a = r.accuracy;
      const accuracy = !labelled
        ? ''
        : a === undefined
          ? '<td colspan="6">no labels</td>'
          : [a.truePositives, a.falsePositives, a.falseNegatives, a.trueNegatives].map((n) => `<td class="num">${formatMetric(n)}</td>`).join('') +
            `<td class="num">${formatRatio(a.precision)}</td><td class="num">${formatRatio(a.recall)}</td>`;
      const bad = a !== undefined && a.falsePositives + a.falseNegatives > 0 ? ' class="mismatch"' : '';
      return `<tr${bad}><td>${escapeHtml(r.name)}</td><td><code>${escapeHtml(r.id ?? '-')}</code></td><td class="num">${formatMetric(r.matches)}</td><td class="num">${formatMetric(r.candidates)}</td>${accuracy}</tr>`;
    })
    .join('\n');
  const accuracyHead = labelled ? '<th>TP</th><th>FP</th><th>FN</th><th>TN</th><th>Precision</th><th>Recall</th>' : '';
  const mismatches = report.rules
    .filter((r) => (r.mismatches?.length ?? 0) > 0)
    .map(
      (r) =>
        `<h3>${escapeHtml(r.name)}</h3>\n<table class="events"><thead><tr><th>Kind</th><th>Line</th><th>Event</th></tr></thead><tbody>\n` +
        r.mismatches!
          .map(
            (m) =>
              `<tr data-kind="${escapeHtml(m.kind)}"><td>${escapeHtml(m.kind)}</td><td><code>${escapeHtml(`${m.source}:${m.line}`)}</code></td><td><pre>${escapeHtml(m.text ?? '(no event on this line)')}</pre></td></tr>`,
          )
          .join('\n') +
        '\n</tbody></table>',
    )
    .join('\n');
  const malformed = report.firstMalformed
    .map((m) => `<tr><td><code>${escapeHtml(`${m.source}:${m.line}`)}</code></td><td class="num">${m.offset}</td><td>${escapeHtml(m.reason)}</td><td><pre>${escapeHtml(m.excerpt)}</pre></td></tr>`)
    .join('\n');
  const skipped = report.skippedRules
    .map((s) => `<tr><td>${escapeHtml(s.name ?? s.id ?? '-')}</td><td><code>${escapeHtml(s.source)}</code></td><td>${escapeHtml(s.reason)}</td></tr>`)
    .join('\n');
  const warnings = report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px}h3{font-size:15px;margin:16px 0 6px}
ul.details{margin:0;padding-left:18px;color:#555;font-size:13px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.mismatch td{background:#fdecea}
pre{margin:0;white-space:pre-wrap;word-break:break-all;max-width:900px;font-size:12px}
.partial{background:#fff3cd;border:1px solid #e0c46c;padding:8px 12px;margin:12px 0}
.warnings li{color:#8a4b00}
footer{margin-top:24px;color:#888;font-size:12px}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<ul class="details">${details}</ul>
${report.partial ? '<p class="partial" id="partial">Partial report: the run was interrupted; every number covers only the events replayed before it stopped.</p>' : ''}
${warnings === '' ? '' : `<h2>Warnings</h2>\n<ul class="warnings" id="warnings">${warnings}</ul>`}
<h2>Summary</h2>
<p>${escapeHtml(`mode ${report.mode}: ${report.modeReason}`)}</p>
<table id="summary"><thead><tr><th>Metric</th><th>Value</th><th>Unit</th></tr></thead>
<tbody>
${summary}
</tbody></table>
<h2>Rules</h2>
<table id="rules"><thead><tr><th>Rule</th><th>Id</th><th>Matches</th><th>Candidates</th>${accuracyHead}</tr></thead>
<tbody>
${ruleRows}
</tbody></table>
${mismatches === '' ? '' : `<h2>Mismatches (the first per rule, in input order)</h2>\n<div id="mismatches">\n${mismatches}\n</div>`}
${malformed === '' ? '' : `<h2>Malformed lines (${formatMetric(report.malformed)})</h2>\n<table id="malformed"><thead><tr><th>Line</th><th>Byte</th><th>Reason</th><th>Excerpt</th></tr></thead><tbody>\n${malformed}\n</tbody></table>`}
${skipped === '' ? '' : `<h2>Skipped rules (${report.skippedRules.length})</h2>\n<table id="skipped"><thead><tr><th>Rule</th><th>Source</th><th>Reason</th></tr></thead><tbody>\n${skipped}\n</tbody></table>`}
<footer>generated ${escapeHtml(options.generatedAt)} by eql-replay</footer>
</body>
</html>
`;
}
