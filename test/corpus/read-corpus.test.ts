/**
 * readCorpus on NDJSON: exact records (text, line, offset), compression by magic bytes, stdin, the
 * malformed-line policies and the errors that name the path.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { AppError } from '../../src/errors.js';
import { CorpusMalformedError } from '../../src/corpus/corpus-errors.js';
import { readCorpus, readCorpusBatches, type CorpusRecord } from '../../src/corpus/read-corpus.js';
import { collect, createCorpusDir, lineOffset, tuples } from './corpus-files.js';

const files = createCorpusDir();
afterAll(() => files.remove());

// Line 2 is blank, line 3 is CRLF-terminated, line 4 holds multi-byte UTF-8, line 6 has no terminator.
const NDJSON = '{"a":1}\n\n{"b":"x"}\r\n{"c":"é€𝄞"}\n   \n{"d":4}';
const NDJSON_RECORDS: [number, number, string][] = [
  [1, 0, '{"a":1}'],
  [3, 9, '{"b":"x"}'],
  [4, 20, '{"c":"é€𝄞"}'],
  [6, 42, '{"d":4}'],
];

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('NDJSON', () => {
  test('yields every non-blank line with its 1-based line and byte offset; CRLF is not part of the text', async () => {
    const { records, stats } = await collect(files.write('plain.ndjson', NDJSON));
    expect(tuples(records)).toEqual(NDJSON_RECORDS);
    expect(records[0]!.source).toBe(files.dir + '/plain.ndjson');
    expect(NDJSON_RECORDS.map(([line]) => lineOffset(NDJSON, line))).toEqual(NDJSON_RECORDS.map(([, offset]) => offset));
    expect(stats).toEqual({
      format: 'ndjson',
      compression: 'none',
      records: 4,
      malformed: 0,
      firstMalformed: [],
      bytes: Buffer.byteLength(NDJSON),
    });
  });

  test('an empty file and a file of blank lines have no records', async () => {
    expect((await collect(files.write('empty.ndjson', ''))).records).toEqual([]);
    const blank = await collect(files.write('blank.ndjson', '\n\r\n  \n'));
    expect(blank.records).toEqual([]);
    expect(blank.stats.malformed).toBe(0);
  });

  test('a UTF-8 byte order mark before the first line is not part of its text', async () => {
    const { records } = await collect(files.write('bom.ndjson', '\uFEFF{"a":1}\n{"b":2}\n'));
    expect(tuples(records)).toEqual([
      [1, 0, '{"a":1}'],
      [2, 11, '{"b":2}'],
    ]);
  });

  test('readCorpusBatches yields the same records in arrays', async () => {
    const path = files.write('batches.ndjson', NDJSON);
    const all: CorpusRecord[] = [];
    for await (const batch of readCorpusBatches(path)) all.push(...batch);
    expect(tuples(all)).toEqual(NDJSON_RECORDS);
  });

  test('a reading can be iterated only once', async () => {
    const reading = readCorpus(files.write('once.ndjson', '{"a":1}\n'));
    for await (const r of reading) expect(r.text).toBe('{"a":1}');
    expect(() => reading[Symbol.asyncIterator]()).toThrow(/iterated only once/);
  });

  test('property: records are exactly the non-blank lines, whatever the stdin chunking', async () => {
    const line = fc.oneof(
      fc.constant(''),
      fc.constant(' '),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxKeys: 3 }).map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, fc.boolean()), { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 17 }),
        async (lines, finalNewline, cut) => {
          const content = lines.map(([l, crlf]) => l + (crlf ? '\r\n' : '\n')).join('').slice(0, finalNewline ? undefined : -1);
          const bytes = Buffer.from(content);
          const pieces: Buffer[] = [];
          for (let i = 0; i < bytes.byteLength; i += cut) pieces.push(bytes.subarray(i, i + cut));
          const got: CorpusRecord[] = [];
          for await (const r of readCorpus('-', { stdin: Readable.from(pieces), format: 'ndjson' })) got.push(r);
          const expected: [number, number, string][] = [];
          let offset = 0;
          content.split('\n').forEach((raw, i) => {
            const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
            if (text.trim() !== '') expected.push([i + 1, offset, text]);
            offset += Buffer.byteLength(raw) + 1;
          });
          expect(tuples(got)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('compression', () => {
  test('gzip is recognised by its magic bytes, even under a misleading extension', async () => {
    const { records, stats } = await collect(files.write('looks-plain.ndjson', gzipSync(NDJSON)));
    expect(tuples(records)).toEqual(NDJSON_RECORDS);
    expect(stats.compression).toBe('gzip');
    expect(stats.bytes).toBe(Buffer.byteLength(NDJSON));
  });

  test('a plain file named .gz is read as plain text', async () => {
    const { records, stats } = await collect(files.write('not-really.ndjson.gz', NDJSON));
    expect(tuples(records)).toEqual(NDJSON_RECORDS);
    expect(stats.compression).toBe('none');
  });

  test('concatenated gzip members are one stream', async () => {
    const path = files.write('members.gz', Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"b":2}\n')]));
    expect(tuples((await collect(path)).records)).toEqual([
      [1, 0, '{"a":1}'],
      [2, 8, '{"b":2}'],
    ]);
  });

  test.for([
    ['bzip2', Buffer.from('BZh91AY&SY'), 'decompress it first: bunzip2 -k '],
    ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58]), 'decompress it first (Node 20 has no zstd): zstd -d '],
    ['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00]), 'decompress it first: xz -dk '],
  ] as const)('%s input is refused with the command that decompresses it', async ([name, magic, hint]) => {
    const path = files.write(`corpus-${name}.ndjson`, magic);
    const error = await rejection(collect(path));
    expect(error.code).toBe('ERR_CORPUS_COMPRESSION');
    expect(error.data).toEqual({ source: path, compression: name, reason: 'not supported', hint: hint + path });
    expect(error.message).toBe(`corpus ${path} is ${name}: not supported; ${hint}${path}`);
  });

  test('truncated gzip is ERR_CORPUS_COMPRESSION', async () => {
    const gz = gzipSync(NDJSON.repeat(50));
    const error = await rejection(collect(files.write('truncated.gz', gz.subarray(0, gz.byteLength - 10))));
    expect(error.code).toBe('ERR_CORPUS_COMPRESSION');
    expect(error.data['compression']).toBe('gzip');
    expect(String(error.data['reason'])).toMatch(/^gzip data is corrupt or truncated \(unexpected end of file\)$/);
  });
});

describe('stdin', () => {
  test('"-" reads the injected stdin, split at arbitrary byte boundaries (inside a multi-byte character too)', async () => {
    const bytes = Buffer.from(NDJSON);
    const pieces = [bytes.subarray(0, 3), bytes.subarray(3, 24), bytes.subarray(24, 25), bytes.subarray(25)];
    const { records } = await collect('-', { stdin: Readable.from(pieces) });
    expect(tuples(records)).toEqual(NDJSON_RECORDS);
    expect(records.every((r) => r.source === '-')).toBe(true);
  });

  test('gzip on stdin is detected too', async () => {
    const gz = gzipSync(NDJSON);
    const { records, stats } = await collect('-', { stdin: Readable.from([gz.subarray(0, 1), gz.subarray(1)]) });
    expect(tuples(records)).toEqual(NDJSON_RECORDS);
    expect(stats.compression).toBe('gzip');
  });

  test('"-" without an injected stdin is ERR_INVALID_OPTION', async () => {
    const error = await rejection(collect('-'));
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.data['option']).toBe('stdin');
  });
});

describe('read errors', () => {
  test('a missing file is ERR_CORPUS_READ naming the path', async () => {
    const path = `${files.dir}/no-such.ndjson`;
    const error = await rejection(collect(path));
    expect(error.code).toBe('ERR_CORPUS_READ');
    expect(error.message).toBe(`cannot read corpus ${path}: no such file`);
    expect(error.data).toEqual({ source: path, reason: 'no such file' });
  });

  test('a directory is ERR_CORPUS_READ', async () => {
    const error = await rejection(collect(files.dir));
    expect(error.code).toBe('ERR_CORPUS_READ');
    expect(error.message).toBe(`cannot read corpus ${files.dir}: it is a directory, not a file`);
  });

  test('bad option values are ERR_INVALID_OPTION naming the option', () => {
    expect(() => readCorpus('x', { format: 'csv' as never })).toThrow(/invalid value for format: "csv"/);
    expect(() => readCorpus('x', { malformed: 'ignore' as never })).toThrow(/invalid value for malformed: "ignore" \(expected skip \| fail\)/);
  });

  test('an aborted signal stops the read with its reason', async () => {
    const controller = new AbortController();
    const path = files.write('abort.ndjson', '{"a":1}\n'.repeat(10));
    controller.abort(new Error('stop here'));
    await expect(collect(path, { signal: controller.signal })).rejects.toThrow('stop here');
  });
});

describe('malformed lines', () => {
  // line 2: not JSON; line 3: JSON but not an object; line 5: truncated; line 6: control characters.
  const BAD = '{"ok":1}\nnot json\n[1,2]\n{"ok":2}\n{"a":\n\u0001\t{"x"\n{"ok":3}\n';
  const EXPECTED_BAD = [
    { line: 2, offset: 9, excerpt: 'not json', reason: `not JSON: Unexpected token 'o', "not json" is not valid JSON` },
    { line: 3, offset: 18, excerpt: '[1,2]', reason: 'not a JSON object (found an array)' },
    { line: 5, offset: 33, excerpt: '{"a":', reason: 'not JSON: Unexpected end of JSON input' },
    { line: 6, offset: 39, excerpt: '\\u0001\\t{"x"', reason: expect.stringMatching(/^not JSON: /) as unknown as string },
  ];

  test('skip (the default) yields the good lines and reports each bad one with line, offset and excerpt', async () => {
    const path = files.write('bad.ndjson', BAD);
    const { records, malformed, stats } = await collect(path);
    expect(tuples(records)).toEqual([
      [1, 0, '{"ok":1}'],
      [4, 24, '{"ok":2}'],
      [7, 46, '{"ok":3}'],
    ]);
    expect(malformed).toEqual(EXPECTED_BAD.map((m) => ({ source: path, ...m })));
    expect(stats.malformed).toBe(4);
    expect(stats.firstMalformed).toEqual(malformed);
  });

  test('fail yields the records before the first bad line, then throws ERR_CORPUS_MALFORMED with its facts', async () => {
    const path = files.write('bad-fail.ndjson', BAD);
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const r of readCorpus(path, { malformed: 'fail' })) seen.push(r.text);
      })(),
    );
    expect(seen).toEqual(['{"ok":1}']);
    expect(error).toBeInstanceOf(CorpusMalformedError);
    expect(error.code).toBe('ERR_CORPUS_MALFORMED');
    expect(error.data).toEqual({ source: path, ...EXPECTED_BAD[0] });
    expect(error.message).toBe(
      `malformed line ${path}:2 (byte 9): not JSON: Unexpected token 'o', "not json" is not valid JSON\n  | not json`,
    );
  });

  test('only the first 10 are kept in the stats; all are counted', async () => {
    const path = files.write('many-bad.ndjson', 'x\n'.repeat(25) + '{"ok":1}\n');
    const { stats, malformed } = await collect(path, { format: 'ndjson' });
    expect(stats.malformed).toBe(25);
    expect(malformed).toHaveLength(25);
    expect(stats.firstMalformed.map((m) => m.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stats.records).toBe(1);
  });

  test('a long bad line is cut to 120 characters in the excerpt', async () => {
    const long = 'y'.repeat(300);
    const { malformed } = await collect(files.write('long-bad.ndjson', `{"ok":1}\n${long}\n`));
    expect(malformed[0]!.excerpt).toBe(`${'y'.repeat(120)}… (180 more characters)`);
  });
});
