/**
 * The main thread's fast path for plain NDJSON files never splits, loses or duplicates a line, and numbers
 * chunks exactly (index, first line, byte offset) — any content, any chunk size (property).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isPlainNdjsonFile, readFileChunks } from '../../src/replay/file-chunks.js';
import { tempDir } from './support/replay-fixtures.js';

let dir: { dir: string; remove: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

// Lines longer than a block and than the 64 KiB headroom take the copying paths.
const line = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 40 }).map((s) => JSON.stringify({ s })) },
  { weight: 1, arbitrary: fc.constantFrom('', '\r', `{"long":"${'x'.repeat(300)}"}`, `{"huge":"${'y'.repeat(70_000)}"}`) },
);

describe('readFileChunks', () => {
  test('chunks concatenate to the file, end on a newline (but the last), and carry exact line numbers and offsets', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), fc.boolean(), fc.integer({ min: 1, max: 140_000 }), async (lines, finalNewline, chunkBytes) => {
        const text = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
        const path = join(dir.dir, `f${run++}.ndjson`);
        writeFileSync(path, text);
        const stats = { bytes: 0 };
        const parts: Buffer[] = [];
        let expectedIndex = 0;
        for await (const chunk of readFileChunks(path, chunkBytes, stats)) {
          const bytes = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
          const before = Buffer.concat(parts);
          expect(chunk.index).toBe(expectedIndex++);
          expect(chunk.offset).toBe(before.length);
          expect(chunk.firstLine).toBe(1 + before.toString('latin1').split('\n').length - 1);
          expect(bytes.length).toBeGreaterThan(0);
          parts.push(Buffer.from(bytes));
        }
        const all = Buffer.concat(parts);
        expect(all.toString('utf8')).toBe(text);
        expect(stats.bytes).toBe(Buffer.byteLength(text));
        parts.slice(0, -1).forEach((p) => expect(p[p.length - 1]).toBe(0x0a));
      }),
      { numRuns: 200 },
    );
  });
});

describe('isPlainNdjsonFile', () => {
  test.for([
    ['plain NDJSON', '{"a":1}\n', undefined, true],
    ['gzip', gzipSync('{"a":1}\n'), undefined, false],
    ['a _bulk body', '{"create":{"_index":"x"}}\n{"a":1}\n', undefined, false],
    ['NDJSON named by --format', '{"a":1}\n', 'ndjson', true],
    ['another --format', '{"a":1}\n', 'hits', false],
  ] as const)('%s', async ([name, content, format, expected]) => {
    const path = join(dir.dir, `${name.replace(/\W/g, '_')}.ndjson`);
    writeFileSync(path, content);
    expect(await isPlainNdjsonFile(path, format, 1 << 20)).toBe(expected);
  });
  test('stdin never is, nor chunks below 64 KiB', async () => {
    const path = join(dir.dir, 'small-chunks.ndjson');
    writeFileSync(path, '{"a":1}\n');
    expect(await isPlainNdjsonFile('-', undefined, 1 << 20)).toBe(false);
    expect(await isPlainNdjsonFile(path, undefined, 65535)).toBe(false);
    expect(await isPlainNdjsonFile(path, undefined, 65536)).toBe(true);
  });
});
