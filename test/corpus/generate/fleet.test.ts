/** The fleet: derived from the seed only, producers and versions split by quota. */
import { describe, expect, test } from 'vitest';
import { createFleet } from '../../../src/corpus/generate/fleet.js';
import { validateProfile } from '../../../src/corpus/generate/profile.js';

const startSec = Date.parse('2024-10-16T11:00:00Z') / 1000;

describe('createFleet', () => {
  test('the same seed gives the same ids; another seed other ids', () => {
    const profile = validateProfile({ fleet: { hosts: 50 } }, 'x');
    const a = createFleet(3, profile, startSec);
    const b = createFleet(3, profile, startSec);
    const c = createFleet(4, profile, startSec);
    expect(a.hosts.map((h) => [h.agentId, h.hostId, h.idPrefix, h.seqBase])).toEqual(b.hosts.map((h) => [h.agentId, h.hostId, h.idPrefix, h.seqBase]));
    expect(a.hosts[0]!.agentId).not.toBe(c.hosts[0]!.agentId);
    expect(new Set(a.hosts.map((h) => h.agentId)).size).toBe(a.hosts.length);
    expect(new Set(a.hosts.map((h) => h.idPrefix)).size).toBe(a.hosts.length);
  });

  test('producers and Defend versions are split by quota, every positive share gets a host', () => {
    const profile = validateProfile(
      { fleet: { hosts: 20, macosHosts: 1, producers: { defend: 0.9, endgame: 0.01, sentinelOne: 0.09 }, defendVersions: { '9.0.0': 0.5, '8.13.4': 0.5 } } },
      'x',
    );
    const fleet = createFleet(1, profile, startSec);
    expect(fleet.linuxHosts).toHaveLength(20);
    expect(fleet.macosHosts).toHaveLength(1);
    expect([fleet.byProducer.defend.length, fleet.byProducer.endgame.length, fleet.byProducer.sentinelOne.length]).toEqual([17, 1, 2]);
    const versions = fleet.byProducer.defend.map((h) => h.agentVersion).sort();
    // 17 × 0.5 = 8.5 each: the tie goes to the first listed version.
    expect(versions.filter((v) => v === '9.0.0')).toHaveLength(9);
    expect(versions.filter((v) => v === '8.13.4')).toHaveLength(8);
    expect(fleet.macosHosts[0]!.distro.type).toBe('macos');
  });

  test('hosts look real: dashed MACs, v4 and v6 addresses (EUI-64 link-local), a /home default user', () => {
    const fleet = createFleet(1, validateProfile({ fleet: { hosts: 30 } }, 'x'), startSec);
    for (const host of fleet.linuxHosts) {
      expect(host.macs[0]).toMatch(/^42-01-0a(-[0-9a-f]{2}){3}$/);
      expect(host.ips.slice(0, 2)).toEqual(['127.0.0.1', '::1']);
      expect(host.ips[2]).toMatch(/^10\.\d+\.\d+\.\d+$/);
      expect(host.ips[3]).toMatch(/^fe80::4001:aff:fe[0-9a-f]{2}:[0-9a-f]{1,4}$/);
      expect(host.users[0]!.home).toMatch(/^\/home\//);
      expect(host.bootSec).toBeLessThan(startSec);
      expect(host.serviceAccounts.length).toBeGreaterThan(0);
      expect(host.serviceAccounts.every((a) => !a.home.startsWith('/home/'))).toBe(true);
    }
  });
});
