/**
 * Near misses (CORPUS.md §5): an ssh-keygen key creation with exactly one thing wrong. Every event here
 * is a negative for the seed rule; the comment on each says which leaf of EQL-SEMANTICS.md §8 fails.
 */
import type { Host } from '../fleet.js';
import type { DocVariant, FileAction, FileOp, ProcessInfo } from '../file-op.js';
import { privateKeyContent, publicKeyContent, textContent, type KeyType } from '../file-content.js';
import type { HostPicker } from '../host-picker.js';
import { mkstempSuffix, spawnChild, type ScenarioContext } from '../processes.js';
import type { NearMissKind } from '../scenario-catalog.js';
import { keygenFromShell, pickUserKeyType, SSH_KEYGEN } from './keygen.js';

/** A scenario's events and the host they happened on. */
export interface Built {
  readonly host: Host;
  readonly ops: FileOp[];
}

/** Builds one near miss; undefined when the fleet has no suitable host. */
export function buildNearMiss(kind: NearMissKind, ctx: ScenarioContext, hosts: HostPicker): Built | undefined {
  const { prng } = ctx;
  switch (kind) {
    case 'exe.usr-local-bin':
      return userKey(ctx, hosts.linux(), { executable: '/usr/local/bin/ssh-keygen' });
    case 'exe.bin':
      return userKey(ctx, hosts.linux(), { executable: '/bin/ssh-keygen' });
    case 'exe.upper-case':
      return userKey(ctx, hosts.linux(), { executable: '/USR/BIN/SSH-KEYGEN' });
    case 'exe.nix-store':
      return userKey(ctx, hosts.linux(), {
        executable: `/nix/store/${prng.chars('0123456789abcdfghijklmnpqrsvwxyz', 32)}-openssh-9.7p1/bin/ssh-keygen`,
      });
    case 'exe.other-key-tool': {
      const tool = prng.pick([
        { executable: '/usr/bin/dropbearkey', cmd: 'dropbearkey -t ed25519 -f', file: 'id_dropbear' },
        { executable: '/usr/bin/puttygen', cmd: 'puttygen key.ppk -O private-openssh -o', file: 'id_rsa' },
        { executable: '/usr/bin/openssl', cmd: 'openssl genpkey -algorithm ed25519 -out', file: 'id_ed25519.pem' },
      ]);
      const host = hosts.linux();
      const { user, process } = keygenFromShell(ctx, host, (u) => `${tool.cmd} ${u.home}/.ssh/${tool.file}`, tool.executable);
      return { host, ops: [negative('creation', `${user.home}/.ssh/${tool.file}`, process, privateKeyContent(prng, 'ed25519'))] };
    }
    case 'os.type-capitalized':
      return userKey(ctx, hosts.shapeable(), { variant: { osType: 'Linux' } });
    case 'os.macos': {
      const host = hosts.macos();
      if (host === undefined) return undefined;
      // macOS has /usr/bin/ssh-keygen and /etc/ssh too; only host.os.type ("macos") is wrong.
      const wrapper = spawnChild(ctx, host.daemons.systemd, '/usr/libexec/sshd-keygen-wrapper', '/usr/libexec/sshd-keygen-wrapper');
      const keygen = spawnChild(ctx, wrapper, SSH_KEYGEN, 'ssh-keygen -A');
      return { host, ops: [negative('creation', `/etc/ssh/ssh_host_ed25519_key.${mkstempSuffix(prng)}`, keygen, privateKeyContent(prng, 'ed25519'))] };
    }
    case 'os.type-missing':
      // SentinelOne sets host.os.type only for a listed endpoint.os (CORPUS.md §3): its natural source.
      return userKey(ctx, hosts.ofProducer('sentinelOne') ?? hosts.shapeable(), { variant: { osType: null } });
    case 'action.rename': {
      const host = hosts.linux();
      const type = pickUserKeyType(ctx);
      const { user, process } = keygenFromShell(ctx, host, () => `ssh-keygen -t ${type}`);
      const final = `${user.home}/.ssh/id_${type}`;
      return { host, ops: [{ action: 'rename', path: final, originalPath: `${final}.${mkstempSuffix(prng)}`, process, positive: false }] };
    }
    case 'action.deletion': {
      const host = hosts.linux();
      const { user, process } = keygenFromShell(ctx, host, () => 'ssh-keygen -t rsa');
      return { host, ops: [negative('deletion', `${user.home}/.ssh/id_rsa`, process)] };
    }
    case 'action.capitalized':
      return userKey(ctx, hosts.shapeable(), { variant: { action: 'Creation' } });
    case 'action.endgame-rename': {
      const host = hosts.ofProducer('endgame');
      if (host === undefined) return undefined;
      const { user, process } = keygenFromShell(ctx, host, () => 'ssh-keygen -t ed25519');
      const final = `${user.home}/.ssh/id_ed25519`;
      return { host, ops: [{ action: 'rename', path: final, originalPath: `${final}.${mkstempSuffix(prng)}`, process, positive: false }] };
    }
    case 'action.s1-change': {
      const host = hosts.ofProducer('sentinelOne');
      if (host === undefined) return undefined;
      const { user, process } = keygenFromShell(ctx, host, (u) => `ssh-keygen -p -f ${u.home}/.ssh/id_ed25519`);
      return { host, ops: [negative('modification', `${user.home}/.ssh/id_ed25519`, process, privateKeyContent(prng, 'ed25519'))] };
    }
    case 'path.ssh2-dir':
      return userKey(ctx, hosts.linux(), { path: (home, type) => `${home}/.ssh2/id_${type}` });
    case 'path.ssh-dir-itself': {
      const host = hosts.linux();
      const { user, process } = keygenFromShell(ctx, host, () => 'ssh-keygen -t ed25519');
      // ssh-keygen's mkdir of ~/.ssh: "/home/u/.ssh" has no "/" after ".ssh".
      return { host, ops: [negative('creation', `${user.home}/.ssh`, process)] };
    }
    case 'path.rootx':
      return userKey(ctx, hosts.linux(), { path: (_home, type) => `/rootx/.ssh/id_${type}` });
    case 'path.etc-sshd':
      return userKey(ctx, hosts.linux(), { path: (_home, type) => `/etc/sshd/ssh_host_${type === 'rsa' ? 'rsa' : 'ed25519'}_key` });
    case 'path.relative':
      return userKey(ctx, hosts.linux(), {
        path: (home, type) => (prng.chance(0.5) ? `.ssh/id_${type}` : `${home.slice(1)}/.ssh/id_${type}`),
      });
    case 'path.over-1024':
      return userKey(ctx, hosts.linux(), { path: (home, type) => longPath(ctx, `${home}/.ssh/`, `id_${type}`, prng.chance(0.3) ? 1025 : prng.range(1026, 2400)) });
    case 'path.unicode-not-folded':
      // Unicode case folding maps "ſ" to "s"; Elasticsearch folds ASCII letters only (EQL-SEMANTICS.md §5).
      return userKey(ctx, hosts.linux(), { path: (home, type) => `${home}/.\u017Fsh/id_${type}` });
    case 'name.known-hosts-old':
      return keygenFile(ctx, hosts.linux(), 'known_hosts.old');
    case 'name.known-hosts-temp':
      return keygenFile(ctx, hosts.linux(), `known_hosts.${mkstempSuffix(prng)}`);
    case 'name.upper-case':
      return keygenFile(ctx, hosts.linux(), prng.chance(0.5) ? 'KNOWN_HOSTS.OLD' : `Known_Hosts.${mkstempSuffix(prng)}`);
    case 'name.known-hosts-dot':
      return keygenFile(ctx, hosts.linux(), 'known_hosts.');
    case 'name.array-with-excluded':
      return userKey(ctx, hosts.shapeable(), { variant: { nameArray: ['id_rsa', 'known_hosts.old'] }, type: 'rsa' });
    case 'category.process':
      return userKey(ctx, hosts.shapeable(), { variant: { category: ['process'] } });
    case 'category.upper-case':
      return userKey(ctx, hosts.shapeable(), { variant: { category: ['FILE'] } });
  }
}

/** A negative event. */
function negative(action: FileAction, path: string, process: ProcessInfo, content?: ReturnType<typeof textContent>): FileOp {
  return content === undefined ? { action, path, process, positive: false } : { action, path, process, positive: false, content };
}

interface UserKeyOptions {
  readonly executable?: string;
  readonly path?: (home: string, type: KeyType) => string;
  readonly variant?: DocVariant;
  readonly type?: KeyType;
}

/** A user's private key creation with one thing changed (all negatives). */
function userKey(ctx: ScenarioContext, host: Host, options: UserKeyOptions): Built {
  const type = options.type ?? pickUserKeyType(ctx);
  const { user, process } = keygenFromShell(ctx, host, () => `ssh-keygen -t ${type.replace('_', '-')}`, options.executable);
  const path = options.path === undefined ? `${user.home}/.ssh/id_${type}` : options.path(user.home, type);
  const op: FileOp = { action: 'creation', path, process, positive: false, content: privateKeyContent(ctx.prng, type) };
  return { host, ops: [options.variant === undefined ? op : { ...op, variant: options.variant }] };
}

/** ssh-keygen creating `name` in a user's ~/.ssh (excluded names). */
function keygenFile(ctx: ScenarioContext, host: Host, name: string): Built {
  const { user, process } = keygenFromShell(ctx, host, (u) => `ssh-keygen -R github.com -f ${u.home}/.ssh/known_hosts`);
  return { host, ops: [negative('creation', `${user.home}/.ssh/${name}`, process, textContent(ctx.prng, '|1|', ctx.prng.range(200, 4000)))] };
}

/**
 * A path of exactly `length` characters: `prefix`, then directories, then `name`. Used on both sides of
 * Elastic Defend's `ignore_above: 1024` (EQL-SEMANTICS.md §3): 1,024 is indexed, 1,025 is not.
 */
export function longPath(ctx: ScenarioContext, prefix: string, name: string, length: number): string {
  let room = length - prefix.length - name.length;
  if (room < 0) throw new RangeError(`longPath: ${prefix}${name} is already longer than ${length}`);
  let directories = '';
  while (room > 0) {
    let size = Math.min(room - 1, ctx.prng.range(8, 60));
    // Never leave exactly one character: it could not hold a directory and its "/".
    if (room - (size + 1) === 1) size += 1;
    directories += `${ctx.prng.chars('abcdefghijklmnopqrstuvwxyz0123456789-_', size)}/`;
    room -= size + 1;
  }
  return prefix + directories + name;
}

