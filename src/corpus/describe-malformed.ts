/**
 * One shared description of a malformed corpus line, so that the reader (main thread) and a replay worker
 * (which meets lines the chunker did not validate) report the same facts in the same shape.
 */

/** A line (or multi-line JSON value) that is not a document; reported, never dropped silently. */
export interface MalformedLine {
  /** The corpus path as given, or `-` for stdin. */
  readonly source: string;
  /** 1-based line where the bad input starts. */
  readonly line: number;
  /** Byte offset of that line in the (decompressed) stream. */
  readonly offset: number;
  /** The start of the bad input, truncated to {@link EXCERPT_CHARS} characters, control characters escaped. */
  readonly excerpt: string;
  /** Why it is malformed (the JSON error, or what was expected). */
  readonly reason: string;
}

/** How many characters of a malformed line an excerpt keeps before it is truncated with `…`. */
export const EXCERPT_CHARS = 120;

/**
 * Builds a {@link MalformedLine}. `input` is the bad line without its terminator (`\n` or `\r\n`), as text
 * or as raw bytes — a replay worker passes the bytes of a chunk's line and gets exactly what `readCorpus`
 * reports for the same line. The excerpt escapes control characters (`\t`, `\r`, `\u0000`…) so a binary
 * line is visible in a terminal, and ends with `… (N more characters)` when cut at {@link EXCERPT_CHARS}.
 */
export function describeMalformed(
  source: string,
  line: number,
  offset: number,
  input: string | Uint8Array,
  reason: string,
): MalformedLine {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  const cut = text.length > EXCERPT_CHARS;
  let excerpt = escapeControls(cut ? text.slice(0, EXCERPT_CHARS) : text);
  if (cut) excerpt += `… (${text.length - EXCERPT_CHARS} more characters)`;
  return { source, line, offset, excerpt, reason };
}

/** The reason text for a value that `JSON.parse` rejected. */
export function jsonErrorReason(error: unknown): string {
  return `not JSON: ${error instanceof Error ? error.message : String(error)}`;
}

/** The reason text for valid JSON that is not an object (a document must be one). */
export function notObjectReason(value: unknown): string {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return `not a JSON object (found ${kind})`;
}

function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      case '\n':
        return '\\n';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}
