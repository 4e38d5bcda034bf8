/**
 * The quick start's cached corpus: generated once, reused while intact, regenerated when missing,
 * truncated, or made by another generator/profile; and the command itself (small, in a temp cache).
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { loadProfile } from '../../src/corpus/generate/profile-loader.js';
import { ensureCachedCorpus } from '../../src/replay/cached-corpus.js';
import { createMemoryCli } from '../support/cli-context.js';
import { tempDir } from './support/replay-fixtures.js';

let dir: { dir: string; remove: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

describe('the cached corpus', () => {
  test('generated once, reused, regenerated when truncated or made by another generator', async () => {
    const { profile } = await loadProfile('busy-server', { cwd: process.cwd() });
    const options = { dir: join(dir.dir, 'cache'), events: 3000, seed: 4, profile, profileName: 'busy-server', threads: 0 };
    const first = await ensureCachedCorpus(options);
    expect(first).toMatchObject({ generated: true, reason: 'not generated yet', path: join(dir.dir, 'cache', 'busy-server-seed4-3000.ndjson') });
    const bytes = readFileSync(first.path);
    expect(bytes.toString('utf8').split('\n')).toHaveLength(3001);
    const labels = JSON.parse(readFileSync(first.labelsPath, 'utf8')) as { events: number; seed: number; profile: string };
    expect([labels.events, labels.seed, labels.profile]).toEqual([3000, 4, 'busy-server']);

    expect(await ensureCachedCorpus(options)).toMatchObject({ generated: false, reason: null, bytes: bytes.length });

    truncateSync(first.path, bytes.length - 10);
    const again = await ensureCachedCorpus(options);
    expect(again).toMatchObject({ generated: true, reason: `the corpus file has ${bytes.length - 10} bytes, not ${bytes.length}` });
    expect(readFileSync(first.path).equals(bytes)).toBe(true);

    const manifestPath = join(dir.dir, 'cache', 'busy-server-seed4-3000.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, generator: 'an older one' }));
    expect(await ensureCachedCorpus(options)).toMatchObject({ generated: true, reason: 'made by another version of the generator or profile' });

    writeFileSync(first.labelsPath, '{"format":1}');
    expect((await ensureCachedCorpus(options)).reason).toMatch(/^the labels are invalid/);

    // The fingerprint covers the profile's content: a copy is the same profile, an edit is not.
    expect(await ensureCachedCorpus({ ...options, profile: structuredClone(profile) })).toMatchObject({ generated: false });
    const edited = { ...profile, fleet: { ...profile.fleet, hosts: profile.fleet.hosts + 1 } };
    expect(await ensureCachedCorpus({ ...options, profile: edited })).toMatchObject({ generated: true, reason: 'made by another version of the generator or profile' });
  });
});

describe('eql-replay quickstart', () => {
  test('prints events/s and precision/recall of the seed rule; the second run reuses the corpus', async () => {
    const args = ['quickstart', '--events', '5000', '--seed', '3', '--threads', '1', '--cache-dir', 'qs'];
    const first = createMemoryCli({ cwd: dir.dir });
    expect(await runCli(args, first.ctx)).toBe(0);
    const out = first.stdout();
    expect(out).toContain('quick start: the seed rule "SSH Key Generated via ssh-keygen" over 5,000 labelled events (profile busy-server, seed 3)\n');
    expect(out).toContain(`generating the corpus once into ${join(dir.dir, 'qs')} (later runs reuse it)…\n`);
    expect(out).toMatch(/^replayed 5,000 events in [\d.]+ s on 1 thread: [\d,]+ events\/s \(\d+ MB\/s\)$/m);
    expect(out).toMatch(/^precision (1\.0000|n\/a), recall (1\.0000|n\/a) \(\d+ true positives, 0 false positives, 0 false negatives\)$/m);
    const second = createMemoryCli({ cwd: dir.dir });
    expect(await runCli([...args, '--json'], second.ctx)).toBe(0);
    expect(second.stderr()).toContain(`reusing ${join(dir.dir, 'qs', 'busy-server-seed3-5000.ndjson')}`);
    const report = JSON.parse(second.stdout()) as { events: number; rules: { accuracy: { falsePositives: number; falseNegatives: number } }[] };
    expect(report.events).toBe(5000);
    expect(report.rules[0]!.accuracy).toMatchObject({ falsePositives: 0, falseNegatives: 0 });
  });
});
