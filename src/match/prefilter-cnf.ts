/**
 * The prefilter's algebra: requirements in conjunctive normal form over "needle occurs in the line".
 *
 * A {@link Cnf} is an AND of groups, each group an OR of needles. `[]` requires nothing (every line is a
 * candidate); a CNF with an empty group can never be satisfied (`[[]]`: the condition matches nothing).
 * `and` concatenates; `or` distributes (the groups of `A or B` are the unions `a ∪ b`), bounded so that a
 * wide `or` cannot blow up: dropping groups only weakens the requirement, which is always sound.
 */
import type { Needle } from './prefilter.js';
import { scoreGroup } from './prefilter-rank.js';
import { foldAscii } from './compare-values.js';

/** AND of groups; each group is an OR of needles. */
export type Cnf = readonly (readonly Needle[])[];

/** No requirement: every line is a candidate. */
export const TRUE_CNF: Cnf = [];

/** Unsatisfiable: no line is a candidate (the condition is constant false). */
export const FALSE_CNF: Cnf = [[]];

/** At most this many groups come out of distributing one `or`. */
const MAX_OR_GROUPS = 16;

/** A group with more needles than this costs more to scan than it saves: it is dropped (weakened away). */
const MAX_GROUP_NEEDLES = 64;

/** True when the CNF can never be satisfied. */
export function isFalseCnf(cnf: Cnf): boolean {
  return cnf.some((group) => group.length === 0);
}

function needleKey(needle: Needle): string {
  return `${needle.caseInsensitive ? 'i' : 's'}:${needle.text}`;
}

/** True when every line containing `y` also contains `x` (x is a substring of y, case modes permitting). */
export function needleImplies(y: Needle, x: Needle): boolean {
  if (x.caseInsensitive) return foldAscii(y.text).includes(x.text);
  return !y.caseInsensitive && y.text.includes(x.text);
}

/** Removes duplicate needles and needles implied-redundant by a weaker one in the same OR. */
function simplifyGroup(group: readonly Needle[]): readonly Needle[] {
  const order = [...group].sort(
    (a, b) => a.text.length - b.text.length || Number(b.caseInsensitive) - Number(a.caseInsensitive),
  );
  const kept: Needle[] = [];
  const keys = new Set<string>();
  for (const needle of order) {
    const key = needleKey(needle);
    if (keys.has(key)) continue;
    // In an OR, a needle whose presence implies another's adds nothing: keep the weaker one only.
    if (kept.some((weaker) => needleImplies(needle, weaker))) continue;
    kept.push(needle);
    keys.add(key);
  }
  const keep = new Set(kept);
  return group.filter((needle) => keep.has(needle));
}

/** True when satisfying group `a` always satisfies group `b` (every needle of a implies one of b). */
function groupImplies(a: readonly Needle[], b: readonly Needle[]): boolean {
  return a.every((x) => b.some((y) => needleImplies(x, y)));
}

/** Normal form: groups simplified, oversized groups dropped, groups implied by another group dropped. */
export function simplifyCnf(cnf: Cnf): Cnf {
  const groups = cnf.map(simplifyGroup).filter((group) => group.length <= MAX_GROUP_NEEDLES);
  if (isFalseCnf(groups)) return FALSE_CNF;
  const kept: (readonly Needle[])[] = [];
  groups.forEach((group, i) => {
    const redundant = groups.some(
      (other, j) => j !== i && groupImplies(other, group) && (!groupImplies(group, other) || j < i),
    );
    if (!redundant) kept.push(group);
  });
  return kept;
}

/** The requirement of `a and b and …`. */
export function andCnf(parts: readonly Cnf[]): Cnf {
  if (parts.some(isFalseCnf)) return FALSE_CNF;
  return simplifyCnf(parts.flat());
}

/** The requirement of `a or b or …`: the bounded distribution of the parts' groups. */
export function orCnf(parts: readonly Cnf[]): Cnf {
  const live = parts.filter((part) => !isFalseCnf(part));
  if (live.length === 0) return FALSE_CNF;
  // A branch that requires nothing lets every line through: so does the whole `or`.
  if (live.some((part) => part.length === 0)) return TRUE_CNF;
  let result: Cnf = live[0]!;
  for (const part of live.slice(1)) {
    result = distribute(result, part);
    if (result.length === 0) return TRUE_CNF;
  }
  return result;
}

/** `(a1 ∧ a2 …) ∨ (b1 ∧ b2 …)` = ∧ over (ai ∨ bj), keeping the best-scored groups within the bound. */
function distribute(left: Cnf, right: Cnf): Cnf {
  let a = [...left].sort((x, y) => scoreGroup(y) - scoreGroup(x));
  let b = [...right].sort((x, y) => scoreGroup(y) - scoreGroup(x));
  while (a.length * b.length > MAX_OR_GROUPS) {
    if (a.length >= b.length) a = a.slice(0, -1);
    else b = b.slice(0, -1);
  }
  const product: (readonly Needle[])[] = [];
  for (const x of a) for (const y of b) product.push([...x, ...y]);
  return simplifyCnf(product);
}
