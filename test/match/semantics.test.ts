/**
 * EQL-SEMANTICS.md, section by section: exact expected booleans per (query, event), checked on the
 * compiled predicate and on the reference interpreter.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkStatement } from '../../src/eql/check.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { compileQuery } from '../../src/match/compile.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { DEFAULT_ECS_MAPPING, parseMapping, type Mapping } from '../../src/match/mapping.js';

type Case = readonly [query: string, doc: unknown, expected: boolean];

function both(query: string, doc: unknown, mapping: Mapping | null): [boolean, boolean] {
  const statement = parseEql(query);
  checkStatement(statement);
  const q = normalizeQuery(statement);
  return [compileQuery(q, { mapping }).predicate(doc), interpretQuery(q, { mapping }).predicate(doc)];
}

function table(title: string, cases: readonly Case[], mapping: Mapping | null = null): void {
  describe(title, () => {
    test.for(cases)('%s on %j is %s', ([query, doc, expected]) => {
      expect(both(query, doc, mapping)).toEqual([expected, expected]);
    });
  });
}

table('§2 desugaring', [
  ['file where true', { event: { category: ['file', 'process'] } }, true],
  ['file where true', { event: { category: 'File' } }, false],
  ['any where true', {}, true],
  ['any where f == "a*"', { f: 'abc' }, false],
  ['any where f == "a*"', { f: 'a*' }, true],
  ['any where f != "x"', {}, true],
  ['any where f != "x"', { f: ['x', 'y'] }, false],
  ['any where f : "ABC"', { f: 'abc' }, true],
  ['any where f : "a*c"', { f: 'ABBC' }, true],
  ['any where f : ("x", "b*")', { f: 'BOB' }, true],
  ['any where f like "a*"', { f: 'Abc' }, false],
  ['any where f like~ "a*"', { f: 'Abc' }, true],
  ['any where f regex "a.c"', { f: 'abc' }, true],
  ['any where f regex "a.c"', { f: 'xabc' }, false],
  ['any where f regex~ "A.C"', { f: 'abc' }, true],
  ['any where f in ("a", null)', { f: 'a' }, true],
  ['any where f in~ ("A*")', { f: 'abc' }, false],
  ['any where f in~ ("ABC")', { f: 'abc' }, true],
  ['any where f not in ("a")', {}, true],
  ['any where f == null', { f: null }, true],
  ['any where f == null', { f: [] }, true],
  ['any where f == null', { f: 0 }, false],
  ['any where f != null', { f: '' }, true],
  ['any where null == f', {}, true],
]);

table('§3 values: nested, dotted, arrays', [
  ['any where file.path == "x"', { file: { path: 'x' } }, true],
  ['any where file.path == "x"', { 'file.path': 'x' }, true],
  ['any where file.path == "x"', { file: { path: ['y', 'x'] } }, true],
  ['any where a.b.c == 1', { a: { 'b.c': 1 } }, true],
  ['any where a.b.c == 1', { 'a.b': { c: 1 } }, true],
  ['any where a.b.c == 2', { a: { b: { c: 1 } }, 'a.b.c': 2 }, true],
  ['any where a.b == 2', { a: [{ b: 1 }, { b: 2 }] }, true],
  ['any where a.b == 3', { a: [{ b: 1 }, { b: [2, 3] }] }, true],
  ['any where a.b != null', { a: [{ b: null }] }, false],
  ['any where a.b != null', { a: { b: { c: 1 } } }, false],
  ['any where constructor == "x"', { constructor: 'x' }, true],
  ['any where constructor != null', {}, false],
]);

const QA_LIKE = parseMapping({
  properties: {
    event_type: { type: 'keyword' },
    event: { properties: { category: { type: 'alias', path: 'event_type' } } },
    opt: { type: 'keyword', null_value: 'NULL' },
    version: { type: 'version' },
    ts: { type: 'date' },
    pid: { type: 'long' },
    uid: { type: 'keyword' },
    ok: { type: 'boolean' },
    ip: { type: 'ip' },
    short: { type: 'keyword', ignore_above: 3 },
  },
});

table(
  '§3 values with a mapping',
  [
    ['process where true', { event_type: 'process' }, true],
    ['any where ?opt == "NULL"', { opt: null }, true],
    ['any where opt == "NULL"', {}, false],
    ['any where version > "1.5.0"', { version: '1.11.3' }, true],
    ['any where version < "1.5.0"', { version: '1.11.3' }, false],
    ['any where ts == 1000', { ts: '1970-01-01T00:00:01Z' }, true],
    ['any where ts > "1970-01-01"', { ts: 5 }, true],
    ['any where pid == 42', { pid: '42' }, true],
    ['any where pid == 4', { pid: 4.7 }, true],
    ['any where uid == 0', { uid: 0 }, true],
    ['any where uid == "0"', { uid: 0 }, true],
    ['any where ok == true', { ok: 'true' }, true],
    ['any where ip != null', { ip: '10.0.0.256' }, false],
    ['any where ip == "::1"', { ip: '0:0:0:0:0:0:0:1' }, true],
    ['any where cidrMatch(ip, "10.0.0.0/8")', { ip: '10.1.2.3' }, true],
    ['any where short == "abcd"', { short: 'abcd' }, false],
    ['any where short == null', { short: 'abcd' }, true],
    ['any where short : "*"', { short: ['abcd', 'ab'] }, true],
  ],
  QA_LIKE,
);

table(
  '§3 ignore_above 1024 with the default ECS mapping (UTF-16 length)',
  [
    ['file where file.path : "/home/*"', { event: { category: 'file' }, file: { path: `/home/${'a'.repeat(1018)}` } }, true],
    ['file where file.path : "/home/*"', { event: { category: 'file' }, file: { path: `/home/${'a'.repeat(1019)}` } }, false],
    ['file where file.path : "/home/*"', { event: { category: 'file' }, file: { path: `/home/${'😀'.repeat(510)}` } }, false],
    ['file where not file.name : "x*"', { event: { category: 'file' }, file: { name: `x${'a'.repeat(1100)}` } }, true],
    ['any where process.command_line : "*x"', { process: { command_line: `${'a'.repeat(5000)}x` } }, true],
  ],
  DEFAULT_ECS_MAPPING,
);

table('§4 evaluation model', [
  ['any where not f > 5', { f: [1, 10] }, true],
  ['any where f > 5', { f: [1, 10] }, true],
  ['any where not f > 5', {}, false],
  ['any where not (f == 1 and g == 2)', { f: 1 }, true],
  ['any where not f : "known_hosts.*"', {}, true],
  ['any where not f : "known_hosts.*"', { f: ['a', 'KNOWN_HOSTS.x'] }, false],
  ['any where null == (exit_code > -1)', {}, true],
  ['any where null == (exit_code > -1)', { exit_code: 0 }, false],
  ['any where startsWith(f, "ab")', { f: ['x', 'abc'] }, true],
  ['any where not startsWith(f, "ab")', { f: ['x', 'abc'] }, false],
  ['any where not startsWith(f, "ab")', {}, true],
  ['any where length(f) > 2', { f: ['a', 'abc'] }, true],
  ['any where not length(f) > 2', { f: ['a', 'abc'] }, true],
  ['any where concat(a, b) == "xy"', { a: ['x', 'z'], b: ['q', 'y'] }, true],
  ['any where string(f) == "1"', { f: 1 }, true],
  ['any where pid == 1.0', { pid: 1 }, true],
]);

table('§5 wildcards and case', [
  ['any where f : "*"', { f: '' }, true],
  ['any where f : "a*b"', { f: 'a/\nb' }, true],
  ['any where f : "a?c"', { f: 'a😀c' }, true],
  ['any where f : "a?c"', { f: 'ac' }, false],
  ['any where f : "a%_.[\\\\c"', { f: 'a%_.[\\c' }, true],
  ['any where f : "é"', { f: 'É' }, false],
  ['any where f : "I"', { f: 'ı' }, false],
  ['any where f : "/home/*/.ssh/*"', { f: '/home//.ssh/x' }, true],
  ['any where f : "/home/*/.ssh/*"', { f: '/home/a/b/.ssh/x' }, true],
  ['any where f : "*ab*ab"', { f: 'ab' }, false],
  ['any where f : "*ab*ab"', { f: 'abab' }, true],
  ['any where f > "\\u{FFFF}"', { f: '😀' }, true],
  ['any where f < "b"', { f: 'B' }, true],
  ['any where f regex "a@"', { f: 'a\nz' }, true],
  ['any where f regex "<1-10>"', { f: '007' }, true],
  ['any where f regex "<1-10>"', { f: '11' }, false],
  ['any where f regex "~(a.*)"', { f: 'ba' }, true],
  ['any where f regex "~(a.*)"', { f: 'ab' }, false],
  ['any where f regex "a.*&.*b"', { f: 'axb' }, true],
  ['any where f regex "[^a]b"', { f: 'Ab' }, true],
  ['any where f regex~ "[^a]b"', { f: 'Ab' }, false],
  ['any where f regex "\\\\d+"', { f: '123' }, true],
]);

table('§6 functions over fields', [
  ['any where between(f, "a", "c") == "b"', { f: 'abc' }, true],
  ['any where cidrMatch(ip, "10.0.0.0/8", "::1/128")', { ip: '::1' }, true],
  ['any where cidrMatch(ip, "10.0.0.0/8")', { ip: 'nonsense' }, false],
  ['any where endsWith~(f, "EXE")', { f: 'a.exe' }, true],
  ['any where indexOf(f, "b", -3) == 1', { f: 'abc' }, true],
  ['any where length(f) == 2', { f: '😀' }, true],
  ['any where number(f, 16) == 255', { f: '0xff' }, true],
  ['any where number(f) == 42', { f: ' 42 ' }, true],
  ['any where stringContains(f, "")', { f: 'abc' }, false],
  ['any where substring(f, -3, -1) == "bc"', { f: 'abcd' }, true],
  ['any where f % 3 == -1', { f: -7 }, true],
  ['any where f / 2 == 3', { f: 7 }, true],
  ['any where f / 2.0 == 3.5', { f: 7 }, true],
]);

table(
  '§8 the seed rule',
  (() => {
    const q =
      'file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and process.executable == "/usr/bin/ssh-keygen" and file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*") and not file.name : "known_hosts.*"';
    const base = { event: { category: ['file'], action: 'creation' }, host: { os: { type: 'linux' } }, process: { executable: '/usr/bin/ssh-keygen' } };
    return [
      [q, { ...base, file: { path: '/HOME/a/.SSH/x', name: 'x' } }, true],
      [q, { ...base, file: { path: '/home/a/b/.ssh/x' } }, true],
      [q, { ...base, file: { path: '/home//.ssh/x', name: 'known_hosts' } }, true],
      [q, { ...base, file: { path: '/home/a/.ssh/known_hosts2', name: 'known_hosts2' } }, true],
      [q, { ...base, file: { path: '/home/a/.ssh/known_hosts.old', name: 'known_hosts.old' } }, false],
      [q, { ...base, event: { category: ['file'], action: ['x', 'file_create_event'] }, file: { path: '/etc/ssh/k' } }, true],
      [q, { ...base, host: { os: { type: 'Linux' } }, file: { path: '/etc/ssh/k' } }, false],
      [q, { ...base, process: { executable: '/usr/bin/ssh-keygen2' }, file: { path: '/etc/ssh/k' } }, false],
      [q, { ...base, file: { path: '/tmp/.ssh/k' } }, false],
    ] as Case[];
  })(),
  DEFAULT_ECS_MAPPING,
);

const RULES = new URL('../../../shared/conformance/detection-rules/eql-rules.ndjson', import.meta.url);
describe.skipIf(!existsSync(RULES))('detection-rules (needs ../shared/conformance/detection-rules)', () => {
  test('every non-deprecated single-event rule compiles with the default mapping and with none', () => {
    const rules = readFileSync(RULES, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { kind: string; path: string; query: string; name: string });
    const single = rules.filter((r) => r.kind === 'event' && !r.path.includes('_deprecated'));
    const failed: string[] = [];
    for (const rule of single) {
      try {
        const statement = parseEql(rule.query);
        checkStatement(statement);
        const q = normalizeQuery(statement);
        compileQuery(q, { mapping: DEFAULT_ECS_MAPPING }).predicate({});
        compileQuery(q, { mapping: null }).predicate({ event: { category: 'file' } });
      } catch (error) {
        failed.push(`${rule.name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failed).toEqual([]);
    expect(single.length).toBe(823);
  });
});
