/**
 * The piscina worker of the replay engine. Thin on purpose (STYLE.md §1): it compiles the rule set once,
 * from `workerData`, when the pool starts it, and replays each chunk it is given with the chunk matcher;
 * the result's buffers, and the chunk's own buffer for the reader to refill, are transferred back, not
 * copied (a chunk buffer left here would be freed only by this isolate's next GC). Errors are answered as plain data
 * (`serializeError`) with the chunk's last line, so that the main thread can name the chunk's line range
 * and rebuild the error with its code.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { threadId, workerData } from 'node:worker_threads';
import { createChunkMatcher } from './chunk-matcher.js';
import { answerChunk, type WorkerAnswer } from './worker-answer.js';
import type { ChunkTask, ReplayWorkerData } from './protocol.js';

const matchChunk = createChunkMatcher(workerData as ReplayWorkerData, { threadId });

/** Replays one chunk (the piscina task handler); the answer's buffers are transferred. */
export default function replayChunk(task: ChunkTask): unknown {
  const answer: WorkerAnswer = answerChunk(matchChunk, task);
  const transfer: ArrayBuffer[] = [answer.buffer as ArrayBuffer];
  if ('result' in answer) {
    const result = answer.result;
    transfer.push(result.evaluated.buffer as ArrayBuffer, result.matchOffsets.buffer as ArrayBuffer, result.matchLines.buffer as ArrayBuffer);
    if (result.matchedText !== null) transfer.push(result.matchedText.buffer as ArrayBuffer);
    if (result.confusion !== null) transfer.push(result.confusion.buffer as ArrayBuffer);
  }
  return move({
    get [transferableSymbol]() {
      return transfer;
    },
    get [valueSymbol]() {
      return answer;
    },
  } as never);
}
