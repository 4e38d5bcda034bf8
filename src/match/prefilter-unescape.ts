/**
 * Undoing JSON string escapes on a raw line, for the prefilter's lines that contain a backslash.
 *
 * A JSON writer may escape any character (`\u0073` for `s`, `\/` for `/`), so a literal can hide behind
 * escapes in the raw bytes. Outside strings a valid JSON text has no backslash at all, so decoding every
 * `\X` sequence of the line left to right is exactly decoding the content of each string token: the
 * result holds every string value verbatim (UTF-8), each still between its own delimiting quotes.
 */

const BACKSLASH = 0x5c;

/** Hex digit value of an ASCII byte, or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** The UTF-16 code unit of `\uXXXX` at `at` (pointing at the backslash), or -1 when it is not one. */
function readUnicodeEscape(line: Uint8Array, at: number, end: number): number {
  if (at + 6 > end || line[at] !== BACKSLASH || line[at + 1] !== 0x75) return -1;
  let unit = 0;
  for (let i = at + 2; i < at + 6; i++) {
    const digit = hexValue(line[i]!);
    if (digit < 0) return -1;
    unit = (unit << 4) | digit;
  }
  return unit;
}

/** Writes a code point as UTF-8 (lone surrogates as their 3-byte WTF-8 form); returns the new length. */
function writeCodePoint(out: Uint8Array, length: number, cp: number): number {
  if (cp < 0x80) {
    out[length] = cp;
    return length + 1;
  }
  if (cp < 0x800) {
    out[length] = 0xc0 | (cp >> 6);
    out[length + 1] = 0x80 | (cp & 0x3f);
    return length + 2;
  }
  if (cp < 0x10000) {
    out[length] = 0xe0 | (cp >> 12);
    out[length + 1] = 0x80 | ((cp >> 6) & 0x3f);
    out[length + 2] = 0x80 | (cp & 0x3f);
    return length + 3;
  }
  out[length] = 0xf0 | (cp >> 18);
  out[length + 1] = 0x80 | ((cp >> 12) & 0x3f);
  out[length + 2] = 0x80 | ((cp >> 6) & 0x3f);
  out[length + 3] = 0x80 | (cp & 0x3f);
  return length + 4;
}

/**
 * Decodes the JSON escapes of `line[start, end)` and returns the decoded bytes: a view of `out` when it is
 * given and long enough (`end - start` bytes always suffice), else a new array.
 *
 * `\" \\ \/ \b \f \n \r \t` become their character, `\uXXXX` its code unit in UTF-8 (a surrogate pair
 * becomes one 4-byte code point), anything else (not valid JSON) is copied unchanged. The output is never
 * longer than the input: every escape is at least as long as its UTF-8 encoding.
 *
 * @param line the bytes of one line (or of a chunk holding it).
 * @param start first byte, inclusive (default 0).
 * @param end last byte, exclusive (default `line.length`).
 * @param scratch where to decode (reused by the chunk scanner to avoid an allocation per line).
 */
export function unescapeJsonLine(line: Uint8Array, start = 0, end = line.length, scratch?: Uint8Array): Uint8Array {
  const out = scratch !== undefined && scratch.length >= end - start ? scratch : new Uint8Array(end - start);
  const source = Buffer.isBuffer(line) ? line : Buffer.from(line.buffer, line.byteOffset, line.byteLength);
  let length = 0;
  let i = start;
  while (i < end) {
    // Copy the run up to the next backslash in one memcpy: escapes are rare in most lines.
    let stop = source.indexOf(BACKSLASH, i);
    if (stop === -1 || stop > end) stop = end;
    if (stop > i) {
      source.copy(out, length, i, stop);
      length += stop - i;
      i = stop;
    }
    if (i >= end) break;
    if (i + 1 >= end) {
      out[length++] = BACKSLASH;
      i++;
      continue;
    }
    const next = source[i + 1]!;
    let decoded = -1;
    let width = 2;
    switch (next) {
      case 0x22: // \"
      case 0x5c: // \\
      case 0x2f: // \/
        decoded = next;
        break;
      case 0x62: // \b
        decoded = 0x08;
        break;
      case 0x66: // \f
        decoded = 0x0c;
        break;
      case 0x6e: // \n
        decoded = 0x0a;
        break;
      case 0x72: // \r
        decoded = 0x0d;
        break;
      case 0x74: // \t
        decoded = 0x09;
        break;
      case 0x75: {
        const unit = readUnicodeEscape(source, i, end);
        if (unit < 0) break;
        decoded = unit;
        width = 6;
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = readUnicodeEscape(source, i + 6, end);
          if (low >= 0xdc00 && low <= 0xdfff) {
            decoded = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
            width = 12;
          }
        }
        break;
      }
      default:
        break;
    }
    if (decoded === -1) {
      // Not a JSON escape: keep the backslash; what follows is copied as it is.
      out[length++] = BACKSLASH;
      i++;
      continue;
    }
    length = writeCodePoint(out, length, decoded);
    i += width;
  }
  return out.subarray(0, length);
}
