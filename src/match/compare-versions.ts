/**
 * Ordering of Elasticsearch `version` fields (EQL-SEMANTICS.md §3): semantic-version precedence, so
 * `"1.11.3" > "1.5.0"` [qa]. Numeric dot-separated core, a release sorts after its pre-releases
 * (`1.0.0-alpha < 1.0.0`), pre-release identifiers compare numerically when both are digits, otherwise by
 * code point, numeric before alphanumeric; build metadata (`+…`) is ignored. Strings that are not
 * versions sort after every valid version, by code point among themselves (ES's `VersionEncoder` keeps
 * invalid versions, ordered after valid ones).
 */
import { compareCodePoints } from './compare-values.js';

interface ParsedVersion {
  readonly core: readonly string[];
  readonly pre: readonly string[] | null;
}

const VERSION = /^(\d+(?:\.\d+)*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function parseVersion(text: string): ParsedVersion | null {
  const m = VERSION.exec(text);
  if (m === null) return null;
  return { core: m[1]!.split('.'), pre: m[2] === undefined ? null : m[2].split('.') };
}

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
}

/** Compares two version strings by semantic-version precedence; <0, 0 or >0. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x === null || y === null) {
    if (x !== null) return -1;
    if (y !== null) return 1;
    return compareCodePoints(a, b);
  }
  const n = Math.max(x.core.length, y.core.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(x.core[i] ?? '0', y.core[i] ?? '0');
    if (c !== 0) return c;
  }
  if (x.pre === null || y.pre === null) return x.pre === y.pre ? 0 : x.pre === null ? 1 : -1;
  const m = Math.max(x.pre.length, y.pre.length);
  for (let i = 0; i < m; i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    const c = pn && qn ? compareDigits(p, q) : pn ? -1 : qn ? 1 : compareCodePoints(p, q);
    if (c !== 0) return c;
  }
  return 0;
}
