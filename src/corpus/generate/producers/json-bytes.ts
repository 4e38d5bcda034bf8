/**
 * Writing JSON text straight into a byte buffer, for the producers' byte writers (defend-writer.ts,
 * sentinel-one-writer.ts). ASCII only: every writer answers -1 on the first non-ASCII character, and its
 * caller then renders the line as a string and encodes it as UTF-8. Strings are escaped as
 * JSON.stringify does: an ASCII string with no `"`, `\` or control character is its own JSON text
 * between quotes (ECMA-262 QuoteJSONString); anything else goes through JSON.stringify.
 */

/**
 * Writes `JSON.stringify(s.slice(from, to))` at `at` and returns the offset after it, or -1 when the slice
 * holds a non-ASCII character. Plain characters are copied; the first one JSON must escape hands the
 * slice to JSON.stringify (rare: only edge-case paths have them). At most 6 bytes per character.
 */
export function writeJsonString(out: Uint8Array, at: number, s: string, from: number, to: number): number {
  out[at] = 0x22;
  let k = at + 1;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7f) return c > 0x7f ? -1 : writeAscii(out, at, JSON.stringify(s.slice(from, to)));
    out[k++] = c;
  }
  out[k] = 0x22;
  return k + 1;
}

/**
 * Copies an ASCII string and returns the offset after it, or -1 at a non-ASCII character (a JS loop
 * beats a native call for the short strings written here).
 */
export function writeAscii(out: Uint8Array, at: number, s: string): number {
  const n = s.length;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c > 0x7f) return -1;
    out[at + k] = c;
  }
  return at + n;
}

/** Writes `String(n)`: a non-negative safe integer digit by digit, anything else through String (≤ 24 bytes). */
export function writeInteger(out: Uint8Array, at: number, n: number): number {
  if (!(Number.isSafeInteger(n) && n >= 0)) return writeAscii(out, at, String(n));
  let digits = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
  let v = n;
  for (let k = digits - 1; k >= 0; k--) {
    out[at + k] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + digits;
}

/**
 * Copies `bytes` to `at` and returns the offset after them. Most fragments are a few dozen bytes, for
 * which a loop beats `set` (a call into the runtime each time).
 */
export function put(out: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > 48) {
    out.set(bytes, at);
  } else {
    for (let k = 0; k < n; k++) out[at + k] = bytes[k] as number;
  }
  return at + n;
}

/** True when every character of `s` is ASCII (one byte in UTF-8 and in latin1). */
export function isAscii(s: string): boolean {
  // Long fragments: one native pass (a non-ASCII character takes 2 to 4 UTF-8 bytes, a lone surrogate 3).
  if (s.length > 64) return Buffer.byteLength(s, 'utf8') === s.length;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return false;
  return true;
}

/** The bytes of an ASCII (or latin1) string. */
export function asciiBytes(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}
