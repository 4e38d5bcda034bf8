/**
 * Saved `_search` responses (`{"took":…,"hits":{"hits":[…]}}`), pretty-printed or not, one or several
 * concatenated (the pages of a scroll or a `search_after` loop). One record per hit: `text` is the hit's
 * `_source` on one line, `line` the line where the hit object starts (CORPUS.md §7).
 */
import { describeMalformed, jsonErrorReason, notObjectReason } from './describe-malformed.js';
import { hitSourceText } from './hits-reader.js';
import { elementStarts, memberStart } from './json-span.js';
import { JsonValueSplitter, type JsonValueSink } from './json-value-splitter.js';
import type { FormatReader, RecordSink } from './record-sink.js';

/** Creates the `_search` response reader feeding `sink`. */
export function createSearchReader(sink: RecordSink): FormatReader {
  const splitter = new JsonValueSplitter();
  const { source, records } = sink;
  const valueSink: JsonValueSink = {
    problem: (p) => sink.malformed(describeMalformed(source, p.line, p.lineOffset, p.excerpt, p.reason)),
    value: ({ text, line, lineOffset, offset }) => {
      const bad = (reason: string): boolean => sink.malformed(describeMalformed(source, line, lineOffset, text, reason));
      let response: unknown;
      try {
        response = JSON.parse(text);
      } catch (error) {
        return bad(jsonErrorReason(error));
      }
      if (typeof response !== 'object' || response === null || Array.isArray(response)) return bad(notObjectReason(response));
      const outer = (response as Record<string, unknown>)['hits'];
      const hits = typeof outer === 'object' && outer !== null ? (outer as Record<string, unknown>)['hits'] : undefined;
      if (!Array.isArray(hits)) return bad('not a _search response (no "hits.hits" array)');
      const h = memberStart(text, 0, 'hits');
      const starts = elementStarts(text, memberStart(text, h, 'hits'));
      // Walk the hits in order, turning character positions into line numbers and byte offsets
      // incrementally: text[charBase] is at byte byteBase of the stream (the value starts at `offset`).
      let hitLine = line;
      let lineStartByte = lineOffset;
      let charBase = 0;
      let byteBase = offset;
      for (let k = 0; k < starts.length; k++) {
        const at = starts[k]!;
        const nl = text.lastIndexOf('\n', at - 1);
        if (nl >= charBase) {
          for (let p = text.indexOf('\n', charBase); p !== -1 && p <= nl; p = text.indexOf('\n', p + 1)) hitLine += 1;
          lineStartByte = byteBase + Buffer.byteLength(text.slice(charBase, nl + 1));
          byteBase = lineStartByte;
          charBase = nl + 1;
        }
        const hit = hits[k] as unknown;
        if (typeof hit !== 'object' || hit === null || Array.isArray(hit)) {
          if (!sink.malformed(describeMalformed(source, hitLine, lineStartByte, text.slice(at, at + 200), 'hit is not a JSON object'))) return false;
          continue;
        }
        const doc = hitSourceText(text, at, hit as Record<string, unknown>);
        if ('reason' in doc) {
          if (!sink.malformed(describeMalformed(source, hitLine, lineStartByte, text.slice(at, at + 200), doc.reason))) return false;
          continue;
        }
        records.push({ source, line: hitLine, offset: lineStartByte, text: doc.text, value: doc.value });
      }
      return true;
    },
  };
  return { push: (chunk) => splitter.push(chunk, valueSink), end: () => splitter.end(valueSink) };
}
