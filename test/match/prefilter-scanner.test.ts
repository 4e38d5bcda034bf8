import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { buildPrefilter, prefilterAccepts, type Needle, type Prefilter } from '../../src/match/prefilter.js';
import { createNeedle } from '../../src/match/prefilter-needles.js';
import { pickBestGroup } from '../../src/match/prefilter-rank.js';
import { indexLines } from '../../src/match/prefilter-lines.js';
import { createChunkScanner } from '../../src/match/prefilter-scanner.js';
import { SEED_CONDITION, constant, query } from './prefilter-fixtures.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The reference: split on \n (a trailing \n ends the last line) and ask prefilterAccepts per line. */
function referenceCandidates(p: Prefilter, chunk: string): number[] {
  const lines = chunk.split('\n');
  if (chunk.endsWith('\n') || chunk === '') lines.pop();
  return lines.flatMap((line, i) => (prefilterAccepts(p, bytes(line)) ? [i] : []));
}

describe('indexLines', () => {
  const cases: { name: string; chunk: string; lines: [number, number][] }[] = [
    { name: 'an empty chunk has no lines', chunk: '', lines: [] },
    { name: 'a final newline ends the last line', chunk: 'ab\n', lines: [[0, 2]] },
    { name: 'no final newline: the tail is a line', chunk: 'ab\ncd', lines: [[0, 2], [3, 5]] },
    { name: 'empty lines are lines', chunk: '\n\nx\n', lines: [[0, 0], [1, 1], [2, 3]] },
    { name: 'CRLF keeps the CR in the line', chunk: 'a\r\nb\r\n', lines: [[0, 2], [3, 5]] },
  ];
  test.for(cases)('$name', (c) => {
    const index = indexLines(bytes(c.chunk));
    expect(index.count).toBe(c.lines.length);
    expect([...index.starts].map((s, i) => [s, index.ends[i]])).toEqual(c.lines);
  });

  test('grows past its initial capacity', () => {
    const index = indexLines(bytes('\n'.repeat(1000)));
    expect(index.count).toBe(1000);
    expect(index.starts[999]).toBe(999);
  });
});

describe('createChunkScanner on the seed rule', () => {
  const p = buildPrefilter(query(SEED_CONDITION), { mapping: DEFAULT_ECS_MAPPING });
  const scan = createChunkScanner(p);
  const event = (exe: string, path: string): string =>
    `{"event":{"category":["file"],"action":"creation"},"host":{"os":{"type":"linux"}},"process":{"executable":"${exe}"},"file":{"path":"${path}"}}`;

  test('finds the lines with every needle, including escaped and case-folded ones', () => {
    const chunk = [
      event('/usr/bin/ls', '/home/a/.ssh/x'), // 0: wrong executable
      event('/usr/bin/ssh-keygen', '/home/a/.ssh/id_rsa'), // 1: yes
      '', // 2: empty
      event('/usr/bin/ssh-keygen', '/var/tmp/x'), // 3: no path needle
      event('\\/usr\\/bin\\/ssh-keygen', '\\/ROOT\\/.SSH\\/k'), // 4: yes, escaped
      event('/usr/bin/ssh-keygen', '/ETC/SSH/k') + '\r', // 5: yes, CRLF
      event('/usr/bin/ssh-keygen', '/home/u/.Ssh/k'), // 6: yes, no final newline
    ].join('\n');
    const result = scan(bytes(chunk));
    expect(result.lines.count).toBe(7);
    expect([...result.candidates]).toEqual([1, 4, 5, 6]);
    expect([...result.candidates]).toEqual(referenceCandidates(p, chunk));
  });

  test('uses a line index passed in', () => {
    const chunk = bytes(`x\n${event('/usr/bin/ssh-keygen', '/etc/ssh/k')}\n`);
    const lines = indexLines(chunk);
    const result = scan(chunk, lines);
    expect(result.lines).toBe(lines);
    expect([...result.candidates]).toEqual([1]);
  });

  test('a chunk that is a subarray of a larger buffer', () => {
    const whole = bytes(`garbage/usr/bin/ssh-keygen\n${event('/usr/bin/ssh-keygen', '/etc/ssh/k')}\n`);
    const chunk = whole.subarray(8);
    expect([...scan(chunk).candidates]).toEqual([1]);
  });
});

describe('createChunkScanner edge prefilters', () => {
  test('no groups: every line, empty ones too', () => {
    const scan = createChunkScanner(buildPrefilter(query(constant(true)), { mapping: null }));
    expect([...scan(bytes('a\n\nb')).candidates]).toEqual([0, 1, 2]);
  });

  test('a needle holding a newline never matches across two lines (indexOf and RegExp paths)', () => {
    for (const caseInsensitive of [false, true]) {
      const group = [createNeedle('abab\nabab', caseInsensitive)!];
      const scan = createChunkScanner({ groups: [group], best: group });
      expect([...scan(bytes('xxabab\nababyy\nabab')).candidates]).toEqual([]);
    }
  });

  test('long case-sensitive needles are found by indexOf, others by RegExp, with the same answer', () => {
    // `best` is one of `groups` (the same array), as buildPrefilter makes it.
    const long = [createNeedle('"/usr/bin/ssh-keygen"', false)!];
    const short = [createNeedle('"ssh"', false)!];
    const chunk = '{"a":"/usr/bin/ssh-keygen"}\n{"a":"ssh"}\n{"a":"SSH"}\n{"a":"/usr/bin/ssh-keygen","b":"ssh"}';
    expect([...createChunkScanner({ groups: [long], best: long })(bytes(chunk)).candidates]).toEqual([0, 3]);
    expect([...createChunkScanner({ groups: [short], best: short })(bytes(chunk)).candidates]).toEqual([1, 3]);
    expect([...createChunkScanner({ groups: [long, short], best: long })(bytes(chunk)).candidates]).toEqual([3]);
    expect([...createChunkScanner({ groups: [long, short], best: short })(bytes(chunk)).candidates]).toEqual([3]);
  });

  test('constant false: no line', () => {
    const scan = createChunkScanner(buildPrefilter(query(constant(false)), { mapping: null }));
    expect([...scan(bytes('a\n\\u0041\nb')).candidates]).toEqual([]);
  });
});

// ───────────────────────── property: scanner == per-line reference ─────────────────────────

const NEEDLE_CHARS = ['a', 'b', 'A', 'B', '"', '/', 'é', 'x', '\\', '\n'];
const LINE_TOKENS = [
  'a', 'b', 'A', 'B', '"', '/', 'é', 'x', 'ab', 'aB', '"ab', 'ba"', '\r', 'abab', 'ABAB', 'a/b"a', 'éé', 'ã',
  '\\u0061', '\\u0041', '\\u00e9', '\\/', '\\"', '\\\\', '\\n', '\\u0062',
];

const needleArb: fc.Arbitrary<Needle> = fc
  .record({
    // Up to 9 characters: long case-sensitive needles take the indexOf path, the rest the RegExp path.
    text: fc.array(fc.constantFrom(...NEEDLE_CHARS), { minLength: 1, maxLength: 9 }).map((cs) => cs.join('')),
    ci: fc.boolean(),
  })
  .map(({ text, ci }) => createNeedle(text, ci)!);

const prefilterArb: fc.Arbitrary<Prefilter> = fc
  .array(fc.array(needleArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .chain((groups) =>
    fc.oneof(
      fc.constant<Prefilter>({ groups, best: pickBestGroup(groups) }),
      fc.nat(groups.length - 1).map((i): Prefilter => ({ groups, best: groups[i]! })),
    ),
  );

const chunkArb: fc.Arbitrary<string> = fc
  .record({
    lines: fc.array(fc.array(fc.constantFrom(...LINE_TOKENS), { maxLength: 16 }).map((t) => t.join('')), {
      maxLength: 12,
    }),
    finalNewline: fc.boolean(),
  })
  .map(({ lines, finalNewline }) => lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : ''));

describe('createChunkScanner == prefilterAccepts per line', () => {
  test('on random prefilters and chunks (escapes, CRLF, empty lines, no final newline)', () => {
    fc.assert(
      fc.property(prefilterArb, chunkArb, (p, chunk) => {
        const scan = createChunkScanner(p);
        expect([...scan(bytes(chunk)).candidates]).toEqual(referenceCandidates(p, chunk));
      }),
      { numRuns: 5000 },
    );
  });
});
