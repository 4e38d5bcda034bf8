/**
 * Counting `\n` bytes: the chunker does it for every byte of a corpus on the replay engine's main thread,
 * so it must run near memory speed.
 */

/**
 * The number of `\n` bytes in `bytes[start, end)`.
 *
 * `indexOf` is a native memchr: for event lines (hundreds of bytes to a few KiB) it beats a JS
 * word-at-a-time loop (bench/corpus/read.bench.ts measures both), and it is never slower than a byte loop.
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

/**
 * The same count with a word-at-a-time trick (four bytes per step, an exact zero-byte test on
 * `word ^ 0x0a0a0a0a`), kept as the benchmark's comparison point and for very short lines.
 */
export function countNewlinesSwar(bytes: Uint8Array, start = 0, end = bytes.byteLength): number {
  let n = 0;
  let i = start;
  // Align to 4 bytes within the underlying buffer so a Uint32Array view can be used.
  while (i < end && ((bytes.byteOffset + i) & 3) !== 0) {
    if (bytes[i] === 0x0a) n += 1;
    i += 1;
  }
  const words = Math.floor((end - i) / 4);
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let w = 0; w < words; w++) {
      const x = view[w]! ^ 0x0a0a0a0a;
      // High bit of each byte set exactly when that byte of x is zero (no false positives, unlike the
      // classic (x - 0x01010101) & ~x test).
      const t = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
      if (t !== 0) n += popcount8(t >>> 7);
    }
    i += words * 4;
  }
  for (; i < end; i++) if (bytes[i] === 0x0a) n += 1;
  return n;
}

function popcount8(x: number): number {
  // x has bits only at 0, 8, 16, 24.
  return (x & 1) + ((x >>> 8) & 1) + ((x >>> 16) & 1) + ((x >>> 24) & 1);
}
