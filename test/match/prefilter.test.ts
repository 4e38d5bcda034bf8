import { describe, expect, test } from 'vitest';
import type { Cond } from '../../src/eql/ast.js';
import { DEFAULT_ECS_MAPPING, parseMapping, type Mapping } from '../../src/match/mapping.js';
import {
  buildPrefilter,
  describePrefilter,
  prefilterAccepts,
  prefilterToJson,
  type Needle,
  type Prefilter,
} from '../../src/match/prefilter.js';
import { unescapeJsonLine } from '../../src/match/prefilter-unescape.js';
import {
  SEED_CONDITION,
  and,
  call,
  constant,
  exists,
  fieldRef,
  lit,
  or,
  query,
  range,
  regex,
  script,
  term,
  wildcard,
} from './prefilter-fixtures.js';

const show = (n: Needle): string => `${n.text}${n.caseInsensitive ? ' (ci)' : ''}`;
const groupsOf = (p: Prefilter): string[][] => p.groups.map((g) => g.map(show));
const bestOf = (p: Prefilter): string[] | null => (p.best === null ? null : p.best.map(show));
const build = (cond: Cond, mapping: Mapping | null = null): Prefilter => buildPrefilter(query(cond), { mapping });
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

const TEST_MAPPING = parseMapping({
  properties: {
    pid: { type: 'long' },
    when: { type: 'date' },
    addr: { type: 'ip' },
    kw: { type: 'keyword' },
    kwnull: { type: 'keyword', null_value: 'NULL' },
    wc: { type: 'wildcard' },
    flag: { type: 'boolean' },
    ver: { type: 'version' },
    ck: { type: 'constant_keyword', value: 'linux' },
    name: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    body: { type: 'text' },
    event_type: { type: 'keyword' },
    event: { properties: { category: { type: 'alias', path: 'event_type' } } },
  },
});

describe('the seed rule', () => {
  const p = build(SEED_CONDITION, DEFAULT_ECS_MAPPING);

  test('every literal the rule requires is a group, wildcard runs distributed over the OR', () => {
    expect(groupsOf(p)).toEqual([
      ['"file"'],
      ['"linux"'],
      ['"creation"', '"file_create_event"'],
      ['"/usr/bin/ssh-keygen"'],
      ['/.ssh/ (ci)', '"/etc/ssh/ (ci)'],
      ['"/home/ (ci)', '"/root/.ssh/ (ci)', '"/etc/ssh/ (ci)'],
    ]);
  });

  test('best is the executable, not the category value every file event carries', () => {
    expect(bestOf(p)).toEqual(['"/usr/bin/ssh-keygen"']);
  });

  test('needle bytes are the UTF-8 of the text', () => {
    expect(Buffer.from(p.best![0]!.bytes).toString('utf8')).toBe('"/usr/bin/ssh-keygen"');
  });

  test('describePrefilter lists the groups and marks the searched one', () => {
    expect(describePrefilter(p)).toBe(
      [
        '6 groups; a line is a candidate when it contains a needle of every group (lines with a backslash are checked JSON-unescaped)',
        '   1   `"file"`',
        '   2   `"linux"`',
        '   3   `"creation"` or `"file_create_event"`',
        '   4 * `"/usr/bin/ssh-keygen"`',
        '   5   `/.ssh/` (ci) or `"/etc/ssh/` (ci)',
        '   6   `"/home/` (ci) or `"/root/.ssh/` (ci) or `"/etc/ssh/` (ci)',
        '  * = searched by the scanner (the most selective group)',
      ].join('\n'),
    );
  });

  test('prefilterToJson gives plain data with best as an index', () => {
    const json = prefilterToJson(p);
    expect(json.best).toBe(3);
    expect(json.groups[3]).toEqual([{ text: '"/usr/bin/ssh-keygen"', caseInsensitive: false }]);
  });
});

interface Case {
  readonly name: string;
  readonly cond: Cond;
  readonly mapping?: Mapping | null;
  readonly groups: string[][];
  readonly best?: string[] | null;
}

const LEAF_CASES: Case[] = [
  // term
  { name: 'an exact string value is quoted on both sides', cond: term('a', ['linux']), groups: [['"linux"']] },
  { name: 'a case-insensitive value is folded', cond: term('a', ['LiNuX'], { ci: true }), groups: [['"linux" (ci)']] },
  { name: 'several values are one group', cond: term('a', ['xa', 'xb']), groups: [['"xa"', '"xb"']] },
  { name: 'a numeric value gives no needle', cond: term('a', [5]), groups: [] },
  { name: 'a boolean value gives no needle', cond: term('a', [true]), groups: [] },
  { name: 'a number-like string gives no needle (keyword field holding 0)', cond: term('a', ['0']), groups: [] },
  { name: 'an exponent-like string gives no needle', cond: term('a', ['1e5']), groups: [] },
  { name: 'a number with spaces gives no needle (numbers compare trimmed)', cond: term('a', [' 42 ']), groups: [] },
  { name: 'a boolean-like string gives no needle', cond: term('a', ['TRUE'], { ci: true }), groups: [] },
  { name: 'an Infinity-like string gives no needle', cond: term('a', ['Infinity']), groups: [] },
  { name: 'one unusable value makes the whole OR unusable', cond: term('a', ['xa', '7']), groups: [] },
  { name: 'the empty string gives no needle', cond: term('a', ['']), groups: [] },
  { name: 'a negated term gives nothing', cond: term('a', ['linux'], { negated: true }), groups: [] },
  { name: 'a term with no values never matches', cond: term('a', []), groups: [[]], best: [] },
  { name: 'a value with a quote keeps the quote (lines holding it are unescaped)', cond: term('a', ['x"y']), groups: [['"x"y"']] },
  { name: 'non-ASCII is kept as UTF-8', cond: term('a', ['café']), groups: [['"café"']] },
  // mapping
  { name: 'a keyword field gives needles', cond: term('kw', ['linux']), mapping: TEST_MAPPING, groups: [['"linux"']] },
  { name: 'a wildcard-type field gives needles', cond: term('wc', ['linux']), mapping: TEST_MAPPING, groups: [['"linux"']] },
  { name: 'a long field coerces: no needle', cond: term('pid', ['linux']), mapping: TEST_MAPPING, groups: [] },
  { name: 'a date field coerces: no needle', cond: term('when', ['2024-01-01']), mapping: TEST_MAPPING, groups: [] },
  { name: 'an ip field normalizes: no needle', cond: term('addr', ['::1x']), mapping: TEST_MAPPING, groups: [] },
  { name: 'a boolean field coerces: no needle', cond: term('flag', ['yes']), mapping: TEST_MAPPING, groups: [] },
  { name: 'a version field: no needle', cond: term('ver', ['v1.2']), mapping: TEST_MAPPING, groups: [] },
  { name: 'a constant_keyword value lives in the mapping: no needle', cond: term('ck', ['linux']), mapping: TEST_MAPPING, groups: [] },
  { name: 'a text field matched through its keyword multi-field gives needles', cond: term('name', ['cmd.exe']), mapping: TEST_MAPPING, groups: [['"cmd.exe"']] },
  { name: 'a text field without an exact multi-field gives none', cond: term('body', ['cmd.exe']), mapping: TEST_MAPPING, groups: [] },
  { name: 'an alias reads its keyword target: needles stay literal', cond: term('event.category', ['process']), mapping: TEST_MAPPING, groups: [['"process"']] },
  { name: 'a value equal to null_value gives no needle', cond: term('kwnull', ['NULL']), mapping: TEST_MAPPING, groups: [] },
  { name: 'a ci value folding to null_value gives no needle', cond: term('kwnull', ['null'], { ci: true }), mapping: TEST_MAPPING, groups: [] },
  { name: 'another value on a null_value field gives its needle', cond: term('kwnull', ['other']), mapping: TEST_MAPPING, groups: [['"other"']] },
  { name: 'a pattern on a null_value field gives none', cond: wildcard('kwnull', ['oth*']), mapping: TEST_MAPPING, groups: [] },
  // wildcard
  { name: 'every run of a pattern is required; runs at the ends get a quote', cond: wildcard('a', ['/home/*/.ssh/*'], { ci: true }), groups: [['"/home/ (ci)'], ['/.ssh/ (ci)']] },
  { name: 'a suffix pattern', cond: wildcard('a', ['*.exe']), groups: [['.exe"']] },
  { name: 'a run that fits a boolean (a) is dropped, the other kept', cond: wildcard('a', ['a?c']), groups: [['c"']] },
  { name: 'a pattern of stars gives nothing', cond: wildcard('a', ['*']), groups: [] },
  { name: 'patterns of one leaf are an OR', cond: wildcard('a', ['*.exe', '*.dll']), groups: [['.exe"', '.dll"']] },
  { name: 'a pattern without a usable run makes the leaf give nothing', cond: wildcard('a', ['*.exe', '*1*']), groups: [] },
  { name: 'a negated pattern gives nothing', cond: wildcard('a', ['*.exe'], { negated: true }), groups: [] },
  // regex
  { name: 'regex: literal runs around an optional group and a class', cond: regex('a', ['/usr/(s)?bin/[a-z]+']), groups: [['"/usr/'], ['bin/']] },
  { name: 'regex: a top-level alternation is an OR', cond: regex('a', ['abc|xyz']), groups: [['"abc"', '"xyz"']] },
  { name: 'regex: .* on both sides', cond: regex('a', ['.*ssh.*']), groups: [['ssh']] },
  { name: 'regex: an escaped metacharacter is literal', cond: regex('a', ['ab\\.c']), groups: [['"ab.c"']] },
  { name: 'regex: a quoted string is literal', cond: regex('a', ['"ab"c']), groups: [['"abc"']] },
  { name: 'regex: a quantified char leaves the run before it', cond: regex('a', ['xyz?w']), groups: [['"xy'], ['w"']] },
  { name: 'regex: + keeps the char but ends the run', cond: regex('a', ['xyz+w']), groups: [['"xyz'], ['w"']] },
  { name: 'regex: a required group contributes its inner runs, unanchored', cond: regex('a', ['(xyz|xyw)qq']), groups: [['xyz', 'xyw'], ['qq"']] },
  { name: 'regex: an intersection requires both sides', cond: regex('a', ['.*xyz.*&.*qq.*']), groups: [['xyz'], ['qq']] },
  { name: 'regex: a complement gives nothing', cond: regex('a', ['~(xyz)']), groups: [] },
  { name: 'regex: an interval gives nothing', cond: regex('a', ['<1-100>']), groups: [] },
  { name: 'regex: an unreadable pattern gives nothing', cond: regex('a', ['xyz(']), groups: [] },
  { name: 'regex: case-insensitive runs are folded', cond: regex('a', ['SSH.*'], { ci: true }), groups: [['"ssh (ci)']] },
  // other leaves
  { name: 'a range gives nothing', cond: range('a', '>', 5), groups: [] },
  { name: 'exists gives nothing', cond: exists('a'), groups: [] },
  { name: 'const true gives nothing', cond: constant(true), groups: [] },
  { name: 'const false matches nothing', cond: constant(false), groups: [[]], best: [] },
  // scripts
  { name: 'startsWith(field, const) requires the prefix', cond: script(call('startsWith', [fieldRef('a'), lit('ssh')])), groups: [['"ssh']] },
  { name: 'endsWith~ requires the folded suffix', cond: script(call('endsWith', [fieldRef('a'), lit('.PUB')], true)), groups: [['.pub" (ci)']] },
  { name: 'stringContains requires the substring', cond: script(call('stringContains', [fieldRef('a'), lit('ssh')])), groups: [['ssh']] },
  { name: 'a negated script gives nothing', cond: script(call('startsWith', [fieldRef('a'), lit('ssh')]), true), groups: [] },
  { name: 'another function gives nothing', cond: script(call('length', [fieldRef('a')])), groups: [] },
  { name: 'startsWith on a long field gives nothing', cond: script(call('startsWith', [fieldRef('pid'), lit('ssh')])), mapping: TEST_MAPPING, groups: [] },
  // and / or
  { name: 'and collects the groups of its items', cond: and(term('a', ['xa']), term('b', ['xb'])), groups: [['"xa"'], ['"xb"']] },
  { name: 'or unions one group from each branch', cond: or(term('a', ['xa']), term('b', ['xb'])), groups: [['"xa"', '"xb"']] },
  { name: 'or with a branch without needles gives nothing', cond: or(term('a', ['xa']), range('b', '>', 1)), groups: [] },
  { name: 'or distributes over and branches', cond: or(and(term('a', ['xa']), term('b', ['xb'])), term('c', ['xc'])), groups: [['"xa"', '"xc"'], ['"xb"', '"xc"']] },
  { name: 'and with const false matches nothing', cond: and(term('a', ['xa']), constant(false)), groups: [[]], best: [] },
  { name: 'or drops a const false branch', cond: or(term('a', ['xa']), constant(false)), groups: [['"xa"']] },
  { name: 'a needle implied by a stronger one in an OR is dropped', cond: or(wildcard('a', ['*ssh*']), term('b', ['xsshx'])), groups: [['ssh']] },
  { name: 'a group implied by another group is dropped', cond: and(term('a', ['xsshx']), wildcard('b', ['*ssh*'])), groups: [['"xsshx"']] },
  {
    name: 'a list of more than 64 values is too wide to scan for',
    cond: term('a', Array.from({ length: 65 }, (_, i) => `v${i}x`)),
    groups: [],
  },
];

describe('needles per leaf', () => {
  test.for(LEAF_CASES)('$name', (c) => {
    const p = build(c.cond, c.mapping ?? null);
    expect(groupsOf(p)).toEqual(c.groups);
    if (c.best !== undefined) expect(bestOf(p)).toEqual(c.best);
    else if (c.groups.length === 0) expect(p.best).toBeNull();
  });
});

describe('best: the most selective group', () => {
  const cases: { name: string; cond: Cond; best: string[] }[] = [
    {
      name: 'a long literal beats the category value',
      cond: and(term('event.category', ['file']), term('process.name', ['ssh-keygen'])),
      best: ['"ssh-keygen"'],
    },
    {
      name: 'common ECS values lose to anything specific',
      cond: and(term('host.os.type', ['linux']), term('event.action', ['creation']), term('user.name', ['bob'])),
      best: ['"bob"'],
    },
    {
      name: 'a common path fragment loses to a rarer run',
      cond: and(wildcard('file.path', ['/home/*'], { ci: true }), wildcard('file.name', ['*.pem'])),
      best: ['.pem"'],
    },
    {
      name: 'a wide OR is less selective than one literal of similar length',
      cond: and(term('a', ['abcdefgh', 'ijklmnop', 'qrstuvwx', 'yzabcdef']), term('b', ['zyxwvuts'])),
      best: ['"zyxwvuts"'],
    },
    {
      name: 'case-sensitive wins a tie',
      cond: and(term('a', ['abcdefgh'], { ci: true }), term('b', ['zyxwvuts'])),
      best: ['"zyxwvuts"'],
    },
    {
      name: 'a one-character literal loses even to a common word',
      cond: and(term('event.category', ['process']), wildcard('process.executable', ['/*'])),
      best: ['"process"'],
    },
    { name: 'a single group is best even when common', cond: term('event.category', ['file']), best: ['"file"'] },
  ];
  test.for(cases)('$name', (c) => {
    expect(bestOf(build(c.cond))).toEqual(c.best);
  });
});

describe('prefilterAccepts', () => {
  const p = build(SEED_CONDITION, DEFAULT_ECS_MAPPING);
  const seedLine = (executable: string, path: string): string =>
    `{"event":{"category":["file"],"action":"creation"},"host":{"os":{"type":"linux"}},"process":{"executable":${executable}},"file":{"path":${path}}}`;
  const cases: { name: string; line: string; accepted: boolean }[] = [
    { name: 'a positive', line: seedLine('"/usr/bin/ssh-keygen"', '"/home/a/.ssh/id_rsa"'), accepted: true },
    { name: 'case-folded path', line: seedLine('"/usr/bin/ssh-keygen"', '"/HOME/a/.SSH/id_rsa"'), accepted: true },
    { name: 'another executable', line: seedLine('"/usr/bin/ssh"', '"/home/a/.ssh/id_rsa"'), accepted: false },
    { name: 'executable in upper case (== is case-sensitive)', line: seedLine('"/USR/bin/ssh-keygen"', '"/home/a/.ssh/x"'), accepted: false },
    { name: '\\/ escapes', line: seedLine('"\\/usr\\/bin\\/ssh-keygen"', '"\\/root\\/.ssh\\/x"'), accepted: true },
    { name: '\\u escapes', line: seedLine('"/usr/bin/\\u0073sh-keygen"', '"/etc/\\u0053SH/x"'), accepted: true },
    { name: 'a backslash line without the needle is rejected', line: seedLine('"/usr/bin/s\\u0073h"', '"/etc/ssh/x"'), accepted: false },
    { name: 'an escaped quote inside a value may only add a candidate (a false positive is sound)', line: seedLine('"x\\"/usr/bin/ssh-keygen\\""', '"/etc/ssh/x"'), accepted: true },
    { name: 'no path group needle', line: seedLine('"/usr/bin/ssh-keygen"', '"/var/tmp/x"'), accepted: false },
    { name: 'an empty line', line: '', accepted: false },
  ];
  test.for(cases)('$name', (c) => {
    expect(prefilterAccepts(p, bytes(c.line))).toBe(c.accepted);
  });

  test('describePrefilter says when there is nothing to search, or nothing can match', () => {
    expect(describePrefilter(build(constant(true)))).toBe('no usable literal: every line is a candidate');
    expect(describePrefilter(build(constant(false)))).toBe('the condition can never match: no line is a candidate');
  });

  test('a prefilter without groups accepts every line, even empty ones', () => {
    expect(prefilterAccepts(build(constant(true)), bytes(''))).toBe(true);
  });

  test('a constant-false prefilter accepts nothing, not even backslash lines', () => {
    expect(prefilterAccepts(build(constant(false)), bytes('{"a":"\\u0041"}'))).toBe(false);
  });
});

describe('unescapeJsonLine', () => {
  const cases: { name: string; raw: string; decoded: string }[] = [
    { name: 'simple escapes', raw: String.raw`"a\"b\\c\/d\be\ff\ng\rh\ti"`, decoded: '"a"b\\c/d\be\ff\ng\rh\ti"' },
    { name: 'a \\u escape', raw: String.raw`"\u0073sh"`, decoded: '"ssh"' },
    { name: 'a 2-byte code point', raw: String.raw`"caf\u00e9"`, decoded: '"café"' },
    { name: 'a 3-byte code point', raw: String.raw`"\u20ac"`, decoded: '"€"' },
    { name: 'a surrogate pair', raw: String.raw`"\ud83d\ude00"`, decoded: '"😀"' },
    { name: 'an escaped backslash before u', raw: String.raw`"\\u0041"`, decoded: '"\\u0041"' },
    { name: 'an invalid escape is kept', raw: String.raw`"\x41"`, decoded: '"\\x41"' },
    { name: 'a short \\u is kept', raw: String.raw`"\u00"`, decoded: '"\\u00"' },
    { name: 'a trailing backslash is kept', raw: '"a\\', decoded: '"a\\' },
  ];
  test.for(cases)('$name', (c) => {
    expect(Buffer.from(unescapeJsonLine(bytes(c.raw))).toString('utf8')).toBe(c.decoded);
  });

  test('a lone surrogate becomes its 3-byte form', () => {
    expect([...unescapeJsonLine(bytes(String.raw`\ud800`))]).toEqual([0xed, 0xa0, 0x80]);
  });

  test('decodes only the given range', () => {
    expect(Buffer.from(unescapeJsonLine(bytes(String.raw`xx\/yy`), 2, 4)).toString()).toBe('/');
  });
});
