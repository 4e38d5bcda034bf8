import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EqlSemanticError, EqlSyntaxError } from '../../src/eql/errors.js';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { SSH_KEYGEN_RULE } from '../../src/rules/builtin-rules.js';
import { loadRules, readRuleTexts, ruleFromQuery } from '../../src/rules/load-rule.js';
import type { SkippedRule } from '../../src/rules/rule-text.js';

/** An in-memory file system for the injected `readFile`. */
function files(map: Record<string, string>): (path: string) => Promise<string> {
  return async (path) => {
    const text = map[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; code: string; message: string };
    return { name: e.name, code: e.code, message: e.message };
  }
  throw new Error('expected a failure');
}

const TOML = `[metadata]
creation_date = "2024/05/31"

[rule]
author = ["Elastic"]
index = ["logs-endpoint.events.file*"]
language = "eql"
name = "My Rule"
rule_id = "11111111-2222-3333-4444-555555555555"
type = "eql"
query = '''
file where file.name : "x*"
'''
`;

describe('builtin:ssh-keygen', () => {
  test('is the seed rule with its real id, name and index patterns', async () => {
    const [rule] = await loadRules('builtin:ssh-keygen');
    expect(rule).toMatchObject({
      id: '7df3cb8b-5c0c-4228-b772-bb6cd619053c',
      name: 'SSH Key Generated via ssh-keygen',
      language: 'eql',
      index: ['logs-endpoint.events.file*', 'endgame-*', 'logs-sentinel_one_cloud_funnel.*'],
      source: 'builtin:ssh-keygen',
    });
    expect(rule!.statement.query.kind).toBe('event');
    expect(normalizeQuery(rule!.statement).condition.kind).toBe('and');
  });

  const reference = new URL('../../../shared/reference/detection-rules__persistence_ssh_key_generation.toml', import.meta.url);
  test.skipIf(!existsSync(reference))('has exactly the query of the detection-rules TOML (skipped: ../shared is absent)', async () => {
    const [fromToml] = await loadRules(reference.pathname);
    expect(SSH_KEYGEN_RULE.query).toBe(fromToml!.query);
    expect(fromToml).toMatchObject({ id: SSH_KEYGEN_RULE.id, name: SSH_KEYGEN_RULE.name, index: SSH_KEYGEN_RULE.index });
  });

  test('an unknown builtin names the ones that exist', async () => {
    expect(await failure(loadRules('builtin:nope'))).toEqual({
      name: 'RuleLoadError',
      code: 'ERR_RULE_LOAD',
      message: 'builtin:nope: no such built-in rule; built-in rules: builtin:ssh-keygen',
    });
  });
});

describe('.eql files', () => {
  test('the whole file is the query; id null, name the file name', async () => {
    const query = '// my rule\nprocess where process.name == "x"\n';
    const rules = await loadRules('rules/my-rule.eql', { readFile: files({ 'rules/my-rule.eql': query }) });
    expect(rules.map(({ statement, ...rest }) => rest)).toEqual([
      { id: null, name: 'my-rule.eql', query, language: 'eql', index: [], source: 'rules/my-rule.eql' },
    ]);
  });

  test('relative paths are resolved against cwd', async () => {
    const rules = await loadRules('r.eql', { cwd: '/base', readFile: files({ '/base/r.eql': 'any where true' }) });
    expect(rules[0]!.query).toBe('any where true');
  });

  test('a parse error names the rule and the file, with the file line', async () => {
    const read = files({ 'bad.eql': 'process where\n  a = 1\n' });
    expect(await failure(loadRules('bad.eql', { readFile: read }))).toEqual({
      name: 'EqlSyntaxError',
      code: 'ERR_EQL_SYNTAX',
      message:
        'rule "bad.eql" (bad.eql): use == to compare or : for a case-insensitive (wildcard) match, not = at 2:5\n  2 |   a = 1\n    |     ^',
    });
  });

  test('a checker refusal names the rule too; check: false skips the checks', async () => {
    const read = files({ 'w.eql': 'process where wildcard(a, "b*")' });
    const error = await failure(loadRules('w.eql', { readFile: read }));
    expect(error.code).toBe('ERR_EQL_SEMANTIC');
    expect(error.message.split('\n')[0]).toBe(
      'rule "w.eql" (w.eql): wildcard() is not supported by Elasticsearch EQL; use field : "pattern*" or field like "pattern*" at 1:15',
    );
    expect((await loadRules('w.eql', { readFile: read, check: false })).length).toBe(1);
  });

  test('an empty file is refused', async () => {
    expect(await failure(loadRules('e.eql', { readFile: files({ 'e.eql': '  \n' }) }))).toEqual({
      name: 'RuleLoadError',
      code: 'ERR_RULE_LOAD',
      message: 'e.eql: the file is empty: expected an EQL query',
    });
  });

  test('a missing file is an ERR_IO naming the path', async () => {
    expect(await failure(loadRules('missing.eql', { readFile: files({}) }))).toEqual({
      name: 'IoError',
      code: 'ERR_IO',
      message: "cannot read rule file missing.eql: ENOENT: no such file or directory, open 'missing.eql'",
    });
  });
});

describe('detection-rules TOML', () => {
  test('reads rule_id, name, index and the query (and the file line where the query starts)', async () => {
    const rules = await loadRules('r.toml', { readFile: files({ 'r.toml': TOML }) });
    expect(rules.map(({ statement, ...rest }) => rest)).toEqual([
      {
        id: '11111111-2222-3333-4444-555555555555',
        name: 'My Rule',
        query: 'file where file.name : "x*"\n',
        language: 'eql',
        index: ['logs-endpoint.events.file*'],
        source: 'r.toml',
        queryLine: 12,
      },
    ]);
  });

  test('a query written as a basic string has no queryLine: errors name the file only', async () => {
    const text = TOML.replace(/query = '''[\s\S]*'''\n/, 'query = "file where a = 1"\n');
    const error = await failure(loadRules('r.toml', { readFile: files({ 'r.toml': text }) }));
    expect(error.message.split('\n')[0]).toBe(
      'rule "My Rule" (r.toml): use == to compare or : for a case-insensitive (wildcard) match, not = at 1:14',
    );
  });

  test.for([
    ['a KQL rule', TOML.replace('language = "eql"', 'language = "kuery"').replace('type = "eql"', 'type = "query"'), 'ERR_RULE_LANGUAGE', 'r.toml: rule "My Rule" is written in kuery, not EQL; only EQL rules can be checked and replayed'],
    ['an ES|QL rule', TOML.replace('language = "eql"', 'language = "esql"'), 'ERR_RULE_LANGUAGE', 'r.toml: rule "My Rule" is written in esql, not EQL; only EQL rules can be checked and replayed'],
    ['no language and a non-EQL type', TOML.replace('language = "eql"\n', '').replace('type = "eql"', 'type = "threshold"'), 'ERR_RULE_LANGUAGE', 'r.toml: rule "My Rule" has no language = "eql"; only EQL rules can be checked and replayed'],
    ['no query', TOML.replace(/query = '''[\s\S]*'''\n/, ''), 'ERR_RULE_LOAD', 'r.toml: rule "My Rule" has no query in its [rule] table'],
    ['an empty query', TOML.replace(/query = '''[\s\S]*'''\n/, 'query = "  "\n'), 'ERR_RULE_LOAD', 'r.toml: rule "My Rule" has no query in its [rule] table'],
    ['no [rule] table', '[metadata]\nx = 1\n', 'ERR_RULE_LOAD', 'r.toml: no [rule] table: expected an Elastic detection-rules TOML file'],
    ['bad TOML', '[rule]\nname = "x\n', 'ERR_RULE_LOAD', 'r.toml: invalid TOML at line 2, column 10: control characters are not allowed in strings'],
  ] as const)('%s is refused', async ([, text, code, message]) => {
    const error = await failure(loadRules('r.toml', { readFile: files({ 'r.toml': text }) }));
    expect([error.code, error.message]).toEqual([code, message]);
  });

  test('no language but type = "eql" is an EQL rule', async () => {
    const rules = await loadRules('r.toml', { readFile: files({ 'r.toml': TOML.replace('language = "eql"\n', '') }) });
    expect(rules[0]!.name).toBe('My Rule');
  });

  test('a parse error names the rule and the file', async () => {
    const text = TOML.replace('file where file.name : "x*"', 'file where file.name : ');
    const error = await failure(loadRules('r.toml', { readFile: files({ 'r.toml': text }) }));
    expect(error.name).toBe('EqlSyntaxError');
    // The query starts on line 12 of the file; the error is on its second line: r.toml:13.
    expect(error.message.split('\n')[0]).toBe('rule "My Rule" (r.toml:13): expected an expression after ":", found end of query at 2:1');
  });
});

describe('Kibana rule export (NDJSON)', () => {
  const eql = (id: string, name: string, query: string) =>
    JSON.stringify({ rule_id: id, name, type: 'eql', language: 'eql', index: ['logs-*'], query, enabled: true });
  const kql = JSON.stringify({ rule_id: 'k1', name: 'KQL rule', type: 'query', language: 'kuery', query: 'a:b' });
  const ml = JSON.stringify({ rule_id: 'm1', name: 'ML rule', type: 'machine_learning', anomaly_threshold: 50 });
  const list = JSON.stringify({ list_id: 'endpoint_list', type: 'endpoint', name: 'Endpoint Security Exception List' });
  const summary = JSON.stringify({ exported_count: 5, exported_rules_count: 4, missing_rules: [], missing_rules_count: 0 });
  const EXPORT = [eql('e1', 'First', 'process where true'), kql, '', ml, list, eql('e2', 'Second', 'sequence [a where true] [b where true]'), summary, ''].join('\n');

  test('loads the EQL rules with their line as source, skips the summary, reports every other line', async () => {
    const skipped: SkippedRule[] = [];
    const rules = await loadRules('export.ndjson', { readFile: files({ 'export.ndjson': EXPORT }), onSkip: (s) => skipped.push(s) });
    expect(rules.map((r) => [r.id, r.name, r.source, r.index, r.statement.query.kind])).toEqual([
      ['e1', 'First', 'export.ndjson:1', ['logs-*'], 'event'],
      ['e2', 'Second', 'export.ndjson:6', ['logs-*'], 'sequence'],
    ]);
    expect(skipped).toEqual([
      { source: 'export.ndjson:2', id: 'k1', name: 'KQL rule', reason: 'written in kuery, not EQL' },
      { source: 'export.ndjson:4', id: 'm1', name: 'ML rule', reason: 'a machine_learning rule, not EQL' },
      { source: 'export.ndjson:5', id: null, name: 'Endpoint Security Exception List', reason: 'an exception list, not a rule' },
    ]);
  });

  test('nonEql: "error" refuses the first non-EQL rule instead', async () => {
    const error = await failure(loadRules('export.ndjson', { readFile: files({ 'export.ndjson': EXPORT }), nonEql: 'error' }));
    expect([error.code, error.message]).toEqual([
      'ERR_RULE_LANGUAGE',
      'export.ndjson:2: rule "KQL rule" is written in kuery, not EQL; only EQL rules can be checked and replayed',
    ]);
  });

  test.for([
    ['a line that is not JSON', `${eql('e1', 'A', 'any where true')}\n{oops\n`, 'ERR_RULE_LOAD', /^export\.ndjson:2: not a JSON line of a Kibana rule export: /],
    ['a JSON array line', '[1, 2]\n', 'ERR_RULE_LOAD', /^export\.ndjson:1: expected one JSON object \(a rule\) per line of a Kibana rule export$/],
    ['an EQL rule without a query', JSON.stringify({ rule_id: 'x', name: 'No query', language: 'eql' }), 'ERR_RULE_LOAD', /^export\.ndjson:1: rule "No query" has no query$/],
    ['an export without EQL rules', `${kql}\n${summary}\n`, 'ERR_RULE_LOAD', /^export\.ndjson: no EQL rule in this Kibana rule export$/],
  ] as const)('%s is refused', async ([, text, code, message]) => {
    const error = await failure(loadRules('export.ndjson', { readFile: files({ 'export.ndjson': text }) }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  test('a parse error names the rule and its line', async () => {
    const text = `${eql('e1', 'Good', 'any where true')}\n${eql('e2', 'Bad', 'any where a = 1')}\n`;
    const error = await failure(loadRules('export.ndjson', { readFile: files({ 'export.ndjson': text }) }));
    expect(error.message.split('\n')[0]).toBe(
      'rule "Bad" (export.ndjson:2): use == to compare or : for a case-insensitive (wildcard) match, not = at 1:13',
    );
  });

  test('readRuleTexts returns the texts without parsing, so one bad rule does not hide the others', async () => {
    const text = `${eql('e1', 'Good', 'any where true')}\n${eql('e2', 'Bad', 'any where a = 1')}\n`;
    const texts = await readRuleTexts('export.ndjson', { readFile: files({ 'export.ndjson': text }) });
    expect(texts.map((t) => t.name)).toEqual(['Good', 'Bad']);
  });
});

describe('format detection by content for other extensions', () => {
  test.for([
    ['rule.txt', 'process where true', 'rule.txt'],
    ['rule.conf', TOML, 'My Rule'],
    ['rules.export', JSON.stringify({ rule_id: 'a', name: 'From export', language: 'eql', query: 'any where true' }), 'From export'],
  ] as const)('%s', async ([path, text, name]) => {
    const rules = await loadRules(path, { readFile: files({ [path]: text }) });
    expect(rules.map((r) => r.name)).toEqual([name]);
  });
});

describe('ruleFromQuery', () => {
  test('makes a rule named "query" from a bare query', () => {
    const rule = ruleFromQuery('process where true');
    expect({ ...rule, statement: rule.statement.query.kind }).toEqual({
      id: null,
      name: 'query',
      query: 'process where true',
      language: 'eql',
      index: [],
      source: 'query',
      statement: 'event',
    });
  });

  test('its errors are the plain EQL errors (no rule prefix)', () => {
    expect(() => ruleFromQuery('process where')).toThrow(EqlSyntaxError);
    expect(() => ruleFromQuery('process where foo()')).toThrow(EqlSemanticError);
    expect(() => ruleFromQuery('process where')).toThrow(/^expected an expression after "where", found end of query at 1:14/);
  });
});

describe.skipIf(!existsSync(new URL('../../../shared/conformance/detection-rules/', import.meta.url)))('detection-rules corpus as a rule pack (skipped: ../shared is absent)', () => {
  test('the first rule of eql-rules.ndjson loads with its line as source', async () => {
    const path = new URL('../../../shared/conformance/detection-rules/eql-rules.ndjson', import.meta.url).pathname;
    const first = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!) as { rule_id: string };
    const rules = await loadRules(path);
    expect(rules[0]!.id).toBe(first.rule_id);
  });
});

describe('a directory of rules (a detection-rules checkout)', () => {
  const root = mkdtempSync(join(tmpdir(), 'eql-rules-dir-'));
  mkdirSync(join(root, 'rules', 'linux'), { recursive: true });
  mkdirSync(join(root, 'rules', 'windows'), { recursive: true });
  writeFileSync(join(root, 'rules', 'linux', 'b_eql.toml'), TOML);
  writeFileSync(join(root, 'rules', 'linux', 'a_kql.toml'), TOML.replace('language = "eql"', 'language = "kuery"').replace('name = "My Rule"', 'name = "KQL Rule"'));
  writeFileSync(join(root, 'rules', 'windows', 'c.eql'), 'process where true');
  writeFileSync(join(root, 'rules', 'README.md'), '# not a rule');

  test('loads every .toml and .eql under it in path order; non-EQL TOML rules are skipped and reported', async () => {
    const skipped: SkippedRule[] = [];
    const rules = await loadRules('rules', { cwd: root, onSkip: (s) => skipped.push(s) });
    expect(rules.map((r) => [r.source, r.name])).toEqual([
      [join('rules', 'linux', 'b_eql.toml'), 'My Rule'],
      [join('rules', 'windows', 'c.eql'), 'c.eql'],
    ]);
    expect(skipped).toEqual([
      { source: join('rules', 'linux', 'a_kql.toml'), id: '11111111-2222-3333-4444-555555555555', name: 'KQL Rule', reason: 'written in kuery, not EQL' },
    ]);
  });

  test('nonEql: "error" refuses the first non-EQL rule', async () => {
    const error = await failure(loadRules('rules', { cwd: root, nonEql: 'error' }));
    expect([error.code, error.message]).toEqual([
      'ERR_RULE_LANGUAGE',
      `${join('rules', 'linux', 'a_kql.toml')}: rule "KQL Rule" is written in kuery, not EQL; only EQL rules can be checked and replayed`,
    ]);
  });

  test('a directory without EQL rules is refused', async () => {
    const error = await failure(loadRules(join(root, 'rules', 'linux', 'a_kql.toml').replace('a_kql.toml', ''), { listDirectory: async () => ['a_kql.toml'] }));
    expect(error.code).toBe('ERR_RULE_LOAD');
    expect(error.message).toMatch(/: no EQL rule \(\.eql, or \.toml with language = "eql"\) under this directory$/);
  });
});
