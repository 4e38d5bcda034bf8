/**
 * Elastic Defend's `event.id` suffix: 8 characters of ASCII-ordered base64 (`+` is zero, then `/`, digits,
 * upper and lower case), so that ids sort like the counter they encode (CORPUS.md §1).
 */

/** The 64 digits in ASCII order, as character codes. */
const SORTABLE64_CODES = [...'+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'].map((c) => c.charCodeAt(0));

/** The 8-character form of `value` (a non-negative safe integer; only its low 48 bits are shown). */
export function sortable64(value: number): string {
  const codes = new Uint8Array(8);
  writeSortable64(codes, 0, value);
  return String.fromCharCode(...codes);
}

/**
 * Writes the same 8 characters as {@link sortable64}`(value)` as bytes at `at`; returns the offset after
 * them. No string is made: this runs once per Defend event on the byte-writing path.
 */
export function writeSortable64(out: Uint8Array, at: number, value: number): number {
  let v = value;
  for (let k = 7; k >= 0; k--) {
    out[at + k] = SORTABLE64_CODES[v % 64] as number;
    v = Math.floor(v / 64);
  }
  return at + 8;
}
