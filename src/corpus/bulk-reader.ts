/**
 * `_bulk` request bodies: action line + document line pairs (CORPUS.md §7). `create` and `index` pairs
 * yield their document (its `line` is the document line). Everything else is reported as malformed,
 * never dropped silently: an `update` pair (its second line is a partial update or a script, not an event),
 * a `delete` action (it has no document line), a line that is not an action where one is expected, and an
 * action left without its document at the end of the input.
 */
import { describeMalformed } from './describe-malformed.js';
import { LineSplitter, type OnLine } from './line-splitter.js';
import { isBlankLine, parseObjectLine } from './ndjson-reader.js';
import type { FormatReader, RecordSink } from './record-sink.js';

/** The actions of the `_bulk` API. */
export type BulkAction = 'create' | 'index' | 'update' | 'delete';

const ACTIONS: ReadonlySet<string> = new Set<BulkAction>(['create', 'index', 'update', 'delete']);

/**
 * The action of a parsed line, or undefined when it is not an action line: exactly one key, an action
 * name, whose value is an object (`{"create":{"_index":"logs"}}`).
 */
export function bulkActionOf(value: Record<string, unknown>): BulkAction | undefined {
  let action: string | undefined;
  for (const key in value) {
    if (action !== undefined) return undefined;
    action = key;
  }
  if (action === undefined || !ACTIONS.has(action)) return undefined;
  const meta = value[action];
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (action as BulkAction) : undefined;
}

const enum Expect {
  Action,
  Document,
  /** The line after a bad action line: an action if it parses as one, else that bad action's document. */
  ActionOrOrphan,
}

/** Creates the `_bulk` body reader feeding `sink`. */
export function createBulkReader(sink: RecordSink): FormatReader {
  const splitter = new LineSplitter();
  const { source, records } = sink;
  let expect = Expect.Action;
  // The action waiting for its document line.
  let actionName: BulkAction = 'create';
  let actionLine = 0;
  let actionOffset = 0;
  let actionText = '';

  const onLine: OnLine = (text, line, offset) => {
    if (isBlankLine(text)) return true;
    const parsed = parseObjectLine(text);
    if (expect === Expect.Document) {
      expect = Expect.Action;
      if (actionName === 'update') {
        const reason = `"update" action: its next line (${line}) is a partial update or a script, not a document; pair skipped`;
        return sink.malformed(describeMalformed(source, actionLine, actionOffset, actionText, reason));
      }
      if ('reason' in parsed) return sink.malformed(describeMalformed(source, line, offset, text, parsed.reason));
      records.push({ source, line, offset, text, value: parsed.value });
      return true;
    }
    const action = 'value' in parsed ? bulkActionOf(parsed.value) : undefined;
    if (action === undefined) {
      if (expect === Expect.ActionOrOrphan) {
        expect = Expect.Action;
        const reason = `document of the bad action line ${actionLine}; skipped`;
        return sink.malformed(describeMalformed(source, line, offset, text, reason));
      }
      expect = Expect.ActionOrOrphan;
      actionLine = line;
      const reason =
        'reason' in parsed
          ? parsed.reason
          : 'not a _bulk action line (expected {"create"|"index"|"update"|"delete":{…}})';
      return sink.malformed(describeMalformed(source, line, offset, text, reason));
    }
    if (action === 'delete') {
      expect = Expect.Action;
      const reason = '"delete" action has no document; skipped';
      return sink.malformed(describeMalformed(source, line, offset, text, reason));
    }
    expect = Expect.Document;
    actionName = action;
    actionLine = line;
    actionOffset = offset;
    actionText = text;
    return true;
  };

  return {
    push: (chunk) => splitter.push(chunk, onLine),
    end: () => {
      if (!splitter.end(onLine)) return false;
      if (expect !== Expect.Document) return true;
      const reason = `"${actionName}" action without a document line (end of input)`;
      return sink.malformed(describeMalformed(source, actionLine, actionOffset, actionText, reason));
    },
  };
}
