/**
 * `--verify` (PUSH.md §5): prove after a push that the cluster holds what was acked and that the rule,
 * translated into the Query DSL Elasticsearch itself would build, finds exactly the events the local
 * matcher flagged.
 *
 * Pre-existing documents: every count is restricted to the ids this run stored (acked, or 409 because
 * they were already there), with an `ids` filter sent in chunks — so a target that already holds other
 * data (an earlier run, real traffic) verifies just as well, on Elasticsearch and OpenSearch alike, and
 * no field has to be added to the documents (a `dynamic: false` template would not index a run tag).
 * The price is memory: the ids of every stored event are kept (about 60 bytes each).
 */
import type { BulkClient } from './bulk-client.js';
import { PushHttpError } from './push-errors.js';
import type { StoredIds } from './push-corpus.js';

/** Options of {@link verifyPush}. */
export interface VerifyPushOptions {
  readonly client: Pick<BulkClient, 'requestJson' | 'displayUrl'>;
  readonly stored: ReadonlyMap<string, StoredIds>;
  /** The rule's Query DSL (the `query` object, e.g. `{bool: {...}}`). */
  readonly query: unknown;
  /** Ids per `_count` / `_search` request (default 5,000: below `max_result_window` and term limits). */
  readonly chunkSize?: number;
  /** How many differing events to name on each side (default 10). */
  readonly examples?: number;
}

/** One target's stored-document check. */
export interface TargetVerification {
  readonly target: string;
  /** Events this run stored there (acked + duplicates). */
  readonly expected: number;
  /** Documents with those ids the server counts after a refresh. */
  readonly counted: number;
}

/** The outcome of a verification. */
export interface VerifyResult {
  readonly ok: boolean;
  readonly targets: readonly TargetVerification[];
  readonly localMatches: number;
  readonly serverMatches: number;
  /** `id (source:line)` of events only the local matcher flagged. */
  readonly onlyLocal: readonly string[];
  /** `id (source:line)` of events only the server's DSL found. */
  readonly onlyServer: readonly string[];
  /**
   * On a difference: the rule's fields whose mapping in a target cannot give Elasticsearch's keyword
   * semantics (mapped as `text`, or not mapped at all) — the usual reason a SIEM misses what it should see.
   */
  readonly hints: readonly string[];
}

/**
 * Refreshes the targets, counts, runs the DSL count, and on a difference lists examples on both sides.
 * @throws PushHttpError (`ERR_PUSH_HTTP`) when the server refuses a request (names the status and body)
 */
export async function verifyPush(options: VerifyPushOptions): Promise<VerifyResult> {
  const chunk = options.chunkSize ?? 5000;
  const max = options.examples ?? 10;
  const targets = [...options.stored.keys()].sort();
  if (targets.length > 0) await call(options, 'POST', `/${targets.map(encodeURIComponent).join(',')}/_refresh`);

  const checks: TargetVerification[] = [];
  let localMatches = 0;
  let serverMatches = 0;
  const onlyLocal: string[] = [];
  const onlyServer: string[] = [];
  for (const target of targets) {
    const s = options.stored.get(target)!;
    let counted = 0;
    localMatches += s.matched.size;
    for (let i = 0; i < s.ids.length; i += chunk) {
      const ids = s.ids.slice(i, i + chunk);
      counted += await count(options, target, { ids: { values: ids } });
      const filtered = { bool: { filter: [options.query, { ids: { values: ids } }] } };
      const hits = await count(options, target, filtered);
      serverMatches += hits;
      const localHere = ids.filter((id) => s.matched.has(id));
      if (hits !== localHere.length || (hits > 0 && onlyServer.length + onlyLocal.length < max * 2)) {
        const found = await search(options, target, filtered, ids.length);
        for (const id of localHere) if (!found.has(id) && onlyLocal.length < max) onlyLocal.push(`${id} (${s.where.get(id) ?? '?'})`);
        for (const id of found) if (!s.matched.has(id) && onlyServer.length < max) onlyServer.push(`${id} (${s.where.get(id) ?? '?'})`);
      }
    }
    checks.push({ target, expected: s.ids.length, counted });
  }
  const ok = checks.every((c) => c.counted === c.expected) && localMatches === serverMatches && onlyLocal.length === 0 && onlyServer.length === 0;
  const hints = ok ? [] : await mappingHints(options, targets, dslFields(options.query));
  return { ok, targets: checks, localMatches, serverMatches, onlyLocal, onlyServer, hints };
}

const STRING_LEAVES = new Set(['term', 'terms', 'wildcard', 'prefix', 'regexp']);
const KEYWORD_TYPES = new Set(['keyword', 'constant_keyword', 'wildcard']);

/** The fields of a Query DSL's leaves, with whether a string leaf (term, wildcard, …) reads them. */
export function dslFields(query: unknown): Map<string, boolean> {
  const fields = new Map<string, boolean>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [kind, arg] of Object.entries(node)) {
      if (kind === 'bool') {
        for (const clause of Object.values(arg as object)) visit(clause);
      } else if (kind === 'exists') {
        const field = (arg as { field?: unknown }).field;
        if (typeof field === 'string') fields.set(field, fields.get(field) ?? false);
      } else if (STRING_LEAVES.has(kind) || kind === 'range') {
        for (const field of Object.keys(arg as object)) {
          if (field === 'boost' || field === '_name') continue;
          fields.set(field, (fields.get(field) ?? false) || STRING_LEAVES.has(kind));
        }
      }
    }
  };
  visit(query);
  return fields;
}

async function mappingHints(options: VerifyPushOptions, targets: readonly string[], fields: ReadonlyMap<string, boolean>): Promise<string[]> {
  if (fields.size === 0 || targets.length === 0) return [];
  const hints: string[] = [];
  for (const target of targets) {
    const path = `/${encodeURIComponent(target)}/_mapping/field/${[...fields.keys()].map(encodeURIComponent).join(',')}`;
    const response = await options.client.requestJson('GET', path);
    if (response.statusCode !== 200) continue;
    const types = new Map<string, string>();
    for (const index of Object.values((response.json ?? {}) as Record<string, { mappings?: Record<string, { mapping?: Record<string, { type?: string }> }> }>)) {
      for (const [field, entry] of Object.entries(index.mappings ?? {})) {
        const type = Object.values(entry.mapping ?? {})[0]?.type;
        if (type !== undefined) types.set(field, type);
      }
    }
    for (const [field, stringLeaf] of fields) {
      const type = types.get(field);
      if (type === undefined) hints.push(`${field} is not mapped in ${target} (a dynamic: false template without it, or never seen): no query on it can match`);
      else if (stringLeaf && !KEYWORD_TYPES.has(type)) hints.push(`${field} is mapped as ${type} in ${target}: term/wildcard queries need keyword (as Elastic Defend maps it)`);
    }
  }
  return hints;
}

async function count(options: VerifyPushOptions, target: string, query: unknown): Promise<number> {
  const json = (await call(options, 'POST', `/${encodeURIComponent(target)}/_count`, { query })) as { count?: unknown };
  if (typeof json.count !== 'number') throw new PushHttpError(`_count on ${target} returned no count`, { target });
  return json.count;
}

async function search(options: VerifyPushOptions, target: string, query: unknown, size: number): Promise<Set<string>> {
  const json = (await call(options, 'POST', `/${encodeURIComponent(target)}/_search`, { size, _source: false, query })) as {
    hits?: { hits?: { _id?: string }[] };
  };
  return new Set((json.hits?.hits ?? []).map((h) => h._id ?? ''));
}

async function call(options: VerifyPushOptions, method: 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await options.client.requestJson(method, path, body);
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw new PushHttpError(`verify: ${method} ${path} on ${options.client.displayUrl} answered HTTP ${response.statusCode}: ${response.text.slice(0, 500)}`, {
      status: response.statusCode,
      path,
    });
  }
  return response.json;
}
