/**
 * Elastic Defend Linux file events (`logs-endpoint.events.file-default`, CORPUS.md §1), rendered by string
 * templates: constant fragments are built once per host, process and user and cached; per event only
 * the timestamps, sequence, id and file block are formatted. Every string value goes through
 * `JSON.stringify`, so paths with any character stay exact JSON.
 *
 * Key order follows the real 8.15.1 documents (agent, process, message, @timestamp, file, ecs,
 * data_stream, elastic, host, event, user, group). `event.ingested` and `event.agent_id_status` are NOT
 * emitted: the ingest pipeline adds them, and this corpus is what the agent ships. Agent 8.14+ leaves
 * out `process.command_line`; 8.18+ trims `host` to `id`, `name`, `os`.
 */
import { compareVersions, type Host } from '../fleet.js';
import type { FileOp, ProcessInfo, UserAccount } from '../file-op.js';
import { extensionOf, fileNameOf } from './file-names.js';

/** What differs per event besides the operation itself. */
export interface EventStamp {
  /** Producer-formatted `@timestamp`. */
  readonly timestamp: string;
  readonly sequence: number;
  readonly eventId: string;
}

const q = JSON.stringify;
/** `event.type` per `event.action` (CORPUS.md §1). */
export const EVENT_TYPE: Readonly<Record<string, string>> = { creation: 'creation', rename: 'change', deletion: 'deletion' };

/** True when an agent of this version omits `process.command_line` (8.14 and later). */
export function dropsCommandLine(version: string): boolean {
  return compareVersions(version, '8.14.0') >= 0;
}

function dropsCommandLineCached(host: Host): boolean {
  let drops = host.cache['defend.nocmd'] as boolean | undefined;
  if (drops === undefined) {
    drops = dropsCommandLine(host.agentVersion);
    host.cache['defend.nocmd'] = drops;
  }
  return drops;
}

/** True when an agent of this version trims `host` to id, name and os (8.18 and later). */
export function trimsHost(version: string): boolean {
  return compareVersions(version, '8.18.0') >= 0;
}

/** Renders one Defend file event as a JSON line (no newline). */
export function renderDefend(op: FileOp, host: Host, stamp: EventStamp): string {
  if (op.action === 'modification') throw new RangeError('Elastic Defend on Linux has no modification event (CORPUS.md §1)');
  const head = (host.cache['defend.head'] as string | undefined) ?? hostFragments(host);
  const ts = stamp.timestamp;
  return (
    head +
    processJson(op.process, host) +
    ',"message":"Endpoint file event","@timestamp":"' +
    ts +
    '","file":' +
    fileJson(op) +
    (host.cache['defend.mid'] as string) +
    stamp.sequence +
    ',"created":"' +
    ts +
    '","kind":"event","module":"endpoint","action":"' +
    op.action +
    '","id":"' +
    stamp.eventId +
    '","category":["file"],"type":["' +
    EVENT_TYPE[op.action] +
    '"],"dataset":"endpoint.events.file","outcome":"unknown"},' +
    userGroupJson(op.process.user, host) +
    '}'
  );
}

/** base64 of `<agent.id>-<pid>-<start epoch seconds>` (decoded from real documents, CORPUS.md §1). */
export function entityIdOf(process: ProcessInfo, host: Host): string {
  let id = process.cache['eid'] as string | undefined;
  if (id === undefined) {
    // base64 works in 3-byte groups: the agent id (36 ASCII bytes, a UUID) encodes the same in every id of
    // the host, so it is encoded once, and the rest — `-<pid>-<start>` — per process, without a Buffer.
    let agent = host.cache['eid.agent'] as { text: string; base64: string } | undefined;
    if (agent === undefined) {
      const text = host.agentId.slice(0, 36);
      agent = isAscii(text) && text.length === 36 ? { text, base64: Buffer.from(text, 'latin1').toString('base64') } : { text: '', base64: '' };
      host.cache['eid.agent'] = agent;
    }
    const rest = `${host.agentId.slice(agent.text.length)}-${process.pid}-${process.startSec}`;
    id = agent.base64 + (isAscii(rest) ? base64OfAscii(rest) : Buffer.from(rest, 'utf8').toString('base64'));
    process.cache['eid'] = id;
  }
  return id;
}

const BASE64_CODES = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c) => c.charCodeAt(0));

/** Standard base64 (with `=` padding) of an ASCII string's bytes: `Buffer.from(s).toString('base64')`. */
export function base64OfAscii(s: string): string {
  const n = s.length;
  const codes: number[] = [];
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8) | s.charCodeAt(i + 2);
    codes.push(BASE64_CODES[v >>> 18]!, BASE64_CODES[(v >>> 12) & 63]!, BASE64_CODES[(v >>> 6) & 63]!, BASE64_CODES[v & 63]!);
  }
  if (n - i === 1) {
    const v = s.charCodeAt(i) << 16;
    codes.push(BASE64_CODES[v >>> 18]!, BASE64_CODES[(v >>> 12) & 63]!, 61, 61);
  } else if (n - i === 2) {
    const v = (s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8);
    codes.push(BASE64_CODES[v >>> 18]!, BASE64_CODES[(v >>> 12) & 63]!, BASE64_CODES[(v >>> 6) & 63]!, 61);
  }
  return String.fromCharCode(...codes);
}

function isAscii(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return false;
  return true;
}

/** Builds (and caches on the host) the head and middle fragments of this host's documents; returns the head. */
export function hostFragments(host: Host): string {
  const os = host.distro;
  const osJson =
    `{"Ext":{"variant":${q(os.variant)}},"kernel":${q(os.kernel)},"name":${q(os.name)},"family":${q(os.family)},` +
    `"type":${q(os.type)},"version":${q(os.version)},"platform":${q(os.platform)},"full":${q(os.full)}}`;
  const hostJson = trimsHost(host.agentVersion)
    ? `{"os":${osJson},"name":${q(host.hostname)},"id":${q(host.hostId)}}`
    : `{"hostname":${q(host.hostname)},"os":${osJson},"ip":${q(host.ips)},"name":${q(host.hostname)},` +
      `"id":${q(host.hostId)},"mac":${q(host.macs)},"architecture":${q(host.architecture)}}`;
  const head = `{"agent":{"id":${q(host.agentId)},"type":"endpoint","version":${q(host.agentVersion)}},"process":`;
  host.cache['defend.head'] = head;
  host.cache['defend.mid'] =
    ',"ecs":{"version":"8.10.0"},"data_stream":{"namespace":"default","type":"logs","dataset":"endpoint.events.file"},' +
    `"elastic":{"agent":{"id":${q(host.agentId)}}},"host":${hostJson},"event":{"sequence":`;
  return head;
}

/** The `process` object of a Defend document (cached on the process, per command-line policy). */
export function processJson(process: ProcessInfo, host: Host): string {
  const withCommandLine = !dropsCommandLineCached(host);
  const key = withCommandLine ? 'defend' : 'defend.nocmd';
  const cached = process.cache[key] as string | undefined;
  if (cached !== undefined) return cached;
  const self = entityIdOf(process, host);
  const parent = process.parent === undefined ? '' : `"parent":{"entity_id":"${entityIdOf(process.parent, host)}"},`;
  const ancestry: string[] = [];
  for (let p = process.parent; p !== undefined && ancestry.length < 20; p = p.parent) ancestry.push(`"${entityIdOf(p, host)}"`);
  const entry = process.entryLeader ?? process;
  const entryParent = entry.parent === undefined ? '' : `,"parent":{"entity_id":"${entityIdOf(entry.parent, host)}"}`;
  const json =
    `{${parent}"name":${q(process.name)},"pid":${process.pid},"entity_id":"${self}","executable":${q(process.executable)},` +
    (withCommandLine ? `"command_line":${q(process.commandLine)},` : '') +
    (ancestry.length === 0 ? '' : `"Ext":{"ancestry":[${ancestry.join(',')}]},`) +
    `"entry_leader":{"entity_id":"${entityIdOf(entry, host)}"${entryParent}},` +
    `"session_leader":{"entity_id":"${entityIdOf(process.sessionLeader ?? entry, host)}"},` +
    `"group_leader":{"entity_id":"${entityIdOf(process.groupLeader ?? process, host)}"}}`;
  process.cache[key] = json;
  return json;
}

/** The `file` object of a Defend document for this operation. */
export function fileJson(op: FileOp): string {
  const name = fileNameOf(op.path);
  const ext = extensionOf(name);
  const extJson = ext === undefined ? '' : `,"extension":${q(ext)}`;
  if (op.action === 'rename' && op.originalPath !== undefined) {
    const oname = fileNameOf(op.originalPath);
    const oext = extensionOf(oname);
    return (
      `{"Ext":{"original":{"path":${q(op.originalPath)}${oext === undefined ? '' : `,"extension":${q(oext)}`},"name":${q(oname)}}},` +
      `"path":${q(op.path)}${extJson},"name":${q(name)}}`
    );
  }
  const c = op.content;
  if (op.action === 'creation' && c !== undefined) {
    return (
      `{"Ext":{"entropy":${c.entropy},"header_bytes":"${c.headerHex}"},"path":${q(op.path)}${extJson},` +
      `"size":${c.size},"name":${q(name)},"hash":{"sha256":"${c.sha256}"}}`
    );
  }
  return `{"path":${q(op.path)}${extJson},"name":${q(name)}}`;
}

/** The `"user":…,"group":…` members (cached on the host per user name). */
export function userGroupJson(user: UserAccount, host: Host): string {
  // A Map keyed by the name: a property key built per call (`ug:<name>`) was hashed and interned each time.
  let byName = host.cache['defend.ug'] as Map<string, string> | undefined;
  if (byName === undefined) {
    byName = new Map();
    host.cache['defend.ug'] = byName;
  }
  let json = byName.get(user.name);
  if (json === undefined) {
    const u = q(user.name);
    const g = q(user.group);
    json =
      `"user":{"Ext":{"real":{"name":${u},"id":${user.uid}}},"name":${u},"id":${user.uid}},` +
      `"group":{"Ext":{"real":{"name":${g},"id":${user.gid}}},"name":${g},"id":${user.gid}}`;
    byName.set(user.name, json);
  }
  return json;
}
