/**
 * Loads Elasticsearch's EQL QA data the way its Java QA does (../shared/conformance/es-eql/SOURCE.md)
 * and runs single-event queries through our matcher: DataLoader's mapping quirks, endgame's
 * `@timestamp` from FILETIME, hit order by (`@timestamp`, tiebreaker), `head`/`tail` pipes, `size` 50.
 */
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { checkStatement } from '../../src/eql/check.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { compileQuery } from '../../src/match/compile.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { parseMappingText, type Mapping } from '../../src/match/mapping.js';
import { parseDateMillis } from '../../src/match/parse-date.js';

export const ES_EQL = new URL('../../../shared/conformance/es-eql/', import.meta.url);

export interface QaQuery {
  readonly file: string;
  readonly name: string;
  readonly query: string;
  readonly expected: readonly number[] | readonly (readonly number[])[];
  readonly size: number;
}

export interface QaIndex {
  readonly docs: readonly Record<string, unknown>[];
  readonly mapping: Mapping;
  readonly idField: string;
}

/** Reads a spec TOML's `[[queries]]` (bare `null` in `join_keys` rewritten, as SOURCE.md says). */
export function readQueries(file: string): QaQuery[] {
  const text = readFileSync(new URL(file, ES_EQL), 'utf8')
    .split('\n')
    .map((line) => (/^\s*join_keys\s*=/.test(line) ? line.replace(/(?<!["\w])null(?!["\w])/g, '"null"') : line))
    .join('\n');
  const toml = parseToml(text) as { queries?: Record<string, unknown>[] };
  return (toml.queries ?? []).map((q, i) => ({
    file,
    name: typeof q['name'] === 'string' ? q['name'] : `#${i + 1}`,
    query: String(q['query']).trim(),
    expected: q['expected_event_ids'] as number[],
    size: typeof q['size'] === 'number' ? q['size'] : 50,
  }));
}

function readJsonWithComments(file: string): Record<string, unknown>[] {
  const text = readFileSync(new URL(file, ES_EQL), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  return JSON.parse(text) as Record<string, unknown>[];
}

function sortBy(docs: Record<string, unknown>[], tiebreaker: string): Record<string, unknown>[] {
  const ts = (d: Record<string, unknown>): number => {
    const v = d['@timestamp'];
    return typeof v === 'number' ? v : typeof v === 'string' ? (parseDateMillis(v) ?? 0) : 0;
  };
  return docs
    .map((d, i) => ({ d, i }))
    .sort((a, b) => ts(a.d) - ts(b.d) || Number(a.d[tiebreaker]) - Number(b.d[tiebreaker]) || a.i - b.i)
    .map((x) => x.d);
}

/** The endgame-140 index: test_data.json + DataLoader's `@timestamp = timestamp / 10000 − 11644473600000`. */
export function loadEndgame(): QaIndex {
  const raw = JSON.parse(readFileSync(new URL('test_data.json', ES_EQL), 'utf8')) as Record<string, unknown>[];
  const docs = raw.map((d) => ({ ...d, '@timestamp': Number(BigInt(d['timestamp'] as number) / 10000n) - 11644473600000 }));
  const mapping = parseMappingText(readFileSync(new URL('data/endgame-140.mapping', ES_EQL), 'utf8'), 'endgame-140.mapping');
  return { docs: sortBy(docs, 'serial_event_id'), mapping, idField: 'serial_event_id' };
}

/** The extra index (data/extra.data, epoch-ms string timestamps). */
export function loadExtra(): QaIndex {
  const mapping = parseMappingText(readFileSync(new URL('data/extra.mapping', ES_EQL), 'utf8'), 'extra.mapping');
  return { docs: sortBy(readJsonWithComments('data/extra.data'), 'sequence'), mapping, idField: 'sequence' };
}

/** What running one query gave. */
export type QaOutcome =
  | { readonly kind: 'ran'; readonly ids: number[]; readonly interpreted: number[] }
  | { readonly kind: 'not-executable'; readonly reason: string };

/** Runs one query against an index with the compiled predicate and the reference interpreter. */
export function runQuery(q: QaQuery, index: QaIndex): QaOutcome {
  let statement;
  try {
    statement = parseEql(q.query);
  } catch (error) {
    return { kind: 'not-executable', reason: `parse: ${(error as Error).message.split('\n')[0]}` };
  }
  if (statement.query.kind !== 'event') return { kind: 'not-executable', reason: statement.query.kind };
  try {
    checkStatement(statement);
  } catch (error) {
    return { kind: 'not-executable', reason: `check: ${(error as Error).message.split('\n')[0]}` };
  }
  let normalized;
  try {
    normalized = normalizeQuery(statement, { categoryField: 'event.category' });
  } catch (error) {
    return { kind: 'not-executable', reason: `normalize: ${(error as Error).message.split('\n')[0]}` };
  }
  const compiled = compileQuery(normalized, { mapping: index.mapping });
  const reference = interpretQuery(normalized, { mapping: index.mapping });
  const select = (predicate: (d: unknown) => boolean): number[] => {
    let hits = index.docs.filter((d) => predicate(d));
    for (const pipe of normalized.pipes) hits = pipe.name === 'head' ? hits.slice(0, pipe.count) : hits.slice(Math.max(0, hits.length - pipe.count));
    return hits.slice(0, q.size).map((d) => Number(d[index.idField]));
  };
  return { kind: 'ran', ids: select(compiled.predicate), interpreted: select(reference.predicate) };
}
