/** Profiles: the shipped ones are valid; a bad one fails with a message naming the bad key. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { DEFAULT_PROFILE, validateProfile } from '../../../src/corpus/generate/profile.js';
import { listProfiles, loadProfile } from '../../../src/corpus/generate/profile-loader.js';

const SOURCE = 'corpora/profiles/x.json';

function messageOf(raw: unknown): string {
  try {
    validateProfile(raw, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ERR_CORPUS_PROFILE');
    return (error as AppError).message;
  }
  throw new Error('expected a ProfileError');
}

describe('profile validation', () => {
  test.for([
    [{ backgrond: {} }, 'corpora/profiles/x.json: "backgrond" is not a known key (did you mean "background"?)'],
    [{ rate: { burstProbabilty: 0.1 } }, 'corpora/profiles/x.json: "rate.burstProbabilty" is not a known key (did you mean "burstProbability"?)'],
    [{ fleet: { hostz: 3 } }, 'corpora/profiles/x.json: "fleet.hostz" is not a known key (did you mean "hosts"?)'],
    [{ keygen: { interactve: 1 } }, 'corpora/profiles/x.json: "keygen.interactve" is not a known key (did you mean "interactive"?)'],
    [{ zzz: 1 }, 'corpora/profiles/x.json: "zzz" is not a known key (known keys: $schema, description, note, start, fleet, rate, background, keygen, nearMisses, edgeCases)'],
    [{ fleet: { hosts: 0 } }, 'corpora/profiles/x.json: "fleet.hosts" must be an integer in [1, 100000], got 0'],
    [{ fleet: { hosts: 'ten' } }, 'corpora/profiles/x.json: "fleet.hosts" must be an integer in [1, 100000], got "ten"'],
    [{ rate: { burstProbability: 3 } }, 'corpora/profiles/x.json: "rate.burstProbability" must be a number in [0, 1], got 3'],
    [{ rate: { eventsPerSecPerHost: 0 } }, 'corpora/profiles/x.json: "rate.eventsPerSecPerHost" must be a number in (0, 1000000], got 0'],
    [{ fleet: { producers: { defend: 0 } } }, 'corpora/profiles/x.json: "fleet.producers" must give at least one entry a share above 0'],
    [{ fleet: { defendVersions: { latest: 1 } } }, 'corpora/profiles/x.json: "fleet.defendVersions.latest" is not a version like "9.0.0"'],
    [{ fleet: { distros: { 'debian-11': 1 } } }, 'corpora/profiles/x.json: "fleet.distros.debian-11" is not a known key (did you mean "debian-12"?)'],
    [{ nearMisses: { 'exe.bin': -1 } }, 'corpora/profiles/x.json: "nearMisses.exe.bin" must be a number in [0, 100000], got -1'],
    [{ start: 'yesterday' }, 'corpora/profiles/x.json: "start" must be an ISO-8601 UTC instant like "2024-10-16T11:00:00Z", got "yesterday"'],
    [{ fleet: [] }, 'corpora/profiles/x.json: "fleet" must be an object, got []'],
    [[], 'corpora/profiles/x.json: must be an object, got []'],
    [{ fleet: { macosHosts: 0 }, nearMisses: { 'os.macos': 1 } }, 'corpora/profiles/x.json: "nearMisses.os.macos" needs "fleet.macosHosts" ≥ 1'],
    [
      { fleet: { producers: { defend: 1, endgame: 0, sentinelOne: 0 } }, nearMisses: { 'action.endgame-rename': 1 } },
      'corpora/profiles/x.json: "nearMisses.action.endgame-rename" needs "fleet.producers.endgame" > 0',
    ],
  ] as const)('%j → %s', ([raw, message]) => {
    expect(messageOf(raw)).toBe(message);
  });

  test('an empty profile is the defaults', () => {
    expect(validateProfile({}, SOURCE)).toEqual(DEFAULT_PROFILE);
  });

  test('every shipped profile is valid', async () => {
    expect(listProfiles()).toEqual(['accuracy', 'busy-server', 'cloud-first-boot', 'idle-server', 'intrusion']);
    for (const name of listProfiles()) {
      const loaded = await loadProfile(name, { cwd: process.cwd() });
      expect(loaded.name).toBe(name);
      expect(loaded.source).toBe(`corpora/profiles/${name}.json`);
      expect(loaded.profile.note).toMatch(/estimate/);
    }
  });

  test('the default busy-server profile spells out the defaults for fleet, rate and background', async () => {
    const { profile } = await loadProfile('busy-server', { cwd: process.cwd() });
    expect(profile.fleet).toEqual(DEFAULT_PROFILE.fleet);
    expect(profile.rate).toEqual(DEFAULT_PROFILE.rate);
    expect(profile.background).toEqual(DEFAULT_PROFILE.background);
  });
});

describe('loading profiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eql-replay-profile-'));
  test('an unknown name lists the shipped profiles', async () => {
    await expect(loadProfile('nope', { cwd: dir })).rejects.toThrow(
      'corpora/profiles/nope.json: no such profile (shipped profiles: accuracy, busy-server, cloud-first-boot, idle-server, intrusion)',
    );
  });
  test('a path is read relative to cwd and named as given', async () => {
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ fleet: { hosts: 3 } }));
    const loaded = await loadProfile('./mine.json', { cwd: dir });
    expect(loaded.profile.fleet.hosts).toBe(3);
    expect(loaded.name).toBe('./mine.json');
  });
  test('invalid JSON and a missing file are ERR_CORPUS_PROFILE with the file named', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"fleet": ');
    await expect(loadProfile('bad.json', { cwd: dir })).rejects.toThrow(/^bad\.json: not valid JSON: /);
    await expect(loadProfile('missing.json', { cwd: dir })).rejects.toThrow('missing.json: cannot read the profile: no such file');
  });
});
