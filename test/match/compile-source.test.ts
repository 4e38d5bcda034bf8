/**
 * The generated source of `compileQuery` as a reviewer reads it (`compile --show-js`, STYLE.md §2):
 * golden files for the seed rule and three real detection rules, helpers bound only when used, leaves
 * on one field sharing one test, comments that quote the EQL as written and can never inject code.
 */
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Cond } from '../../src/eql/ast.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { compileQuery, safeComment } from '../../src/match/compile.js';
import { constantBase, pascalBase } from '../../src/match/generate-leaf.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { DEFAULT_ECS_MAPPING, parseMapping, type Mapping } from '../../src/match/mapping.js';
import { SSH_KEYGEN_RULE } from '../../src/rules/builtin-rules.js';

const compile = (eql: string, mapping: Mapping | null = DEFAULT_ECS_MAPPING): string => compileQuery(normalizeQuery(parseEql(eql)), { mapping }).source;
const compileCond = (condition: Cond): ReturnType<typeof compileQuery> =>
  compileQuery({ condition, pipes: [], categoryField: 'event.category' }, { mapping: DEFAULT_ECS_MAPPING });
/** The `const { … } = env;` line: what the generated code binds. */
const bound = (source: string): string => source.split('\n').find((l) => l.endsWith('} = env;')) ?? '(nothing bound)';
const count = (source: string, text: string): number => source.split(text).length - 1;

const RULES = '../shared/conformance/detection-rules/eql-rules.ndjson';

describe('generated source', () => {
  test('the seed rule compiles to the golden source', async () => {
    await expect(compile(SSH_KEYGEN_RULE.query)).toMatchFileSnapshot('golden/compile-seed-rule.js');
  });

  describe.skipIf(!existsSync(RULES))('real detection rules (needs ../shared/conformance/detection-rules)', () => {
    const rules = existsSync(RULES)
      ? readFileSync(RULES, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { name: string; query: string })
      : [];
    test.for([
      // in~ and like~ on one field (merged, folded once), like, a `?` pattern, `*a*b*` segments.
      ['Suspicious Instance Metadata Service (IMDS) API Command Line Execution', 'compile-rule-imds.js'],
      // regex~, length() as a script leaf, unmapped Windows fields.
      ['AdminSDHolder SDProp Exclusion Added', 'compile-rule-sdprop.js'],
      // startsWith~ over two fields, substring/length arithmetic, `??*`.
      ['Remote Computer Account DnsHostName Update', 'compile-rule-dnshostname.js'],
    ] as const)('%s compiles to the golden source', async ([name, golden]) => {
      const rule = rules.find((r) => r.name === name);
      expect(rule, name).toBeDefined();
      await expect(compile(rule!.query)).toMatchFileSnapshot(`golden/${golden}`);
    });
  });

  test.for([
    ['keyword equality binds no comparison helper', 'any where host.os.type == "linux"', 'const { fieldValues, HOST_OS_TYPE_FIELD } = env;'],
    ['a case-insensitive pattern binds foldAscii', 'any where file.name : "a*"', 'const { fieldValues, foldAscii, FILE_NAME_FIELD } = env;'],
    ['a segment pattern binds matchSegments', 'any where file.name like "a*b*c"', 'const { fieldValues, matchSegments, FILE_NAME_FIELD } = env;'],
    ['a string range binds compareCodePoints', 'any where file.name > "m"', 'const { fieldValues, compareCodePoints, FILE_NAME_FIELD } = env;'],
    ['a script binds its closure', 'any where length(file.name) > 3', 'const { fieldValues, script1, FILE_NAME_FIELD } = env;'],
  ] as const)('%s', ([, eql, line]) => {
    expect(bound(compile(eql))).toBe(line);
  });

  test('a constant_keyword with its value in the mapping reads no document and binds nothing', () => {
    const mapping = parseMapping({ properties: { data_stream: { properties: { type: { type: 'constant_keyword', value: 'logs' } } } } });
    const source = compile('any where data_stream.type == "logs"', mapping);
    expect(bound(source)).toBe('(nothing bound)');
    expect(source).toContain('function readDataStreamType(doc) {\n  return "logs";\n}');
  });

  test('leaves on one field under `or` share one test that folds the value once', () => {
    const source = compile('process where process.name in~ ("bash", "sh") or process.name : "python*" or process.name like "Perl*"');
    expect(count(source, 'function matchProcessName(')).toBe(1);
    expect(count(source, 'foldAscii(x)')).toBe(1);
    expect(source).toContain(
      [
        '// process.name in~ ("bash", "sh")',
        '// or process.name : "python*"',
        '// or process.name like "Perl*"',
        'function matchProcessName(x) {',
        '  const folded = foldAscii(x);',
        '  return folded === PROCESS_NAME_1',
        '    || folded === PROCESS_NAME_2',
        '    || folded.startsWith(PROCESS_NAME_START)',
        '    || x.startsWith(PROCESS_NAME_START_2);',
        '}',
      ].join('\n'),
    );
  });

  test('must_not leaves on one field under `and` share one test: not (A or B)', () => {
    const source = compile('process where not process.name : "a*" and process.name != "b" and user.id == "0"');
    expect(source).toContain('  return someEventCategory(doc) // event.category == "process"\n    && !someProcessName(doc) // not process.name : "a*" and process.name != "b"\n');
  });

  test('leaves that do not combine exactly stay apart: positive leaves under `and`, must_not under `or`', () => {
    const source = compile('any where (file.name : "a*" and file.name : "*b") or (file.path != "x" or not file.path : "y*")');
    expect(count(source, 'function someFileName')).toBe(2);
    expect(count(source, 'function someFilePath')).toBe(2);
  });

  test('comments quote patterns as the user wrote them: `*/` needs no escaping in `//` comments', () => {
    const source = compile(SSH_KEYGEN_RULE.query);
    expect(source).toContain('// file.path : "/home/*/.ssh/*"\nconst FILE_PATH_1_START = "/home/";');
    expect(source).toContain('    && someFilePath(doc) // file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*")\n');
    expect(source).not.toContain('*\\/');
  });

  test.for([
    ['a newline', 'a\nb', 'a\\nb'],
    ['a carriage return', 'a\rb', 'a\\rb'],
    ['U+2028', 'a\u2028b', 'a\\u2028b'],
    ['U+2029', 'a\u2029b', 'a\\u2029b'],
    ['a comment terminator, kept', 'a*/b', 'a*/b'],
  ] as const)('safeComment escapes line terminators only: %s', ([, text, expected]) => {
    expect(safeComment(text)).toBe(expected);
  });

  test('safeComment never leaves a line terminator (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '*', '/', '\n', '\r', '\u2028', '\u2029', '\\', '"') }), (text) => {
        expect(safeComment(text)).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
    );
  });

  // A `//` comment ends only at a line terminator, so the one way a pattern or field name could inject
  // code is by adding a line: compare line counts with a twin whose hostile characters are harmless.
  const hostile = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'B', '*', '?', '/', '\n', '\r', '\u2028', '\u2029', '\\', '"', "'", '`', '}', ';') });
  const twin = (s: string): string => s.replace(/[\n\r\u2028\u2029/\\"'`};]/g, 'x');
  const leavesFor = (field: string, s: string): Cond[] => [
    { kind: 'term', field, values: [s], caseInsensitive: false, negated: false },
    { kind: 'term', field, values: [s], caseInsensitive: true, negated: true },
    { kind: 'wildcard', field, patterns: [s, `${s}*`], caseInsensitive: true, negated: false },
    { kind: 'wildcard', field, patterns: [`*${s}`], caseInsensitive: false, negated: true },
    { kind: 'range', field, op: '>', value: s },
    { kind: 'exists', field, negated: false },
  ];

  test('no pattern or field name adds a line to the source, and the predicate still agrees with the interpreter (property)', () => {
    fc.assert(
      fc.property(hostile, hostile, (s, f) => {
        const field = `file.${f}`;
        const condition: Cond = { kind: 'or', items: [...leavesFor(field, s), ...leavesFor('file.name', s)] };
        const safe: Cond = { kind: 'or', items: [...leavesFor(`file.${twin(f)}`, twin(s)), ...leavesFor('file.name', twin(s))] };
        const compiled = compileCond(condition);
        expect(compiled.source.split('\n').length).toBe(compileCond(safe).source.split('\n').length);
        const reference = interpretQuery({ condition, pipes: [], categoryField: 'event.category' }, { mapping: DEFAULT_ECS_MAPPING });
        for (const doc of [{ file: { name: s, [f]: s } }, { [field]: [s, 'z'] }, { file: { name: `${s}${s}` } }, {}]) {
          expect(compiled.predicate(doc)).toBe(reference.predicate(doc));
        }
      }),
      { numRuns: 300 },
    );
  });

  test.for([
    ['host.os.type', 'HOST_OS_TYPE', 'HostOsType'],
    ['winlog.event_data.AttributeLDAPDisplayName', 'WINLOG_EVENT_DATA_ATTRIBUTE_LDAP_DISPLAY_NAME', 'WinlogEventDataAttributeLDAPDisplayName'],
    ['file.Ext.entropy', 'FILE_EXT_ENTROPY', 'FileExtEntropy'],
    ['@timestamp', 'TIMESTAMP', 'Timestamp'],
    ['1x.y', 'F_1X_Y', '1xY'],
    ['é', 'F_', 'Field'],
  ] as const)('names from %s: %s, read%s', ([field, screaming, pascal]) => {
    expect(constantBase(field)).toBe(screaming);
    expect(pascalBase(field)).toBe(pascal);
  });
});
