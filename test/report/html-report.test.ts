/**
 * The HTML report renders in a real browser (headless Chromium): the charts are there with the expected
 * number of bars and points, and the page is not blank. Skips visibly without /usr/bin/chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { renderHtmlReport, type HtmlReportInput } from '../../src/report/html-report.js';

const CHROMIUM = '/usr/bin/chromium';

const input: HtmlReportInput = {
  title: 'eql-replay push: 12,000 acked of 12,000 events <complete>',
  details: ['target http://***@127.0.0.1:9200/', 'rate: 1000 docs/s'],
  metrics: [
    { metric: 'Events', value: '12,000', unit: 'docs' },
    { metric: '99th percentile latency', value: '12.50', unit: 'ms' },
  ],
  throughput: Array.from({ length: 12 }, (_, second) => ({ second, docs: 900 + second * 10, bytes: 1e6 })),
  measuredSeconds: [1, 10],
  latency: [
    { name: 'latency', percentiles: [50, 90, 99, 100].map((percentile, i) => ({ percentile, valueMs: 5 + i * 3 })) },
    { name: 'service time', percentiles: [50, 90, 99, 100].map((percentile, i) => ({ percentile, valueMs: 4 + i * 2 })) },
  ],
  generatedAt: '2025-01-01T00:00:00.000Z',
};

function chromium(args: string[]): Buffer {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  return execFileSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, ...args],
    { timeout: 60_000, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

/** Counts non-white pixels of an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes). */
function nonWhitePixels(png: Buffer): { width: number; height: number; nonWhite: number } {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = data[9] === 6 ? 4 : 3;
      expect(data[8]).toBe(8);
      expect(data[12]).toBe(0);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const prev = Buffer.alloc(stride);
  const row = Buffer.alloc(stride);
  let nonWhite = 0;
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x += 1) {
      const a = x >= channels ? row[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      row[x] = (line[x]! + predictor) & 0xff;
    }
    for (let x = 0; x < width; x += 1) {
      const i = x * channels;
      if (row[i]! < 240 || row[i + 1]! < 240 || row[i + 2]! < 240) nonWhite += 1;
    }
    row.copy(prev);
  }
  return { width, height, nonWhite };
}

describe('renderHtmlReport', () => {
  test('is self-contained: no script, no external URL, escaped text', () => {
    const html = renderHtmlReport(input);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|@font-face|url\(|\b(src|href)=/);
    expect(html).toContain('&lt;complete&gt;');
    expect((html.match(/<rect class="bar/g) ?? []).length).toBe(12);
    expect((html.match(/<rect class="bar excluded"/g) ?? []).length).toBe(2);
    expect((html.match(/<circle class="point"/g) ?? []).length).toBe(8);
  });

  describe.skipIf(!existsSync(CHROMIUM))(`in headless Chromium (${CHROMIUM}; skipped when absent)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'html-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(input));

    test('the DOM has both charts with one bar per second and one point per percentile and series', () => {
      const dom = chromium(['--dump-dom', `file://${file}`]).toString('utf8');
      const throughput = /<svg id="throughput-chart"[\s\S]*?<\/svg>/.exec(dom)?.[0] ?? '';
      const latency = /<svg id="latency-chart"[\s\S]*?<\/svg>/.exec(dom)?.[0] ?? '';
      expect((throughput.match(/<rect class="bar/g) ?? []).length).toBe(12);
      expect((latency.match(/<circle class="point"/g) ?? []).length).toBe(8);
      expect((latency.match(/<polyline class="series"/g) ?? []).length).toBe(2);
      expect(dom).toContain('<table id="summary">');
    });

    test('the screenshot is not blank', () => {
      const png = join(dir, 'shot.png');
      chromium([`--screenshot=${png}`, '--window-size=1200,1600', `file://${file}`]);
      const { width, height, nonWhite } = nonWhitePixels(readFileSync(png));
      expect([width, height]).toEqual([1200, 1600]);
      // Two filled charts and a table: well over 2% of the page is ink.
      expect(nonWhite / (width * height)).toBeGreaterThan(0.02);
    });
  });
});
