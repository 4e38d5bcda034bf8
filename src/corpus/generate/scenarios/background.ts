/**
 * The background activity positives hide in (CORPUS.md §6). None of these events is a positive: even
 * those that touch `~/.ssh` or `/etc/ssh` are written by another executable (ssh, puppet's ruby, chef,
 * dockerd), which is exactly what makes them useful negatives.
 */
import type { Host } from '../fleet.js';
import { createFileOp, type FileAction, type FileContent, type FileOp, type ProcessInfo } from '../file-op.js';
import { elfContent, gzipContent, textContent } from '../file-content.js';
import { mkstempSuffix, openSession, runCommand, spawnChild, type ScenarioContext } from '../processes.js';
import type { BackgroundKind } from '../scenario-catalog.js';

const UNITS = [
  'gce-workload-cert-refresh.service', 'apt-daily.service', 'man-db.service', 'logrotate.service',
  'systemd-tmpfiles-clean.service', 'fstrim.service', 'sysstat-collect.service', 'certbot.service',
  'motd-news.service', 'e2scrub_all.service', 'dpkg-db-backup.service', 'google-guest-agent.service',
  'node-exporter.service', 'fwupd-refresh.service', 'update-notifier-download.service',
];
const LIBS = ['libssl.so.3', 'libcrypto.so.3', 'libc.so.6', 'libsystemd.so.0.35.0', 'libcurl.so.4.8.0', 'libexpat.so.1.8.10', 'libxml2.so.2.9.14'];
const PACKAGES = ['openssl', 'libc6', 'systemd', 'curl', 'tzdata', 'ca-certificates', 'python3.11', 'linux-image-cloud-amd64', 'sudo', 'git'];
const LOGS = ['syslog', 'auth.log', 'kern.log', 'nginx/access.log', 'nginx/error.log', 'apt/history.log', 'postgresql/postgresql-15-main.log'];
const CONFIGS = ['/etc/ntp.conf', '/etc/resolv.conf', '/etc/sudoers.d/90-ops', '/etc/sysctl.d/60-tuning.conf', '/etc/nginx/nginx.conf', '/etc/hosts'];
const SSH_HOSTS = ['github.com', 'gitlab.internal', 'bastion-prod-001', '10.20.1.15', 'db-prod-014'];
const EDITED = ['notes.txt', 'deploy.sh', 'config.yaml', '.bashrc', 'README.md', 'docker-compose.yml'];
const ALNUM_LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Builds one instance of a background kind on `host`: one or more events in order. */
export function buildBackground(kind: BackgroundKind, ctx: ScenarioContext, host: Host): FileOp[] {
  switch (kind) {
    case 'systemd':
      return systemdUnits(ctx, host);
    case 'journald':
      return journaldStream(ctx, host);
    case 'package-manager':
      return host.distro.packages === 'rpm' ? rpmTransaction(ctx, host) : dpkgTransaction(ctx, host);
    case 'container-runtime':
      return host.containerHost ? containerRuntime(ctx, host) : systemdUnits(ctx, host);
    case 'logrotate-cron':
      return ctx.prng.chance(0.5) ? logrotate(ctx, host) : cronJob(ctx, host);
    case 'config-management':
      return configManagement(ctx, host);
    case 'user-shell':
      return userShell(ctx, host);
    case 'ssh-known-hosts':
      return sshKnownHosts(ctx, host);
    case 'sshd-pam':
      return sshdPam(ctx, host);
  }
}

/** A single background event, for the tail of a block too short for a whole scenario. */
export function buildFiller(ctx: ScenarioContext, host: Host): FileOp[] {
  const n = ctx.prng.range(1_000_000, 9_999_999);
  return [op('deletion', `/run/systemd/journal/streams/8:${n}`, host.daemons.journald)];
}

function op(action: FileAction, path: string, process: ProcessInfo, extra: { originalPath?: string; content?: FileContent } = {}): FileOp {
  return createFileOp({ action, path, originalPath: extra.originalPath, process, positive: false, content: extra.content });
}

function systemdUnits(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const pid1 = host.daemons.systemd;
  const unit = prng.chance(0.2) ? `session-${prng.range(1, 9999)}.scope` : prng.pick(UNITS);
  const final = `/run/systemd/units/invocation:${unit}`;
  const temp = `/run/systemd/units/.#invocation:${unit}${prng.hex(16)}`;
  const ops = [
    op('creation', temp, pid1, { content: textContent(prng, prng.hex(32), 32) }),
    op('rename', final, pid1, { originalPath: temp }),
  ];
  if (prng.chance(0.7)) ops.push(op('deletion', final, pid1));
  if (prng.chance(0.15)) {
    const tmpfiles = spawnChild(ctx, pid1, '/usr/bin/systemd-tmpfiles', '/usr/bin/systemd-tmpfiles --clean');
    const service = unit.replace('.service', '');
    ops.push(op('deletion', `/tmp/systemd-private-${prng.hex(32)}-${service}.service-${mkstempSuffix(prng, 6)}`, tmpfiles));
  }
  return ops;
}

function journaldStream(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const journald = host.daemons.journald;
  if (prng.chance(0.05)) {
    const file = `/var/log/journal/${host.hostId}/system@${prng.hex(32)}-${prng.hex(16)}-${prng.hex(16)}.journal`;
    return [op('creation', file, journald, { content: textContent(prng, 'LPKSHHRH', 8_388_608) })];
  }
  const n = prng.range(1_000_000, 9_999_999);
  const temp = `/run/systemd/journal/streams/.#8:${n}${mkstempSuffix(prng, 6)}`;
  const ops = [op('creation', temp, journald, { content: textContent(prng, 'PRIORITY=6\nLEVEL', 180) })];
  ops.push(op('rename', `/run/systemd/journal/streams/8:${n}`, journald, { originalPath: temp }));
  if (prng.chance(0.4)) ops.push(op('deletion', `/run/systemd/journal/streams/8:${prng.range(1_000_000, n)}`, journald));
  return ops;
}

function dpkgTransaction(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const systemd = host.daemons.systemd;
  if (prng.chance(0.4)) {
    const apt = spawnChild(ctx, systemd, '/usr/bin/apt-get', '/usr/bin/apt-get -qq -y update');
    const method = spawnChild(ctx, apt, '/usr/lib/apt/methods/http', '/usr/lib/apt/methods/http');
    const list = `deb.debian.org_debian_dists_bookworm-updates_${prng.pick(['InRelease', 'main_binary-amd64_Packages.xz', 'main_i18n_Translation-en'])}`;
    const cache = `/var/cache/apt/pkgcache.bin.${mkstempSuffix(prng, 6)}`;
    return [
      op('creation', `/var/lib/apt/lists/partial/${list}`, method, { content: textContent(prng, '-----BEGIN PGP S', prng.range(20_000, 200_000)) }),
      op('rename', `/var/lib/apt/lists/${list}`, apt, { originalPath: `/var/lib/apt/lists/partial/${list}` }),
      op('creation', cache, apt, { content: textContent(prng, '\u00ce\u00a6\u00dc\u0097', 42_000_000) }),
      op('rename', '/var/cache/apt/pkgcache.bin', apt, { originalPath: cache }),
    ];
  }
  const pkg = prng.pick(PACKAGES);
  const unattended = spawnChild(ctx, systemd, '/usr/bin/python3.11', '/usr/bin/python3 /usr/bin/unattended-upgrade');
  const dpkg = spawnChild(ctx, unattended, '/usr/bin/dpkg', `/usr/bin/dpkg --status-fd 10 --no-triggers --unpack --auto-deconfigure /var/cache/apt/archives/${pkg}.deb`);
  const lib = `/usr/lib/x86_64-linux-gnu/${prng.pick(LIBS)}`;
  const ops = [
    op('creation', '/var/lib/dpkg/updates/tmp.i', dpkg, { content: textContent(prng, 'Package: ', 1200) }),
    op('rename', `/var/lib/dpkg/updates/${String(prng.int(20)).padStart(4, '0')}`, dpkg, { originalPath: '/var/lib/dpkg/updates/tmp.i' }),
    op('creation', `${lib}.dpkg-new`, dpkg, { content: elfContent(prng, prng.range(100_000, 5_000_000)) }),
    op('rename', lib, dpkg, { originalPath: `${lib}.dpkg-new` }),
    op('creation', `/usr/share/doc/${pkg}/changelog.Debian.gz.dpkg-new`, dpkg, { content: gzipContent(prng, prng.range(2000, 90_000)) }),
    op('rename', `/usr/share/doc/${pkg}/changelog.Debian.gz`, dpkg, { originalPath: `/usr/share/doc/${pkg}/changelog.Debian.gz.dpkg-new` }),
    op('creation', `/var/lib/dpkg/info/${pkg}.list-new`, dpkg, { content: textContent(prng, '/.\n/usr\n/usr/lib', 3000) }),
    op('rename', `/var/lib/dpkg/info/${pkg}.list`, dpkg, { originalPath: `/var/lib/dpkg/info/${pkg}.list-new` }),
  ];
  return ops.slice(0, prng.range(2, 4) * 2);
}

function rpmTransaction(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const dnf = spawnChild(ctx, host.daemons.systemd, '/usr/bin/python3.9', '/usr/bin/python3 /usr/bin/dnf makecache --timer');
  if (prng.chance(0.4)) {
    const repo = `${prng.pick(['baseos', 'appstream', 'epel', 'amazonlinux'])}-${prng.hex(16)}`;
    return [
      op('creation', `/var/cache/dnf/${repo}/repodata/${prng.hex(64)}-primary.xml.zst`, dnf, { content: textContent(prng, '(\u00b5/\u00fd', prng.range(100_000, 9_000_000)) }),
      op('creation', `/var/cache/dnf/${repo}/repodata/repomd.xml`, dnf, { content: textContent(prng, '<?xml version="1', 4000) }),
    ];
  }
  const lib = `/usr/lib64/${prng.pick(LIBS)}`;
  const temp = `${lib};${prng.hex(8)}`;
  return [
    op('creation', temp, dnf, { content: elfContent(prng, prng.range(100_000, 5_000_000)) }),
    op('rename', lib, dnf, { originalPath: temp }),
    op('creation', '/var/lib/rpm/rpmdb.sqlite-shm', dnf, { content: textContent(prng, '\u0000\u0000', 32_768) }),
    op('deletion', '/var/lib/rpm/rpmdb.sqlite-shm', dnf),
  ];
}

function containerRuntime(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const { dockerd, containerd } = host.daemons;
  const roll = prng.float();
  if (roll < 0.35) {
    // Layer extraction: files inside an image, some of them ssh material, none written by ssh-keygen
    // and none under an anchored /root/.ssh or /etc/ssh.
    const layer = `/var/lib/docker/overlay2/${prng.hex(64)}/diff`;
    const inner = prng.pick(['/etc/ssh/ssh_config', '/root/.ssh/known_hosts', '/usr/lib/os-release', '/etc/passwd', '/usr/bin/curl', '/app/node_modules/.package-lock.json']);
    return [
      op('creation', `${layer}${inner}`, dockerd, { content: textContent(prng, '# generated\n', prng.range(100, 60_000)) }),
      op('creation', `${layer}/etc/hostname`, dockerd, { content: textContent(prng, prng.hex(12), 13) }),
    ];
  }
  if (roll < 0.7) {
    const id = prng.hex(64);
    const temp = `/var/lib/docker/containers/${id}/.tmp-config.v2.json${prng.range(100_000_000, 999_999_999)}`;
    return [
      op('creation', temp, dockerd, { content: textContent(prng, '{"StreamConfig":', 5200) }),
      op('rename', `/var/lib/docker/containers/${id}/config.v2.json`, dockerd, { originalPath: temp }),
      op('creation', `/var/lib/docker/containers/${id}/${id}-json.log`, dockerd, { content: textContent(prng, '{"log":"', 512) }),
    ];
  }
  const ingest = prng.hex(64);
  const shim = spawnChild(ctx, containerd, '/usr/bin/containerd-shim-runc-v2', `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${prng.hex(64)} -address /run/containerd/containerd.sock`);
  return [
    op('creation', `/var/lib/containerd/io.containerd.content.v1.content/ingest/${ingest}/data`, containerd, { content: gzipContent(prng, prng.range(1000, 80_000_000)) }),
    op('rename', `/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/${prng.hex(64)}`, containerd, {
      originalPath: `/var/lib/containerd/io.containerd.content.v1.content/ingest/${ingest}/data`,
    }),
    op('creation', `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${prng.hex(64)}/config.json`, shim, { content: textContent(prng, '{"ociVersion":"1', 9000) }),
  ];
}

function logrotate(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const rotate = spawnChild(ctx, host.daemons.systemd, '/usr/sbin/logrotate', '/usr/sbin/logrotate /etc/logrotate.conf');
  const gzip = spawnChild(ctx, rotate, '/usr/bin/gzip', '/bin/gzip');
  const log = `/var/log/${prng.pick(LOGS)}`;
  return [
    op('rename', `${log}.1`, rotate, { originalPath: log }),
    op('creation', log, rotate, { content: textContent(prng, '', 0) }),
    op('creation', `${log}.2.gz`, gzip, { content: gzipContent(prng, prng.range(2000, 2_000_000)) }),
    op('deletion', `${log}.2`, gzip),
    op('creation', '/var/lib/logrotate/status.tmp', rotate, { content: textContent(prng, 'logrotate state ', 2400) }),
    op('rename', '/var/lib/logrotate/status', rotate, { originalPath: '/var/lib/logrotate/status.tmp' }),
  ];
}

function cronJob(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const job = spawnChild(ctx, host.daemons.cron, '/usr/bin/dash', '/bin/sh -c /usr/local/bin/backup-db.sh > /dev/null 2>&1');
  const mktemp = spawnChild(ctx, job, '/usr/bin/mktemp', '/usr/bin/mktemp');
  const rm = spawnChild(ctx, job, '/usr/bin/rm', '/usr/bin/rm -f');
  const temp = `/tmp/tmp.${mkstempSuffix(prng)}`;
  return [op('creation', temp, mktemp, { content: textContent(prng, '', 0) }), op('deletion', temp, rm)];
}

function configManagement(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const agent = host.daemons.configAgent;
  const day = new Date(ctx.blockStartSec * 1000).toISOString().slice(0, 10).replaceAll('-', '');
  const stamp = `${day}-${agent.pid}-${prng.chars(ALNUM_LOWER, 6)}`;
  if (agent.executable.startsWith('/opt/puppetlabs')) {
    // Puppet writes managed files next to their target, also under /etc/ssh: right path, wrong executable.
    const target = prng.chance(0.2)
      ? '/etc/ssh/sshd_config'
      : prng.chance(0.5)
        ? '/opt/puppetlabs/puppet/cache/state/last_run_summary.yaml'
        : prng.pick(CONFIGS);
    return [
      op('creation', `${target}${stamp}`, agent, { content: textContent(prng, '# Managed by Pup', prng.range(300, 9000)) }),
      op('rename', target, agent, { originalPath: `${target}${stamp}` }),
    ];
  }
  if (prng.chance(0.5)) {
    const target = prng.chance(0.2) ? '/etc/ssh/sshd_config' : prng.pick(CONFIGS);
    const dir = target.slice(0, target.lastIndexOf('/'));
    const temp = `${dir}/.chef-${target.slice(target.lastIndexOf('/') + 1)}${stamp}`;
    return [
      op('creation', temp, agent, { content: textContent(prng, '# Generated by C', prng.range(300, 9000)) }),
      op('rename', target, agent, { originalPath: temp }),
    ];
  }
  // Ansible: modules copied over ssh into the remote user's ~/.ansible/tmp, run, removed.
  const user = host.users.find((u) => u.name === 'ansible' || u.name === 'deploy') ?? host.users[0] ?? host.root;
  const session = openSession(ctx, host, user);
  const python = runCommand(ctx, session, '/usr/bin/python3', '/bin/sh -c /usr/bin/python3 && sleep 0');
  const dir = `${user.home}/.ansible/tmp/ansible-tmp-${ctx.blockStartSec}.${prng.range(1000, 9999)}-${prng.range(1000, 99999)}-${prng.range(1e13, 9e13)}`;
  const module = `${dir}/AnsiballZ_${prng.pick(['command', 'apt', 'copy', 'file', 'systemd', 'lineinfile'])}.py`;
  return [
    op('creation', module, session.shell, { content: textContent(prng, '#!/usr/bin/pytho', prng.range(90_000, 250_000)) }),
    op('deletion', module, python),
  ];
}

function userShell(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const user = prng.chance(0.2) ? host.root : prng.pick(host.users);
  const session = openSession(ctx, host, user);
  const roll = prng.float();
  if (roll < 0.3) {
    return [op('creation', `${user.home}/.bash_history`, session.shell, { content: textContent(prng, 'ls -la\ncd /var/l', prng.range(200, 40_000)) })];
  }
  if (roll < 0.75) {
    const file = prng.pick(EDITED);
    const vim = runCommand(ctx, session, host.distro.packages === 'dpkg' ? '/usr/bin/vim.basic' : '/usr/bin/vim', `vim ${file}`);
    const swap = `${user.home}/.${file}.swp`;
    return [
      op('creation', swap, vim, { content: textContent(prng, 'b0VIM 9.0\u0000\u0000', 12_288) }),
      // vim's writability probe: the famous file named 4913.
      op('creation', `${user.home}/4913`, vim, { content: textContent(prng, '', 0) }),
      op('deletion', `${user.home}/4913`, vim),
      op('deletion', swap, vim),
      op('creation', `${user.home}/.viminfo.tmp`, vim, { content: textContent(prng, '# This viminfo f', prng.range(800, 12_000)) }),
      op('rename', `${user.home}/.viminfo`, vim, { originalPath: `${user.home}/.viminfo.tmp` }),
    ];
  }
  const pip = runCommand(ctx, session, '/usr/bin/python3', 'python3 -m pip install --user requests');
  const dir = `${user.home}/.cache/pip/http-v2/${prng.hex(1)}/${prng.hex(1)}/${prng.hex(1)}/${prng.hex(1)}/${prng.hex(1)}`;
  const less = runCommand(ctx, session, '/usr/bin/less', 'less /var/log/syslog');
  return [
    op('creation', `${dir}/${prng.hex(56)}.body`, pip, { content: textContent(prng, 'PK\u0003\u0004', prng.range(10_000, 900_000)) }),
    op('creation', `${dir}/${prng.hex(56)}`, pip, { content: textContent(prng, '\u0000\u0000\u0000\u0002', 1200) }),
    op('creation', `${user.home}/.lesshst`, less, { content: textContent(prng, '.less-history-fi', 40) }),
  ];
}

function sshKnownHosts(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const user = prng.chance(0.15) ? host.root : prng.pick(host.users);
  const session = openSession(ctx, host, user);
  const ssh = runCommand(ctx, session, '/usr/bin/ssh', `ssh ${prng.pick(SSH_HOSTS)}`);
  // /usr/bin/ssh, not ssh-keygen: the path matches "/home/*/.ssh/*", the executable does not.
  return [op('creation', `${user.home}/.ssh/known_hosts`, ssh, { content: textContent(prng, '|1|', prng.range(200, 4000)) })];
}

function sshdPam(ctx: ScenarioContext, host: Host): FileOp[] {
  const { prng } = ctx;
  const user = prng.pick(host.users);
  const session = openSession(ctx, host, user);
  const logind = host.daemons.logind;
  const id = prng.range(1, 9999);
  const sessionTemp = `/run/systemd/sessions/.#${id}${mkstempSuffix(prng, 6)}`;
  const userTemp = `/run/systemd/users/.#${user.uid}${mkstempSuffix(prng, 6)}`;
  const motd = spawnChild(ctx, session.sshd, '/usr/bin/run-parts', '/bin/run-parts --lsbsysinit /etc/update-motd.d', host.root);
  return [
    op('creation', sessionTemp, logind, { content: textContent(prng, '# This is private', 400) }),
    op('rename', `/run/systemd/sessions/${id}`, logind, { originalPath: sessionTemp }),
    op('creation', userTemp, logind, { content: textContent(prng, '# This is private', 300) }),
    op('rename', `/run/systemd/users/${user.uid}`, logind, { originalPath: userTemp }),
    op('creation', '/run/motd.dynamic.new', motd, { content: textContent(prng, 'Linux ', 300) }),
    op('rename', '/run/motd.dynamic', motd, { originalPath: '/run/motd.dynamic.new' }),
  ];
}
