/**
 * Scan or parse everything? Decided once per rule set, from the rules alone (never from timing or data,
 * so a run's choice is reproducible), with thresholds measured by bench/replay/replay.bench.ts.
 *
 * A chunk scan per rule runs at memchr/Boyer–Moore speed (GB/s) and makes parsing — the expensive step,
 * about 170 MB/s of events per core — nearly free when the rule's literal is rare. But each rule is one
 * more pass over every chunk, and a literal found in most events (`"file"`, `"creation"`, `/home/`)
 * selects almost every line anyway. So:
 * - a rule without a usable literal (no needle, or its best group only holds words or path fragments
 *   present in most events: score at most {@link MAX_WEAK_SCORE}) makes every line a candidate: parse all;
 * - scans costing more than {@link MAX_SCAN_COST} (about eight rules with long literals, four with
 *   case-insensitive ones) cost more than one parse of every line: parse all;
 * - otherwise scan, and parse the union of the candidates.
 * `parse-all` evaluates each event only against the rules of its category (category-dispatch.ts).
 */
import { pickBestGroup, scoreGroup } from '../match/prefilter-rank.js';
import { MIN_INDEXOF_BYTES } from '../match/prefilter-hit-finder.js';
import type { Needle, Prefilter } from '../match/prefilter.js';
import type { ReplayMode } from './protocol.js';

/**
 * A best group scoring at most this is "in most events": common ECS words score 1, common path fragments
 * 2, one- or two-byte literals 0.5, and a group loses log2 of its size (prefilter-rank.ts); any other
 * literal scores its length in bytes (≥ 3), so `"id_` or `.pub"` (ci, 3.5 and 4.5) together still scan.
 */
export const MAX_WEAK_SCORE = 2;

/**
 * The scan budget, in units of one `Buffer.indexOf` scan (one or two long case-sensitive needles); a scan
 * by RegExp (case-insensitive, short or many needles: prefilter-hit-finder.ts) costs two. Measured on
 * busy-server events (2.4 kB each): parsing every line costs about as much as twelve indexOf scans or
 * seven RegExp ones; a budget of 8 keeps scanning at least ~1.5× cheaper than parsing everything.
 */
export const MAX_SCAN_COST = 8;

/** The cost of scanning for a prefilter's best group, in indexOf-scan units (see {@link MAX_SCAN_COST}). */
export function scanCost(best: readonly Needle[]): number {
  const indexOf = best.length <= 2 && best.every((n) => !n.caseInsensitive && n.bytes.length >= MIN_INDEXOF_BYTES);
  return indexOf ? 1 : 2;
}

/** The decision, the reason the report shows, and the prefilters that were built to decide. */
export interface ModeChoice {
  readonly mode: ReplayMode;
  readonly reason: string;
  /**
   * Each rule's prefilter, or `null` when it was not needed to decide (validation, or more rules than
   * could ever be worth scanning for: building 222 prefilters costs a third of a second).
   */
  readonly prefilters: readonly (Prefilter | null)[];
}

/** Options of {@link chooseReplayMode}. */
export interface ChooseModeOptions {
  /** Parse every line whatever the rules (strict validation of the corpus). */
  readonly validate: boolean;
  /** Rule names for the reason text (same order as the rules). */
  readonly names: readonly string[];
}

/** True when the prefilter proves the rule can never match (a constant-false condition). */
export function neverMatches(p: Prefilter | null): boolean {
  return p !== null && p.best !== null && p.best.length === 0;
}

/**
 * Chooses the mode for `count` rules (see the module comment); `prefilterOf(i)` builds rule i's
 * prefilter and is called only when the decision needs it.
 */
export function chooseReplayMode(count: number, prefilterOf: (rule: number) => Prefilter, options: ChooseModeOptions): ModeChoice {
  const none = new Array<Prefilter | null>(count).fill(null);
  if (options.validate) return { mode: 'parse-all', reason: 'every line is parsed (validation asked)', prefilters: none };
  // Every scan costs at least 1: past the budget, no need to look at the rules.
  if (count > MAX_SCAN_COST) {
    return { mode: 'parse-all', reason: `${count} rules: one parse of every line costs less than ${count} scans (more than ${MAX_SCAN_COST})`, prefilters: none };
  }
  const prefilters = Array.from({ length: count }, (_, i) => prefilterOf(i));
  const live = prefilters.map((p, i) => ({ p, name: options.names[i] ?? `rule ${i + 1}` })).filter(({ p }) => !neverMatches(p));
  if (live.length === 0) return { mode: 'scan', reason: 'no rule can match: nothing is parsed', prefilters };
  for (const { p, name } of live) {
    const best = p.best ?? pickBestGroup(p.groups);
    if (best === null) {
      return { mode: 'parse-all', reason: `rule ${JSON.stringify(name)} has no literal to scan for: every line is parsed, once`, prefilters };
    }
    if (scoreGroup(best) <= MAX_WEAK_SCORE) {
      const needles = best.map((n) => n.text).join(' or ');
      return { mode: 'parse-all', reason: `rule ${JSON.stringify(name)} has no selective literal (${needles} is in most events): every line is parsed, once`, prefilters };
    }
  }
  const cost = live.reduce((sum, { p }) => sum + scanCost(p.best!), 0);
  if (cost > MAX_SCAN_COST) {
    return { mode: 'parse-all', reason: `${live.length} rules: one parse of every line costs less than their ${live.length} scans (cost ${cost} > ${MAX_SCAN_COST})`, prefilters };
  }
  return {
    mode: 'scan',
    reason: `${live.length} rule${live.length === 1 ? '' : 's'} scanned for ${live.length === 1 ? 'its literal' : 'their literals'}; only candidate lines are parsed`,
    prefilters,
  };
}
