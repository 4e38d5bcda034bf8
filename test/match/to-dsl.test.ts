import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { DEFAULT_ECS_MAPPING, parseMapping, type Mapping } from '../../src/match/mapping.js';
import { toDsl, type DslTranslation } from '../../src/match/to-dsl.js';
import { SEED_CONDITION, call, fieldRef, lit, query, script, term } from './prefilter-fixtures.js';

const SEED_RULE = `file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and
process.executable == "/usr/bin/ssh-keygen" and file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*") and
not file.name : "known_hosts.*"`;

const translate = (eql: string, mapping: Mapping | null = null): DslTranslation =>
  toDsl(normalizeQuery(parseEql(eql)), { mapping });

/** The filter list of `any where <condition>`. */
const filterOf = (condition: string, mapping: Mapping | null = null): unknown[] =>
  ((translate(`any where ${condition}`, mapping).query as { bool: { filter: unknown[] } }).bool.filter);

const MAPPING = parseMapping({
  properties: {
    pid: { type: 'long' },
    src: { type: 'ip' },
    kw: { type: 'keyword' },
    name: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    event_type: { type: 'keyword' },
    event: { properties: { category: { type: 'alias', path: 'event_type' } } },
  },
});

describe('the seed rule', () => {
  test('translates to the golden bool filter, exactly', () => {
    const golden = JSON.parse(readFileSync(new URL('./golden/to-dsl-seed-rule.json', import.meta.url), 'utf8')) as unknown;
    const result = translate(SEED_RULE, DEFAULT_ECS_MAPPING);
    expect(result.query).toEqual(golden);
    expect(result.scripts).toEqual([]);
    expect(result.exact).toBe(true);
  });

  test('the hand-built seed condition gives the same query', () => {
    const golden = JSON.parse(readFileSync(new URL('./golden/to-dsl-seed-rule.json', import.meta.url), 'utf8')) as unknown;
    expect(toDsl(query(SEED_CONDITION), { mapping: null }).query).toEqual(golden);
  });
});

const ci = { case_insensitive: true };

const CASES: { name: string; eql: string; mapping?: Mapping; filter: unknown[] }[] = [
  { name: '== is a term', eql: 'a == "x"', filter: [{ term: { a: { value: 'x' } } }] },
  { name: '== with a number keeps the number', eql: 'a == 5', filter: [{ term: { a: { value: 5 } } }] },
  { name: '!= is must_not term', eql: 'a != "x"', filter: [{ bool: { must_not: [{ term: { a: { value: 'x' } } }] } }] },
  { name: ': without wildcards is a case-insensitive term', eql: 'a : "X"', filter: [{ term: { a: { value: 'X', ...ci } } }] },
  { name: ': with a number is a plain term', eql: 'a : 5', filter: [{ term: { a: { value: 5 } } }] },
  { name: 'in is terms', eql: 'a in ("x", "y")', filter: [{ terms: { a: ['x', 'y'] } }] },
  { name: 'in with one value is a term', eql: 'a in ("x", null)', filter: [{ term: { a: { value: 'x' } } }] },
  { name: 'not in is must_not terms', eql: 'a not in ("x", "y")', filter: [{ bool: { must_not: [{ terms: { a: ['x', 'y'] } }] } }] },
  {
    name: 'in~ is a should of case-insensitive terms',
    eql: 'a in~ ("X", "y")',
    filter: [{ bool: { should: [{ term: { a: { value: 'X', ...ci } } }, { term: { a: { value: 'y', ...ci } } }], minimum_should_match: 1 } }],
  },
  {
    name: 'in~ with a number keeps it a plain term',
    eql: 'a in~ ("X", 5)',
    filter: [{ bool: { should: [{ term: { a: { value: 5 } } }, { term: { a: { value: 'X', ...ci } } }], minimum_should_match: 1 } }],
  },
  {
    name: 'not in~ lists the case-insensitive terms under must_not',
    eql: 'a not in~ ("X", "y")',
    filter: [{ bool: { must_not: [{ term: { a: { value: 'X', ...ci } } }, { term: { a: { value: 'y', ...ci } } }] } }],
  },
  { name: ': with a wildcard is a case-insensitive wildcard', eql: 'a : "*x?y*"', filter: [{ wildcard: { a: { value: '*x?y*', ...ci } } }] },
  { name: 'like is a case-sensitive wildcard', eql: 'a like "*x?y*"', filter: [{ wildcard: { a: { value: '*x?y*' } } }] },
  { name: 'like~ is case-insensitive', eql: 'a like~ "*x?y*"', filter: [{ wildcard: { a: { value: '*x?y*', ...ci } } }] },
  { name: 'a trailing star alone is a prefix', eql: 'a : "C:*"', filter: [{ prefix: { a: { value: 'C:', ...ci } } }] },
  { name: 'like with a trailing star is a case-sensitive prefix', eql: 'a like "ab*"', filter: [{ prefix: { a: { value: 'ab' } } }] },
  { name: 'a backslash is escaped for Lucene', eql: String.raw`a : "C:\\Windows\\*.exe"`, filter: [{ wildcard: { a: { value: String.raw`C:\\Windows\\*.exe`, ...ci } } }] },
  { name: 'a backslash in a prefix is not escaped (prefix has no syntax)', eql: String.raw`a : "C:\\*"`, filter: [{ prefix: { a: { value: 'C:\\', ...ci } } }] },
  { name: 'a pattern of stars is exists', eql: 'a : "*"', filter: [{ exists: { field: 'a' } }] },
  {
    name: 'a pattern list is a should',
    eql: 'a : ("x*", "*y")',
    filter: [{ bool: { should: [{ prefix: { a: { value: 'x', ...ci } } }, { wildcard: { a: { value: '*y', ...ci } } }], minimum_should_match: 1 } }],
  },
  {
    name: 'not with a pattern list is must_not of each',
    eql: 'not a : ("x*", "*y")',
    filter: [{ bool: { must_not: [{ prefix: { a: { value: 'x', ...ci } } }, { wildcard: { a: { value: '*y', ...ci } } }] } }],
  },
  { name: 'regex is regexp with ES default flags', eql: 'a regex "ab[0-9]+"', filter: [{ regexp: { a: { value: 'ab[0-9]+', flags: 'ALL' } } }] },
  { name: 'regex~ is case-insensitive', eql: 'a regex~ "ab.*"', filter: [{ regexp: { a: { value: 'ab.*', flags: 'ALL', ...ci } } }] },
  { name: '> is range gt', eql: 'a > 5', filter: [{ range: { a: { gt: 5 } } }] },
  { name: '<= is range lte', eql: 'a <= "m"', filter: [{ range: { a: { lte: 'm' } } }] },
  { name: 'a field on the right is flipped', eql: '5 < a', filter: [{ range: { a: { gt: 5 } } }] },
  { name: 'not (a > 5) is a <= 5 (existential)', eql: 'not a > 5', filter: [{ range: { a: { lte: 5 } } }] },
  { name: '!= null is exists', eql: 'a != null', filter: [{ exists: { field: 'a' } }] },
  { name: '== null is must_not exists', eql: 'a == null', filter: [{ bool: { must_not: [{ exists: { field: 'a' } }] } }] },
  {
    name: 'or is a should',
    eql: 'a == "x" or b == "y"',
    filter: [{ bool: { should: [{ term: { a: { value: 'x' } } }, { term: { b: { value: 'y' } } }], minimum_should_match: 1 } }],
  },
  {
    name: 'and is the top-level filter; nested and is a filter',
    eql: 'a == "x" and (b == "y" or (c == "z" and d == "w"))',
    filter: [
      { term: { a: { value: 'x' } } },
      {
        bool: {
          should: [
            { term: { b: { value: 'y' } } },
            { bool: { filter: [{ term: { c: { value: 'z' } } }, { term: { d: { value: 'w' } } }] } },
          ],
          minimum_should_match: 1,
        },
      },
    ],
  },
  { name: 'true is match_all', eql: 'true', filter: [{ match_all: {} }] },
  { name: 'false is match_none', eql: 'false', filter: [{ match_none: {} }] },
  { name: 'a bare field is a term on true', eql: 'a', filter: [{ term: { a: { value: true } } }] },
  // mapping
  { name: 'an alias is queried on its target', eql: 'event.category == "process"', mapping: MAPPING, filter: [{ term: { event_type: { value: 'process' } } }] },
  { name: 'a text field is queried on its keyword multi-field', eql: 'name : "X*"', mapping: MAPPING, filter: [{ prefix: { 'name.keyword': { value: 'X', ...ci } } }] },
  // functions
  { name: 'startsWith is a prefix', eql: 'startsWith(a, "ab")', filter: [{ prefix: { a: { value: 'ab' } } }] },
  { name: 'startsWith~ is a case-insensitive prefix', eql: 'startsWith~(a, "AB")', filter: [{ prefix: { a: { value: 'AB', ...ci } } }] },
  { name: 'startsWith with "" is exists', eql: 'startsWith(a, "")', filter: [{ exists: { field: 'a' } }] },
  { name: 'endsWith is a wildcard with the constant escaped', eql: 'endsWith(a, "*.e?e")', filter: [{ wildcard: { a: { value: String.raw`*\*.e\?e` } } }] },
  { name: 'endsWith~ is case-insensitive', eql: 'endsWith~(a, ".EXE")', filter: [{ wildcard: { a: { value: '*.EXE', ...ci } } }] },
  { name: 'endsWith with "" is exists', eql: 'endsWith(a, "")', filter: [{ exists: { field: 'a' } }] },
  { name: 'stringContains is *c*', eql: String.raw`stringContains(a, "x\\y")`, filter: [{ wildcard: { a: { value: String.raw`*x\\y*` } } }] },
  { name: 'stringContains with "" matches nothing (§6)', eql: 'stringContains(a, "")', filter: [{ match_none: {} }] },
  { name: 'not startsWith is must_not prefix', eql: 'not startsWith(a, "ab")', filter: [{ bool: { must_not: [{ prefix: { a: { value: 'ab' } } }] } }] },
  { name: 'cidrMatch on an ip field is terms', eql: 'cidrMatch(src, "10.0.0.0/8", "::1")', mapping: MAPPING, filter: [{ terms: { src: ['10.0.0.0/8', '::1'] } }] },
];

describe('toDsl, leaf by leaf', () => {
  test.for(CASES)('$name', (c) => {
    const result = translate(`any where ${c.eql}`, c.mapping ?? null);
    expect((result.query as { bool: { filter: unknown[] } }).bool.filter).toEqual(c.filter);
    expect(result.exact).toBe(true);
    expect(result.scripts).toEqual([]);
  });

  test('a category query puts the category term first', () => {
    expect(translate('process where a == "x"').query).toEqual({
      bool: { filter: [{ term: { 'event.category': { value: 'process' } } }, { term: { a: { value: 'x' } } }] },
    });
  });

  test('a configured category field is used', () => {
    const q = normalizeQuery(parseEql('process where true'), { categoryField: 'event_type' });
    expect(toDsl(q, { mapping: null }).query).toEqual({ bool: { filter: [{ term: { event_type: { value: 'process' } } }] } });
  });

  test('a term with no values matches nothing, negated everything', () => {
    expect(toDsl(query(term('a', [])), { mapping: null }).query).toEqual({ bool: { filter: [{ match_none: {} }] } });
    expect(toDsl(query(term('a', [], { negated: true })), { mapping: null }).query).toEqual({ bool: { filter: [{ match_all: {} }] } });
  });
});

const INEXACT: { name: string; eql: string; mapping?: Mapping; leaf: string; reason: string }[] = [
  { name: 'length()', eql: 'length(a) > 3', leaf: 'length(a) > 3', reason: 'Elasticsearch evaluates this comparison or arithmetic with a Painless script' },
  { name: 'arithmetic', eql: 'a + 1 == 3', leaf: 'a + 1 == 3', reason: 'Elasticsearch evaluates this comparison or arithmetic with a Painless script' },
  { name: 'a negated function', eql: 'not length(a) == 3', leaf: 'not length(a) == 3', reason: 'Elasticsearch evaluates this comparison or arithmetic with a Painless script' },
  { name: 'a function of a function', eql: 'startsWith(substring(a, 1), "x")', leaf: 'startsWith(substring(a, 1), "x")', reason: 'startsWith is translated only with a field and a string constant; this one needs a Painless script' },
  { name: 'startsWith on a long field', eql: 'startsWith(pid, "1")', mapping: MAPPING, leaf: 'startsWith(pid, "1")', reason: 'startsWith on pid (mapped as long) needs a Painless script' },
  { name: 'cidrMatch without a mapping', eql: 'cidrMatch(src, "10.0.0.0/8")', leaf: 'cidrMatch(src, "10.0.0.0/8")', reason: 'cidrMatch on src is a terms query only on an ip field (not in the mapping)' },
  { name: 'cidrMatch on a keyword', eql: 'cidrMatch(kw, "10.0.0.0/8")', mapping: MAPPING, leaf: 'cidrMatch(kw, "10.0.0.0/8")', reason: 'cidrMatch on kw is a terms query only on an ip field (mapped as keyword)' },
];

describe('leaves that need Painless', () => {
  test.for(INEXACT)('$name is reported and replaced by a named match_all', (c) => {
    const result = translate(`any where a2 == "x" and ${c.eql}`, c.mapping ?? null);
    expect(result.exact).toBe(false);
    expect(result.scripts).toEqual([{ leaf: c.leaf, reason: c.reason }]);
    expect(result.query).toEqual({
      bool: { filter: [{ term: { a2: { value: 'x' } } }, { match_all: { _name: `untranslated: ${c.leaf}` } }] },
    });
  });

  test('a negated untranslatable leaf is also match_all, so the query stays a superset', () => {
    const result = toDsl(query(script(call('length', [fieldRef('a')]), true)), { mapping: null });
    expect(result.query).toEqual({ bool: { filter: [{ match_all: { _name: 'untranslated: not length(a)' } }] } });
  });

  test('a literal script argument order (constant first) is not translated', () => {
    const result = toDsl(query(script(call('startsWith', [lit('abc'), fieldRef('a')]))), { mapping: null });
    expect(result.exact).toBe(false);
  });
});
