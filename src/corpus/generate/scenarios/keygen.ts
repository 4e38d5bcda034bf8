/**
 * How ssh-keygen really writes files (CORPUS.md §4), each event labelled with its truth for the seed rule
 * (EQL-SEMANTICS.md §8): a creation by /usr/bin/ssh-keygen under /home/*\/.ssh/, /root/.ssh/ or /etc/ssh/
 * whose name is not `known_hosts.*`.
 */
import type { Host } from '../fleet.js';
import type { FileOp, ProcessInfo, UserAccount } from '../file-op.js';
import { privateKeyContent, publicKeyContent, textContent, type KeyType } from '../file-content.js';
import { mkstempSuffix, openSession, runCommand, spawnChild, type ScenarioContext } from '../processes.js';
import type { KeygenKind } from '../scenario-catalog.js';

/** The one executable the seed rule accepts. */
export const SSH_KEYGEN = '/usr/bin/ssh-keygen';
/** Host key types `ssh-keygen -A` and cloud-init generate. */
export const HOST_KEY_TYPES: readonly KeyType[] = ['rsa', 'ecdsa', 'ed25519'];
const USER_KEY_TYPES: readonly KeyType[] = ['ed25519', 'ed25519', 'ed25519', 'rsa', 'rsa', 'ecdsa', 'ecdsa_sk', 'ed25519_sk'];
const CA_NAMES = ['/etc/ssh/ca/user_ca', '/root/ca/user_ca', '/opt/vault/ssh-ca'];

/** Builds one instance of an ssh-keygen scenario on `host` (a Linux host). */
export function buildKeygen(kind: KeygenKind, ctx: ScenarioContext, host: Host): FileOp[] {
  switch (kind) {
    case 'interactive':
      return interactive(ctx, host);
    case 'cloud-init':
      return cloudInit(ctx, host);
    case 'host-keys-a':
      return hostKeysA(ctx, host);
    case 'known-hosts-r':
      return knownHostsR(ctx, host);
    case 'certificate':
      return certificate(ctx, host);
    case 'persistence':
      return persistence(ctx, host);
    case 'service-account':
      return serviceAccount(ctx, host);
  }
}

/** A user (or root, one time in five) and an ssh-keygen started from their login shell. */
export function keygenFromShell(ctx: ScenarioContext, host: Host, commandLine: (user: UserAccount) => string, executable = SSH_KEYGEN) {
  const user = ctx.prng.chance(0.2) || host.users.length === 0 ? host.root : ctx.prng.pick(host.users);
  const session = openSession(ctx, host, user);
  const process = runCommand(ctx, session, executable, commandLine(user));
  return { user, session, process };
}

/** Picks a user key type, weighted toward ed25519 and rsa. */
export function pickUserKeyType(ctx: ScenarioContext): KeyType {
  return ctx.prng.pick(USER_KEY_TYPES);
}

function interactive(ctx: ScenarioContext, host: Host): FileOp[] {
  const type = pickUserKeyType(ctx);
  const { user, process } = keygenFromShell(ctx, host, () => `ssh-keygen -t ${type.replace('_', '-')}`);
  const key = `${user.home}/.ssh/id_${type}`;
  return [
    { action: 'creation', path: key, process, positive: true, content: privateKeyContent(ctx.prng, type) },
    { action: 'creation', path: `${key}.pub`, process, positive: true, content: publicKeyContent(ctx.prng, type) },
  ];
}

function cloudInit(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const cloudInit = spawnChild(ctx, host.daemons.systemd, '/usr/bin/python3', '/usr/bin/python3 /usr/bin/cloud-init init');
  const ops: FileOp[] = [];
  // cc_ssh removes the image's host keys first (deletions: never positives) ...
  for (const type of HOST_KEY_TYPES) {
    ops.push({ action: 'deletion', path: `/etc/ssh/ssh_host_${type}_key`, process: cloudInit, positive: false });
    ops.push({ action: 'deletion', path: `/etc/ssh/ssh_host_${type}_key.pub`, process: cloudInit, positive: false });
  }
  // ... then runs `ssh-keygen -t <t> -N "" -f /etc/ssh/ssh_host_<t>_key` per type: 6 positives.
  for (const type of HOST_KEY_TYPES) {
    const keygen = spawnChild(ctx, cloudInit, SSH_KEYGEN, `ssh-keygen -t ${type} -N  -f /etc/ssh/ssh_host_${type}_key`);
    ops.push({ action: 'creation', path: `/etc/ssh/ssh_host_${type}_key`, process: keygen, positive: true, content: privateKeyContent(prng, type) });
    ops.push({ action: 'creation', path: `/etc/ssh/ssh_host_${type}_key.pub`, process: keygen, positive: true, content: publicKeyContent(prng, type) });
  }
  return ops;
}

function hostKeysA(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const parent: ProcessInfo =
    host.distro.packages === 'rpm'
      ? spawnChild(ctx, host.daemons.systemd, '/usr/bin/bash', '/usr/bin/bash /usr/libexec/openssh/sshd-keygen ed25519')
      : spawnChild(ctx, host.daemons.systemd, '/usr/bin/dash', '/bin/sh /var/lib/dpkg/info/openssh-server.postinst configure');
  const keygen = spawnChild(ctx, parent, SSH_KEYGEN, 'ssh-keygen -A');
  const ops: FileOp[] = [];
  const types = prng.chance(0.5) ? HOST_KEY_TYPES : [prng.pick(HOST_KEY_TYPES)];
  for (const type of types) {
    const final = `/etc/ssh/ssh_host_${type}_key`;
    const temp = `${final}.${mkstempSuffix(prng)}`;
    // The temporary names are creations under /etc/ssh by ssh-keygen, and not known_hosts.*: positives.
    ops.push({ action: 'creation', path: temp, process: keygen, positive: true, content: privateKeyContent(prng, type) });
    ops.push({ action: 'creation', path: `${temp}.pub`, process: keygen, positive: true, content: publicKeyContent(prng, type) });
    // The renames to the final names are not creations.
    ops.push({ action: 'rename', path: final, originalPath: temp, process: keygen, positive: false });
    ops.push({ action: 'rename', path: `${final}.pub`, originalPath: `${temp}.pub`, process: keygen, positive: false });
  }
  return ops;
}

function knownHostsR(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const { user, process } = keygenFromShell(ctx, host, (u) => `ssh-keygen -f ${u.home}/.ssh/known_hosts -R ${prng.pick(['10.20.1.15', 'bastion-prod-001', 'github.com'])}`);
  const file = `${user.home}/.ssh/known_hosts`;
  const temp = `${file}.${mkstempSuffix(prng)}`;
  return [
    // Excluded by `not file.name : "known_hosts.*"`.
    { action: 'creation', path: temp, process, positive: false, content: textContent(prng, '|1|', prng.range(200, 4000)) },
    { action: 'deletion', path: `${file}.old`, process, positive: false },
    // link(known_hosts, known_hosts.old): a new name, still excluded.
    { action: 'creation', path: `${file}.old`, process, positive: false, content: textContent(prng, '|1|', prng.range(200, 4000)) },
    { action: 'rename', path: file, originalPath: temp, process, positive: false },
  ];
}

function certificate(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  if (prng.chance(0.3)) {
    const type = prng.pick(HOST_KEY_TYPES);
    const keygen = spawnChild(ctx, host.daemons.systemd, SSH_KEYGEN, `ssh-keygen -s ${prng.pick(CA_NAMES)} -h -I ${host.hostname} /etc/ssh/ssh_host_${type}_key.pub`);
    return [{ action: 'creation', path: `/etc/ssh/ssh_host_${type}_key-cert.pub`, process: keygen, positive: true, content: publicKeyContent(prng, type, true) }];
  }
  const type = pickUserKeyType(ctx);
  const { user, process } = keygenFromShell(ctx, host, (u) => `ssh-keygen -s ${prng.pick(CA_NAMES)} -I ${u.name} -n ${u.name} -V +52w ${u.home}/.ssh/id_${type}.pub`);
  return [{ action: 'creation', path: `${user.home}/.ssh/id_${type}-cert.pub`, process, positive: true, content: publicKeyContent(prng, type, true) }];
}

function persistence(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const target = prng.chance(0.6) || host.users.length === 0 ? host.root : prng.pick(host.users);
  const dropper = spawnChild(ctx, host.daemons.cron, '/usr/bin/bash', `/bin/bash /tmp/.${prng.chars('abcdefghijklmnopqrstuvwxyz', 5)}/install.sh`, host.root);
  const key = `${target.home}/.ssh/id_rsa1822`;
  const keygen = spawnChild(ctx, dropper, SSH_KEYGEN, `ssh-keygen -t rsa -b 4096 -N  -f ${key}`, host.root);
  const ops: FileOp[] = [
    { action: 'creation', path: key, process: keygen, positive: true, content: privateKeyContent(prng, 'rsa') },
    { action: 'creation', path: `${key}.pub`, process: keygen, positive: true, content: publicKeyContent(prng, 'rsa') },
  ];
  if (prng.chance(0.5)) {
    // `cat id_rsa1822.pub >> authorized_keys` by the dropper's shell: right path, wrong executable.
    ops.push({ action: 'creation', path: `${target.home}/.ssh/authorized_keys`, process: dropper, positive: false, content: publicKeyContent(prng, 'rsa') });
  }
  return ops;
}

function serviceAccount(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const account = prng.pick(host.serviceAccounts);
  const type: KeyType = prng.chance(0.5) ? 'rsa' : 'ed25519';
  const sudo = spawnChild(ctx, host.daemons.sshd, '/usr/bin/sudo', `sudo -u ${account.name} ssh-keygen -t ${type}`, host.root);
  const keygen = spawnChild(ctx, sudo, SSH_KEYGEN, `ssh-keygen -t ${type} -f ${account.home}/.ssh/id_${type}`, account);
  const key = `${account.home}/.ssh/id_${type}`;
  // The home is outside /home: none of the three patterns matches. A real blind spot, not a positive.
  return [
    { action: 'creation', path: key, process: keygen, positive: false, content: privateKeyContent(prng, type) },
    { action: 'creation', path: `${key}.pub`, process: keygen, positive: false, content: publicKeyContent(prng, type) },
  ];
}

