/**
 * NDJSON of documents: one `_source` per line (Beats/Agent file output, corpus generators). Blank lines
 * are skipped; CRLF is tolerated; a line that is not a JSON object is malformed.
 */
import { describeMalformed, jsonErrorReason, notObjectReason } from './describe-malformed.js';
import { LineSplitter, type OnLine } from './line-splitter.js';
import type { FormatReader, RecordSink } from './record-sink.js';

/** True when a line holds only whitespace (skipped in every line-oriented format). */
export function isBlankLine(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  // A JSON line starts with "{": the regex runs only for lines that start with whitespace.
  return (c === 0x20 || c === 0x09 || c === 0x0d) && /^[ \t\r]*$/.test(text);
}

/**
 * Parses one line as a JSON object, or returns the reason it is not one.
 * Shared by every line-oriented reader so that they call the same lines malformed for the same reasons.
 */
export function parseObjectLine(text: string): { value: Record<string, unknown> } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: jsonErrorReason(error) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: notObjectReason(value) };
  return { value: value as Record<string, unknown> };
}

/** The document a line's object holds (its text and value), or the reason it holds none. */
export type SelectDocument = (
  text: string,
  value: Record<string, unknown>,
) => { text: string; value: Record<string, unknown> } | { reason: string };

/**
 * Creates a reader of one JSON object per line feeding `sink`: blank lines skipped, a line that is not a
 * JSON object or holds no document malformed. `select` takes the document out of the line's object; by
 * default the object is the document (NDJSON).
 */
export function createObjectLineReader(sink: RecordSink, select?: SelectDocument): FormatReader {
  const splitter = new LineSplitter();
  const { source, records } = sink;
  const onLine: OnLine = (text, line, offset) => {
    if (isBlankLine(text)) return true;
    const parsed = parseObjectLine(text);
    if ('reason' in parsed) return sink.malformed(describeMalformed(source, line, offset, text, parsed.reason));
    const doc = select === undefined ? { text, value: parsed.value } : select(text, parsed.value);
    if ('reason' in doc) return sink.malformed(describeMalformed(source, line, offset, text, doc.reason));
    records.push({ source, line, offset, text: doc.text, value: doc.value });
    return true;
  };
  return { push: (chunk) => splitter.push(chunk, onLine), end: () => splitter.end(onLine) };
}

/** Creates the NDJSON reader feeding `sink`. */
export function createNdjsonReader(sink: RecordSink): FormatReader {
  return createObjectLineReader(sink);
}
