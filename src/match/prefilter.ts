/**
 * The prefilter: raw-byte literal screening of NDJSON lines before they are parsed.
 *
 * From a normalized query it derives an AND of groups of byte strings ("needles"): a line can only be
 * matched by the predicate if, for every group, one of the group's needles occurs in the line. Replay
 * scans big chunks for the needles of the most selective group ({@link Prefilter.best}) and parses only
 * the lines that can match — at a match rate of 1e-4 that is nearly all of the win.
 *
 * Soundness — the prefilter must never reject a line the predicate accepts (for well-formed JSON lines):
 * - JSON escapes: any character of a string may be written `\uXXXX` (and `/` as `\/`). A line without a
 *   backslash has no escapes, so its bytes are its values; a line *with* a backslash is checked on its
 *   JSON-unescaped form instead of being let through wholesale (replaying raw SentinelOne lines, whose
 *   `message` is escaped JSON, would otherwise make every line a candidate).
 * - What each leaf may contribute (numbers, `null_value`, mapping types, case folding, wildcards, regex,
 *   scripts) is decided in prefilter-needles.ts; the reasons are written there.
 * - `or` needs a needle from every branch; `and` collects every item's groups (prefilter-cnf.ts).
 *
 * A malformed line may be rejected (its needle can be missing although it is "there"): replay must not
 * rely on the prefilter to find malformed lines.
 */
import type { Cond, NormalizedQuery } from '../eql/ast.js';
import type { Mapping } from './mapping.js';
import { FALSE_CNF, andCnf, isFalseCnf, orCnf, type Cnf } from './prefilter-cnf.js';
import { leafCnf } from './prefilter-needles.js';
import { pickBestGroup } from './prefilter-rank.js';
import { unescapeJsonLine } from './prefilter-unescape.js';

/** One literal to look for in a raw line. */
export interface Needle {
  /** The literal as UTF-8 bytes; lower-case (ASCII) when {@link caseInsensitive}. */
  readonly bytes: Uint8Array;
  /** The same literal as a string (what `bytes` encodes). A `"` at an end is a JSON string delimiter. */
  readonly text: string;
  /** Match ASCII-case-insensitively: the line's ASCII letters are folded before comparing (§5). */
  readonly caseInsensitive: boolean;
}

/**
 * A compiled prefilter. Plain data (structured-cloneable: it can be posted to a worker).
 *
 * `groups` is an AND of ORs: a line is a candidate when every group has a needle present. `[]` means
 * every line is a candidate; a group that is empty means no line is (the condition is constant false).
 */
export interface Prefilter {
  readonly groups: readonly (readonly Needle[])[];
  /**
   * The single most selective group: what a scanner should search for. `null` when there is no usable
   * literal (`groups` is empty); `[]` when no line can match.
   */
  readonly best: readonly Needle[] | null;
}

/** Options of {@link buildPrefilter}. */
export interface PrefilterOptions {
  /** The index mapping the predicate uses (types, aliases, `null_value`), or `null` for none. */
  readonly mapping: Mapping | null;
}

function condCnf(cond: Cond, mapping: Mapping | null): Cnf {
  switch (cond.kind) {
    case 'and':
      return andCnf(cond.items.map((item) => condCnf(item, mapping)));
    case 'or':
      return orCnf(cond.items.map((item) => condCnf(item, mapping)));
    default:
      return leafCnf(cond, mapping);
  }
}

/**
 * Builds the prefilter of a normalized single-event query: the needles every line the predicate can
 * accept must contain, and the group a scanner should search (see prefilter-rank.ts for the heuristic).
 */
export function buildPrefilter(q: NormalizedQuery, options: PrefilterOptions): Prefilter {
  const groups = condCnf(q.condition, options.mapping);
  if (isFalseCnf(groups)) return { groups: FALSE_CNF, best: FALSE_CNF[0]! };
  return { groups, best: pickBestGroup(groups) };
}

const BACKSLASH = 0x5c;

/** ASCII lower-casing of bytes into a new array. */
export function foldAsciiBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[i] = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
  }
  return out;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The reference decision for one line (without its `\n`): true when the line is a candidate, i.e. every
 * group has a needle present — case-sensitive needles as bytes, case-insensitive ones in the ASCII-folded
 * line. A line containing a backslash is decided on its JSON-unescaped form.
 */
export function prefilterAccepts(p: Prefilter, line: Uint8Array): boolean {
  if (p.groups.length === 0) return true;
  const text = asBuffer(line.includes(BACKSLASH) ? unescapeJsonLine(line) : line);
  let folded: Buffer | null = null;
  return p.groups.every((group) =>
    group.some((needle) => {
      if (!needle.caseInsensitive) return text.indexOf(needle.bytes) !== -1;
      folded ??= asBuffer(foldAsciiBytes(text));
      return folded.indexOf(needle.bytes) !== -1;
    }),
  );
}

/** A needle as the user reads it: its text between backticks (control characters escaped), `(ci)` when folded. */
function formatNeedle(needle: Needle): string {
  const visible = needle.text.replace(/[\u0000-\u001f\u007f`\\]/g, (ch) =>
    ch === '`' || ch === '\\' ? `\\${ch}` : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `\`${visible}\`${needle.caseInsensitive ? ' (ci)' : ''}`;
}

/**
 * A human-readable description (for `compile --show-prefilter`, under its `prefilter:` heading): a summary
 * line, then one line per group, needles joined by "or", the group the scanner searches marked with `*`.
 */
export function describePrefilter(p: Prefilter): string {
  if (p.groups.length === 0) return 'no usable literal: every line is a candidate';
  if (isFalseCnf(p.groups)) return 'the condition can never match: no line is a candidate';
  const lines = [
    `${p.groups.length} group${p.groups.length === 1 ? '' : 's'}; a line is a candidate when it ` +
      'contains a needle of every group (lines with a backslash are checked JSON-unescaped)',
  ];
  p.groups.forEach((group, i) => {
    const mark = group === p.best ? '*' : ' ';
    lines.push(`  ${String(i + 1).padStart(2)} ${mark} ${group.map(formatNeedle).join(' or ')}`);
  });
  lines.push('  * = searched by the scanner (the most selective group)');
  return lines.join('\n');
}

/** JSON-friendly form of a prefilter (needles without their bytes; `best` as an index into `groups`). */
export interface PrefilterJson {
  readonly groups: readonly (readonly { readonly text: string; readonly caseInsensitive: boolean }[])[];
  readonly best: number | null;
}

/** The prefilter as plain JSON data (for `compile --show-prefilter --json`). */
export function prefilterToJson(p: Prefilter): PrefilterJson {
  const best = p.best === null ? null : p.groups.indexOf(p.best);
  return {
    groups: p.groups.map((group) => group.map(({ text, caseInsensitive }) => ({ text, caseInsensitive }))),
    best: best === -1 ? null : best,
  };
}
