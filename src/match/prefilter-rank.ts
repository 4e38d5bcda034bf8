/**
 * How selective a needle (and a group of needles) probably is: the heuristic behind `Prefilter.best`.
 *
 * The scanner searches the chunk for the needles of one group only, so that group should be the one whose
 * needles occur in the fewest lines. We have no statistics of the corpus, so the estimate is a score
 * (higher = rarer) read from the needle itself:
 *
 * 1. Its length in bytes — longer literals occur less often. A delimiting `"` counts one: it pins the
 *    literal to the start or end of a whole value.
 * 2. Needles whose literal is a word every event of a Linux file corpus carries — a common ECS value or
 *    key (`file`, `creation`, `linux`, `event`, …) — score 1: `file where` yields `"file"`, which is in
 *    every file event and would select nothing.
 * 3. Common path fragments (`/home/`, `/usr/bin/`, `/etc/`, …) score 2: present in most paths; a literal
 *    of one or two characters (`"/` from the pattern `"/*"`) scores 0.5: present in nearly every line.
 * 4. Case-insensitive needles lose half a point: they cost more to scan.
 *
 * A group (an OR) is as frequent as the sum of its needles: its score is its weakest needle's, minus
 * log2 of its size.
 */
import type { Needle } from './prefilter.js';
import { foldAscii } from './compare-values.js';

/**
 * Values and keys found in (nearly) every line of a Linux file-event corpus from Elastic Defend, Endgame or
 * SentinelOne (see ../shared/docs/CORPUS.md): needles equal to one of them select nothing.
 */
const COMMON_WORDS: ReadonlySet<string> = new Set([
  // event.category / event.type / event.action / event.kind / event.outcome / event.module values
  'file', 'process', 'network', 'registry', 'authentication', 'host', 'session', 'library', 'driver',
  'creation', 'deletion', 'rename', 'change', 'modification', 'overwrite', 'open', 'start', 'end', 'exec',
  'fork', 'info', 'event', 'alert', 'signal', 'success', 'failure', 'unknown', 'endpoint', 'endgame',
  'esensor', 'sentinel_one_cloud_funnel', 'file_create_event', 'file_delete_event', 'file_rename_event',
  'file_modify_event',
  // host.os values
  'linux', 'windows', 'macos', 'debian', 'ubuntu', 'rhel', 'centos', 'amazon', 'x86_64', 'aarch64',
  // data_stream / agent values
  'logs', 'default', 'metrics', 'endpoint.events.file', 'endpoint file event', 'verified',
  // JSON-ish values and common keys
  'true', 'false', 'null', 'root', 'path', 'name', 'type', 'id', 'action', 'category', 'kind', 'module',
  'dataset', 'executable', 'extension', 'message', 'version', 'os', 'user', 'group', 'agent', 'ecs',
]);

/** Path fragments that occur in most paths of a Linux host. */
const COMMON_PATH_FRAGMENTS: ReadonlySet<string> = new Set([
  '/', '/home/', '/root/', '/usr/', '/usr/bin/', '/usr/sbin/', '/usr/lib/', '/usr/local/', '/bin/', '/sbin/',
  '/lib/', '/lib64/', '/etc/', '/var/', '/var/lib/', '/var/log/', '/tmp/', '/proc/', '/dev/', '/run/', '/opt/',
  '/sys/', '.', '/.',
]);

/**
 * The selectivity score of one needle (higher = rarer). Deterministic; see the module comment for the
 * heuristic.
 */
export function scoreNeedle(needle: Needle): number {
  let core = needle.text;
  if (core.startsWith('"')) core = core.slice(1);
  if (core.endsWith('"')) core = core.slice(0, -1);
  const folded = foldAscii(core);
  const ciPenalty = needle.caseInsensitive ? 0.5 : 0;
  // One or two characters (`"/` from `"/*"`, a space): in nearly every line.
  if (Buffer.byteLength(core) < 3) return 0.5 - ciPenalty;
  if (COMMON_WORDS.has(folded)) return 1 - ciPenalty;
  if (COMMON_PATH_FRAGMENTS.has(folded)) return 2 - ciPenalty;
  // A delimiting quote is one byte of the needle: it counts like any other byte.
  return needle.bytes.length - ciPenalty;
}

/** The score of a group (an OR of needles): its weakest needle, minus log2 of its size. Empty = +∞. */
export function scoreGroup(group: readonly Needle[]): number {
  if (group.length === 0) return Number.POSITIVE_INFINITY;
  let weakest = Number.POSITIVE_INFINITY;
  for (const needle of group) weakest = Math.min(weakest, scoreNeedle(needle));
  return weakest - Math.log2(group.length);
}

/**
 * The group the scanner should search: the highest {@link scoreGroup}; ties go to the group with fewer
 * case-insensitive needles, then to the earlier one. `null` when there are no groups.
 */
export function pickBestGroup(groups: readonly (readonly Needle[])[]): readonly Needle[] | null {
  let best: readonly Needle[] | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestCi = 0;
  for (const group of groups) {
    const score = scoreGroup(group);
    const ci = group.filter((n) => n.caseInsensitive).length;
    if (best === null || score > bestScore || (score === bestScore && ci < bestCi)) {
      best = group;
      bestScore = score;
      bestCi = ci;
    }
  }
  return best;
}
