import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createMemoryCli } from '../support/cli-context.js';

const SEED_HIT = '{"event":{"category":["file"],"action":"creation","id":"a"},"host":{"os":{"type":"linux"}},"process":{"executable":"/usr/bin/ssh-keygen"},"file":{"path":"/home/u/.ssh/id_rsa","name":"id_rsa"}}';
const SEED_EXCLUDED = '{"event":{"category":["file"],"action":"creation","id":"b"},"host":{"os":{"type":"linux"}},"process":{"executable":"/usr/bin/ssh-keygen"},"file":{"path":"/home/u/.ssh/known_hosts.old","name":"known_hosts.old"}}';
const SEED_DOTTED = '{"event.category":"file","event.action":["x","file_create_event"],"event.id":"c","host.os.type":"linux","process.executable":"/usr/bin/ssh-keygen","file.path":"/ROOT/.SSH/authorized_keys"}';
const OTHER = '{"event":{"category":"process","id":"d"}}';

function corpus(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'eql-match-'));
  const path = join(dir, 'events.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function run(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const cli = createMemoryCli(stdin === undefined ? {} : { stdin });
  const code = await runCli(args, cli.ctx);
  return { code, out: cli.stdout(), err: cli.stderr() };
}

describe('match', () => {
  test('writes the matching lines of the seed rule in input order', async () => {
    const path = corpus([SEED_HIT, OTHER, SEED_EXCLUDED, SEED_DOTTED]);
    const r = await run(['match', '--rule', 'builtin:ssh-keygen', path]);
    expect(r).toEqual({ code: 0, out: `${SEED_HIT}\n${SEED_DOTTED}\n`, err: '' });
  });

  test('--ids prints one value per match; tail keeps the last ones in input order', async () => {
    const path = corpus([SEED_HIT, OTHER, SEED_EXCLUDED, SEED_DOTTED]);
    const r = await run(['match', '--query', 'any where event.id != null | tail 2', '--ids', 'event.id', path]);
    expect(r).toEqual({ code: 0, out: 'b\nc\n', err: '' });
    const h = await run(['match', '--query', 'any where true | head 3 | tail 1', '--ids', 'event.id', path]);
    expect(h.out).toBe('b\n');
  });

  test('reads stdin with -, skips and reports malformed lines', async () => {
    const r = await run(['match', '--query', 'process where true', '-'], `${OTHER}\n{not json\n`);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${OTHER}\n`);
    expect(r.err).toContain('warning: 1 malformed line(s) skipped');
  });

  test('a sequence is refused naming the construct', async () => {
    const path = corpus([OTHER]);
    const r = await run(['match', '--query', 'sequence [process where true] [file where true]', path]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ERR_EQL_UNSUPPORTED: .*sequence/);
  });

  test('--query and --rule together is a usage error', async () => {
    const r = await run(['match', '--query', 'any where true', '--rule', 'builtin:ssh-keygen', '-']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('ERR_USAGE: give exactly one of --query <eql> or --rule <spec>\n');
  });

  test('--no-mapping keeps a 1200-character path that the default ECS mapping does not index', async () => {
    const long = `/home/u/.ssh/${'x'.repeat(1200)}`;
    const line = SEED_HIT.replace('/home/u/.ssh/id_rsa', long);
    const path = corpus([line]);
    expect((await run(['match', '--rule', 'builtin:ssh-keygen', path])).out).toBe('');
    expect((await run(['match', '--rule', 'builtin:ssh-keygen', '--no-mapping', path])).out).toBe(`${line}\n`);
  });
});

describe('compile', () => {
  test('prints the normalized condition of the seed rule', async () => {
    const r = await run(['compile', '--rule', 'builtin:ssh-keygen']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'rule: SSH Key Generated via ssh-keygen (7df3cb8b-5c0c-4228-b772-bb6cd619053c)',
        'mapping: default ECS (Elastic Defend)',
        'condition:',
        '  event.category == "file"',
        '  and host.os.type == "linux"',
        '  and event.action in ("creation", "file_create_event")',
        '  and process.executable == "/usr/bin/ssh-keygen"',
        '  and file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*")',
        '  and not file.name : "known_hosts.*"',
        '',
      ].join('\n'),
    );
  });

  test('--json --show-js gives the condition and the generated source', async () => {
    const r = await run(['compile', '--query', 'process where pid > 4 | head 2', '--no-mapping', '--json', '--show-js']);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(json['condition']).toBe('event.category == "process" and pid > 4');
    expect(json['pipes']).toEqual([{ name: 'head', count: 2 }]);
    expect(json['mapping']).toBe('none');
    expect(String(json['js'])).toContain('return function predicate(input)');
  });
});
