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
 * - more than {@link MAX_SCAN_RULES} rules to scan cost more than one parse of every line: parse all;
 * - otherwise scan, and parse the union of the candidates.
 * `parse-all` evaluates each event only against the rules of its category (category-dispatch.ts).
 */
import { pickBestGroup, scoreGroup } from '../match/prefilter-rank.js';
import type { Prefilter } from '../match/prefilter.js';
import type { ReplayMode } from './protocol.js';

/**
 * A best group scoring at most this is "in most events": common ECS words score 1, common path fragments
 * 2, one- or two-byte literals 0.5, and a group loses log2 of its size (prefilter-rank.ts); any other
 * literal scores its length in bytes (≥ 3), so `"id_` or `.pub"` (ci, 3.5 and 4.5) together still scan.
 */
export const MAX_WEAK_SCORE = 2;

/**
 * Most rules worth scanning for. Measured (bench/replay): one scan of a 2.4 kB-per-event corpus costs
 * about a tenth of parsing it; with candidates to parse on top, beyond this many rules a single parse
 * of every line is cheaper.
 */
export const MAX_SCAN_RULES = 6;

/** The decision and the reason the report shows. */
export interface ModeChoice {
  readonly mode: ReplayMode;
  readonly reason: string;
}

/** Options of {@link chooseReplayMode}. */
export interface ChooseModeOptions {
  /** Parse every line whatever the rules (strict validation of the corpus). */
  readonly validate: boolean;
  /** Rule names for the reason text (same order as the prefilters). */
  readonly names: readonly string[];
}

/** True when the prefilter proves the rule can never match (a constant-false condition). */
export function neverMatches(p: Prefilter): boolean {
  return p.best !== null && p.best.length === 0;
}

/** Chooses the mode for rules with these prefilters (see the module comment). */
export function chooseReplayMode(prefilters: readonly Prefilter[], options: ChooseModeOptions): ModeChoice {
  if (options.validate) return { mode: 'parse-all', reason: 'every line is parsed (validation asked)' };
  const live = prefilters.map((p, i) => ({ p, name: options.names[i] ?? `rule ${i + 1}` })).filter(({ p }) => !neverMatches(p));
  if (live.length === 0) return { mode: 'scan', reason: 'no rule can match: nothing is parsed' };
  for (const { p, name } of live) {
    const best = p.best ?? pickBestGroup(p.groups);
    if (best === null) {
      return { mode: 'parse-all', reason: `rule ${JSON.stringify(name)} has no literal to scan for: every line is parsed, once` };
    }
    if (scoreGroup(best) <= MAX_WEAK_SCORE) {
      const needles = best.map((n) => n.text).join(' or ');
      return { mode: 'parse-all', reason: `rule ${JSON.stringify(name)} has no selective literal (${needles} is in most events): every line is parsed, once` };
    }
  }
  if (live.length > MAX_SCAN_RULES) {
    return { mode: 'parse-all', reason: `${live.length} rules: one parse of every line costs less than ${live.length} scans (more than ${MAX_SCAN_RULES})` };
  }
  return {
    mode: 'scan',
    reason: `${live.length} rule${live.length === 1 ? '' : 's'} scanned for ${live.length === 1 ? 'its literal' : 'their literals'}; only candidate lines are parsed`,
  };
}
