/**
 * Kibana archives (es_archiver `data.json`): pretty-printed `{"type":"doc","value":{"index","id","source"}}`
 * objects separated by blank lines (CORPUS.md §7). A record's `text` is `value.source` on one line; its
 * `line` is the line where the object starts. Objects of another type (`index`, `data_stream`: a
 * `mappings.json`) are reported, not read as documents.
 */
import { describeMalformed, jsonErrorReason, notObjectReason } from './describe-malformed.js';
import { compactValue, memberStart, skipValue } from './json-span.js';
import { JsonValueSplitter, type JsonValueSink } from './json-value-splitter.js';
import type { FormatReader, RecordSink } from './record-sink.js';

/** Creates the archive reader feeding `sink`. */
export function createArchiveReader(sink: RecordSink): FormatReader {
  const splitter = new JsonValueSplitter();
  const { source, records } = sink;
  const valueSink: JsonValueSink = {
    problem: (p) => sink.malformed(describeMalformed(source, p.line, p.lineOffset, p.excerpt, p.reason)),
    value: ({ text, line, lineOffset }) => {
      const bad = (reason: string): boolean => sink.malformed(describeMalformed(source, line, lineOffset, text, reason));
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch (error) {
        return bad(jsonErrorReason(error));
      }
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return bad(notObjectReason(entry));
      const { type, value } = entry as Record<string, unknown>;
      if (type !== 'doc') {
        return bad(type === undefined ? 'not an archive entry (no "type")' : `archive entry of type ${JSON.stringify(type)}, not "doc"; skipped`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('archive entry has no "value" object');
      const src = (value as Record<string, unknown>)['source'];
      if (typeof src !== 'object' || src === null || Array.isArray(src)) return bad('archive entry has no "value.source" object');
      const v = memberStart(text, 0, 'value');
      const s = memberStart(text, v, 'source');
      records.push({ source, line, offset: lineOffset, text: compactValue(text, s, skipValue(text, s)), value: src as Record<string, unknown> });
      return true;
    },
  };
  return { push: (chunk) => splitter.push(chunk, valueSink), end: () => splitter.end(valueSink) };
}
