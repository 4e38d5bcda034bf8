/**
 * `explain`: golden outputs (exact text) and JSON, and the explanation's verdict equals the compiled
 * predicate's on every line of the curated edge cases and of a generated corpus, for several rules.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { compileQuery } from '../../src/match/compile.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { explainEvent } from '../../src/replay/explain-event.js';
import { createMemoryCli } from '../support/cli-context.js';
import { generateInMemory } from '../corpus/generate/support/generate-in-memory.js';
import { queryRule, seedRule, tempDir, writeCorpus } from './support/replay-fixtures.js';

let dir: { dir: string; remove: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

async function explain(args: string[]) {
  const cli = createMemoryCli({ cwd: dir.dir });
  const code = await runCli(['explain', ...args], cli.ctx);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

const HEADER = [
  'rule:    SSH Key Generated via ssh-keygen (7df3cb8b-5c0c-4228-b772-bb6cd619053c, builtin:ssh-keygen)',
  'event:   --event',
  'mapping: default ECS (Elastic Defend)',
];

describe('golden explanations', () => {
  test('a path too long to be indexed, an array of actions, no file.name', async () => {
    const event = {
      event: { category: ['file'], action: ['rename', 'creation'] },
      host: { os: { type: 'linux' } },
      process: { executable: '/usr/bin/ssh-keygen' },
      file: { path: `/home/a/.ssh/${'x'.repeat(1100)}` },
    };
    const { code, stdout } = await explain(['-r', 'builtin:ssh-keygen', '--event', JSON.stringify(event)]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        ...HEADER,
        'verdict: NO MATCH: Elasticsearch would not return this event (the compiled predicate agrees)',
        '',
        'false  and',
        'true     event.category == "file"',
        '           event.category [keyword, ignore_above 1024]: "file"',
        'true     host.os.type == "linux"',
        '           host.os.type [keyword, ignore_above 1024]: "linux"',
        'true     event.action in ("creation", "file_create_event")',
        '           event.action [keyword, ignore_above 1024]: "rename", "creation"',
        'true     process.executable == "/usr/bin/ssh-keygen"',
        '           process.executable [keyword, ignore_above 1024]: "/usr/bin/ssh-keygen"',
        'false    file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*")',
        '           file.path [keyword, ignore_above 1024]: no value',
        `             dropped "/home/a/.ssh/${'x'.repeat(120 - 14)}… (1115 characters): 1113 characters: longer than ignore_above 1024, not indexed`,
        'true     not file.name : "known_hosts.*"',
        '           file.name [keyword, ignore_above 1024]: no value',
        '',
      ].join('\n'),
    );
  });

  test('or, must_not and a script leaf, without a mapping', async () => {
    const query = 'any where (user.id == 0 or user.name : "ROOT") and not process.name in ("sshd", "cron") and length(file.name) > 3';
    const event = { user: { id: '0', name: null }, process: { name: 'bash' }, file: { name: 'ab' } };
    const { code, stdout } = await explain(['-q', query, '--no-mapping', '--event', JSON.stringify(event)]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'rule:    query (query)',
        'event:   --event',
        'mapping: none',
        'verdict: NO MATCH: Elasticsearch would not return this event (the compiled predicate agrees)',
        '',
        'false  and',
        'true     or',
        'true       user.id == 0',
        '             user.id [not in the mapping]: "0"',
        'false      user.name : "ROOT"',
        '             user.name [not in the mapping]: no value',
        '               dropped null: null is no value (no null_value in the mapping)',
        'true     process.name not in ("sshd", "cron")',
        '           process.name [not in the mapping]: "bash"',
        'false    length(file.name) > 3',
        '           file.name [not in the mapping]: "ab"',
        '',
      ].join('\n'),
    );
  });

  test('--line reads the event from a corpus; --json gives the tree', async () => {
    const corpus = writeCorpus(dir.dir, 'c.ndjson', `{"a":1}\n\n${JSON.stringify({ event: { category: 'file' }, file: { name: 'ID_rsa' } })}\n`);
    const { code, stdout } = await explain(['-q', 'file where file.name : "id_*"', '--line', `${corpus}:3`, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      rule: { id: null, name: 'query', source: 'query' },
      event: `${corpus}:3`,
      mapping: 'default ECS (Elastic Defend)',
      verdict: true,
      compiledVerdict: true,
      agree: true,
      tree: {
        kind: 'and',
        verdict: true,
        items: [
          { kind: 'leaf', verdict: true, text: 'event.category == "file"', fields: [{ field: 'event.category', reads: null, mapping: 'keyword, ignore_above 1024', values: ['file'], dropped: [] }] },
          { kind: 'leaf', verdict: true, text: 'file.name : "id_*"', fields: [{ field: 'file.name', reads: null, mapping: 'keyword, ignore_above 1024', values: ['ID_rsa'], dropped: [] }] },
        ],
      },
    });
  });

  test.for([
    ['no event source', ['-r', 'builtin:ssh-keygen'], 2, 'ERR_USAGE: give exactly one of --event <json> or --line <file:n>\n'],
    ['an event that is not an object', ['-r', 'builtin:ssh-keygen', '--event', '[1]'], 2, 'ERR_INVALID_OPTION: invalid value for --event: "[1]" (expected one JSON object)\n'],
    ['a blank line', ['-q', 'any where true', '--line', 'blank.ndjson:2'], 2, 'ERR_USAGE: no event on line 2 of blank.ndjson: it holds no event\n'],
    ['past the end', ['-q', 'any where true', '--line', 'blank.ndjson:9'], 2, 'ERR_USAGE: no event on line 9 of blank.ndjson: the corpus ends before it (last event on line 3)\n'],
    // The JSON error text is V8's: only its start is pinned.
    ['a malformed line', ['-q', 'any where true', '--line', 'bad.ndjson:1'], 2, /^ERR_USAGE: no event on line 1 of bad\.ndjson: it is malformed: not JSON: Unexpected token/],
    ['a sequence', ['-q', 'sequence [file where true] [file where true]', '--event', '{}'], 1, /^ERR_EQL_UNSUPPORTED: sequence queries are not supported/],
  ] as const)('%s', async ([, args, exit, message]) => {
    writeCorpus(dir.dir, 'blank.ndjson', '{"a":1}\n\n{"a":3}\n');
    writeCorpus(dir.dir, 'bad.ndjson', 'nope\n{"a":2}\n');
    const { code, stderr } = await explain([...args]);
    expect(code).toBe(exit);
    if (typeof message === 'string') expect(stderr).toBe(message);
    else expect(stderr).toMatch(message);
  });
});

describe('the explanation agrees with the compiled predicate', () => {
  const rules = () => [
    seedRule(),
    queryRule('file where file.name : ("id_*", "*.pub") and not file.path : "/tmp/*"'),
    queryRule('any where event.action in ("rename", "deletion") or (file.size > 100 and startsWith~(file.path, "/ETC/"))'),
    queryRule('file where file.Ext.original.path != null and not process.executable regex "/usr/(s?bin)/.*"'),
  ];

  test('on every line of the curated edge cases', () => {
    const lines = readFileSync(new URL('../../corpora/edge-cases/edge-cases.ndjson', import.meta.url), 'utf8').trim().split('\n');
    for (const rule of rules()) {
      const predicate = compileQuery(rule.query, { mapping: DEFAULT_ECS_MAPPING }).predicate;
      for (const line of lines) {
        const doc = JSON.parse(line) as unknown;
        const e = explainEvent(rule.query, doc, { mapping: DEFAULT_ECS_MAPPING });
        expect(e.agree).toBe(true);
        expect(e.verdict).toBe(predicate(doc));
      }
    }
  });

  test('on 2,000 generated events (accuracy profile), with and without a mapping', async () => {
    const { bytes } = await generateInMemory({ events: 2000, seed: 9, profile: 'accuracy' });
    const docs = bytes.toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
    let matches = 0;
    for (const mapping of [DEFAULT_ECS_MAPPING, null]) {
      for (const rule of rules()) {
        for (const doc of docs) {
          const e = explainEvent(rule.query, doc, { mapping });
          expect(e.agree).toBe(true);
          if (e.verdict) matches += 1;
        }
      }
    }
    expect(matches).toBeGreaterThan(50);
  });
});
