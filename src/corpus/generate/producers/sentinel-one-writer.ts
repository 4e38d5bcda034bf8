/**
 * SentinelOne lines after the integration pipeline, written straight into the block's byte buffer: the
 * same bytes as `renderSentinelOne` (sentinel-one-renderer.ts) + "\n" (tests hold it to that), without building the ~3 kB
 * string of every event. The host, account and process parts are cached as bytes per process; per event
 * only the times, ids, paths and sizes are written. Like the string renderer, a line depends on the
 * stamp's `epochMs` and `sequence` only (not on `timestamp` or `eventId`, which are Defend's and Endgame's).
 */
import type { Fleet, Host } from '../fleet.js';
import type { FileOp } from '../file-op.js';
import { asciiBytes, put, writeInteger, writeJsonString } from './json-bytes.js';
import { IsoMillisWriter } from '../timeline.js';
import { factsOf, TRACE_LENGTH, writeEventId, writeFileId, writePacketId } from './sentinel-one-ids.js';
import {
  DATA_STREAM_JSON,
  EVENT_TYPES,
  META_NAMES,
  PIPELINE_ACTIONS,
  sentinelOneParts,
  TAGS_JSON,
  type S1Stamp,
} from './sentinel-one-renderer.js';

type Action = keyof typeof EVENT_TYPES;

/** Per action: the constant runs of a line that depend on `event.action` only. */
const ACTION_PARTS = new Map<string, { head: Uint8Array; file: Uint8Array; meta: Uint8Array; type: Uint8Array }>(
  (Object.keys(EVENT_TYPES) as Action[]).map((action) => {
    const { action: pipelineAction, eventType } = PIPELINE_ACTIONS[action];
    return [
      action,
      {
        head: asciiBytes(
          `","data_stream":${DATA_STREAM_JSON},"ecs":{"version":"8.11.0"},"event":{"action":["${pipelineAction}"],"category":["file"],"dataset":"sentinel_one_cloud_funnel.event","id":"`,
        ),
        file: asciiBytes(`","kind":"event","type":["${eventType}"]},"file":{"created":"`),
        meta: asciiBytes(`","meta_event_name":"${META_NAMES[action]}`),
        type: asciiBytes(`","type":"${EVENT_TYPES[action]}`),
      },
    ];
  }),
);
const TIMESTAMP = asciiBytes('{"@timestamp":"');
const DIRECTORY = asciiBytes(',"directory":');
const MTIME = asciiBytes(',"mtime":"');
const NAME = asciiBytes(',"name":');
const PATH = asciiBytes(',"path":');
const SIZE = asciiBytes(',"size":');
const INGEST = asciiBytes('","ingest_time":"');
const TGT = asciiBytes('},"tgt":{"file":{"creation_time":"');
const TGT_ID = asciiBytes('","id":"');
const TGT_MTIME = asciiBytes('","is_executable":false,"location":"Local","modification_time":"');
const TGT_PATH = asciiBytes('","path":');
const UNKNOWN = asciiBytes(',"type":"UNKNOWN"');
const OLD = asciiBytes(',"old":{"path":');
const TIME = asciiBytes('}},"time":"');
const TIMESTAMP_KEY = asciiBytes('","timestamp":"');
const YEAR_START = asciiBytes('-01-01T');
const TRACE = asciiBytes('Z","trace_id":"');
/** The three times of a line, each from its own cache of the last second written (timeline.ts). */
const EVENT_TIME = new IsoMillisWriter();
const ATLANTIS_TIME = new IsoMillisWriter();
const INGEST_TIME = new IsoMillisWriter();
/** Bytes of a line beyond its cached parts and its paths: 8 times, 4 ids, 2 sizes and the constant runs. */
const SLACK = 1024;

/** The cached byte parts of a process's post-pipeline lines. */
export interface SentinelOneFragments {
  /** From the file object's `type` to the vendor block's `"id":"`. */
  readonly afterSize: Uint8Array;
  /** The vendor block's `mgmt`, `os_name` and the `packet_id` key. */
  readonly afterMeta: Uint8Array;
  /** `process_unique_key` and the `sca.atlantis_ingest_time` key. */
  readonly afterPacket: Uint8Array;
  /** `site`, `src.process` and the `task.path` key. */
  readonly afterIngest: Uint8Array;
  /** The end of the vendor block, `tags`, `user` and the newline. */
  readonly suffix: Uint8Array;
  readonly fixedBound: number;
}

/**
 * The fragments for post-pipeline lines of `op`'s process on `host` (cached on the process), or
 * undefined when one is not ASCII: that line is then rendered as a string. Only for events without a
 * shape variant (their `endpoint.os` is `linux`).
 */
export function sentinelOneFragments(op: FileOp, host: Host, fleet: Fleet): SentinelOneFragments | undefined {
  const cached = op.process.cache['s1.bytes'] as SentinelOneFragments | null | undefined;
  if (cached !== undefined) return cached ?? undefined;
  const { host: h, process: p, account } = sentinelOneParts(op, host, fleet, 'linux');
  const facts = factsOf(op.process, host);
  const texts = [
    `,"type":"UNKNOWN"},"group":{"id":${account.groupId}},"host":${h.host},"input":{"type":"aws-s3"},"process":${p.process},"related":${p.related},` +
      `"sentinel_one_cloud_funnel":{"event":{${h.head},"id":"`,
    `"${h.tail},"packet_id":"`,
    `","process_unique_key":"${facts.uid}","sca":{"atlantis_ingest_time":"`,
    `"},"site":${account.site},"src":{"process":${p.src}},"task":{"path":`,
    `"}},"tags":${TAGS_JSON},"user":${p.user}}\n`,
  ];
  let fragments: SentinelOneFragments | null = null;
  // One buffer for the five (views into it): one native pass per process, which is the ASCII check too —
  // UTF-8 takes one byte per character only when every character is ASCII (a lone surrogate takes 3).
  const joined = texts.join('');
  const all = Buffer.from(joined, 'utf8');
  if (all.length === joined.length) {
    const views: Uint8Array[] = [];
    let start = 0;
    for (const text of texts) {
      views.push(all.subarray(start, start + text.length));
      start += text.length;
    }
    const [afterSize, afterMeta, afterPacket, afterIngest, suffix] = views as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    fragments = { afterSize, afterMeta, afterPacket, afterIngest, suffix, fixedBound: all.length + SLACK };
  }
  op.process.cache['s1.bytes'] = fragments;
  return fragments ?? undefined;
}

/** An upper bound on the bytes {@link writeSentinelOneLine} writes for `op` with these fragments. */
export function sentinelOneLineBound(op: FileOp, fragments: SentinelOneFragments): number {
  // The path is written five times (file.path, directory + name, task.path, tgt.path), at most 6 bytes a character.
  return fragments.fixedBound + 30 * op.path.length + 6 * (op.originalPath?.length ?? 0);
}

/**
 * Writes one post-pipeline SentinelOne line (with its newline) at `offset` and returns the offset after
 * it, or -1 when the event cannot be written as ASCII bytes (the caller then renders it as a string).
 * `out` must have {@link sentinelOneLineBound} bytes free.
 */
export function writeSentinelOneLine(out: Buffer, offset: number, op: FileOp, host: Host, stamp: S1Stamp, f: SentinelOneFragments): number {
  const parts = ACTION_PARTS.get(op.action);
  if (parts === undefined) return -1;
  const ms = Math.floor(stamp.epochMs);
  const path = op.path;
  const size = op.content?.size ?? 0;
  // The pipeline's script: split at the last "\\" (else "/"), only for paths longer than one character.
  const separator = path.lastIndexOf('\\') === -1 ? path.lastIndexOf('/') : path.lastIndexOf('\\');
  const split = path.length > 1 && separator > -1;

  let at = put(out, offset, TIMESTAMP);
  // The event's time (`new Date(ms).toISOString()`) is written once, here, and copied from here after.
  const time = at;
  at = EVENT_TIME.write(out, at, ms);
  const timeEnd = at;
  at = put(out, at, parts.head);
  // event.id is written once, here; the vendor block's id and trace_id (its first 26 bytes) copy it.
  const id = at;
  at = writeEventId(out, at, host, stamp);
  const idEnd = at;
  // file: created, directory, mtime, name, path, size (the object ends in afterSize).
  at = put(out, at, parts.file);
  at = copyWritten(out, at, time, timeEnd);
  out[at++] = 0x22;
  if (split) {
    at = put(out, at, DIRECTORY);
    at = writeJsonString(out, at, path, 0, separator);
    if (at < 0) return -1;
  }
  at = put(out, at, MTIME);
  at = copyWritten(out, at, time, timeEnd);
  out[at++] = 0x22;
  if (split) {
    at = put(out, at, NAME);
    at = writeJsonString(out, at, path, separator + 1, path.length);
    if (at < 0) return -1;
  }
  at = put(out, at, PATH);
  const quotedPath = at;
  at = writeJsonString(out, at, path, 0, path.length);
  if (at < 0) return -1;
  const quotedPathEnd = at;
  at = put(out, at, SIZE);
  at = writeInteger(out, at, size);
  // The vendor block.
  at = put(out, at, f.afterSize);
  at = copyWritten(out, at, id, idEnd);
  at = put(out, at, parts.meta);
  at = put(out, at, f.afterMeta);
  at = writePacketId(out, at, host, stamp);
  at = put(out, at, f.afterPacket);
  at = ATLANTIS_TIME.write(out, at, ms + 9014);
  at = put(out, at, INGEST);
  // The pipeline parses sca:ingestTime (seconds) as epoch_millis: a 1970 date, as in the sample.
  at = INGEST_TIME.write(out, at, Math.floor(ms / 1000) + 9);
  at = put(out, at, f.afterIngest);
  at = copyWritten(out, at, quotedPath, quotedPathEnd);
  // tgt.file
  at = put(out, at, TGT);
  at = copyWritten(out, at, time, timeEnd);
  at = put(out, at, TGT_ID);
  at = writeFileId(out, at, op, host);
  at = put(out, at, TGT_MTIME);
  at = copyWritten(out, at, time, timeEnd);
  at = put(out, at, TGT_PATH);
  at = copyWritten(out, at, quotedPath, quotedPathEnd);
  at = put(out, at, SIZE);
  at = writeInteger(out, at, size);
  at = put(out, at, UNKNOWN);
  if (op.originalPath !== undefined) {
    at = put(out, at, OLD);
    at = writeJsonString(out, at, op.originalPath, 0, op.originalPath.length);
    if (at < 0) return -1;
    out[at++] = 0x7d; // }
  }
  at = put(out, at, TIME);
  at = copyWritten(out, at, time, timeEnd);
  // A time-of-day-only "timestamp" parses into January 1st of the event's year (as in the sample).
  at = put(out, at, TIMESTAMP_KEY);
  at = copyWritten(out, at, time, time + 4);
  at = put(out, at, YEAR_START);
  at = copyWritten(out, at, time + 11, time + 23);
  at = put(out, at, TRACE);
  at = copyWritten(out, at, id, id + TRACE_LENGTH);
  at = put(out, at, parts.type);
  return put(out, at, f.suffix);
}

/** Copies bytes already written in `out` (`from`..`to`) to `at`; returns the offset after them. */
function copyWritten(out: Buffer, at: number, from: number, to: number): number {
  for (let k = from; k < to; k++) out[at + k - from] = out[k] as number;
  return at + (to - from);
}
