/**
 * The population of hosts and agents a corpus comes from, derived from (seed, profile) only: every
 * worker rebuilds the same fleet. Ids are stable for a seed: `agent.id`, `host.id`, the per-agent
 * `event.id` prefix and `event.sequence` base, MAC and IP addresses, users, and the long-lived daemons
 * whose `process.entity_id` many events share.
 */
import { createPrng, STREAM_FLEET, type Prng } from './prng.js';
import { LINUX_DISTROS, MACOS, type Distro, type DistroId } from './distros.js';
import { PRODUCERS, type Producer, type Profile } from './profile.js';
import type { ProcessInfo, UserAccount } from './file-op.js';

/** The long-lived processes of a host. */
export interface Daemons {
  readonly systemd: ProcessInfo;
  readonly journald: ProcessInfo;
  readonly logind: ProcessInfo;
  readonly sshd: ProcessInfo;
  readonly cron: ProcessInfo;
  readonly dockerd: ProcessInfo;
  readonly containerd: ProcessInfo;
  readonly configAgent: ProcessInfo;
}

/** One host and its agent. */
export interface Host {
  readonly index: number;
  readonly producer: Producer;
  readonly distro: Distro;
  /** The producer's agent version (Defend: `agent.version`). */
  readonly agentVersion: string;
  readonly hostname: string;
  /** `host.id`: 32 hex digits (machine-id) for Defend/Endgame; the S1 agent UUID for SentinelOne. */
  readonly hostId: string;
  readonly agentId: string;
  readonly architecture: string;
  readonly ips: readonly string[];
  readonly macs: readonly string[];
  readonly bootSec: number;
  /** Base of this agent's `event.sequence` (see block-generator: sequence = base + 4 × index + jitter). */
  readonly seqBase: number;
  /** First 16 characters of this agent's 24-character `event.id`s. */
  readonly idPrefix: string;
  readonly idBase: number;
  readonly root: UserAccount;
  /** Human users with a home under /home (the first is the cloud image's default user). */
  readonly users: readonly UserAccount[];
  /** Service accounts whose home is outside /home (the seed rule's blind spot, CORPUS.md §4). */
  readonly serviceAccounts: readonly UserAccount[];
  readonly containerHost: boolean;
  readonly daemons: Daemons;
  /** Rendered host-level fragments, filled lazily by the producers. */
  readonly cache: Record<string, unknown>;
}

/** The whole population. */
export interface Fleet {
  readonly hosts: readonly Host[];
  readonly linuxHosts: readonly Host[];
  readonly macosHosts: readonly Host[];
  readonly byProducer: Readonly<Record<Producer, readonly Host[]>>;
  /** SentinelOne account-level identity shared by every S1 agent. */
  readonly s1: { readonly accountId: string; readonly siteId: string; readonly siteName: string; readonly mgmtUrl: string; readonly mgmtId: string; readonly groupId: string };
}

const HUMAN_NAMES = [
  'jdoe', 'asmith', 'mgarcia', 'wchen', 'pkumar', 'lnguyen', 'rmartin', 'ekowalski', 'tanaka', 'okafor',
  'svensson', 'dmuller', 'hrossi', 'bjones', 'cdubois', 'fsilva', 'deploy', 'ansible', 'ops', 'backup',
];
const DEFAULT_USER: Record<string, string> = { debian: 'admin', ubuntu: 'ubuntu', rhel: 'cloud-user', amzn: 'ec2-user' };
const SERVICE_ACCOUNTS: readonly Omit<UserAccount, 'gid' | 'group'>[] = [
  { name: 'postgres', uid: 112, home: '/var/lib/postgresql' },
  { name: 'jenkins', uid: 113, home: '/var/lib/jenkins' },
  { name: 'git', uid: 998, home: '/var/opt/gitlab' },
  { name: 'nagios', uid: 114, home: '/var/lib/nagios' },
];
const ROLES = ['web', 'api', 'db', 'cache', 'worker', 'k8s-node', 'build', 'bastion', 'mq', 'search', 'app', 'batch'];
const ENVS = ['prod', 'prod', 'prod', 'stg', 'dev'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENDGAME_VERSION = '3.64.3';
const S1_VERSION = '24.1.3.6';

/**
 * Builds the fleet for (seed, profile). Producers and agent versions are assigned by quota (largest
 * remainder, at least one host for every share above 0 when there are enough hosts), then shuffled.
 */
export function createFleet(seed: number, profile: Profile, corpusStartSec: number): Fleet {
  const prng = createPrng(seed, STREAM_FLEET);
  const n = profile.fleet.hosts;
  const producers = shuffle(prng, allocate(PRODUCERS.map((p) => [p, profile.fleet.producers[p]] as const), n));
  const defendCount = producers.filter((p) => p === 'defend').length;
  const versions = shuffle(prng, allocate(Object.entries(profile.fleet.defendVersions), defendCount));
  const distros = shuffle(
    prng,
    allocate(Object.entries(profile.fleet.distros) as [DistroId, number][], n),
  );
  const s1 = {
    accountId: String(prng.range(100_000_000, 999_999_999)) + String(prng.range(100_000_000, 999_999_999)),
    siteId: String(prng.range(100_000_000, 999_999_999)) + String(prng.range(100_000_000, 999_999_999)),
    siteName: 'Production Servers',
    mgmtUrl: `usea1-${prng.range(100, 999)}.sentinelone.net`,
    mgmtId: String(prng.range(1000, 99999)),
    groupId: String(prng.range(100_000_000, 999_999_999)) + String(prng.range(100_000_000, 999_999_999)),
  };

  const hosts: Host[] = [];
  let defendIndex = 0;
  for (let i = 0; i < n; i++) {
    const producer = producers[i] as Producer;
    const distro = LINUX_DISTROS[distros[i] as DistroId];
    const version =
      producer === 'defend' ? (versions[defendIndex++] as string) : producer === 'endgame' ? ENDGAME_VERSION : S1_VERSION;
    const role = prng.pick(ROLES);
    const hostname = `${role}-${prng.pick(ENVS)}-${String(i + 1).padStart(3, '0')}`;
    hosts.push(createHost(prng, i, producer, distro, version, hostname, profile, corpusStartSec));
  }
  const macosHosts: Host[] = [];
  for (let k = 0; k < profile.fleet.macosHosts; k++) {
    const hostname = `MacBook-Pro-${String(k + 1).padStart(2, '0')}`;
    const latest = Object.keys(profile.fleet.defendVersions).sort(compareVersions).at(-1) ?? '9.0.0';
    macosHosts.push(createHost(prng, n + k, 'defend', MACOS, latest, hostname, profile, corpusStartSec));
  }
  const byProducer = {
    defend: hosts.filter((h) => h.producer === 'defend'),
    endgame: hosts.filter((h) => h.producer === 'endgame'),
    sentinelOne: hosts.filter((h) => h.producer === 'sentinelOne'),
  };
  return { hosts: [...hosts, ...macosHosts], linuxHosts: hosts, macosHosts, byProducer, s1 };
}

/** Semantic-version order of `a.b.c` strings. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A random v4 UUID (lower-case), as `agent.id` is. */
export function randomUuid(prng: Prng): string {
  const h = prng.hex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[prng.int(4)] as string;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Creates a process record (`cache` empty). */
export function createProcess(fields: Omit<ProcessInfo, 'cache'>): ProcessInfo {
  // Every field written, in one order (absent links as undefined): all processes share one object shape,
  // which keeps the producers' property reads monomorphic; a spread made one shape per combination.
  return {
    pid: fields.pid,
    startSec: fields.startSec,
    executable: fields.executable,
    name: fields.name,
    commandLine: fields.commandLine,
    user: fields.user,
    parent: fields.parent,
    entryLeader: fields.entryLeader,
    sessionLeader: fields.sessionLeader,
    groupLeader: fields.groupLeader,
    cache: newProcessCache(),
  };
}

/**
 * An empty process cache with the producers' slots preset (undefined = not computed yet): a slot added
 * later would change the object's shape for the processes that have it — each change invalidating the
 * optimized code that read the old shape.
 */
function newProcessCache(): Record<string, unknown> {
  return {
    eid: undefined,
    ascii: undefined,
    defend: undefined,
    'defend.nocmd': undefined,
    'defend.bytes': undefined,
    's1.facts': undefined,
    's1.proc.linux': undefined,
    's1.bytes': undefined,
    endgame: undefined,
  };
}

/** An empty host cache with the producers' slots preset (see {@link newProcessCache}). */
function newHostCache(): Record<string, unknown> {
  return {
    'defend.head': undefined,
    'defend.mid': undefined,
    'defend.nocmd': undefined,
    'defend.bytes': undefined,
    'defend.ug': undefined,
    'defend.suffix': undefined,
    'eid.agent': undefined,
    's1.host.linux': undefined,
    's1.account': undefined,
    's1.hash': undefined,
    's1.images': undefined,
    'endgame.host': undefined,
  };
}

function createHost(
  prng: Prng,
  index: number,
  producer: Producer,
  distro: Distro,
  agentVersion: string,
  hostname: string,
  profile: Profile,
  corpusStartSec: number,
): Host {
  const macBytes = [0x42, 0x01, 0x0a, prng.int(256), prng.int(256), prng.int(256)];
  const mac = macBytes.map((b) => b.toString(16).padStart(2, '0')).join('-');
  const v4 = `10.${prng.int(256)}.${macBytes[4]}.${macBytes[5]}`;
  const eui = [macBytes[0]! ^ 0x02, macBytes[1]!, macBytes[2]!, 0xff, 0xfe, macBytes[3]!, macBytes[4]!, macBytes[5]!];
  const groups = [0, 2, 4, 6].map((k) => ((eui[k]! << 8) | eui[k + 1]!).toString(16));
  const v6 = `fe80::${groups.join(':')}`;
  const bootSec = corpusStartSec - prng.range(3600, 60 * 86400);
  const isMac = distro.type === 'macos';

  const root: UserAccount = { name: 'root', uid: 0, group: isMac ? 'wheel' : 'root', gid: 0, home: isMac ? '/var/root' : '/root' };
  const users: UserAccount[] = [];
  const first = isMac ? 'jdoe' : (DEFAULT_USER[distro.platform] ?? 'admin');
  const names = [first, ...HUMAN_NAMES.filter((name) => name !== first)];
  const userCount = profile.fleet.humanUsersPerHost;
  for (let k = 0; k < userCount && k < names.length; k++) {
    // The default user first, then a random selection of the others.
    const name = k === 0 ? first : (names.splice(1 + prng.int(names.length - 1), 1)[0] as string);
    const uid = (isMac ? 501 : 1000) + k;
    users.push({ name, uid, group: isMac ? 'staff' : name, gid: isMac ? 20 : uid, home: `${isMac ? '/Users' : '/home'}/${name}` });
  }
  const serviceAccounts = SERVICE_ACCOUNTS.filter(() => prng.chance(0.5)).map((a) => ({ ...a, group: a.name, gid: a.uid }));
  if (serviceAccounts.length === 0) {
    const a = SERVICE_ACCOUNTS[prng.int(SERVICE_ACCOUNTS.length)]!;
    serviceAccounts.push({ ...a, group: a.name, gid: a.uid });
  }

  const daemon = (pid: number, executable: string, commandLine: string, parent?: ProcessInfo): ProcessInfo => {
    const base = {
      pid,
      startSec: bootSec + (pid === 1 ? 0 : prng.range(2, 40)),
      executable,
      name: executable.slice(executable.lastIndexOf('/') + 1),
      commandLine,
      user: root,
    };
    return createProcess(parent === undefined ? base : { ...base, parent });
  };
  const systemd = daemon(1, '/usr/lib/systemd/systemd', '/sbin/init');
  const journald = daemon(prng.range(180, 420), '/usr/lib/systemd/systemd-journald', '/lib/systemd/systemd-journald', systemd);
  const logind = daemon(prng.range(500, 900), '/usr/lib/systemd/systemd-logind', '/lib/systemd/systemd-logind', systemd);
  const sshd = daemon(prng.range(700, 1200), '/usr/sbin/sshd', 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', systemd);
  const cronExe = distro.packages === 'rpm' ? '/usr/sbin/crond' : '/usr/sbin/cron';
  const cron = daemon(prng.range(600, 1000), cronExe, distro.packages === 'rpm' ? '/usr/sbin/crond -n' : '/usr/sbin/cron -f -P', systemd);
  const containerd = daemon(prng.range(800, 1300), '/usr/bin/containerd', '/usr/bin/containerd', systemd);
  const dockerd = daemon(
    prng.range(1300, 1800),
    '/usr/bin/dockerd',
    '/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
    systemd,
  );
  const configAgent = prng.chance(0.5)
    ? daemon(prng.range(1800, 2600), '/opt/puppetlabs/puppet/bin/ruby', '/opt/puppetlabs/puppet/bin/ruby /opt/puppetlabs/puppet/bin/puppet agent --no-daemonize', systemd)
    : daemon(prng.range(1800, 2600), '/opt/chef/embedded/bin/ruby', '/opt/chef/embedded/bin/ruby --disable-gems /usr/bin/chef-client -d -P /var/run/chef/client.pid -c /etc/chef/client.rb -i 1800 -s 20', systemd);

  return {
    index,
    producer,
    distro,
    agentVersion,
    hostname,
    hostId: prng.hex(32),
    agentId: randomUuid(prng),
    architecture: prng.chance(0.85) ? 'x86_64' : 'aarch64',
    ips: ['127.0.0.1', '::1', v4, v6],
    macs: [mac],
    bootSec,
    seqBase: prng.range(100_000, 50_000_000),
    idPrefix: prng.chars(B64, 16),
    idBase: prng.range(0, 64 ** 5),
    root,
    users,
    serviceAccounts,
    containerHost: prng.chance(profile.fleet.containerHostShare),
    daemons: { systemd, journald, logind, sshd, cron, dockerd, containerd, configAgent },
    cache: newHostCache(),
  };
}

/**
 * Splits `n` items by shares: largest remainder, and at least one item for every positive share when
 * `n` allows it (so a 3 % share of 20 hosts still gets a host).
 */
function allocate<K>(shares: readonly (readonly [K, number])[], n: number): K[] {
  const positive = shares.filter(([, s]) => s > 0);
  const total = positive.reduce((sum, [, s]) => sum + s, 0);
  if (positive.length === 0 || n === 0) return [];
  const counts = positive.map(([, s]) => Math.floor((s / total) * n));
  const order = positive
    .map(([, s], i) => ({ i, rest: (s / total) * n - (counts[i] ?? 0) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  let left = n - counts.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (left === 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  if (n >= positive.length) {
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) {
        const donor = counts.indexOf(Math.max(...counts));
        counts[donor] = (counts[donor] ?? 0) - 1;
        counts[i] = 1;
      }
    }
  }
  return positive.flatMap(([k], i) => Array.from({ length: counts[i] ?? 0 }, () => k));
}

function shuffle<T>(prng: Prng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
