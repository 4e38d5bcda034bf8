/**
 * Elastic Defend lines written straight into the block's byte buffer: the same bytes as
 * {@link renderDefend} + "\n" (a test holds it to that), without building a ~2 KB string per event.
 * The host, process and user fragments are cached as bytes; only the timestamp, sequence, id and the
 * file block are written per event. For ASCII events only (the caller checks): then a UTF-16 code unit is
 * one byte and the copy needs no encoder.
 */
import type { Host } from '../fleet.js';
import type { FileOp, ProcessInfo, UserAccount } from '../file-op.js';
import { EVENT_TYPE, fileJson, hostFragments, processJson, userGroupJson, type EventStamp } from './defend-renderer.js';

const MESSAGE = ascii(',"message":"Endpoint file event","@timestamp":"');
const FILE = ascii('","file":');
const CREATED = ascii(',"created":"');
const ACTION = ascii('","kind":"event","module":"endpoint","action":"');
const ID = ascii('","id":"');
const CATEGORY = ascii('","category":["file"],"type":["');
const OUTCOME = ascii('"],"dataset":"endpoint.events.file","outcome":"unknown"},');
const END = ascii('}\n');
/** Bytes beyond the cached fragments and the file block that one line can need. */
const SLACK = 256;

/**
 * The bytes one line will take at most, for the caller's capacity check: the cached fragments plus the
 * file block plus {@link SLACK}.
 */
export function defendLineBound(op: FileOp, host: Host, file: string): number {
  const f = fragments(op.process, host);
  return f.head.length + f.process.length + f.mid.length + userGroup(op.process.user, host).length + file.length + SLACK;
}

/**
 * Writes one Defend line (with its newline) at `offset` and returns the offset after it. `file` is
 * {@link fileJson}`(op)`; `out` must have {@link defendLineBound} bytes free.
 */
export function writeDefendLine(out: Buffer, offset: number, op: FileOp, host: Host, stamp: EventStamp, file: string): number {
  const f = fragments(op.process, host);
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
  at = put(out, at, userGroup(op.process.user, host));
  return put(out, at, END);
}

/** The cached byte fragments of a host and process. */
function fragments(process: ProcessInfo, host: Host): { head: Uint8Array; mid: Uint8Array; process: Uint8Array } {
  let hostBytes = host.cache['defend.bytes'] as { head: Uint8Array; mid: Uint8Array } | undefined;
  if (hostBytes === undefined) {
    const head = (host.cache['defend.head'] as string | undefined) ?? hostFragments(host);
    hostBytes = { head: ascii(head), mid: ascii(host.cache['defend.mid'] as string) };
    host.cache['defend.bytes'] = hostBytes;
  }
  // A process belongs to one host, so its bytes (one command-line policy) can live on the process.
  let processBytes = process.cache['defend.bytes'] as Uint8Array | undefined;
  if (processBytes === undefined) {
    processBytes = ascii(processJson(process, host));
    process.cache['defend.bytes'] = processBytes;
  }
  return { head: hostBytes.head, mid: hostBytes.mid, process: processBytes };
}

function userGroup(user: UserAccount, host: Host): Uint8Array {
  const key = `ug.bytes:${user.name}`;
  let bytes = host.cache[key] as Uint8Array | undefined;
  if (bytes === undefined) {
    bytes = ascii(userGroupJson(user, host));
    host.cache[key] = bytes;
  }
  return bytes;
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
