import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createMemoryCli } from '../support/cli-context.js';

async function run(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = createMemoryCli(cwd === undefined ? {} : { cwd });
  const code = await runCli(args, cli.ctx);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

const dir = mkdtempSync(join(tmpdir(), 'eql-check-'));
const rule = (id: string, name: string, language: string, query: string) => JSON.stringify({ rule_id: id, name, type: language === 'eql' ? 'eql' : 'query', language, index: ['logs-*'], query });
writeFileSync(
  join(dir, 'export.ndjson'),
  [
    rule('r1', 'Good event', 'eql', 'process where process.name : "bash"'),
    rule('r2', 'Bad syntax', 'eql', 'process where a = 1'),
    rule('r3', 'KQL', 'kuery', 'process.name: bash'),
    rule('r4', 'Good sequence', 'eql', 'sequence by host.id [process where true] [file where true]'),
    JSON.stringify({ exported_count: 4, exported_rules_count: 4 }),
  ].join('\n'),
);
writeFileSync(join(dir, 'good.ndjson'), rule('g1', 'Only good', 'eql', 'any where true'));

describe('eql-replay check', () => {
  test('a built-in rule: ok line, exit 0', async () => {
    expect(await run(['check', '--rule', 'builtin:ssh-keygen'])).toEqual({
      code: 0,
      stdout: 'ok: SSH Key Generated via ssh-keygen (event)\n',
      stderr: '',
    });
  });

  test.for([
    ['process where true', 'ok: query (event)\n'],
    ['sequence [a where true] [b where true]', 'ok: query (sequence)\n'],
    ['sample by h [a where true] [b where true]', 'ok: query (sample)\n'],
  ] as const)('--query %s', async ([query, stdout]) => {
    expect(await run(['check', '--query', query])).toEqual({ code: 0, stdout, stderr: '' });
  });

  test('a bad query: the rendered error on stderr, exit 1', async () => {
    expect(await run(['check', '--query', 'process where process.name : "cmd.exe" and or user.id == 0'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ERR_EQL_SYNTAX: expected an expression after "and", found "or" at 1:44\n' +
        '  1 | process where process.name : "cmd.exe" and or user.id == 0\n' +
        '    |                                            ^^\n',
    });
  });

  test('a query Elasticsearch refuses: ERR_EQL_SEMANTIC, exit 1', async () => {
    const result = await run(['check', '--query', 'join [a where true] [b where true]']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ERR_EQL_SEMANTIC: join queries are not supported by Elasticsearch EQL; use a sequence at 1:1\n' +
        '  1 | join [a where true] [b where true]\n' +
        '    | ^^^^\n',
    );
  });

  test('a rule pack: every rule, skipped ones listed, a summary; exit 1 when one failed', async () => {
    expect(await run(['check', '--rule', 'export.ndjson'], dir)).toEqual({
      code: 1,
      stdout:
        'ok: Good event (event)\n' +
        'ok: Good sequence (sequence)\n' +
        'skipped: KQL (export.ndjson:3): written in kuery, not EQL\n' +
        '2 ok, 1 failed, 1 skipped\n',
      stderr:
        'ERR_EQL_SYNTAX: rule "Bad syntax" (export.ndjson:2): use == to compare or : for a case-insensitive (wildcard) match, not = at 1:17\n' +
        '  1 | process where a = 1\n' +
        '    |                 ^\n' +
        'ERR_RULE_CHECK: 1 of 3 rules failed the check\n',
    });
  });

  test('several --rule options are checked in order and summarised', async () => {
    expect(await run(['check', '--rule', 'builtin:ssh-keygen', '--rule', 'good.ndjson'], dir)).toEqual({
      code: 0,
      stdout: 'ok: SSH Key Generated via ssh-keygen (event)\nok: Only good (event)\n2 ok, 0 failed\n',
      stderr: '',
    });
  });

  test('--json: one machine-readable result per rule', async () => {
    const result = await run(['check', '--rule', 'export.ndjson', '--json'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ERR_RULE_CHECK: 1 of 3 rules failed the check\n');
    expect(JSON.parse(result.stdout)).toEqual([
      { status: 'ok', source: 'export.ndjson:1', id: 'r1', name: 'Good event', kind: 'event' },
      {
        status: 'failed',
        source: 'export.ndjson:2',
        id: 'r2',
        name: 'Bad syntax',
        error: {
          code: 'ERR_EQL_SYNTAX',
          reason: 'use == to compare or : for a case-insensitive (wildcard) match, not =',
          line: 1,
          column: 17,
          offset: 16,
          length: 1,
          message:
            'rule "Bad syntax" (export.ndjson:2): use == to compare or : for a case-insensitive (wildcard) match, not = at 1:17\n  1 | process where a = 1\n    |                 ^',
        },
      },
      { status: 'ok', source: 'export.ndjson:4', id: 'r4', name: 'Good sequence', kind: 'sequence' },
      { status: 'skipped', source: 'export.ndjson:3', id: 'r3', name: 'KQL', reason: 'written in kuery, not EQL' },
    ]);
  });

  test('--json for a good query exits 0', async () => {
    const result = await run(['check', '--query', 'any where true', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ status: 'ok', source: 'query', id: null, name: 'query', kind: 'event' }]);
  });

  test('a missing rule file: ERR_IO naming it, exit 1', async () => {
    const result = await run(['check', '--rule', 'missing.toml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ERR_IO: cannot read rule file missing\.toml: ENOENT: no such file or directory/);
  });

  test.for([
    [['check'], 'error: give exactly one of --query <eql> or --rule <spec>'],
    [['check', '--query', 'any where true', '--rule', 'builtin:ssh-keygen'], 'error: give exactly one of --query <eql> or --rule <spec>'],
    [['check', '--bogus'], "error: unknown option '--bogus'"],
    [['check', '--query', ' '], "error: option '-q, --query <eql>' argument ' ' is invalid. the query is empty"],
  ] as const)('usage error %j exits 2', async ([args, message]) => {
    const result = await run([...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(message);
  });

  test('--help shows an example', async () => {
    const result = await run(['check', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Example:\n  $ eql-replay check --rule builtin:ssh-keygen\n');
  });
});
