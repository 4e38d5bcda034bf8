/**
 * Elastic Defend lines written straight into the block's byte buffer: the same bytes as
 * {@link renderDefend} + "\n" (a test holds it to that), without building a ~2 KB string per event.
 * The host, process and user fragments are cached as bytes; only the timestamp, sequence, id and the
 * file block are written per event. For ASCII events only (the caller checks): then a UTF-16 code unit is
 * one byte and the copy needs no encoder.
 */
import type { Host } from '../fleet.js';
import type { FileOp, ProcessInfo } from '../file-op.js';
import { EVENT_TYPE, fileJson, hostFragments, processJson, userGroupJson, type EventStamp } from './defend-renderer.js';

const MESSAGE = ascii(',"message":"Endpoint file event","@timestamp":"');
const FILE = ascii('","file":');
const CREATED = ascii(',"created":"');
const ACTION = ascii('","kind":"event","module":"endpoint","action":"');
const ID = ascii('","id":"');
const CATEGORY = ascii('","category":["file"],"type":["');
const OUTCOME = ascii('"],"dataset":"endpoint.events.file","outcome":"unknown"},');
const END = ascii('}\n');
/** Bytes beyond the cached fragments and the file block that one line can need (timestamps, ids). */
const SLACK = 256;

/** The cached byte fragments one line is made of (per process: a process belongs to one host and user). */
export interface DefendFragments {
  readonly head: Uint8Array;
  readonly process: Uint8Array;
  readonly mid: Uint8Array;
  readonly userGroup: Uint8Array;
  /** Their total length plus {@link SLACK}: with the file block's length, a bound on the line. */
  readonly fixedBound: number;
}

/** The fragments for an event of `process` on `host` (built once per process). */
export function defendFragments(process: ProcessInfo, host: Host): DefendFragments {
  let fragments = process.cache['defend.bytes'] as DefendFragments | undefined;
  if (fragments === undefined) {
    let hostBytes = host.cache['defend.bytes'] as { head: Uint8Array; mid: Uint8Array } | undefined;
    if (hostBytes === undefined) {
      const head = (host.cache['defend.head'] as string | undefined) ?? hostFragments(host);
      hostBytes = { head: ascii(head), mid: ascii(host.cache['defend.mid'] as string) };
      host.cache['defend.bytes'] = hostBytes;
    }
    const processBytes = ascii(processJson(process, host));
    const userGroup = ascii(userGroupJson(process.user, host));
    fragments = {
      head: hostBytes.head,
      process: processBytes,
      mid: hostBytes.mid,
      userGroup,
      fixedBound: hostBytes.head.length + processBytes.length + hostBytes.mid.length + userGroup.length + SLACK,
    };
    process.cache['defend.bytes'] = fragments;
  }
  return fragments;
}

/**
 * Writes one Defend line (with its newline) at `offset` and returns the offset after it. `file` is
 * {@link fileJson}`(op)`; `out` must have `fragments.fixedBound + file.length` bytes free.
 */
export function writeDefendLine(out: Buffer, offset: number, op: FileOp, stamp: EventStamp, file: string, f: DefendFragments): number {
  let at = offset;
  at = put(out, at, f.head);
  at = put(out, at, f.process);
  at = put(out, at, MESSAGE);
  at = text(out, at, stamp.timestamp);
  at = put(out, at, FILE);
  at = text(out, at, file);
  at = put(out, at, f.mid);
  at = text(out, at, String(stamp.sequence));
  at = put(out, at, CREATED);
  at = text(out, at, stamp.timestamp);
  at = put(out, at, ACTION);
  at = text(out, at, op.action);
  at = put(out, at, ID);
  at = text(out, at, stamp.eventId);
  at = put(out, at, CATEGORY);
  at = text(out, at, EVENT_TYPE[op.action] as string);
  at = put(out, at, OUTCOME);
  at = put(out, at, f.userGroup);
  return put(out, at, END);
}

function ascii(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

function put(out: Buffer, at: number, bytes: Uint8Array): number {
  out.set(bytes, at);
  return at + bytes.length;
}

/** Copies an ASCII string; a JS loop beats a native call for the short strings written here. */
function text(out: Buffer, at: number, s: string): number {
  const n = s.length;
  for (let k = 0; k < n; k++) out[at + k] = s.charCodeAt(k);
  return at + n;
}
