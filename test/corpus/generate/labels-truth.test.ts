/**
 * The labels agree with an independent reference predicate (EQL-SEMANTICS.md §8) on every line, and every
 * scenario and near-miss kind appears in a suitable profile.
 */
import { describe, expect, test } from 'vitest';
import { SEED_RULE_ID } from '../../../src/corpus/generate/labels.js';
import { SCENARIO_NAMES } from '../../../src/corpus/generate/scenario-catalog.js';
import { generateInMemory, parseLines } from './support/generate-in-memory.js';
import { seedRuleMatches, wildcardMatches } from './support/reference-predicate.js';

describe('the reference predicate itself (EQL-SEMANTICS.md §8)', () => {
  const base = {
    event: { category: ['file'], action: 'creation' },
    host: { os: { type: 'linux' } },
    process: { executable: '/usr/bin/ssh-keygen' },
    file: { path: '/home/a/.ssh/id_rsa', name: 'id_rsa' },
  };
  const withFile = (file: Record<string, unknown>) => ({ ...base, file });
  test.for([
    ['a plain positive', base, true],
    ['upper-case /HOME/ and /.SSH/', withFile({ path: '/HOME/a/.SSH/x', name: 'x' }), true],
    ['* spanning directories', withFile({ path: '/home/a/b/.ssh/x', name: 'x' }), true],
    ['empty *', withFile({ path: '/home//.ssh/x', name: 'x' }), true],
    ['known_hosts is not excluded', withFile({ path: '/root/.ssh/known_hosts', name: 'known_hosts' }), true],
    ['known_hosts2 is not excluded', withFile({ path: '/root/.ssh/known_hosts2', name: 'known_hosts2' }), true],
    ['known_hosts.old is excluded', withFile({ path: '/root/.ssh/known_hosts.old', name: 'known_hosts.old' }), false],
    ['KNOWN_HOSTS.OLD is excluded (case-insensitive)', withFile({ path: '/root/.ssh/KNOWN_HOSTS.OLD', name: 'KNOWN_HOSTS.OLD' }), false],
    ['a missing file.name passes the exclusion', withFile({ path: '/etc/ssh/k' }), true],
    ['a 1,025-character path is not indexed', withFile({ path: `/home/a/.ssh/${'x'.repeat(1012)}`, name: 'x' }), false],
    ['a 1,024-character path is indexed', withFile({ path: `/home/a/.ssh/${'x'.repeat(1011)}`, name: 'x' }), true],
    ['dotted keys', { ...base, file: undefined, 'file.path': '/root/.ssh/x', 'file.name': 'x' }, true],
    ['/rootx/ is not /root/', withFile({ path: '/rootx/.ssh/x', name: 'x' }), false],
  ] as const)('%s', ([, doc, expected]) => {
    expect(seedRuleMatches(doc)).toBe(expected);
  });
  test('? is one code point and nothing else is special', () => {
    expect(wildcardMatches('a.b', 'a?b')).toBe(true);
    expect(wildcardMatches('a\u{1F600}b', 'a?b')).toBe(true);
    expect(wildcardMatches('axb', 'a.b')).toBe(false);
    expect(wildcardMatches('a\nb', 'a*b')).toBe(true);
  });
});

const RUNS = [
  { profile: 'accuracy', seed: 1, rawS1: false },
  { profile: 'accuracy', seed: 2, rawS1: true },
  { profile: 'busy-server', seed: 3, rawS1: false },
  { profile: 'intrusion', seed: 4, rawS1: false },
  { profile: 'cloud-first-boot', seed: 5, rawS1: false },
  { profile: 'idle-server', seed: 6, rawS1: false },
] as const;

describe('labels agree with the reference predicate on every line', () => {
  test.for(RUNS)('$profile, seed $seed, raw S1 $rawS1 (50,000 events)', async ({ profile, seed, rawS1 }) => {
    const { bytes, result } = await generateInMemory({ events: 50_000, seed, profile, rawS1 });
    const docs = parseLines(bytes);
    expect(docs).toHaveLength(50_000);
    const reference = docs.flatMap((doc, i) => (seedRuleMatches(doc) ? [i + 1] : []));
    expect(result.labels.expected[SEED_RULE_ID]).toEqual(reference);
    expect(result.labels.events).toBe(50_000);
    expect(result.labels.seed).toBe(seed);
    expect(result.labels.profile).toBe(profile);
  });

  test('non-ASCII and escaped characters survive byte-exactly (the corpus is valid UTF-8)', async () => {
    const { bytes } = await generateInMemory({ events: 50_000, seed: 1, profile: 'accuracy' });
    expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)).toBe(true);
    const paths = parseLines(bytes).flatMap((d) => {
      const file = d['file'] as Record<string, unknown> | undefined;
      return typeof file?.['path'] === 'string' ? [file['path']] : [];
    });
    expect(paths.some((p) => p.includes('\u212Anown_hosts.old'))).toBe(true);
    expect(paths.some((p) => p.includes('/.\u017Fsh/'))).toBe(true);
    expect(paths.some((p) => /["\\\n\t\u0001\u00e9\u2028]|\u{1F511}/u.test(p))).toBe(true);
  });

  test('the accuracy profile has positives and near misses of every kind (scenario counts ≥ 1)', async () => {
    const { result } = await generateInMemory({ events: 50_000, seed: 1, profile: 'accuracy' });
    expect(Object.keys(result.labels.scenarios)).toEqual(SCENARIO_NAMES);
    const missing = SCENARIO_NAMES.filter((name) => (result.labels.scenarios[name] ?? 0) < 1);
    expect(missing).toEqual([]);
    expect(result.labels.expected[SEED_RULE_ID]!.length).toBeGreaterThan(100);
  });

  test('busy-server positives are rare: between 1e-5 and 1e-4 of events (200,000 events)', async () => {
    const { result } = await generateInMemory({ events: 200_000, seed: 11, profile: 'busy-server' });
    const share = result.labels.expected[SEED_RULE_ID]!.length / 200_000;
    expect(share).toBeGreaterThanOrEqual(1e-5);
    expect(share).toBeLessThanOrEqual(1e-4);
  });
});
