/**
 * A Rally-like summary table (PUSH.md §4): `| Metric | Value | Unit |` rows, numbers right-aligned, in a
 * Markdown-compatible pipe layout so the output pastes into an issue as a table.
 */

/** One row of a summary. `value` is already formatted (see {@link formatMetric}). */
export interface MetricRow {
  readonly metric: string;
  readonly value: string;
  readonly unit: string;
}

/**
 * Renders rows under the header `Metric | Value | Unit`. Metric names are left-aligned, values
 * right-aligned; every line ends with `\n`.
 */
export function renderMetricTable(rows: readonly MetricRow[]): string {
  const header: MetricRow = { metric: 'Metric', value: 'Value', unit: 'Unit' };
  const all = [header, ...rows];
  const w = {
    metric: Math.max(...all.map((r) => r.metric.length)),
    value: Math.max(...all.map((r) => r.value.length)),
    unit: Math.max(...all.map((r) => r.unit.length)),
  };
  const line = (r: MetricRow): string =>
    `| ${r.metric.padEnd(w.metric)} | ${r.value.padStart(w.value)} | ${r.unit.padEnd(w.unit)} |`;
  const rule = `|:${'-'.repeat(w.metric)}-|-${'-'.repeat(w.value)}:|:${'-'.repeat(w.unit)}-|`;
  return [line(header), rule, ...rows.map(line)].map((l) => `${l}\n`).join('');
}

/**
 * Formats a metric value: `null` → `-`; integers with thousands separators; other numbers with
 * `fractionDigits` decimals (default 2). Locale-independent (always `,` and `.`).
 */
export function formatMetric(value: number | null, fractionDigits = 2): string {
  if (value === null || !Number.isFinite(value)) return '-';
  if (Number.isInteger(value)) return groupThousands(String(value));
  const fixed = value.toFixed(fractionDigits);
  const [whole = '', fraction] = fixed.split('.');
  return fraction === undefined ? groupThousands(whole) : `${groupThousands(whole)}.${fraction}`;
}

function groupThousands(digits: string): string {
  const negative = digits.startsWith('-');
  const body = negative ? digits.slice(1) : digits;
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? `-${grouped}` : grouped;
}
