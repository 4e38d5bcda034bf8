/** The corpus writer: temp name renamed into place, devices written through, gzip deterministic, abort cleans up. */
import { lstatSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { openCorpusWriter } from '../../src/corpus/corpus-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'eql-replay-writer-'));
const line = (i: number) => Buffer.from(`{"n":${i}}\n`);

describe('openCorpusWriter', () => {
  test('a file is written under a temporary name and appears only on close', async () => {
    const path = join(dir, 'a.ndjson');
    const writer = await openCorpusWriter(path, { tempSuffix: '.tmp-test' });
    await writer.write(line(1));
    expect(readdirSync(dir)).toContain('.a.ndjson.tmp-test');
    expect(readdirSync(dir)).not.toContain('a.ndjson');
    expect(await writer.close()).toBe(8);
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('abort removes the temporary file and leaves an existing corpus untouched', async () => {
    const path = join(dir, 'b.ndjson');
    writeFileSync(path, 'old\n');
    const writer = await openCorpusWriter(path);
    await writer.write(line(2));
    await writer.abort();
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('/dev/null is written through, never replaced', async () => {
    const writer = await openCorpusWriter('/dev/null');
    await writer.write(line(3));
    await writer.close();
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('a symlink is written through: the link stays a link', async () => {
    const target = join(dir, 'target.ndjson');
    const link = join(dir, 'link.ndjson');
    writeFileSync(target, 'old\n');
    symlinkSync(target, link);
    const writer = await openCorpusWriter(link);
    await writer.write(line(4));
    await writer.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('{"n":4}\n');
  });

  test('gzip: equal input gives equal bytes (mtime 0, no file name), and it round-trips', async () => {
    const outputs: Buffer[] = [];
    for (let k = 0; k < 2; k++) {
      const sink = new PassThrough();
      const chunks: Buffer[] = [];
      sink.on('data', (c: Buffer) => chunks.push(c));
      const writer = await openCorpusWriter(sink, { gzip: true });
      for (let i = 0; i < 1000; i++) await writer.write(line(i));
      const bytes = await writer.close();
      const out = Buffer.concat(chunks);
      expect(bytes).toBe(out.length);
      outputs.push(out);
    }
    expect(outputs[0]!.equals(outputs[1]!)).toBe(true);
    expect([...outputs[0]!.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    expect(gunzipSync(outputs[0]!).toString('utf8').split('\n')).toHaveLength(1001);
  });

  test('a directory that does not exist is ERR_IO naming the path', async () => {
    await expect(openCorpusWriter(join(dir, 'no/such/dir/c.ndjson'))).rejects.toMatchObject({ code: 'ERR_IO' });
  });
  // The generator recycles a block's buffer as soon as write resolves: the bytes must be taken by then.
  test.each([
    ['a file', false],
    ['a gzipped file', true],
  ])('%s: once write resolves, the chunk may be overwritten without changing what is written', async (_name, gzip) => {
    const path = join(dir, gzip ? 'reuse.ndjson.gz' : 'reuse.ndjson');
    const writer = await openCorpusWriter(path, { gzip });
    const chunk = Buffer.alloc(100);
    let expected = '';
    for (let i = 0; i < 50; i++) {
      const text = `{"n":${String(i).padStart(91, '0')}}\n`;
      const part = chunk.subarray(0, chunk.write(text, 'latin1'));
      expected += text;
      await writer.write(part);
      chunk.fill(0x78);
    }
    await writer.close();
    const written = readFileSync(path);
    expect((gzip ? gunzipSync(written) : written).toString('latin1')).toBe(expected);
  });

  test('a stream target: write resolves after the stream has taken the chunk', async () => {
    // A stream that takes its time: it reads the chunk only on a later turn of the event loop.
    const received: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        setImmediate(() => {
          received.push(chunk.toString('latin1'));
          callback();
        });
      },
    });
    const writer = await openCorpusWriter(stream);
    const chunk = Buffer.from('{"n":1}\n');
    await writer.write(chunk);
    chunk.fill(0x78);
    await writer.close();
    expect(received.join('')).toBe('{"n":1}\n');
  });
});
