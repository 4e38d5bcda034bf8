/**
 * Turning a corpus line into a {@link PushEvent}: target, `_id`, re-timed text, agent, local match.
 * The line is parsed only when something needs its fields (routing by `data_stream.*`, `--retime`,
 * `--id-field`, `--agents`, `--verify`); with `--index`/`--data-stream` and nothing else it goes out
 * byte for byte.
 */
import { bulkEventBytes } from './bulk-encode.js';
import { computeDocumentId, readDocumentIdField } from './document-id.js';
import { routeEvent, type TargetOverride } from './event-routing.js';
import { readFieldPath } from './field-path.js';
import type { DeadLetterReason, PushEvent } from './push-event.js';
import { timestampToMs, type Retimer } from './retime.js';

/** One line of a corpus, as the corpus readers yield it. */
export interface PushInputRecord {
  /** File path, or `-` for stdin. */
  readonly source: string;
  /** 1-based line (or record) number. */
  readonly line: number;
  /** The document as one line of JSON. */
  readonly text: string;
}

/** What preparation needs. */
export interface PrepareOptions {
  readonly target?: TargetOverride;
  readonly idField?: string;
  readonly retimer?: Retimer;
  readonly agents: number;
  readonly match?: (doc: unknown) => boolean;
}

/** A prepared event, or the reason it cannot be sent (it is dead-lettered locally, status 0). */
export type Prepared =
  | { readonly ok: true; readonly event: PushEvent; readonly corpusMs: number | undefined }
  | { readonly ok: false; readonly event: PushEvent; readonly reason: DeadLetterReason };

/** True when {@link prepareEvent} must parse lines for these options. */
export function needsParse(options: PrepareOptions): boolean {
  return options.target === undefined || options.retimer !== undefined || options.idField !== undefined || options.agents > 1 || options.match !== undefined;
}

/** Prepares one record as event number `seq` of pass `iteration`. */
export function prepareEvent(record: PushInputRecord, seq: number, iteration: number, options: PrepareOptions): Prepared {
  const base = { seq, source: record.source, line: record.line, iteration };
  if (!needsParse(options)) {
    const target = options.target!.name;
    const id = computeDocumentId(record.text, iteration);
    return { ok: true, corpusMs: undefined, event: { ...base, target, id, text: record.text, agent: 0, bytes: bulkEventBytes(target, id, record.text) } };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(record.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return reject(record, base, options, { status: 0, type: 'json_parse_exception', reason: `the corpus line is not JSON: ${reason}` });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return reject(record, base, options, { status: 0, type: 'not_an_object', reason: 'the corpus line is JSON but not an object' });
  }
  const target = routeEvent(doc, options.target);
  let id: string;
  if (options.idField !== undefined) {
    const fromField = readDocumentIdField(doc, options.idField);
    if (fromField === undefined) {
      return reject(record, base, options, { status: 0, type: 'missing_id_field', reason: `--id-field ${options.idField} is missing, empty or not a string/number` }, target);
    }
    id = fromField;
  } else {
    id = computeDocumentId(record.text, iteration);
  }
  const corpusMs = timestampToMs(readFieldPath(doc, '@timestamp'));
  let text = record.text;
  if (options.retimer !== undefined) {
    options.retimer.apply(doc);
    text = JSON.stringify(doc);
  }
  const agent = options.agents > 1 ? agentOf(doc, options.agents) : 0;
  const matched = options.match === undefined ? undefined : options.match(doc);
  const event: PushEvent = { ...base, target, id, text, agent, bytes: bulkEventBytes(target, id, text), ...(matched === undefined ? {} : { matched }) };
  return { ok: true, event, corpusMs };
}

/**
 * The simulated agent an event belongs to: a hash of its `agent.id` (else `host.id`, else `host.name`)
 * modulo the agent count, so every host's events come from one agent, as in a real fleet.
 */
export function agentOf(doc: unknown, agents: number): number {
  const key = readFieldPath(doc, 'agent.id') ?? readFieldPath(doc, 'host.id') ?? readFieldPath(doc, 'host.name');
  if (typeof key !== 'string' && typeof key !== 'number') return 0;
  // FNV-1a 32-bit: cheap, stable across runs and platforms.
  let h = 0x811c9dc5;
  const s = String(key);
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % agents;
}

function reject(record: PushInputRecord, base: Omit<PushEvent, 'target' | 'id' | 'text' | 'agent' | 'bytes'>, options: PrepareOptions, reason: DeadLetterReason, target?: string): Prepared {
  const t = target ?? options.target?.name ?? '';
  const id = computeDocumentId(record.text, base.iteration);
  return { ok: false, reason, event: { ...base, target: t, id, text: record.text, agent: 0, bytes: 0 } };
}
