/**
 * toDsl against real servers: index documents with a mapping, run the translated query as `_count`, and
 * compare with the number of documents the local predicate (`compileQuery`) matches. Runs against every
 * server whose URL is set (`OPENSEARCH_URL`, `ELASTICSEARCH_URL`, `ELASTICSEARCH8_URL`; `npm run servers -- start` and
 * `eval "$(bash scripts/search-servers.sh env)"`), and is skipped, visibly, otherwise.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Cond, Expr, Scalar } from '../../src/eql/ast.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { compileQuery } from '../../src/match/compile.js';
import { DEFAULT_ECS_MAPPING, parseMapping, type Mapping } from '../../src/match/mapping.js';
import { toDsl } from '../../src/match/to-dsl.js';
import { readSearchServers, skipReason } from '../support/servers.js';
import { call, fieldRef, lit, query } from './prefilter-fixtures.js';

const SERVERS = readSearchServers(process.env);

// ───────────────────────── a small world with every field type toDsl handles ─────────────────────────

const MAPPING_JSON = {
  dynamic: false,
  properties: {
    kw: { type: 'keyword', ignore_above: 16 },
    k2: { type: 'keyword' },
    nv: { type: 'keyword', null_value: 'NV' },
    al: { type: 'alias', path: 'k2' },
    t: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    n: { type: 'long' },
    ip: { type: 'ip' },
    ts: { type: 'date' },
    b: { properties: { c: { type: 'keyword' } } },
  },
};
const MAPPING = parseMapping(MAPPING_JSON);

const STRINGS = [
  'linux', 'LINUX', 'Linux', '/usr/bin/ssh-keygen', '/home/a/.ssh/id_rsa', '/HOME/B/.SSH/X', '/root/.ssh/k',
  'known_hosts.old', 'KNOWN_HOSTS', 'x"y', 'a\\b', 'a*b', 'é', 'É', 'abc', 'ab', '', '0', '42', 'NV', 'nv',
  'a-very-long-value-over-16', 'ssh', 'zzz', '/etc/ssh/sshd_config',
] as const;
const NUMBERS = [0, 42, -1, 100, 1.5] as const;
const IPS = ['10.0.0.1', '10.255.255.255', '192.168.1.5', '172.16.0.1', '::1'] as const;
const DATES = ['2024-10-16T11:06:12.200Z', '2024-01-01T00:00:00Z', '2023-06-30'] as const;

const STRING_FIELDS = ['kw', 'k2', 'nv', 'al', 't', 'b.c'] as const;

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const some = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | T[] | null | undefined> =>
  fc.oneof(arb, fc.array(arb, { maxLength: 3 }), fc.constant(null), fc.constant(undefined));
const stringValue: fc.Arbitrary<Scalar> = fc.oneof(pick(STRINGS), pick(NUMBERS), fc.boolean());

const docArb = fc
  .record({
    kw: some(stringValue),
    k2: some(stringValue),
    nv: some(stringValue),
    t: some(pick(STRINGS)),
    n: some(fc.oneof(pick(NUMBERS), pick(['42', '7']))),
    ip: some(pick(IPS)),
    ts: some(fc.oneof(pick(DATES), fc.constant(1729076772000))),
    bc: some(pick(STRINGS)),
    dotted: fc.boolean(),
  })
  .map(({ bc, dotted, ...fields }) => {
    const doc: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) doc[k] = v;
    if (bc !== undefined) {
      if (dotted) doc['b.c'] = bc;
      else doc['b'] = { c: bc };
    }
    return doc;
  });

/** Leaves ES and OpenSearch accept on each field type (a wildcard on a long field is a 400, not a count). */
const constantFor = (field: string): fc.Arbitrary<Exclude<Scalar, null>> => {
  if (field === 'n') return fc.oneof(pick(NUMBERS), pick(['42', '7']));
  if (field === 'ip') return pick(IPS);
  if (field === 'ts') return fc.oneof(pick(DATES), fc.constant(1729076772000));
  return fc.oneof(pick(STRINGS), pick([0, 42, true]));
};

const stringLeaf: fc.Arbitrary<Cond> = pick(STRING_FIELDS).chain((field) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('term' as const),
      field: fc.constant(field),
      values: fc.array(constantFor(field), { minLength: 1, maxLength: 3 }),
      caseInsensitive: fc.boolean(),
      negated: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('wildcard' as const),
      field: fc.constant(field),
      patterns: fc.array(pick(['*ssh*', '/home/*/.ssh/*', '/root/.ssh/*', 'lin*', '*ux', 'l?nux', '*', 'known_hosts.*', 'a\\*', 'x"*', '*é', '?', 'a*b']), { minLength: 1, maxLength: 3 }),
      caseInsensitive: fc.boolean(),
      negated: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('regex' as const),
      field: fc.constant(field),
      patterns: fc.array(pick(['lin.*', '[a-z]+ux', '/usr/(s)?bin/.*', '.*ssh.*', 'abc|linux', 'LIN.*', '.*\\.ssh/.*', 'a\\\\b', 'ab?c?', '[^a]+']), { minLength: 1, maxLength: 2 }),
      caseInsensitive: fc.boolean(),
      negated: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('script' as const),
      expr: fc
        .record({ name: pick(['startsWith', 'endsWith', 'stringContains']), constant: pick(STRINGS), ci: fc.boolean() })
        .map(({ name, constant, ci }): Expr => call(name, [fieldRef(field), lit(constant)], ci)),
      negated: fc.boolean(),
    }),
  ),
);

const anyField = pick([...STRING_FIELDS, 'n', 'ip', 'ts']);
const typedLeaf: fc.Arbitrary<Cond> = anyField.chain((field) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('term' as const),
      field: fc.constant(field),
      values: fc.array(constantFor(field), { minLength: 1, maxLength: 2 }),
      caseInsensitive: fc.constant(false),
      negated: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('range' as const),
      field: fc.constant(field),
      op: pick(['<', '<=', '>', '>='] as const),
      value: constantFor(field),
    }),
    fc.record({ kind: fc.constant('exists' as const), field: fc.constant(field), negated: fc.boolean() }),
  ),
);
const cidrLeaf: fc.Arbitrary<Cond> = fc.record({
  kind: fc.constant('script' as const),
  expr: fc.array(pick(['10.0.0.0/8', '192.168.0.0/16', '::1', '172.16.0.0/12']), { minLength: 1, maxLength: 2 }).map((blocks) =>
    call('cidrMatch', [fieldRef('ip'), ...blocks.map(lit)]),
  ),
  negated: fc.boolean(),
});

const condArb: fc.Arbitrary<Cond> = fc.letrec<{ cond: Cond }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringLeaf,
    typedLeaf,
    cidrLeaf,
    fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((items): Cond => ({ kind: 'and', items })),
    fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((items): Cond => ({ kind: 'or', items })),
  ),
})).cond;

// ───────────────────────── the seed rule on Defend-shaped documents ─────────────────────────

const SEED_RULE = `file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and
process.executable == "/usr/bin/ssh-keygen" and file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*") and
not file.name : "known_hosts.*"`;

const kw1024 = { type: 'keyword', ignore_above: 1024 };
const SEED_MAPPING_JSON = {
  dynamic: false,
  properties: {
    event: { properties: { category: kw1024, action: kw1024 } },
    host: { properties: { os: { properties: { type: kw1024 } } } },
    process: { properties: { executable: kw1024 } },
    file: { properties: { path: kw1024, name: kw1024 } },
  },
};

const seedDocArb = fc.record({
  event: fc.record({ category: pick<unknown>([['file'], 'file', 'process', ['FILE']]), action: pick<unknown>(['creation', ['creation'], 'file_create_event', 'rename', 'Creation']) }),
  host: fc.record({ os: fc.record({ type: pick(['linux', 'Linux', 'macos']) }) }),
  process: fc.record({ executable: pick(['/usr/bin/ssh-keygen', '/usr/local/bin/ssh-keygen', '/USR/BIN/SSH-KEYGEN']) }),
  file: fc.record(
    {
      path: pick(['/home/a/.ssh/id_rsa', '/HOME/a/.SSH/x', '/home//.ssh/x', '/home/a/b/.ssh/x', '/root/.ssh/k', '/etc/ssh/ssh_host_rsa_key', '/rootx/.ssh/k', '/home/a/.ssh2/x', `/home/a/.ssh/${'x'.repeat(1100)}`]),
      name: pick(['known_hosts', 'known_hosts.old', 'KNOWN_HOSTS.x', 'known_hosts2', 'id_rsa']),
    },
    { requiredKeys: ['path'] },
  ),
});

// ───────────────────────── HTTP ─────────────────────────

async function call_(url: string, method: string, path: string, body?: unknown, ndjson = false): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    ...(body === undefined ? {} : { body: ndjson ? (body as string) : JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}: ${JSON.stringify(json).slice(0, 2000)}`);
  return json;
}

async function createIndex(url: string, index: string, mappings: unknown, docs: readonly unknown[]): Promise<void> {
  await call_(url, 'PUT', `/${index}`, { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings });
  const bulk = docs.map((doc, i) => `${JSON.stringify({ index: { _id: String(i) } })}\n${JSON.stringify(doc)}\n`).join('');
  const result = await call_(url, 'POST', `/${index}/_bulk?refresh=true`, bulk, true);
  if (result['errors'] !== false) throw new Error(`bulk errors: ${JSON.stringify(result).slice(0, 2000)}`);
}

async function count(url: string, index: string, q: unknown): Promise<number> {
  const result = await call_(url, 'POST', `/${index}/_count`, { query: q });
  return result['count'] as number;
}

for (const server of SERVERS) {
  describe.skipIf(server.url === undefined)(
    `toDsl on ${server.label} (${server.url ?? skipReason(server)})`,
    () => {
      const url = server.url!;
      const suffix = `${process.pid}-${Date.now()}`;
      const worldIndex = `eql-replay-to-dsl-world-${suffix}`;
      const seedIndex = `eql-replay-to-dsl-seed-${suffix}`;
      const docs = fc.sample(docArb, { seed: 20241016, numRuns: 400 });
      const seedDocs = fc.sample(seedDocArb, { seed: 8, numRuns: 1500 });

      beforeAll(async () => {
        await createIndex(url, worldIndex, MAPPING_JSON, docs);
        await createIndex(url, seedIndex, SEED_MAPPING_JSON, seedDocs);
      });
      afterAll(async () => {
        await fetch(`${url}/${worldIndex},${seedIndex}`, { method: 'DELETE' });
      });

      const localCount = (cond: Cond, mapping: Mapping | null, corpus: readonly unknown[]): number => {
        const predicate = compileQuery(query(cond), { mapping }).predicate;
        return corpus.filter((doc) => predicate(doc)).length;
      };

      test('the seed rule: _count equals the local matches on Defend-shaped near misses and positives', async () => {
        const q = normalizeQuery(parseEql(SEED_RULE));
        const translation = toDsl(q, { mapping: DEFAULT_ECS_MAPPING });
        const local = localCount(q.condition, DEFAULT_ECS_MAPPING, seedDocs);
        expect(local).toBeGreaterThan(10);
        expect(await count(url, seedIndex, translation.query)).toBe(local);
      });

      // Each a point where a translation can go wrong; every one selects a proper subset of the documents.
      const PINNED = [
        String.raw`kw : "a\\*"`,
        String.raw`kw : "*\\*"`,
        'k2 like "a?b"',
        String.raw`k2 like "a\\b"`,
        String.raw`kw like "a*b"`,
        'kw : "?"',
        'kw like "\u00e9"',
        'kw : "\u00c9"',
        'kw : "LINUX"',
        'kw like~ "LIN*"',
        // ignore_above: the long value is not indexed, so nothing matches (asserted below).
        'kw == "a-very-long-value-over-16"',
        'k2 == "a-very-long-value-over-16"',
        'nv == "NV"',
        'nv : "nv"',
        'nv == null',
        'al == "linux"',
        't : "linux"',
        'b.c in ("linux", "abc")',
        'kw in~ ("LINUX", "abc")',
        'kw != "linux"',
        'kw not in ("linux", "abc")',
        'not kw : "*ssh*"',
        'kw == 42',
        'kw == true',
        'n == "42"',
        'n > 1',
        'not n > 1',
        'ts >= "2024-01-01T00:00:00Z"',
        'ip == "10.0.0.1"',
        'cidrMatch(ip, "10.0.0.0/8")',
        'not cidrMatch(ip, "10.0.0.0/8", "::1")',
        'startsWith(k2, "/home")',
        'startsWith~(k2, "/HOME")',
        'endsWith~(k2, "_RSA")',
        String.raw`stringContains(k2, "\\")`,
        // false by definition (EQL-SEMANTICS.md §6): nothing matches (asserted below).
        'stringContains(k2, "")',
        'kw regex "[a-z]+"',
        'kw regex~ "LIN.*"',
        'k2 regex ".*\\\\.ssh/.*"',
        'kw < "b"',
        'kw : "*"',
      ];
      test.for(PINNED)('%s: _count equals the local matches', async (condition) => {
        const q = normalizeQuery(parseEql(`any where ${condition}`));
        const translation = toDsl(q, { mapping: MAPPING });
        expect(translation.exact).toBe(true);
        const local = localCount(q.condition, MAPPING, docs);
        const selectsNothing = condition.startsWith('kw == "a-very-long') || condition.endsWith('"")');
        if (selectsNothing) expect(local).toBe(0);
        else expect(local, 'a pinned case must select some documents').toBeGreaterThan(0);
        expect(await count(url, worldIndex, translation.query)).toBe(local);
      });

      test('generated conditions: _count equals the local matches for every exact translation', async () => {
        const conditions = fc.sample(condArb, { seed: 42, numRuns: 300 });
        const mismatches: string[] = [];
        let nonEmpty = 0;
        for (const cond of conditions) {
          const translation = toDsl(query(cond), { mapping: MAPPING });
          expect(translation.exact).toBe(true);
          const local = localCount(cond, MAPPING, docs);
          if (local > 0 && local < docs.length) nonEmpty++;
          const remote = await count(url, worldIndex, translation.query);
          if (remote !== local) mismatches.push(`local ${local} vs ${remote}: ${JSON.stringify(cond)} → ${JSON.stringify(translation.query)}`);
        }
        expect(mismatches).toEqual([]);
        // Not vacuous: most conditions select a proper, non-empty subset.
        expect(nonEmpty).toBeGreaterThan(100);
      });
    },
  );
}
