/**
 * Test support: corpus files in a per-suite temporary directory, and a collector for `readCorpus`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus, type CorpusRecord, type CorpusStats, type MalformedLine, type ReadCorpusOptions } from '../../src/corpus/read-corpus.js';

/** A temporary directory with a `write(name, content)` helper; `remove()` it in afterAll. */
export function createCorpusDir(): { dir: string; write(name: string, content: string | Uint8Array): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'eql-replay-corpus-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything one read produced. */
export interface Collected {
  readonly records: CorpusRecord[];
  readonly malformed: MalformedLine[];
  readonly stats: CorpusStats;
}

/** Reads a corpus to the end and returns the records, the `onMalformed` calls and the final stats. */
export async function collect(path: string, options: ReadCorpusOptions = {}): Promise<Collected> {
  const malformed: MalformedLine[] = [];
  const reading = readCorpus(path, { ...options, onMalformed: (m) => malformed.push(m) });
  const records: CorpusRecord[] = [];
  for await (const r of reading) records.push(r);
  return { records, malformed, stats: reading.stats };
}

/** Records as `[line, offset, text]` tuples: compact and exact for `toEqual`. */
export function tuples(records: readonly CorpusRecord[]): [number, number, string][] {
  return records.map((r) => [r.line, r.offset, r.text]);
}

/** The byte offset at which 1-based `line` starts in `content`. */
export function lineOffset(content: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) at = content.indexOf('\n', at) + 1;
  return Buffer.byteLength(content.slice(0, at));
}
