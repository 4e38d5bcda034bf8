/**
 * chunkCorpus: newline-aligned, transferable chunks with exact first lines and offsets, for every input
 * path (a plain file read straight into the chunks' buffers, gzip, stdin) and every format — the same
 * chunks whatever the path; buffers recycled through a pool are never written while a chunk holds them;
 * and agreement with readCorpus on the same file.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { createChunkBufferPool } from '../../src/corpus/chunk-buffer-pool.js';
import { chunkCorpus, ChunkAssembler, type Chunk } from '../../src/corpus/chunker.js';
import { countNewlines } from '../../src/corpus/count-newlines.js';
import { collect, createCorpusDir, tuples } from './corpus-files.js';

const files = createCorpusDir();
afterAll(() => files.remove());

async function chunksOf(path: string, options: Parameters<typeof chunkCorpus>[1] = {}): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of chunkCorpus(path, options)) out.push(c);
  return out;
}

/** Checks every invariant of a chunking of `content` with target `chunkBytes`; returns nothing, throws on a violation. */
function checkChunking(content: Buffer, chunks: readonly Chunk[], chunkBytes: number): void {
  expect(Buffer.concat(chunks.map((c) => c.bytes))).toEqual(content);
  // Transferable: no two chunks share an ArrayBuffer.
  expect(new Set(chunks.map((c) => c.bytes.buffer)).size).toBe(chunks.length);
  let offset = 0;
  let line = 1;
  chunks.forEach((c, i) => {
    expect(c.index).toBe(i);
    expect(c.offset).toBe(offset);
    expect(c.firstLine).toBe(line);
    expect(c.bytes.byteLength).toBeGreaterThan(0);
    // A view at the start of its ArrayBuffer: a pooled buffer of chunkBytes + 1 bytes, or (a line longer
    // than a chunk) a buffer of its own, which may have room to spare.
    expect(c.bytes.byteOffset).toBe(0);
    if (c.bytes.byteLength <= chunkBytes) expect(c.bytes.buffer.byteLength).toBe(chunkBytes + 1);
    else expect(c.bytes.buffer.byteLength).toBeGreaterThanOrEqual(c.bytes.byteLength);
    const isLast = i === chunks.length - 1;
    if (!isLast) expect(c.bytes[c.bytes.byteLength - 1]).toBe(0x0a);
    const inner = countNewlines(c.bytes, 0, c.bytes.byteLength - 1);
    // Bigger than the target only when it is a single line.
    if (c.bytes.byteLength > chunkBytes) expect(inner).toBe(0);
    // Greedy: the next chunk's first line would not have fitted.
    if (!isLast) {
      const next = chunks[i + 1]!.bytes;
      const firstLineLength = next.indexOf(0x0a) === -1 ? next.byteLength : next.indexOf(0x0a) + 1;
      expect(c.bytes.byteLength + firstLineLength).toBeGreaterThan(chunkBytes);
    }
    offset += c.bytes.byteLength;
    line += countNewlines(c.bytes);
  });
}

// Lines of random length and content: empty, ASCII, multi-byte UTF-8 (2-, 3- and 4-byte characters),
// CRLF or LF terminated, with or without a final newline.
const corpusArbitrary = fc
  .record({
    lines: fc.array(
      fc.tuple(fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 })), fc.boolean()),
      { maxLength: 40 },
    ),
    finalNewline: fc.boolean(),
  })
  .map(({ lines, finalNewline }) => {
    // Lines must not contain their own \n: those are the terminators.
    const text = lines.map(([l, crlf]) => l.replaceAll('\n', ' ') + (crlf ? '\r\n' : '\n')).join('');
    return Buffer.from(finalNewline || text.length === 0 ? text : text.slice(0, -1));
  });

/** Corpora with lines longer than a chunk (and than several doublings of one), for larger chunk sizes. */
const longLinesArbitrary = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 5, arbitrary: fc.string({ maxLength: 40 }).map((s) => JSON.stringify({ s })) },
        { weight: 1, arbitrary: fc.constantFrom('', '\r', `{"long":"${'x'.repeat(300)}"}`, `{"huge":"${'y'.repeat(70_000)}"}`) },
      ),
      { maxLength: 60 },
    ),
    fc.boolean(),
  )
  .map(([lines, finalNewline]) => Buffer.from(lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '')));

describe('chunking NDJSON', () => {
  test('property: never splits, loses or duplicates a line (plain file input, tiny to large chunk sizes)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(corpusArbitrary, fc.integer({ min: 1, max: 200 }), async (content, chunkBytes) => {
        const path = files.write(`prop-${run++}.ndjson`, content);
        const chunking = chunkCorpus(path, { format: 'ndjson', chunkBytes });
        const chunks: Chunk[] = [];
        for await (const c of chunking) chunks.push(c);
        checkChunking(content, chunks, chunkBytes);
        const lines = countNewlines(content) + (content.byteLength > 0 && content.at(-1) !== 0x0a ? 1 : 0);
        expect(chunking.stats).toMatchObject({ chunks: chunks.length, lines, bytes: content.byteLength });
      }),
      { numRuns: 200 },
    );
  });

  test('property: the same for lines longer than a chunk (plain file read on into a buffer of its own)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(longLinesArbitrary, fc.integer({ min: 1, max: 140_000 }), async (content, chunkBytes) => {
        const path = files.write(`long-${run++}.ndjson`, content);
        checkChunking(content, await chunksOf(path, { format: 'ndjson', chunkBytes }), chunkBytes);
      }),
      { numRuns: 60 },
    );
  });

  test('property: a plain file, a gzip file and a stream in random pieces give the same chunks', async () => {
    let run = 0;
    const summary = (chunks: readonly Chunk[]) => chunks.map((c) => [c.index, c.firstLine, c.offset, Buffer.from(c.bytes).toString('latin1')]);
    await fc.assert(
      fc.asyncProperty(fc.oneof(corpusArbitrary, longLinesArbitrary), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 70_000 }), async (content, chunkBytes, cut) => {
        const plain = await chunksOf(files.write(`same-${run}.ndjson`, content), { chunkBytes, format: 'ndjson' });
        const gzip = await chunksOf(files.write(`same-${run++}.ndjson.gz`, gzipSync(content)), { chunkBytes, format: 'ndjson' });
        const pieces: Buffer[] = [];
        for (let i = 0; i < content.byteLength; i += cut) pieces.push(content.subarray(i, i + cut));
        const stream = await chunksOf('-', { chunkBytes, format: 'ndjson', stdin: Readable.from(pieces) });
        expect(summary(gzip)).toEqual(summary(plain));
        expect(summary(stream)).toEqual(summary(plain));
      }),
      { numRuns: 80 },
    );
  });

  test('property: recycled buffers are refilled only once given back (a plain file through a pool)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(corpusArbitrary, longLinesArbitrary), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 4 }), async (content, chunkBytes, held) => {
        const path = files.write(`recycle-${run++}.ndjson`, content);
        const buffers = createChunkBufferPool();
        const holding: Chunk[] = [];
        const copies: Buffer[] = [];
        // The consumer keeps `held` chunks, checks the oldest is still intact, then gives its buffer back.
        const release = (chunk: Chunk): void => {
          expect(Buffer.from(chunk.bytes)).toEqual(content.subarray(chunk.offset, chunk.offset + chunk.bytes.byteLength));
          copies.push(Buffer.from(chunk.bytes));
          buffers.recycle(chunk.bytes.buffer);
        };
        for await (const chunk of chunkCorpus(path, { format: 'ndjson', chunkBytes, buffers })) {
          holding.push(chunk);
          if (holding.length > held) release(holding.shift()!);
        }
        holding.forEach(release);
        expect(Buffer.concat(copies)).toEqual(content);
        // A fixed set of buffers: those held, the one being read, and the one the sniffing did not need.
        expect(buffers.stats.allocated).toBeLessThanOrEqual(held + 2);
        expect(buffers.stats.free).toBe(buffers.stats.allocated);
      }),
      { numRuns: 150 },
    );
  });

  test('property: the same over stdin in random pieces, and over gzip', async () => {
    await fc.assert(
      fc.asyncProperty(corpusArbitrary, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 50 }), async (content, chunkBytes, cut) => {
        const pieces: Buffer[] = [];
        for (let i = 0; i < content.byteLength; i += cut) pieces.push(content.subarray(i, i + cut));
        checkChunking(content, await chunksOf('-', { format: 'ndjson', chunkBytes, stdin: Readable.from(pieces) }), chunkBytes);
        const gz = gzipSync(content);
        checkChunking(content, await chunksOf('-', { format: 'ndjson', chunkBytes, stdin: Readable.from([gz]) }), chunkBytes);
      }),
      { numRuns: 150 },
    );
  });

  test('property: the assembler alone, fed pieces of every size, keeps every invariant', () => {
    fc.assert(
      fc.property(corpusArbitrary, fc.integer({ min: 1, max: 64 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1 }), (content, chunkBytes, cuts) => {
        const assembler = new ChunkAssembler(chunkBytes);
        const chunks: Chunk[] = [];
        for (let i = 0, k = 0; i < content.byteLength; k++) {
          const n = cuts[k % cuts.length]!;
          chunks.push(...assembler.push(content.subarray(i, i + n)));
          i += n;
        }
        const last = assembler.end();
        if (last !== undefined) chunks.push(last);
        checkChunking(content, chunks, chunkBytes);
      }),
      { numRuns: 300 },
    );
  });

  test('exact chunks of a small file: first lines and offsets', async () => {
    const content = '{"a":1}\n{"b":22}\r\n\n{"c":"é"}\n{"d":4444444444}';
    const chunks = await chunksOf(files.write('small.ndjson', content), { chunkBytes: 20 });
    expect(chunks.map((c) => [c.index, c.firstLine, c.offset, Buffer.from(c.bytes).toString()])).toEqual([
      [0, 1, 0, '{"a":1}\n{"b":22}\r\n\n'],
      [1, 4, 19, '{"c":"é"}\n'],
      [2, 5, 30, '{"d":4444444444}'],
    ]);
  });

  test('a named pipe is read as a stream (no positional reads), with the same chunks', async () => {
    const content = Buffer.from('{"a":1}\n{"b":22}\r\n\n{"c":"é"}\n{"d":4444444444}');
    const fifo = join(files.dir, 'pipe.ndjson');
    execFileSync('mkfifo', [fifo]);
    const writing = writeFile(fifo, content);
    const chunks = await chunksOf(fifo, { chunkBytes: 20 });
    await writing;
    expect(chunks.map((c) => [c.index, c.firstLine, c.offset, Buffer.from(c.bytes).toString()])).toEqual([
      [0, 1, 0, '{"a":1}\n{"b":22}\r\n\n'],
      [1, 4, 19, '{"c":"é"}\n'],
      [2, 5, 30, '{"d":4444444444}'],
    ]);
  });

  test('a chunk can be transferred: the sender is left with a detached buffer', async () => {
    const [chunk] = await chunksOf(files.write('transfer.ndjson', '{"a":1}\n'));
    const bytes = chunk!.bytes;
    const received = structuredClone(bytes, { transfer: [bytes.buffer as ArrayBuffer] });
    expect(Buffer.from(received).toString()).toBe('{"a":1}\n');
    expect(bytes.byteLength).toBe(0);
  });

  test('an empty corpus has no chunks', async () => {
    expect(await chunksOf(files.write('empty-chunks.ndjson', ''))).toEqual([]);
  });

  test('a chunk size that is not a positive integer is ERR_INVALID_OPTION', () => {
    expect(() => chunkCorpus('x', { chunkBytes: 0 })).toThrow(/invalid value for chunkBytes: 0/);
    expect(() => chunkCorpus('x', { chunkBytes: 1.5 })).toThrow(/invalid value for chunkBytes: 1.5/);
  });

  test('stats count chunks, lines and bytes', async () => {
    const chunking = chunkCorpus(files.write('stats.ndjson', '{"a":1}\n\n{"b":2}'), { chunkBytes: 4 });
    for await (const c of chunking) expect(c.bytes.byteLength).toBeGreaterThan(0);
    expect(chunking.stats).toEqual({ format: 'ndjson', compression: 'none', chunks: 3, lines: 3, bytes: 16, documents: undefined });
  });
});

describe('line counting', () => {
  test('property: countNewlines agrees with a byte loop on any range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(8), fc.nat(8), (raw, a, b) => {
        const bytes = raw.map((x) => (x % 4 === 0 ? 0x0a : x));
        const start = Math.min(a, bytes.length);
        const end = Math.max(start, bytes.length - b);
        let expected = 0;
        for (let i = start; i < end; i++) if (bytes[i] === 0x0a) expected += 1;
        expect(countNewlines(bytes, start, end)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('reader and chunker agree', () => {
  test('NDJSON: the chunks\' non-blank lines are the records, with the same lines and offsets', async () => {
    const content = Array.from({ length: 300 }, (_, i) => (i % 7 === 3 ? '' : JSON.stringify({ i, s: 'ü'.repeat(i % 13) })) + (i % 5 === 0 ? '\r\n' : '\n')).join('');
    const path = files.write('agree.ndjson', content);
    const fromChunks: [number, number, string][] = [];
    for (const c of await chunksOf(path, { chunkBytes: 700 })) {
      const text = Buffer.from(c.bytes).toString();
      let line = c.firstLine;
      let offset = c.offset;
      for (const raw of text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined)) {
        const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (t !== '') fromChunks.push([line, offset, t]);
        line += 1;
        offset += Buffer.byteLength(raw) + 1;
      }
    }
    expect(fromChunks).toEqual(tuples((await collect(path)).records));
    expect(fromChunks).toHaveLength(257);
  });

  test.for([
    ['bulk', '{"create":{}}\n{"a":1}\n{"index":{}}\n{"b":"ü"}\n{"delete":{}}\n{"create":{}}\n{"c":3}\n'],
    ['hits', '{"_id":"1","_source":{"a":1}}\n{"_id":"2","_source":{"b":2}}\n{"_id":"3","_source":{"c":3}}\n'],
    ['archive', '{\n "type": "doc",\n "value": { "source": {\n  "a": 1\n } }\n}\n\n{"type":"doc","value":{"source":{"b":2}}}\n'],
    ['search', '{\n "took": 1,\n "hits": { "hits": [\n  { "_source": { "a": 1 } },\n  { "_source": { "b": 2 } }\n ] }\n}\n'],
  ] as const)('%s: synthesized NDJSON chunks carry the records\' texts and original lines', async ([format, content]) => {
    const path = files.write(`agree.${format}`, content);
    const records = (await collect(path)).records;
    const chunking = chunkCorpus(path, { chunkBytes: 10 });
    const fromChunks: [number, number, string][] = [];
    for await (const c of chunking) {
      const lines = Buffer.from(c.bytes).toString().split('\n').slice(0, -1);
      expect(c.lineNumbers).toBeInstanceOf(Int32Array);
      expect(c.lineNumbers!.byteLength).toBe(c.lineNumbers!.buffer.byteLength);
      // Its own buffer, or a view of a pooled one of chunkBytes + 1 bytes when it fits.
      expect(c.bytes.byteOffset).toBe(0);
      expect(c.bytes.buffer.byteLength).toBe(Math.max(c.bytes.byteLength, 11));
      expect(c.firstLine).toBe(c.lineNumbers![0]);
      lines.forEach((t, k) => fromChunks.push([c.lineNumbers![k]!, k === 0 ? c.offset : -1, t]));
    }
    expect(fromChunks).toEqual(tuples(records).map(([line, offset, text], k) => [line, fromChunks[k]?.[1] === -1 ? -1 : offset, text]));
    expect(chunking.stats.format).toBe(format);
    expect(chunking.stats.documents?.records).toBe(records.length);
    expect(chunking.stats.lines).toBe(records.length);
  });

  test('synthesized chunks respect the malformed policy of the reader', async () => {
    const path = files.write('agree-fail.bulk', '{"create":{}}\n{"a":1}\n{"delete":{}}\n');
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const c of chunkCorpus(path, { malformed: 'fail' })) seen.push(c.lineNumbers!.length);
      })(),
    ).rejects.toMatchObject({ code: 'ERR_CORPUS_MALFORMED', data: { line: 3 } });
    // the document before the bad line comes through first, as with readCorpus
    expect(seen).toEqual([1]);
    // under skip, the same document, and the delete counted
    const chunking = chunkCorpus(path);
    for await (const c of chunking) expect(Buffer.from(c.bytes).toString()).toBe('{"a":1}\n');
    expect(chunking.stats.documents).toMatchObject({ records: 1, malformed: 1 });
  });
});
