/**
 * A generation profile: what fleet the corpus comes from and how often each scenario happens. Profiles
 * are editable JSON (`corpora/profiles/<name>.json`); every number in them is an estimate (Elastic
 * publishes no share per process, CORPUS.md §6), which each shipped profile says in its `note`.
 *
 * Schema (every key optional; a missing key takes {@link DEFAULT_PROFILE}'s value, a missing rate is 0):
 * - `description`, `note`: free text.
 * - `start`: ISO-8601 instant of the first event.
 * - `fleet`: `hosts` (Linux hosts, one agent each), `macosHosts`, `producers` (shares of hosts per
 *   producer: `defend`, `endgame`, `sentinelOne`), `defendVersions` (shares of Defend hosts per agent
 *   version), `distros` (shares per Linux distribution), `humanUsersPerHost`, `containerHostShare`.
 * - `rate`: `eventsPerSecPerHost` (file events/s of an average host), `burstProbability` (share of
 *   blocks that are bursts), `burstMultiplier` (rate factor during a burst).
 * - `background`: relative weights of the background kinds.
 * - `keygen`, `nearMisses`, `edgeCases`: instances per million events of each scenario.
 */
import { ProfileError } from './generate-errors.js';
import { LINUX_DISTROS, type DistroId } from './distros.js';
import {
  BACKGROUND_KINDS,
  EDGE_CASE_KINDS,
  KEYGEN_KINDS,
  NEAR_MISS_KINDS,
  type BackgroundKind,
  type EdgeCaseKind,
  type KeygenKind,
  type NearMissKind,
} from './scenario-catalog.js';

/** A producer of file events (CORPUS.md §1–§3). */
export type Producer = 'defend' | 'endgame' | 'sentinelOne';

/** The producers, in the order shares are assigned. */
export const PRODUCERS: readonly Producer[] = ['defend', 'endgame', 'sentinelOne'];

/** A complete, validated profile (every key present). */
export interface Profile {
  readonly description: string;
  readonly note: string;
  /** ISO-8601 instant of the first event. */
  readonly start: string;
  readonly fleet: {
    readonly hosts: number;
    readonly macosHosts: number;
    readonly producers: Readonly<Record<Producer, number>>;
    readonly defendVersions: Readonly<Record<string, number>>;
    readonly distros: Readonly<Partial<Record<DistroId, number>>>;
    readonly humanUsersPerHost: number;
    readonly containerHostShare: number;
  };
  readonly rate: {
    readonly eventsPerSecPerHost: number;
    readonly burstProbability: number;
    readonly burstMultiplier: number;
  };
  readonly background: Readonly<Partial<Record<BackgroundKind, number>>>;
  readonly keygen: Readonly<Partial<Record<KeygenKind, number>>>;
  readonly nearMisses: Readonly<Partial<Record<NearMissKind, number>>>;
  readonly edgeCases: Readonly<Partial<Record<EdgeCaseKind, number>>>;
}

/** The values a missing key takes: a busy server fleet (the `busy-server` profile is this, spelled out). */
export const DEFAULT_PROFILE: Profile = {
  description: 'defaults',
  note: 'Shares and rates are estimates (CORPUS.md §6).',
  start: '2024-10-16T11:00:00Z',
  fleet: {
    hosts: 500,
    macosHosts: 2,
    producers: { defend: 0.85, endgame: 0.03, sentinelOne: 0.12 },
    defendVersions: { '9.0.0': 0.45, '8.18.0': 0.2, '8.15.1': 0.25, '8.13.4': 0.1 },
    distros: { 'debian-12': 0.25, 'ubuntu-22.04': 0.3, 'ubuntu-24.04': 0.15, 'rhel-9': 0.2, 'amazon-linux-2023': 0.1 },
    humanUsersPerHost: 3,
    containerHostShare: 0.4,
  },
  rate: { eventsPerSecPerHost: 6, burstProbability: 0.05, burstMultiplier: 8 },
  background: {
    systemd: 30,
    journald: 18,
    'package-manager': 10,
    'container-runtime': 16,
    'logrotate-cron': 6,
    'config-management': 5,
    'user-shell': 8,
    'ssh-known-hosts': 1,
    'sshd-pam': 6,
  },
  keygen: {},
  nearMisses: {},
  edgeCases: {},
};

const VERSION = /^\d+\.\d+\.\d+$/;
const MAX_RATE_PER_MILLION = 100_000;

type Check = (value: unknown, key: string) => unknown;

/**
 * Validates a parsed profile and fills in defaults. `source` names the profile in messages
 * (`corpora/profiles/x.json`).
 *
 * @throws ProfileError (`ERR_CORPUS_PROFILE`) naming the first bad key, e.g.
 *   `x.json: "rate.burstProbabilty" is not a known key (did you mean "burstProbability"?)`.
 */
export function validateProfile(raw: unknown, source: string): Profile {
  const fail = (key: string, problem: string): never => {
    throw new ProfileError(source, key === '' ? problem : `"${key}" ${problem}`, key === '' ? undefined : key);
  };
  const object = (value: unknown, key: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return fail(key, `must be an object, got ${show(value)}`);
    }
    return value as Record<string, unknown>;
  };
  const knownKeys = (value: Record<string, unknown>, prefix: string, known: readonly string[]): void => {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        const full = prefix === '' ? key : `${prefix}.${key}`;
        const near = closest(key, known);
        fail(full, `is not a known key (${near === undefined ? `known keys: ${known.join(', ')}` : `did you mean "${near}"?`})`);
      }
    }
  };
  const number = (min: number, max: number, integer = false, minExclusive = false): Check => (value, key) => {
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (minExclusive ? value > min : value >= min) &&
      value <= max &&
      (!integer || Number.isInteger(value));
    if (!ok) {
      const range = `${minExclusive ? '(' : '['}${min}, ${max}]`;
      return fail(key, `must be ${integer ? 'an integer' : 'a number'} in ${range}, got ${show(value)}`);
    }
    return value;
  };
  const text: Check = (value, key) => (typeof value === 'string' ? value : fail(key, `must be a string, got ${show(value)}`));
  const instant: Check = (value, key) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
      return fail(key, `must be an ISO-8601 UTC instant like "2024-10-16T11:00:00Z", got ${show(value)}`);
    }
    return value;
  };
  /** A map of non-negative numbers over `known` keys (or any key matching `pattern`). */
  const numbers = (
    value: unknown,
    key: string,
    known: readonly string[] | RegExp,
    max: number,
    needPositive: boolean,
  ): Record<string, number> => {
    const map = object(value, key);
    if (Array.isArray(known)) knownKeys(map, key, known);
    const out: Record<string, number> = {};
    for (const [name, v] of Object.entries(map)) {
      if (known instanceof RegExp && !known.test(name)) fail(`${key}.${name}`, `is not a version like "9.0.0"`);
      out[name] = number(0, max)(v, `${key}.${name}`) as number;
    }
    if (needPositive && !Object.values(out).some((v) => v > 0)) fail(key, 'must give at least one entry a share above 0');
    return out;
  };

  const top = object(raw, '');
  knownKeys(top, '', ['$schema', 'description', 'note', 'start', 'fleet', 'rate', 'background', 'keygen', 'nearMisses', 'edgeCases']);
  const d = DEFAULT_PROFILE;

  const fleetRaw = top['fleet'] === undefined ? {} : object(top['fleet'], 'fleet');
  knownKeys(fleetRaw, 'fleet', Object.keys(d.fleet));
  const pick = <T>(map: Record<string, unknown>, key: string, fallback: T, check: (v: unknown) => T): T =>
    map[key] === undefined ? fallback : check(map[key]);

  const fleet: Profile['fleet'] = {
    hosts: pick(fleetRaw, 'hosts', d.fleet.hosts, (v) => number(1, 100_000, true)(v, 'fleet.hosts') as number),
    macosHosts: pick(fleetRaw, 'macosHosts', d.fleet.macosHosts, (v) => number(0, 1000, true)(v, 'fleet.macosHosts') as number),
    producers: pick(fleetRaw, 'producers', d.fleet.producers, (v) => {
      const m = numbers(v, 'fleet.producers', PRODUCERS, 1e9, true);
      return { defend: m['defend'] ?? 0, endgame: m['endgame'] ?? 0, sentinelOne: m['sentinelOne'] ?? 0 };
    }),
    defendVersions: pick(fleetRaw, 'defendVersions', d.fleet.defendVersions, (v) =>
      numbers(v, 'fleet.defendVersions', VERSION, 1e9, true),
    ),
    distros: pick(fleetRaw, 'distros', d.fleet.distros, (v) => numbers(v, 'fleet.distros', Object.keys(LINUX_DISTROS), 1e9, true)),
    humanUsersPerHost: pick(fleetRaw, 'humanUsersPerHost', d.fleet.humanUsersPerHost, (v) =>
      number(1, 20, true)(v, 'fleet.humanUsersPerHost') as number,
    ),
    containerHostShare: pick(fleetRaw, 'containerHostShare', d.fleet.containerHostShare, (v) =>
      number(0, 1)(v, 'fleet.containerHostShare') as number,
    ),
  };

  const rateRaw = top['rate'] === undefined ? {} : object(top['rate'], 'rate');
  knownKeys(rateRaw, 'rate', Object.keys(d.rate));
  const rate: Profile['rate'] = {
    eventsPerSecPerHost: pick(rateRaw, 'eventsPerSecPerHost', d.rate.eventsPerSecPerHost, (v) =>
      number(0, 1e6, false, true)(v, 'rate.eventsPerSecPerHost') as number,
    ),
    burstProbability: pick(rateRaw, 'burstProbability', d.rate.burstProbability, (v) => number(0, 1)(v, 'rate.burstProbability') as number),
    burstMultiplier: pick(rateRaw, 'burstMultiplier', d.rate.burstMultiplier, (v) => number(1, 1000)(v, 'rate.burstMultiplier') as number),
  };

  const background =
    top['background'] === undefined
      ? d.background
      : numbers(top['background'], 'background', Object.keys(BACKGROUND_KINDS), 1e9, true);
  const rates = (key: 'keygen' | 'nearMisses' | 'edgeCases', known: readonly string[]): Record<string, number> =>
    top[key] === undefined ? {} : numbers(top[key], key, known, MAX_RATE_PER_MILLION, false);

  const profile: Profile = {
    description: pick(top, 'description', d.description, (v) => text(v, 'description') as string),
    note: pick(top, 'note', d.note, (v) => text(v, 'note') as string),
    start: pick(top, 'start', d.start, (v) => instant(v, 'start') as string),
    fleet,
    rate,
    background,
    keygen: rates('keygen', Object.keys(KEYGEN_KINDS)),
    nearMisses: rates('nearMisses', Object.keys(NEAR_MISS_KINDS)),
    edgeCases: rates('edgeCases', Object.keys(EDGE_CASE_KINDS)),
  };

  // Cross-key checks: a scenario that needs a kind of host the fleet does not have.
  if ((profile.nearMisses['os.macos'] ?? 0) > 0 && fleet.macosHosts === 0) {
    fail('nearMisses.os.macos', 'needs "fleet.macosHosts" ≥ 1');
  }
  if ((profile.nearMisses['action.endgame-rename'] ?? 0) > 0 && fleet.producers.endgame === 0) {
    fail('nearMisses.action.endgame-rename', 'needs "fleet.producers.endgame" > 0');
  }
  if ((profile.nearMisses['action.s1-change'] ?? 0) > 0 && fleet.producers.sentinelOne === 0) {
    fail('nearMisses.action.s1-change', 'needs "fleet.producers.sentinelOne" > 0');
  }
  if (fleet.producers.defend > 0 && !Object.values(fleet.defendVersions).some((v) => v > 0)) {
    fail('fleet.defendVersions', 'must give at least one entry a share above 0');
  }
  return profile;
}

/** The closest known key within a small edit distance, for "did you mean" hints. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
