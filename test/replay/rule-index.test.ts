/**
 * The term index and the prefix index never change an answer (property, against the reference
 * interpreter): events of every shape the values model knows — nested and dotted keys, arrays, numbers,
 * nulls, strings past ignore_above, ASCII and non-ASCII case variants — with and without a mapping.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_ECS_MAPPING, type Mapping } from '../../src/match/mapping.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { buildPrefilter } from '../../src/match/prefilter.js';
import { createChunkMatcher } from '../../src/replay/chunk-matcher.js';
import { literalPrefix } from '../../src/replay/prefix-index.js';
import { queryRule } from './support/replay-fixtures.js';

const QUERIES = [
  'file where event.action == "creation" and file.path : ("/etc/*", "/HOME/*/.ssh/*")',
  'file where event.action in ("rename", "creation") and file.path like "/tmp/x*"',
  'file where event.type == "deletion" and file.path : "/var/lib/*"',
  'process where event.action == "exec" and process.name : "sh*"',
  'any where event.category in ("file", "process") and file.path like~ "/ETC/pass?d"',
  'file where file.path : "*" and event.action == "creation"',
  'any where user.id == 0',
  'file where not file.path : "/etc/*" and event.action == "deletion"',
  // Terms and mixed lists on the prefix-indexed field; a numeric-looking term (1 equals "1.0" unmapped).
  'file where file.path == "/etc/passwd" and event.action == "creation"',
  'file where file.path : "/TMP/X1"',
  'file where file.path like ("/tmp/x1", "/var/lib/*") and event.action in ("creation", "rename")',
  'any where file.path == "1.0" or file.path == "2"',
  'file where file.path : ("1", "/etc/passwd")',
];

const word = fc.constantFrom('file', 'FILE', 'process', 'creation', 'Creation', 'rename', 'deletion', 'exec', 'sh', 'SHELL', 'K', 'É', '');
const path = fc.oneof(
  fc.constantFrom('/etc/passwd', '/ETC/PASSWD', '/etc/pass\u00e9d', '/home/u/.ssh/id', '/HOME/a/.SSH/k', '/tmp/x1', '/tmp/X', '/var/lib/x', '/', ''),
  fc.constantFrom('/etc/', '/tmp/x').map((p) => `${p}${'y'.repeat(1030)}`),
  fc.string({ maxLength: 8 }),
);
const scalarOr = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { maxLength: 3 }), fc.constant(null), fc.integer({ min: -1, max: 2 }));
const event = fc.record(
  {
    category: scalarOr(word),
    action: scalarOr(word),
    type: scalarOr(word),
    path: scalarOr(path),
    name: scalarOr(word),
    userId: fc.oneof(fc.constant(0), fc.constant('0'), fc.constant(1)),
    dotted: fc.boolean(),
  },
  { requiredKeys: ['dotted'] },
);

function toDoc(e: Record<string, unknown>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const put = (field: string, value: unknown): void => {
    if (value === undefined) return;
    if (e['dotted'] === true) {
      doc[field] = value;
      return;
    }
    const [a, b] = field.split('.') as [string, string];
    doc[a] = { ...((doc[a] as object | undefined) ?? {}), [b]: value };
  };
  put('event.category', e['category']);
  put('event.action', e['action']);
  put('event.type', e['type']);
  put('file.path', e['path']);
  put('process.name', e['name']);
  put('user.id', e['userId']);
  return doc;
}

describe.each([
  ['the default ECS mapping', DEFAULT_ECS_MAPPING],
  ['no mapping', null],
] as const)('%s', (_, mapping: Mapping | null) => {
  const rules = QUERIES.map((q) => queryRule(q, null, mapping));
  const references = rules.map((r) => interpretQuery(r.query, { mapping }).predicate);
  const matcher = createChunkMatcher({
    rules: rules.map((r) => ({ query: r.query, prefilter: buildPrefilter(r.query, { mapping }), live: true })),
    mapping,
    mode: 'parse-all',
    collectMatchedText: false,
    maxExamples: 10,
  });

  test('parse-all with the indexes matches exactly what the reference interpreter matches', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        const docs = events.map(toDoc);
        const bytes = Buffer.from(`${docs.map((d) => JSON.stringify(d)).join('\n')}\n`);
        const result = matcher({ sequence: 0, source: 'x', bytes, firstLine: 1, offset: 0, lineNumbers: null, fileStart: true, labels: null });
        rules.forEach((_, slot) => {
          const got = [...result.matchLines.subarray(result.matchOffsets[slot]!, result.matchOffsets[slot + 1]!)];
          const expected = docs.flatMap((doc, i) => (references[slot]!(doc) ? [i + 1] : []));
          expect(got).toEqual(expected);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('literal prefixes', () => {
  test.for([
    ['/etc/*', '/etc/'],
    ['/home/*/.ssh/*', '/home/'],
    ['a?b*', 'a'],
    ['*x', ''],
    ['abc', 'abc'],
  ] as const)('%s → %s', ([pattern, prefix]) => {
    expect(literalPrefix(pattern)).toBe(prefix);
  });
});
