/**
 * An INDEPENDENT reference for the seed rule, written straight from EQL-SEMANTICS.md §8 (and §3–§5) on
 * parsed documents — no code shared with the generator or the matcher:
 *
 *   file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and
 *   process.executable == "/usr/bin/ssh-keygen" and
 *   file.path : ("/home/*\/.ssh/*", "/root/.ssh/*", "/etc/ssh/*") and not file.name : "known_hosts.*"
 *
 * - nested objects and dotted keys are the same field; arrays are multi-valued; null/[]/missing = no value;
 * - keyword strings longer than 1,024 characters are not indexed (ignore_above 1024): no value;
 * - `==`/`in` are exact (any value); `:` is an anchored wildcard, ASCII-case-insensitive, `*` spans "/";
 * - `not file.name : …` is true when NO value matches (a missing file.name passes).
 */

/** Every indexed value of `field` in `doc` (§3). */
export function valuesOf(doc: unknown, field: string): unknown[] {
  return collect(doc, field.split('.')).filter((v) => v !== null && !(typeof v === 'string' && v.length > 1024));
}

function collect(node: unknown, parts: readonly string[]): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => collect(item, parts));
  if (parts.length === 0) return [node];
  if (typeof node !== 'object' || node === null) return [];
  const out: unknown[] = [];
  // A key may itself contain dots: try every split of the remaining path ({"file.path": …}, {"file": {"path": …}}).
  for (let i = 1; i <= parts.length; i++) {
    const key = parts.slice(0, i).join('.');
    if (Object.prototype.hasOwnProperty.call(node, key)) {
      const value = (node as Record<string, unknown>)[key];
      out.push(...(i === parts.length ? flatten(value) : collect(value, parts.slice(i))));
    }
  }
  return out;
}

function flatten(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** `f : pattern` for one value: anchored, `*` any run (incl. "/" and newline), `?` one code point. */
export function wildcardMatches(value: string, pattern: string): boolean {
  const source = [...asciiLower(pattern)]
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'u').test(asciiLower(value));
}

function hasExact(doc: unknown, field: string, wanted: readonly string[]): boolean {
  return valuesOf(doc, field).some((v) => typeof v === 'string' && wanted.includes(v));
}

const PATTERNS = ['/home/*/.ssh/*', '/root/.ssh/*', '/etc/ssh/*'];

/** Would Elasticsearch return `doc` for the seed rule? */
export function seedRuleMatches(doc: unknown): boolean {
  return (
    hasExact(doc, 'event.category', ['file']) &&
    hasExact(doc, 'host.os.type', ['linux']) &&
    hasExact(doc, 'event.action', ['creation', 'file_create_event']) &&
    hasExact(doc, 'process.executable', ['/usr/bin/ssh-keygen']) &&
    valuesOf(doc, 'file.path').some((v) => typeof v === 'string' && PATTERNS.some((p) => wildcardMatches(v, p))) &&
    !valuesOf(doc, 'file.name').some((v) => typeof v === 'string' && wildcardMatches(v, 'known_hosts.*'))
  );
}
