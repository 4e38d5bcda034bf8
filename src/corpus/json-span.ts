/**
 * Finds values inside JSON text that `JSON.parse` has already accepted, without re-serialising them: a
 * document's `_source` keeps its exact bytes (64-bit integers, `1.0`, key order), which matter when the
 * same corpus is pushed to Elasticsearch or replayed against a rule on a `long` field.
 *
 * Every function here assumes valid JSON; they are positional scanners, not validators.
 */

/** Index of the first non-whitespace character at or after `i`. */
export function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i += 1;
    else return i;
  }
}

/** End index (exclusive) of the string literal starting at `i` (its opening quote). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; ; ) {
    const q = text.indexOf('"', j);
    // Count the backslashes before the quote: an odd number escapes it.
    let k = q - 1;
    while (text.charCodeAt(k) === 0x5c) k -= 1;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** End index (exclusive) of the value starting at `i` (no leading whitespace). */
export function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    // number, true, false, null: ends at a delimiter
    let j = i + 1;
    for (; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    }
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 0x22) j = skipString(text, j) - 1;
    else if (d === 0x7b || d === 0x5b) depth += 1;
    else if (d === 0x7d || d === 0x5d) {
      depth -= 1;
      if (depth === 0) return j + 1;
    }
  }
  return text.length;
}

/**
 * Start index of the value of `key` in the object starting at `i`, or -1. With duplicate keys the last
 * one wins, as with `JSON.parse`.
 */
export function memberStart(text: string, i: number, key: string): number {
  let found = -1;
  let j = skipSpace(text, i + 1);
  if (text.charCodeAt(j) === 0x7d) return -1;
  for (;;) {
    const keyEnd = skipString(text, j);
    const raw = text.slice(j + 1, keyEnd - 1);
    const name = raw.includes('\\') ? (JSON.parse(text.slice(j, keyEnd)) as string) : raw;
    j = skipSpace(text, skipSpace(text, keyEnd) + 1); // past ':'
    if (name === key) found = j;
    j = skipSpace(text, skipValue(text, j));
    if (text.charCodeAt(j) !== 0x2c) return found;
    j = skipSpace(text, j + 1);
  }
}

/** Start index of every element of the array starting at `i`. */
export function elementStarts(text: string, i: number): number[] {
  const starts: number[] = [];
  let j = skipSpace(text, i + 1);
  if (text.charCodeAt(j) === 0x5d) return starts;
  for (;;) {
    starts.push(j);
    j = skipSpace(text, skipValue(text, j));
    if (text.charCodeAt(j) !== 0x2c) return starts;
    j = skipSpace(text, j + 1);
  }
}

/**
 * The value at [start, end) on one line: unchanged when it already is, otherwise with the whitespace
 * outside strings removed (pretty-printed `_source` → an NDJSON line; a raw newline cannot occur inside
 * a JSON string, so nothing inside a string changes).
 */
export function compactValue(text: string, start: number, end: number): string {
  const slice = text.slice(start, end);
  if (!slice.includes('\n') && !slice.includes('\r')) return slice;
  let out = '';
  let runStart = 0;
  for (let j = 0; j < slice.length; j++) {
    const c = slice.charCodeAt(j);
    if (c === 0x22) {
      j = skipString(slice, j) - 1;
    } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      out += slice.slice(runStart, j);
      let k = j + 1;
      while (k < slice.length) {
        const d = slice.charCodeAt(k);
        if (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) k += 1;
        else break;
      }
      runStart = k;
      j = k - 1;
    }
  }
  return out + slice.slice(runStart);
}
