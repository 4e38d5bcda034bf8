/**
 * The positive edge cases of EQL-SEMANTICS.md §3–§5: documents whose shape or path is unusual but which
 * Elasticsearch DOES return for the seed rule. Every event here is a positive.
 */
import type { DocVariant, FileOp } from '../file-op.js';
import { privateKeyContent, textContent } from '../file-content.js';
import type { HostPicker } from '../host-picker.js';
import type { ScenarioContext } from '../processes.js';
import type { EdgeCaseKind } from '../scenario-catalog.js';
import { keygenFromShell, pickUserKeyType } from './keygen.js';
import { longPath, type Built } from './near-misses.js';

/** Name endings full of characters JSON must escape or encode: quotes, "\\", controls, non-ASCII. */
const ODD_SUFFIXES = [
  ' "quoted" \\back\\slash',
  '\nsecond line\ttab',
  '\u0001\u001f\u007f',
  ' caf\u00e9 \u00c9T\u00c9',
  ' \u{1F511}\u{1F600}',
  '\u2028\u2029',
];

/** Builds one positive edge case. */
export function buildEdgeCase(kind: EdgeCaseKind, ctx: ScenarioContext, hosts: HostPicker): Built {
  const { prng } = ctx;
  switch (kind) {
    case 'upper-case-home':
      // ":" folds ASCII case on both sides (§5).
      return positiveKey(ctx, hosts, (home, name) => `/HOME${home.slice('/home'.length)}/.SSH/${name}`, false);
    case 'star-spans-dirs':
      // "*" matches "/" too: /home/<user>/work/.ssh/x and /etc/ssh/<dir>/x.
      return prng.chance(0.5)
        ? positiveKey(ctx, hosts, (home, name) => `${home}/${prng.pick(['work', 'src/infra', 'projects/deploy'])}/.ssh/${name}`, false)
        : positiveKey(ctx, hosts, (_home, name) => `/etc/ssh/${prng.pick(['keys.d', 'sshd_config.d', 'ca/hosts'])}/${name}`, true);
    case 'empty-star':
      return positiveKey(ctx, hosts, (_home, name) => `/home//.ssh/${name}`, false);
    case 'array-values':
      return positiveKey(ctx, hosts, (home, name) => `${home}/.ssh/${name}`, false, (path) => ({
        pathArray: [`/tmp/ssh-${prng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 10)}/agent.${prng.range(1000, 99999)}`, path],
        osTypeArray: true,
      }));
    case 'dotted-keys':
      return positiveKey(ctx, hosts, (home, name) => `${home}/.ssh/${name}`, false, () => ({ dotted: true }));
    case 'missing-file-name':
      return positiveKey(ctx, hosts, (home, name) => `${home}/.ssh/${name}`, false, () => ({ omitName: true }));
    case 'known-hosts-not-excluded': {
      const host = hosts.linux();
      const name = prng.chance(0.5) ? 'known_hosts' : 'known_hosts2';
      const { user, process } = keygenFromShell(ctx, host, (u) => `ssh-keygen -H -f ${u.home}/.ssh/${name}`);
      const op: FileOp = { action: 'creation', path: `${user.home}/.ssh/${name}`, process, positive: true, content: textContent(prng, '|1|', prng.range(200, 4000)) };
      return { host, ops: [op] };
    }
    case 'path-exactly-1024':
      return positiveKey(ctx, hosts, (home, name) => longPath(ctx, `${home}/.ssh/`, name, 1024), false);
    case 'odd-characters':
      // Any byte but "/" and NUL may be in a Linux file name; the JSON must escape each exactly.
      return positiveKey(ctx, hosts, (home, name) => `${home}/.ssh/${name}${prng.pick(ODD_SUFFIXES)}`, true);
    case 'unicode-not-folded':
      // U+212A KELVIN SIGN lower-cases to "k" in full Unicode, not in Elasticsearch's ASCII folding.
      return positiveKey(ctx, hosts, (home) => `${home}/.ssh/\u212Anown_hosts.old`, true);
  }
}

/**
 * An ssh-keygen private key creation at `path(home, file name)` (home is a /home user's unless
 * `anyUser`), optionally with a shape variant; always a positive.
 */
function positiveKey(
  ctx: ScenarioContext,
  hosts: HostPicker,
  path: (home: string, name: string) => string,
  anyUser: boolean,
  variant?: (path: string) => DocVariant,
): Built {
  const host = variant === undefined ? hosts.linux() : hosts.shapeable();
  const type = pickUserKeyType(ctx);
  const { user, process } = keygenFromShell(ctx, host, () => `ssh-keygen -t ${type.replace('_', '-')}`);
  // Paths built on a home must use a /home user: root's /root would not fit "/home/*" rewrites.
  const home = anyUser || user.home.startsWith('/home/') ? user.home : (host.users[0]?.home ?? '/home/admin');
  const full = path(home, `id_${type}`);
  const op: FileOp = { action: 'creation', path: full, process, positive: true, content: privateKeyContent(ctx.prng, type) };
  return { host, ops: [variant === undefined ? op : { ...op, variant: variant(full) }] };
}
