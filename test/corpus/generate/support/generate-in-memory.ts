/** Runs the generator into memory (inline by default: no worker build needed). */
import { generateCorpus, type GenerateResult } from '../../../../src/corpus/generate/generate-corpus.js';
import { loadProfile } from '../../../../src/corpus/generate/profile-loader.js';
import type { Profile } from '../../../../src/corpus/generate/profile.js';

export interface InMemoryCorpus {
  readonly bytes: Buffer;
  readonly result: GenerateResult;
}

export async function generateInMemory(options: {
  events: number;
  seed: number;
  profile: string | Profile;
  threads?: number;
  rawS1?: boolean;
  gzipLevel?: number;
  blockSize?: number;
}): Promise<InMemoryCorpus> {
  const profile = typeof options.profile === 'string' ? (await loadProfile(options.profile, { cwd: process.cwd() })).profile : options.profile;
  const chunks: Buffer[] = [];
  const result = await generateCorpus({
    events: options.events,
    seed: options.seed,
    profile,
    profileName: typeof options.profile === 'string' ? options.profile : 'custom',
    threads: options.threads ?? 0,
    rawS1: options.rawS1 ?? false,
    ...(options.gzipLevel === undefined ? {} : { gzipLevel: options.gzipLevel }),
    ...(options.blockSize === undefined ? {} : { blockSize: options.blockSize }),
    write: async (chunk) => {
      chunks.push(Buffer.from(chunk));
    },
  });
  return { bytes: Buffer.concat(chunks), result };
}

/** The corpus's lines, parsed. */
export function parseLines(bytes: Buffer): Record<string, unknown>[] {
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}
