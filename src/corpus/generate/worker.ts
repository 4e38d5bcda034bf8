/**
 * The piscina worker: builds the generator once from `workerData` (a {@link GeneratorConfig}) and
 * generates the blocks it is given. Thin on purpose: all logic is in block-generator.ts.
 */
import { workerData } from 'node:worker_threads';
import { createBlockGenerator, type BlockResult, type BlockTask, type GeneratorConfig } from './block-generator.js';

const generator = createBlockGenerator(workerData as GeneratorConfig);

/** Generates one block. */
export default function generateBlockTask(task: BlockTask): BlockResult {
  return generator.generate(task);
}
