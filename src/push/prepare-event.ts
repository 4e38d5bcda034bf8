/**
 * Turning a corpus line into a {@link PushEvent}: target, `_id`, re-timed document, agent, local match.
 * The line is parsed only when something needs its fields (routing by `data_stream.*`, `--retime`,
 * `--id-field`, `--agents`, `--verify`); with `--index`/`--data-stream` and nothing else its bytes go out
 * untouched, straight from the corpus chunk.
 */
import type { BulkEncoder } from './bulk-encode.js';
import type { DataStreamScanner } from './data-stream-scan.js';
import { computeDocumentId, readDocumentIdField } from './document-id.js';
import { routeEvent, type TargetOverride } from './event-routing.js';
import { readFieldPath } from './field-path.js';
import type { DeadLetterReason, PushEvent } from './push-event.js';
import { timestampToMs, type Retimer } from './retime.js';

/** What preparation needs. */
export interface PrepareOptions {
  /** Sizes the events' bulk lines (the run's encoder). */
  readonly encoder: BulkEncoder;
  readonly target?: TargetOverride;
  readonly idField?: string;
  readonly retimer?: Retimer;
  readonly agents: number;
  readonly match?: (doc: unknown) => boolean;
  /** Set when only routing needs the fields ({@link routingOnly}): spares the full parse. */
  readonly scanner?: DataStreamScanner;
}

/** Where the line is: `bytes[start, end)` of a chunk, from `source` line `line`, pass `iteration`. */
export interface LineRef {
  readonly source: string;
  readonly line: number;
  readonly iteration: number;
  readonly seq: number;
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

/** A prepared event, or the reason it cannot be sent (it is dead-lettered locally, status 0). */
export type Prepared =
  | { readonly ok: true; readonly event: PushEvent; readonly corpusMs: number | undefined }
  | { readonly ok: false; readonly event: PushEvent; readonly reason: DeadLetterReason };

/** True when {@link prepareEvent} must parse lines for these options. */
export function needsParse(options: PrepareOptions): boolean {
  return options.target === undefined || options.retimer !== undefined || options.idField !== undefined || options.agents > 1 || options.match !== undefined;
}

/** The fast path: no parsing, the bytes as they are, a content-hash id. */
export function prepareRaw(ref: LineRef, target: string, encoder: BulkEncoder): PushEvent {
  const id = computeDocumentId(ref.bytes.subarray(ref.start, ref.end), ref.iteration);
  return {
    seq: ref.seq,
    source: ref.source,
    line: ref.line,
    iteration: ref.iteration,
    agent: 0,
    target,
    id,
    idJson: id,
    doc: ref.bytes,
    docStart: ref.start,
    docEnd: ref.end,
    bytes: encoder.eventBytes(target, id, ref.end - ref.start, true),
  };
}

/** True when only routing needs the fields: {@link scanDataStream} usually spares the full parse. */
export function routingOnly(options: PrepareOptions): boolean {
  return options.target === undefined && options.retimer === undefined && options.idField === undefined && options.agents === 1 && options.match === undefined;
}

/** Prepares one line (parsing it when the options need fields). */
export function prepareEvent(ref: LineRef, options: PrepareOptions): Prepared {
  if (!needsParse(options)) return { ok: true, event: prepareRaw(ref, options.target!.name, options.encoder), corpusMs: undefined };
  if (options.scanner !== undefined) {
    const target = options.scanner.target(ref.bytes, ref.start, ref.end);
    if (target !== undefined) return { ok: true, event: prepareRaw(ref, target, options.encoder), corpusMs: undefined };
  }
  const raw = ref.bytes.subarray(ref.start, ref.end);
  const text = ref.bytes.toString('utf8', ref.start, ref.end);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return reject(ref, options, { status: 0, type: 'json_parse_exception', reason: `the corpus line is not JSON: ${reason}` });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return reject(ref, options, { status: 0, type: 'not_an_object', reason: 'the corpus line is JSON but not an object' });
  }
  const target = routeEvent(doc, options.target);
  let id: string;
  let idJson: string;
  if (options.idField !== undefined) {
    const fromField = readDocumentIdField(doc, options.idField);
    if (fromField === undefined) {
      return reject(ref, options, { status: 0, type: 'missing_id_field', reason: `--id-field ${options.idField} is missing, empty or not a string/number` }, target);
    }
    id = fromField;
    idJson = JSON.stringify(fromField).slice(1, -1);
  } else {
    id = computeDocumentId(raw, ref.iteration);
    idJson = id;
  }
  const corpusMs = timestampToMs(readFieldPath(doc, '@timestamp'));
  let bytes = ref.bytes;
  let start = ref.start;
  let end = ref.end;
  if (options.retimer !== undefined) {
    options.retimer.apply(doc);
    bytes = Buffer.from(JSON.stringify(doc));
    start = 0;
    end = bytes.length;
  }
  const agent = options.agents > 1 ? agentOf(doc, options.agents) : 0;
  const matched = options.match === undefined ? undefined : options.match(doc);
  const event: PushEvent = {
    seq: ref.seq,
    source: ref.source,
    line: ref.line,
    iteration: ref.iteration,
    agent,
    target,
    id,
    idJson,
    doc: bytes,
    docStart: start,
    docEnd: end,
    bytes: options.encoder.eventBytes(target, idJson, end - start),
    ...(matched === undefined ? {} : { matched }),
  };
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

function reject(ref: LineRef, options: PrepareOptions, reason: DeadLetterReason, target?: string): Prepared {
  const t = target ?? options.target?.name ?? '';
  const id = computeDocumentId(ref.bytes.subarray(ref.start, ref.end), ref.iteration);
  const event: PushEvent = {
    seq: ref.seq,
    source: ref.source,
    line: ref.line,
    iteration: ref.iteration,
    agent: 0,
    target: t,
    id,
    idJson: id,
    doc: ref.bytes,
    docStart: ref.start,
    docEnd: ref.end,
    bytes: 0,
  };
  return { ok: false, reason, event };
}
