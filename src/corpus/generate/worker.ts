/**
 * The piscina worker: builds the generator once from `workerData` (a {@link GeneratorConfig}) and
 * generates the blocks it is given. Thin on purpose: all logic is in block-generator.ts.
 */
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { createBlockGenerator, type BlockResult, type BlockTask, type GeneratorConfig } from './block-generator.js';

const generator = createBlockGenerator(workerData as GeneratorConfig);

/**
 * Generates one block. The block's bytes are transferred, not copied: a block is ~10 MB and a copy on
 * each side of the thread boundary would cost the main thread (the writer) more than the write itself.
 */
export default function generateBlockTask(task: BlockTask): unknown {
  const result = generator.generate(task);
  const transferable = {
    get [transferableSymbol]() {
      return [result.bytes.buffer];
    },
    get [valueSymbol](): BlockResult {
      return result;
    },
  };
  // piscina exports its symbols typed as plain `symbol`, so the object cannot type-check as Transferable.
  return move(transferable as unknown as Parameters<typeof move>[0]);
}
