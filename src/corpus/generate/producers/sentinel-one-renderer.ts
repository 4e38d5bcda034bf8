/**
 * SentinelOne Cloud Funnel file events (CORPUS.md §3), in two forms built from one raw event:
 * - raw: the Cloud Funnel JSON line (flat dotted keys, as in reference/samples/…test-file.log) wrapped
 *   in `message`, as Elastic Agent ships it before the integration's ingest pipeline;
 * - after the pipeline: the document Elastic's `sentinel_one_cloud_funnel` pipeline makes of it (shape of
 *   reference/samples/…test-file.log-expected.json), derived here from the raw event by the same rules:
 *   `event.action` is `["creation"]` when the raw `event.type` contains "creat" (lower-cased),
 *   `["deletion"]` for "delet", `["change"]` for "change"/"modif", `["rename"]` for "rename";
 *   `host.os.type` only when `endpoint.os` is exactly linux/windows/macos/ios/android; `file.name` and
 *   `file.directory` split at the last separator; `file.extension` only when `tgt.file.type` is "file".
 *
 * Conscious choices: documents carry the `preserve_duplicate_custom_fields` tag (the vendor block stays
 * complete, as in the sample) but not `preserve_original_event` (no `event.original`: it would double the
 * size of every document). Ids and hashes the vendor derives are derived here from stable inputs.
 */
import type { Fleet, Host } from '../fleet.js';
import type { FileOp, ProcessInfo } from '../file-op.js';
import type { EventStamp } from './defend-renderer.js';
import { DATA_STREAM, LISTED_OS, pipelineProcessParts, TAGS } from './sentinel-one-pipeline.js';

/** What the S1 renderer needs per event: the stamp plus the event time in epoch milliseconds. */
export interface S1Stamp extends EventStamp {
  readonly epochMs: number;
}

const EVENT_TYPES = { creation: 'File Creation', modification: 'File Modification', deletion: 'File Deletion', rename: 'File Rename' } as const;
const META_NAMES = { creation: 'FILECREATION', modification: 'FILEMODIFICATION', deletion: 'FILEDELETION', rename: 'FILERENAME' } as const;
const TAGS_JSON = JSON.stringify(TAGS);
const DATA_STREAM_JSON = JSON.stringify(DATA_STREAM);
const q = JSON.stringify;
const HEX_UPPER = '0123456789ABCDEF';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The raw Cloud Funnel event (flat keys, insertion order as the vendor's). */
export function buildSentinelOneRaw(op: FileOp, host: Host, fleet: Fleet, stamp: S1Stamp): Record<string, unknown> {
  const p = op.process;
  const parent = p.parent ?? p;
  const ms = Math.floor(stamp.epochMs);
  const e = eventFacts(op, host, stamp);
  const trace = e.trace;
  const f = factsOf(p, host);
  const pf = factsOf(parent, host);
  const image = f;
  const parentImage = pf;
  const endpointOs = endpointOsOf(op);
  const raw: Record<string, unknown> = {
    timestamp: new Date(ms).toISOString().slice(11, 23),
    'src.process.parent.isStorylineRoot': parent.parent === undefined,
    'event.category': 'file',
    'tgt.file.modificationTime': ms,
    'src.process.parent.image.sha1': parentImage.sha1,
    'site.id': fleet.s1.siteId,
    'tgt.file.location': 'Local',
    'src.process.image.binaryIsExecutable': true,
    'src.process.parent.displayName': parent.name,
    'src.process.user': p.user.name,
    'src.process.parent.subsystem': 'SYS_UNKNOWN',
    'src.process.indicatorRansomwareCount': 0,
    'src.process.crossProcessDupRemoteProcessHandleCount': 0,
    'src.process.activeContent.signedStatus': 'unsigned',
    'src.process.tgtFileCreationCount': f.creations,
    'src.process.indicatorInjectionCount': 0,
    'src.process.moduleCount': f.modules,
    'src.process.parent.name': parent.name,
    'i.version': 'preprocess-lib-1.0',
    'src.process.activeContentType': 'FILE',
    'sca:atlantisIngestTime': ms + 9014,
    'src.process.image.md5': image.md5,
    'src.process.indicatorReconnaissanceCount': 0,
    'src.process.storyline.id': f.storyline,
    'src.process.childProcCount': 0,
    'mgmt.url': fleet.s1.mgmtUrl,
    'src.process.crossProcessOpenProcessCount': 0,
    'src.process.subsystem': 'SYS_UNKNOWN',
    'meta.event.name': META_NAMES[op.action],
    'src.process.parent.integrityLevel': 'UNKNOWN',
    'src.process.indicatorExploitationCount': 0,
    'src.process.parent.storyline.id': pf.storyline,
    'tgt.file.creationTime': ms,
    'i.scheme': 'edr',
    'src.process.integrityLevel': 'UNKNOWN',
    'site.name': fleet.s1.siteName,
    'src.process.netConnInCount': 0,
    'event.time': ms,
    'account.id': fleet.s1.accountId,
    'dataSource.name': 'SentinelOne',
    'endpoint.name': host.hostname,
    'tgt.file.size': op.content?.size ?? 0,
    'src.process.image.sha1': image.sha1,
    'src.process.isStorylineRoot': false,
    'src.process.parent.image.path': parent.executable,
    'src.process.pid': p.pid,
    'sca:ingestTime': Math.floor(ms / 1000) + 9,
    'dataSource.category': 'security',
    'src.process.cmdline': p.commandLine,
    'src.process.crossProcessThreadCreateCount': 0,
    'src.process.parent.isNative64Bit': true,
    'src.process.parent.isRedirectCmdProcessor': false,
    'src.process.signedStatus': 'unsigned',
    'src.process.crossProcessCount': 0,
    'tgt.file.isExecutable': false,
    'event.id': e.id,
    'src.process.parent.cmdline': parent.commandLine,
    'src.process.image.path': p.executable,
    'src.process.tgtFileModificationCount': f.modifications,
    'src.process.indicatorEvasionCount': 0,
    'src.process.netConnOutCount': 0,
    'tgt.file.path': op.path,
    'src.process.crossProcessDupThreadHandleCount': 0,
    'endpoint.os': endpointOs,
    'src.process.tgtFileDeletionCount': f.deletions,
    'src.process.startTime': f.startMs,
    'mgmt.id': fleet.s1.mgmtId,
    'os.name': 'Linux',
    'tgt.file.type': 'UNKNOWN',
    'src.process.displayName': p.name,
    'src.process.isNative64Bit': true,
    'src.process.parent.sessionId': 0,
    'src.process.uid': f.uid,
    'src.process.parent.image.md5': parentImage.md5,
    'src.process.indicatorInfostealerCount': 0,
    'src.process.indicatorBootConfigurationUpdateCount': 0,
    'process.unique.key': f.uid,
    'agent.version': host.agentVersion,
    'src.process.parent.uid': pf.uid,
    'src.process.parent.image.sha256': parentImage.sha256,
    'src.process.sessionId': 0,
    'src.process.netConnCount': 0,
    'mgmt.osRevision': host.distro.kernel.split(' ')[0],
    'group.id': fleet.s1.groupId,
    'src.process.isRedirectCmdProcessor': false,
    'src.process.verifiedStatus': 'unverified',
    'src.process.parent.startTime': pf.startMs,
    'src.process.dnsCount': 0,
    'endpoint.type': 'server',
    'trace.id': trace,
    'src.process.name': p.name,
    'agent.uuid': host.hostId,
    'src.process.image.sha256': image.sha256,
    'src.process.indicatorGeneralCount': 0,
    'src.process.crossProcessOutOfStorylineCount': 0,
    'src.process.registryChangeCount': 0,
    'packet.id': e.packet,
    'src.process.indicatorPersistenceCount': 0,
    'src.process.parent.signedStatus': 'unsigned',
    'src.process.parent.user': parent.user.name,
    'tgt.file.id': e.fileId,
    'event.type': EVENT_TYPES[op.action],
    'task.path': op.path,
    'src.process.indicatorPostExploitationCount': 0,
    'src.process.parent.pid': parent.pid,
  };
  if (op.originalPath !== undefined) raw['tgt.file.oldPath'] = op.originalPath;
  return raw;
}

/** The raw form as Elastic Agent ships it: the vendor line in `message` (one JSON line). */
export function renderSentinelOneRaw(op: FileOp, host: Host, fleet: Fleet, stamp: S1Stamp): string {
  const raw = buildSentinelOneRaw(op, host, fleet, stamp);
  return JSON.stringify({
    '@timestamp': new Date(Math.floor(stamp.epochMs) + 12_000).toISOString(),
    message: JSON.stringify(raw),
    data_stream: DATA_STREAM,
    event: { dataset: DATA_STREAM.dataset },
    input: { type: 'aws-s3' },
    tags: TAGS,
  });
}

/**
 * The document after Elastic's integration pipeline (one JSON line). A fast path assembled from cached
 * per-host and per-process fragments; it is byte-for-byte `JSON.stringify(applyPipeline(raw))` (a test
 * holds it to that).
 */
export function renderSentinelOne(op: FileOp, host: Host, fleet: Fleet, stamp: S1Stamp): string {
  const p = op.process;
  const f = factsOf(p, host);
  const ms = Math.floor(stamp.epochMs);
  const time = new Date(ms).toISOString();
  const e = eventFacts(op, host, stamp);
  const endpointOs = endpointOsOf(op);
  const { action, eventType } = PIPELINE_ACTIONS[op.action];
  const path = op.path;
  const separator = path.lastIndexOf('\\') === -1 ? path.lastIndexOf('/') : path.lastIndexOf('\\');
  const split = path.length > 1 && separator > -1;
  const size = op.content?.size ?? 0;
  const qp = q(path);
  const file =
    `{"created":"${time}"` +
    (split ? `,"directory":${q(path.slice(0, separator))}` : '') +
    `,"mtime":"${time}"` +
    (split ? `,"name":${q(path.slice(separator + 1))}` : '') +
    `,"path":${qp},"size":${size},"type":"UNKNOWN"}`;
  const tgt =
    `{"creation_time":"${time}","id":"${e.fileId}","is_executable":false,"location":"Local","modification_time":"${time}",` +
    `"path":${qp},"size":${size},"type":"UNKNOWN"` +
    (op.originalPath === undefined ? '}' : `,"old":{"path":${q(op.originalPath)}}}`);
  // Constant cache keys: a key made per event would be hashed and looked up in the string table each time.
  const hostKey = endpointOs === 'linux' ? 's1.host.linux' : `s1.host.${endpointOs}`;
  let hostParts = host.cache[hostKey] as { host: string; head: string; tail: string } | undefined;
  if (hostParts === undefined) {
    const os = LISTED_OS.has(endpointOs) ? { name: 'Linux', platform: endpointOs, type: endpointOs } : { name: 'Linux', platform: endpointOs };
    hostParts = {
      host: q({ hostname: host.hostname, id: host.hostId, os, type: 'server' }),
      head:
        `"account_id":${q(fleet.s1.accountId)},"agent":${q({ uuid: host.hostId, version: host.agentVersion })},"category":"file",` +
        `"data_source":{"category":"security","name":"SentinelOne"},"endpoint":${q({ name: host.hostname, os: endpointOs, type: 'server' })},` +
        `"group":{"id":${q(fleet.s1.groupId)}},"i":{"scheme":"edr","version":"preprocess-lib-1.0"}`,
      tail: `,"mgmt":${q({ id: fleet.s1.mgmtId, os_revision: host.distro.kernel.split(' ')[0], url: fleet.s1.mgmtUrl })},"os_name":"Linux"`,
    };
    host.cache[hostKey] = hostParts;
  }
  const procKey = endpointOs === 'linux' ? 's1.proc.linux' : `s1.proc.${endpointOs}`;
  let procParts = p.cache[procKey] as { process: string; related: string; src: string; user: string } | undefined;
  if (procParts === undefined) {
    const parts = pipelineProcessParts(buildSentinelOneRaw(op, host, fleet, stamp));
    procParts = { process: q(parts.process), related: q(parts.related), src: q(parts.src), user: q(parts.user) };
    p.cache[procKey] = procParts;
  }
  const account = accountJson(fleet, host);
  const clock = time.slice(11, 23);
  return (
    `{"@timestamp":"${time}","data_stream":${DATA_STREAM_JSON},"ecs":{"version":"8.11.0"},` +
    `"event":{"action":["${action}"],"category":["file"],"dataset":"sentinel_one_cloud_funnel.event","id":"${e.id}","kind":"event","type":["${eventType}"]},` +
    `"file":${file},"group":{"id":${account.groupId}},"host":${hostParts.host},"input":{"type":"aws-s3"},` +
    `"process":${procParts.process},"related":${procParts.related},` +
    `"sentinel_one_cloud_funnel":{"event":{${hostParts.head},"id":"${e.id}","meta_event_name":"${META_NAMES[op.action]}"${hostParts.tail},` +
    `"packet_id":"${e.packet}","process_unique_key":"${f.uid}",` +
    `"sca":{"atlantis_ingest_time":"${new Date(ms + 9014).toISOString()}","ingest_time":"${new Date(Math.floor(ms / 1000) + 9).toISOString()}"},` +
    `"site":${account.site},"src":{"process":${procParts.src}},"task":{"path":${qp}},"tgt":{"file":${tgt}},` +
    `"time":"${time}","timestamp":"${time.slice(0, 4)}-01-01T${clock}Z","trace_id":"${e.trace}","type":"${EVENT_TYPES[op.action]}"}},` +
    `"tags":${TAGS_JSON},"user":${procParts.user}}`
  );
}

/**
 * `event.action` and `event.type` after the pipeline for each raw `event.type` (EVENT_TYPES): its rules,
 * "creat" → creation, "delet" → deletion, "rename" → rename, else change, applied once here.
 */
const PIPELINE_ACTIONS = Object.fromEntries(
  Object.entries(EVENT_TYPES).map(([opAction, rawType]) => {
    const type = rawType.toLowerCase();
    const action = type.includes('creat') ? 'creation' : type.includes('delet') ? 'deletion' : type.includes('rename') ? 'rename' : 'change';
    return [opAction, { action, eventType: action === 'rename' ? 'change' : action }];
  }),
) as Record<keyof typeof EVENT_TYPES, { action: string; eventType: string }>;

/** The account-level JSON fragments (the same for every S1 host of a fleet; cached on the host). */
function accountJson(fleet: Fleet, host: Host): { groupId: string; site: string } {
  let json = host.cache['s1.account'] as { groupId: string; site: string } | undefined;
  if (json === undefined) {
    json = { groupId: q(fleet.s1.groupId), site: q({ id: fleet.s1.siteId, name: fleet.s1.siteName }) };
    host.cache['s1.account'] = json;
  }
  return json;
}

/** Per-process values the vendor derives (cached on the process: a process belongs to one host). */
interface ProcessFacts {
  readonly uid: string;
  readonly storyline: string;
  readonly md5: string;
  readonly sha1: string;
  readonly sha256: string;
  readonly startMs: number;
  readonly modules: number;
  readonly creations: number;
  readonly modifications: number;
  readonly deletions: number;
}

function factsOf(process: ProcessInfo, host: Host): ProcessFacts {
  let facts = process.cache['s1.facts'] as ProcessFacts | undefined;
  if (facts === undefined) {
    const root = process.entryLeader ?? process;
    // The image hashes depend on the executable only: cached per host.
    const imageKey = `s1.image:${process.executable}`;
    let image = host.cache[imageKey] as { md5: string; sha1: string; sha256: string } | undefined;
    if (image === undefined) {
      image = {
        md5: hashHex(`md5:${process.executable}`, 32),
        sha1: hashHex(`sha1:${process.executable}`, 40),
        sha256: hashHex(`sha256:${process.executable}`, 64),
      };
      host.cache[imageKey] = image;
    }
    facts = {
      uid: hashHex(`${host.hostId}:${process.pid}:${process.startSec}`, 16).toUpperCase(),
      storyline: hashHex(`${host.hostId}:story:${root.pid}:${root.startSec}`, 16).toUpperCase(),
      ...image,
      startMs: process.startSec * 1000 + (process.pid % 1000),
      modules: 12 + (process.pid % 40),
      creations: 1 + (process.pid % 7),
      modifications: process.pid % 5,
      deletions: process.pid % 3,
    };
    process.cache['s1.facts'] = facts;
  }
  return facts;
}

/** Per-event ids: the trace ULID, `event.id`, `packet.id`, `tgt.file.id` (integer mixing, no string hashing). */
function eventFacts(op: FileOp, host: Host, stamp: S1Stamp): { trace: string; id: string; packet: string; fileId: string } {
  let hostHash = host.cache['s1.hash'] as number | undefined;
  if (hostHash === undefined) {
    hostHash = fnv(host.agentId);
    host.cache['s1.hash'] = hostHash;
  }
  const seq = stamp.sequence;
  const trace = ulid(Math.floor(stamp.epochMs), hostHash ^ seq, Math.floor(seq / 4294967296));
  return {
    trace,
    id: `${trace}_${seq % 1000}`,
    packet: mixHex(hostHash + 0x7f4a7c15, seq, 32),
    fileId: mixHex(hostHash, fnv(op.path), 19),
  };
}

function endpointOsOf(op: FileOp): string {
  // An unlisted endpoint.os is how a SentinelOne document ends up without host.os.type (CORPUS.md §3).
  return op.variant?.osType === null ? 'unknown' : 'linux';
}

/** A ULID: 10 Crockford base-32 characters of time, 16 derived from (a, b). */
function ulid(ms: number, a: number, b: number): string {
  const codes = new Array<number>(26);
  let t = ms;
  for (let i = 9; i >= 0; i--) {
    codes[i] = CROCKFORD.charCodeAt(t % 32);
    t = Math.floor(t / 32);
  }
  let x = 0;
  for (let i = 10; i < 26; i++) {
    if ((i - 10) % 6 === 0) x = mix(a, b + i);
    codes[i] = CROCKFORD.charCodeAt(x & 31);
    x >>>= 5;
  }
  return String.fromCharCode(...codes);
}

/** `length` upper-case hex digits mixed from two 32-bit integers (built in one allocation). */
function mixHex(a: number, b: number, length: number): string {
  const codes = new Array<number>(length);
  let x = 0;
  for (let i = 0; i < length; i++) {
    if ((i & 7) === 0) x = mix(a, (b + Math.imul((i >>> 3) + 1, 0x9e3779b9)) | 0);
    codes[i] = HEX_UPPER.charCodeAt(x & 15);
    x >>>= 4;
  }
  return String.fromCharCode(...codes);
}

function mix(a: number, b: number): number {
  let x = (Math.imul(a, 0x85ebca6b) ^ b) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Deterministic pseudo-hash hex digits of `text` (one FNV-1a pass, then mixed rounds; not cryptographic). */
function hashHex(text: string, length: number): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  let out = '';
  for (let round = 0; out.length < length; round++) {
    let x = (h + Math.imul(round + 1, 0x9e3779b9)) | 0;
    x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
    x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
    out += ((x ^ (x >>> 15)) >>> 0).toString(16).padStart(8, '0');
  }
  return out.length === length ? out : out.slice(0, length);
}
