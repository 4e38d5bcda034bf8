/** The curated corpora/edge-cases set: its labels agree with the reference predicate, every line is explained. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseLabels, SEED_RULE_ID } from '../../../src/corpus/generate/labels.js';
import { seedRuleMatches } from './support/reference-predicate.js';

const dir = new URL('../../../corpora/edge-cases/', import.meta.url);
const lines = readFileSync(new URL('edge-cases.ndjson', dir), 'utf8').trimEnd().split('\n');
const labels = parseLabels(readFileSync(new URL('edge-cases.ndjson.labels.json', dir), 'utf8'), 'edge-cases.ndjson.labels.json');
const notes = readFileSync(new URL('edge-cases.md', dir), 'utf8');

describe('corpora/edge-cases', () => {
  test('is small enough to read: 40 to 80 lines, each a JSON object', () => {
    expect(lines.length).toBeGreaterThanOrEqual(40);
    expect(lines.length).toBeLessThanOrEqual(80);
    expect(labels.events).toBe(lines.length);
    for (const line of lines) expect(typeof JSON.parse(line)).toBe('object');
  });

  test('the labels are exactly the lines the reference predicate (EQL §8) accepts', () => {
    const reference = lines.flatMap((line, i) => (seedRuleMatches(JSON.parse(line)) ? [i + 1] : []));
    expect(labels.expected[SEED_RULE_ID]).toEqual(reference);
    expect(reference).toEqual([1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 48, 51, 56, 57]);
  });

  test('edge-cases.md explains every line, with the truth the labels give it', () => {
    const positives = new Set(labels.expected[SEED_RULE_ID]);
    for (let n = 1; n <= lines.length; n++) {
      const row = new RegExp(`^\\| ${n} \\| [^|]+ \\| (\\*\\*positive\\*\\*|negative) \\| .{20,} \\|$`, 'm').exec(notes);
      expect(row, `line ${n}`).not.toBeNull();
      expect([n, row![1] === '**positive**']).toEqual([n, positives.has(n)]);
    }
  });

  test('covers the three producers and the raw SentinelOne form', () => {
    const docs = lines.map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
    expect(docs.some((d) => d['agent']?.['type'] === 'endpoint')).toBe(true);
    expect(docs.some((d) => d['event']?.['module'] === 'endgame')).toBe(true);
    expect(docs.some((d) => 'sentinel_one_cloud_funnel' in d)).toBe(true);
    expect(docs.some((d) => typeof d['message'] === 'string' && (d['message'] as unknown as string).includes('"tgt.file.path"'))).toBe(true);
  });
});
