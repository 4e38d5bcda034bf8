/**
 * What a worker answers for a chunk: its result, or the error it met as plain data with the chunk's last
 * line — a thrown error would lose its class and code crossing the thread boundary (STYLE.md §4), and the
 * main thread no longer holds the chunk's bytes to count its lines.
 */
import { countNewlines } from '../corpus/count-newlines.js';
import { serializeError, type SerializedError } from '../errors.js';
import type { ChunkMatcher } from './chunk-matcher.js';
import type { ChunkResult, ChunkTask } from './protocol.js';

/**
 * A result, or the error of the chunk and its last line; either way with the chunk's ArrayBuffer, handed
 * back (transferred) for the reader to refill — the matcher keeps no view of it once it has answered.
 */
export type WorkerAnswer = ({ readonly result: ChunkResult } | { readonly error: SerializedError; readonly lastLine: number }) & {
  readonly buffer: ArrayBufferLike;
};

/** Runs the matcher on `task`; never throws. */
export function answerChunk(matchChunk: ChunkMatcher, task: ChunkTask): WorkerAnswer {
  const buffer = task.bytes.buffer;
  try {
    return { result: matchChunk(task), buffer };
  } catch (error) {
    return { error: serializeError(error), lastLine: lastLineOf(task), buffer };
  }
}

/** The 1-based corpus line of the chunk's last line. */
export function lastLineOf(task: ChunkTask): number {
  if (task.lineNumbers !== null) return task.lineNumbers[task.lineNumbers.length - 1] ?? task.firstLine;
  const bytes = task.bytes;
  const newlines = countNewlines(bytes);
  const unterminated = bytes.byteLength > 0 && bytes[bytes.byteLength - 1] !== 0x0a ? 1 : 0;
  return task.firstLine + Math.max(1, newlines + unterminated) - 1;
}
