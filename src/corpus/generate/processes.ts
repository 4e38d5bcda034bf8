/**
 * Short-lived processes for scenarios: an interactive login (sshd → shell), a command run from it, a
 * process started by a daemon. Pids are random; start times are a few seconds before the block starts
 * so that a process never starts after its first file event.
 */
import { createProcess, type Host } from './fleet.js';
import type { ProcessInfo, UserAccount } from './file-op.js';
import type { Prng } from './prng.js';

/** What a scenario builder gets besides its host. */
export interface ScenarioContext {
  readonly prng: Prng;
  /** Epoch seconds of the block's first event. */
  readonly blockStartSec: number;
}

/** An interactive session: the processes a command typed by `user` descends from. */
export interface Session {
  readonly sshd: ProcessInfo;
  readonly shell: ProcessInfo;
}

/** A login over ssh: `sshd: user [priv]` → `sshd: user@pts/N` → `-bash`. */
export function openSession(ctx: ScenarioContext, host: Host, user: UserAccount): Session {
  const { prng } = ctx;
  const start = ctx.blockStartSec - prng.range(30, 3600);
  const listener = host.daemons.sshd;
  const priv = createProcess({
    pid: pid(prng),
    startSec: start,
    executable: '/usr/sbin/sshd',
    name: 'sshd',
    commandLine: `sshd: ${user.name} [priv]`,
    user: host.root,
    parent: listener,
  });
  const tty = `pts/${prng.int(6)}`;
  const session = createProcess({
    pid: priv.pid + 2,
    startSec: start,
    executable: '/usr/sbin/sshd',
    name: 'sshd',
    commandLine: `sshd: ${user.name}@${tty}`,
    user,
    parent: priv,
    entryLeader: priv,
  });
  const shellExe = host.distro.type === 'macos' ? '/bin/zsh' : '/usr/bin/bash';
  const shell = createProcess({
    pid: session.pid + 1,
    startSec: start + prng.int(2),
    executable: shellExe,
    name: shellExe.slice(shellExe.lastIndexOf('/') + 1),
    commandLine: `-${shellExe.slice(shellExe.lastIndexOf('/') + 1)}`,
    user,
    parent: session,
    entryLeader: priv,
  });
  return { sshd: priv, shell };
}

/** A command started from a session's shell (it leads its own process group). */
export function runCommand(
  ctx: ScenarioContext,
  session: Session,
  executable: string,
  commandLine: string,
  user = session.shell.user,
): ProcessInfo {
  const base = {
    pid: pid(ctx.prng),
    startSec: ctx.blockStartSec - ctx.prng.int(3),
    executable,
    name: executable.slice(executable.lastIndexOf('/') + 1),
    commandLine,
    user,
    parent: session.shell,
    entryLeader: session.sshd,
    sessionLeader: session.shell,
  };
  return createProcess(base);
}

/** A process started by `parent` (a daemon or another command), outside any login session. */
export function spawnChild(
  ctx: ScenarioContext,
  parent: ProcessInfo,
  executable: string,
  commandLine: string,
  user: UserAccount = parent.user,
): ProcessInfo {
  return createProcess({
    pid: pid(ctx.prng),
    startSec: Math.max(parent.startSec, ctx.blockStartSec - ctx.prng.int(3)),
    executable,
    name: executable.slice(executable.lastIndexOf('/') + 1),
    commandLine,
    user,
    parent,
    entryLeader: parent.entryLeader ?? parent,
    sessionLeader: parent.sessionLeader ?? parent,
  });
}

/** A Linux pid in the range busy servers show. */
function pid(prng: Prng): number {
  return prng.range(2000, 420_000);
}

/** `mkstemp`'s 10-character suffix (`XXXXXXXXXX`). */
export function mkstempSuffix(prng: Prng, length = 10): string {
  return prng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', length);
}
