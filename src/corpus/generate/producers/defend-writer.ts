/**
 * Elastic Defend lines written straight into the block's byte buffer: the same bytes as
 * `renderDefend` (defend-renderer.ts) + "\n" (tests hold it to that, on generated corpora and on arbitrary paths),
 * without building a ~2.4 kB string per event — nor the file block's string, the timestamp's or the id's.
 *
 * A line is: [agent + process + message] per process · @timestamp · file block · [ecs … host …
 * "sequence":] per host · sequence · created · [action, id key] per action · event.id · [category, type,
 * dataset, outcome] per action · [user, group] per process. The bracketed parts are cached as bytes; the
 * rest is written digit by digit or character by character (ASCII only: the writer gives up with -1 on
 * the first non-ASCII character, and the caller renders that event as a string and encodes it as UTF-8).
 * Strings are escaped exactly as JSON.stringify does (json-bytes.ts).
 */
import type { Host } from '../fleet.js';
import type { FileOp, ProcessInfo, UserAccount } from '../file-op.js';
import { writeSortable64 } from '../sortable64.js';
import type { TimestampFormatter } from '../timeline.js';
import { EVENT_TYPE, hostFragments, processJson, userGroupJson } from './defend-renderer.js';
import { asciiBytes as ascii, isAscii, put, writeAscii, writeInteger, writeJsonString } from './json-bytes.js';

const MESSAGE = ascii(',"message":"Endpoint file event","@timestamp":"');
const FILE = ascii('","file":');
const CREATED = ascii(',"created":"');
/** `…"action":"<action>","id":"` and `","category":…"outcome":"unknown"},` for each Linux Defend action. */
const ACTION_ID = new Map<string, Uint8Array>();
const TYPE_OUTCOME = new Map<string, Uint8Array>();
for (const [action, type] of Object.entries(EVENT_TYPE)) {
  ACTION_ID.set(action, ascii(`","kind":"event","module":"endpoint","action":"${action}","id":"`));
  TYPE_OUTCOME.set(action, ascii(`","category":["file"],"type":["${type}"],"dataset":"endpoint.events.file","outcome":"unknown"},`));
}
const LONGEST_ACTION_PARTS = Math.max(...[...ACTION_ID.values(), ...TYPE_OUTCOME.values()].map((b) => b.length)) * 2;

const RENAME_HEAD = ascii('{"Ext":{"original":{"path":');
const RENAME_MID = ascii('}},"path":');
const CONTENT_HEAD = ascii('{"Ext":{"entropy":');
const HEADER_BYTES = ascii(',"header_bytes":"');
const CONTENT_PATH = ascii('"},"path":');
const SIZE = ascii(',"size":');
const HASH = ascii(',"hash":{"sha256":"');
const CONTENT_END = ascii('"}}');
const PATH_HEAD = ascii('{"path":');
const EXTENSION = ascii(',"extension":');
const NAME = ascii(',"name":');

/**
 * Bytes one line can need beyond its cached fragments and its paths: two timestamps (≤ 2 × 30), the
 * sequence (≤ 21), the id (24), the action parts, the file block's keys, a size (≤ 21) and an entropy
 * (≤ 25).
 */
const SLACK = 512 + LONGEST_ACTION_PARTS;
/**
 * Bytes a path character can take in the file block: it is written up to three times (path, name and
 * extension share characters), each as at most six bytes (`\u001f`).
 */
const PATH_BYTES_PER_CHAR = 18;

/** The cached byte fragments of a process's lines (a process belongs to one host and one user). */
export interface DefendFragments {
  /** `{"agent":…,"process":{…},"message":"Endpoint file event","@timestamp":"` */
  readonly prefix: Uint8Array;
  /** `,"ecs":… "host":{…},"event":{"sequence":` (the host's) */
  readonly mid: Uint8Array;
  /** The host's `event.id` prefix (16 characters). */
  readonly idPrefix: Uint8Array;
  /** `"user":…,"group":…}` and the newline. */
  readonly suffix: Uint8Array;
  /** Their total length plus {@link SLACK}: with the file block's bound, a bound on the line. */
  readonly fixedBound: number;
}

/** What makes one Defend line besides its operation and its process's fragments. */
export interface DefendLineStamp {
  readonly timestamps: TimestampFormatter;
  /** The event's time in ticks (see timeline.ts). */
  readonly tick: number;
  readonly sequence: number;
  /** The counter whose `sortable64` form follows the host's id prefix in `event.id`. */
  readonly idValue: number;
}

/**
 * The fragments for events of `process` on `host`, built once per process (cached on it). Returns
 * undefined when a fragment would not be ASCII (the byte writer then does not apply).
 */
export function defendFragments(process: ProcessInfo, host: Host): DefendFragments | undefined {
  const cached = process.cache['defend.bytes'] as DefendFragments | null | undefined;
  if (cached !== undefined) return cached ?? undefined;
  const hostBytes = hostFragmentBytes(host);
  // What a process adds to its lines besides base64 ids and numbers: its name, executable and command
  // line, and its user's and group's names. Checked as fields: the rendered fragments are long.
  const user = process.user;
  const asciiProcess =
    isAscii(process.name) && isAscii(process.executable) && isAscii(process.commandLine) && isAscii(user.name) && isAscii(user.group);
  let fragments: DefendFragments | null = null;
  if (hostBytes !== null && asciiProcess) {
    const processText = processJson(process, host);
    const prefix = Buffer.allocUnsafe(hostBytes.head.length + processText.length + MESSAGE.length);
    let at = put(prefix, 0, hostBytes.head);
    at += prefix.write(processText, at, 'latin1');
    put(prefix, at, MESSAGE);
    const suffix = suffixBytes(user, host);
    fragments = {
      prefix,
      mid: hostBytes.mid,
      idPrefix: hostBytes.idPrefix,
      suffix,
      fixedBound: prefix.length + hostBytes.mid.length + hostBytes.idPrefix.length + suffix.length + SLACK,
    };
  }
  process.cache['defend.bytes'] = fragments;
  return fragments ?? undefined;
}

/**
 * `"user":…,"group":…}` and the newline as bytes, cached on the host per user name: the same for every
 * process of that user (a Buffer made per process was ~3 % of the generator's CPU).
 */
function suffixBytes(user: UserAccount, host: Host): Uint8Array {
  let byName = host.cache['defend.suffix'] as Map<string, Uint8Array> | undefined;
  if (byName === undefined) {
    byName = new Map();
    host.cache['defend.suffix'] = byName;
  }
  let bytes = byName.get(user.name);
  if (bytes === undefined) {
    bytes = ascii(`${userGroupJson(user, host)}}\n`);
    byName.set(user.name, bytes);
  }
  return bytes;
}

/** The host's fragments as bytes (cached on the host), or null when one is not ASCII. */
function hostFragmentBytes(host: Host): { head: Uint8Array; mid: Uint8Array; idPrefix: Uint8Array } | null {
  let bytes = host.cache['defend.bytes'] as { head: Uint8Array; mid: Uint8Array; idPrefix: Uint8Array } | null | undefined;
  if (bytes === undefined) {
    const head = (host.cache['defend.head'] as string | undefined) ?? hostFragments(host);
    const mid = host.cache['defend.mid'] as string;
    bytes = isAscii(head) && isAscii(mid) && isAscii(host.idPrefix) ? { head: ascii(head), mid: ascii(mid), idPrefix: ascii(host.idPrefix) } : null;
    host.cache['defend.bytes'] = bytes;
  }
  return bytes;
}

/** An upper bound on the bytes {@link writeDefendLine} writes for `op` with these fragments. */
export function defendLineBound(op: FileOp, fragments: DefendFragments): number {
  const c = op.content;
  const content = c === undefined ? 0 : c.headerHex.length + c.sha256.length;
  return fragments.fixedBound + PATH_BYTES_PER_CHAR * (op.path.length + (op.originalPath?.length ?? 0)) + content;
}

/**
 * Writes one Defend line (with its newline) at `offset` and returns the offset after it, or -1 when the
 * event cannot be written as ASCII bytes (a non-ASCII character in a path or content field, or an action
 * Linux Defend does not have): then the bytes from `offset` on are garbage and the caller renders the
 * event as a string instead. `out` must have {@link defendLineBound} bytes free.
 */
export function writeDefendLine(out: Buffer, offset: number, op: FileOp, f: DefendFragments, stamp: DefendLineStamp): number {
  const actionId = ACTION_ID.get(op.action);
  const typeOutcome = TYPE_OUTCOME.get(op.action);
  if (actionId === undefined || typeOutcome === undefined) return -1;
  let at = put(out, offset, f.prefix);
  const timestamp = at;
  at = stamp.timestamps.writeDefend(out, at, stamp.tick);
  const timestampEnd = at;
  at = put(out, at, FILE);
  at = writeFileBlock(out, at, op);
  if (at < 0) return -1;
  at = put(out, at, f.mid);
  at = writeInteger(out, at, stamp.sequence);
  at = put(out, at, CREATED);
  for (let k = timestamp; k < timestampEnd; k++) out[at++] = out[k] as number;
  at = put(out, at, actionId);
  at = put(out, at, f.idPrefix);
  at = writeSortable64(out, at, stamp.idValue);
  at = put(out, at, typeOutcome);
  return put(out, at, f.suffix);
}

/** The `file` object: the bytes of `fileJson(op)` (defend-renderer.ts), or -1 for a non-ASCII one. */
function writeFileBlock(out: Buffer, offset: number, op: FileOp): number {
  const path = op.path;
  let at = offset;
  if (op.action === 'rename' && op.originalPath !== undefined) {
    const original = op.originalPath;
    at = put(out, at, RENAME_HEAD);
    at = writePathExtensionName(out, at, original, NAME);
    if (at < 0) return -1;
    at = put(out, at, RENAME_MID);
    at = writePathExtensionName(out, at, path, NAME);
    if (at < 0) return -1;
    out[at] = 0x7d; // }
    return at + 1;
  }
  const c = op.content;
  if (op.action === 'creation' && c !== undefined) {
    at = put(out, at, CONTENT_HEAD);
    at = writeAscii(out, at, String(c.entropy));
    if (at < 0) return -1;
    at = put(out, at, HEADER_BYTES);
    at = writeAscii(out, at, c.headerHex);
    if (at < 0) return -1;
    at = put(out, at, CONTENT_PATH);
    // `,"size":<size>,"name":` between the extension and the name.
    at = writePathExtensionName(out, at, path, SIZE, c.size);
    if (at < 0) return -1;
    at = put(out, at, HASH);
    at = writeAscii(out, at, c.sha256);
    return at < 0 ? -1 : put(out, at, CONTENT_END);
  }
  at = put(out, at, PATH_HEAD);
  at = writePathExtensionName(out, at, path, NAME);
  if (at < 0) return -1;
  out[at] = 0x7d;
  return at + 1;
}

/**
 * `"path":` was written: writes the path's JSON string, `,"extension":"…"` when the file name has one
 * (the text after its last dot, not for a leading or trailing dot: `extensionOf` in file-names.ts), then
 * `between` (`,"name":`, or `,"size":` with `size` and `,"name":` after it) and the JSON string of the
 * path's last component (`fileNameOf`). Returns the offset after it, or -1 for a non-ASCII path.
 *
 * The path is read once: when its JSON has no escape (nearly always), the extension and the name are the
 * last bytes of the path just written, copied from there.
 */
function writePathExtensionName(out: Buffer, offset: number, path: string, between: Uint8Array, size = 0): number {
  let at = writeJsonString(out, offset, path, 0, path.length);
  if (at < 0) return -1;
  // The path's characters start at offset + 1 when nothing was escaped: its JSON is then exactly 2 bytes
  // longer (an escape adds at least one byte: `\"`, `\\`, `\n`, `\u0001`, `\ud800`).
  const plain = at - offset === path.length + 2;
  const nameStart = path.lastIndexOf('/') + 1;
  const dot = path.lastIndexOf('.');
  if (dot > nameStart && dot < path.length - 1) {
    at = put(out, at, EXTENSION);
    at = plain ? quoteWritten(out, at, offset + 1 + dot + 1, offset + 1 + path.length) : writeJsonString(out, at, path, dot + 1, path.length);
    if (at < 0) return -1;
  }
  at = put(out, at, between);
  if (between === SIZE) {
    at = writeInteger(out, at, size);
    at = put(out, at, NAME);
  }
  return plain ? quoteWritten(out, at, offset + 1 + nameStart, offset + 1 + path.length) : writeJsonString(out, at, path, nameStart, path.length);
}

/** Writes `"` + the bytes already written at `from`..`to` + `"` at `at`; returns the offset after them. */
function quoteWritten(out: Buffer, at: number, from: number, to: number): number {
  out[at++] = 0x22;
  for (let k = from; k < to; k++) out[at++] = out[k] as number;
  out[at] = 0x22;
  return at + 1;
}
