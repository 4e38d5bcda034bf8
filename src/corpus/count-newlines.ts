/**
 * Counting `\n` bytes: the chunker does it for every byte of a corpus on the replay engine's main thread,
 * so it must run near memory speed.
 */

/**
 * The number of `\n` bytes in `bytes[start, end)`.
 *
 * `indexOf` is a native memchr. bench/corpus/read-count-lines.bench.ts measured it against a JavaScript
 * word-at-a-time (SWAR) loop and a byte loop: ~20× the byte loop and ~6× SWAR on 1 KiB lines, still ~1.7×
 * SWAR on 64-byte lines (where the per-call cost shows), so there is no case for the SWAR loop.
 */
export function countNewlines(bytes: Uint8Array, start = 0, end = bytes.byteLength): number {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  let i = buffer.indexOf(0x0a, start);
  while (i !== -1 && i < end) {
    n += 1;
    i = buffer.indexOf(0x0a, i + 1);
  }
  return n;
}
