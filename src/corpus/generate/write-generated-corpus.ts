/**
 * Generates a corpus into a file or a stream: the writer's protocol (temporary name, renamed into place
 * only when every block is written; removed on a failure or an interrupt) around {@link generateCorpus}.
 */
import type { Writable } from 'node:stream';
import { openCorpusWriter } from '../corpus-writer.js';
import { generateCorpus, type GenerateOptions, type GenerateResult } from './generate-corpus.js';

/** A generated corpus and the bytes written (the compressed size when blocks are gzipped). */
export interface WrittenCorpus {
  readonly result: GenerateResult;
  readonly bytes: number;
}

/**
 * Generates into `target` (a path, or a stream that is left open). A failed or interrupted run leaves
 * no corpus under the target's name.
 *
 * @throws IoError (`ERR_IO`) when the file cannot be created or written; whatever {@link generateCorpus}
 *   throws.
 */
export async function writeGeneratedCorpus(target: string | Writable, options: Omit<GenerateOptions, 'write'>): Promise<WrittenCorpus> {
  const writer = await openCorpusWriter(target);
  let result: GenerateResult;
  try {
    result = await generateCorpus({ ...options, write: (chunk) => writer.write(chunk) });
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { result, bytes: await writer.close() };
}
