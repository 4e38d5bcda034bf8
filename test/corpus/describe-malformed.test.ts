/**
 * describeMalformed: the one description of a malformed line, shared by readCorpus and the replay worker
 * (which meets unvalidated NDJSON lines in chunks).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { chunkCorpus } from '../../src/corpus/chunker.js';
import { describeMalformed, jsonErrorReason, notObjectReason, type MalformedLine } from '../../src/corpus/describe-malformed.js';
import { collect, createCorpusDir, lineOffset } from './corpus-files.js';

const files = createCorpusDir();
afterAll(() => files.remove());

describe('describeMalformed', () => {
  test('escapes control characters and cuts at 120 characters, counting the rest', () => {
    expect(describeMalformed('f', 3, 40, '\u0000a\tb\r\u001b[31m\u007f', 'why')).toEqual({
      source: 'f',
      line: 3,
      offset: 40,
      excerpt: '\\u0000a\\tb\\r\\u001b[31m\\u007f',
      reason: 'why',
    });
    const m = describeMalformed('f', 1, 0, 'é'.repeat(130), 'why');
    expect(m.excerpt).toBe(`${'é'.repeat(120)}… (10 more characters)`);
  });

  test('bytes and text of the same line give the same description', () => {
    const line = `{"a":"${'€'.repeat(200)}"`;
    const bytes = Buffer.from(`xx${line}yy`).subarray(2, 2 + Buffer.byteLength(line));
    expect(describeMalformed('f', 9, 99, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'r')).toEqual(
      describeMalformed('f', 9, 99, line, 'r'),
    );
  });

  test('a worker walking chunk lines reports exactly what readCorpus reports', async () => {
    const content = '{"ok":1}\nnot json\r\n[1]\n\n{"ok":2}\n{"cut":\n' + 'z'.repeat(300) + '\n{"ok":3}';
    const path = files.write('worker.ndjson', content);
    const fromReader = (await collect(path)).malformed;
    // What a replay worker does with a chunk: split lines, drop the CR of a CRLF, parse, describe.
    const fromWorker: MalformedLine[] = [];
    for await (const chunk of chunkCorpus(path, { chunkBytes: 16 })) {
      let line = chunk.firstLine;
      let offset = chunk.offset;
      let start = 0;
      const bytes = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
      while (start < bytes.byteLength) {
        const nl = bytes.indexOf(0x0a, start);
        const end = nl === -1 ? bytes.byteLength : nl;
        const textEnd = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
        const text = bytes.toString('utf8', start, textEnd);
        if (text.trim() !== '') {
          try {
            const value: unknown = JSON.parse(text);
            if (typeof value !== 'object' || value === null || Array.isArray(value)) {
              fromWorker.push(describeMalformed(path, line, offset, bytes.subarray(start, textEnd), notObjectReason(value)));
            }
          } catch (error) {
            fromWorker.push(describeMalformed(path, line, offset, bytes.subarray(start, textEnd), jsonErrorReason(error)));
          }
        }
        offset += end + 1 - start;
        line += 1;
        start = end + 1;
      }
    }
    expect(fromWorker).toEqual(fromReader);
    expect(fromReader.map((m) => [m.line, m.offset])).toEqual([
      [2, 9],
      [3, 19],
      [6, 33],
      [7, 41],
    ]);
  });
});

describe('malformed values in multi-line formats', () => {
  test('fail stops an archive read at the first bad entry, after the entries before it', async () => {
    const entry = (s: string): string => `{\n  "type": "doc",\n  "value": { "source": ${s} }\n}`;
    const content = [entry('{"a":1}'), entry('"text"'), entry('{"b":2}')].join('\n\n');
    const path = files.write('fail.archive.json', content);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of chunkCorpus(path, { malformed: 'fail' })) seen.push(Buffer.from(chunk.bytes).toString());
      })(),
    ).rejects.toMatchObject({
      code: 'ERR_CORPUS_MALFORMED',
      data: { source: path, line: 6, offset: lineOffset(content, 6), reason: 'archive entry has no "value.source" object' },
    });
    expect(lineOffset(content, 6)).toBe(55);
    expect(seen).toEqual(['{"a":1}\n']);
  });

  test('an aborted chunking stops with the signal\'s reason', async () => {
    const controller = new AbortController();
    const path = files.write('abort-chunks.ndjson', '{"a":1}\n'.repeat(1000));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const chunk of chunkCorpus(path, { chunkBytes: 64, signal: controller.signal })) {
          seen.push(chunk.index);
          if (chunk.index === 2) controller.abort(new Error('enough'));
        }
      })(),
    ).rejects.toThrow('enough');
    expect(seen).toEqual([0, 1, 2]);
  });
});
