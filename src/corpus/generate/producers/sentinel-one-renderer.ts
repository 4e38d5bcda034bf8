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
import { eventFacts, factsOf } from './sentinel-one-ids.js';
import { DATA_STREAM, LISTED_OS, TAGS } from './sentinel-one-pipeline.js';
import { sentinelOneProcessParts } from './sentinel-one-process-parts.js';

/** What the S1 renderer needs per event: the stamp plus the event time in epoch milliseconds. */
export interface S1Stamp extends EventStamp {
  readonly epochMs: number;
}

/** The raw `event.type` of each file action. */
export const EVENT_TYPES = { creation: 'File Creation', modification: 'File Modification', deletion: 'File Deletion', rename: 'File Rename' } as const;
/** The raw `meta.event.name` of each file action. */
export const META_NAMES = { creation: 'FILECREATION', modification: 'FILEMODIFICATION', deletion: 'FILEDELETION', rename: 'FILERENAME' } as const;
/** `tags` of every stored document, as JSON. */
export const TAGS_JSON = JSON.stringify(TAGS);
/** `data_stream` of every stored document, as JSON. */
export const DATA_STREAM_JSON = JSON.stringify(DATA_STREAM);
const q = JSON.stringify;

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
  const { host: hostParts, process: procParts, account } = sentinelOneParts(op, host, fleet, endpointOs);
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

/** The host-level JSON fragments of a post-pipeline line (see {@link sentinelOneParts}). */
export interface SentinelOneHostParts {
  /** The `host` object. */
  readonly host: string;
  /** The vendor block's members from `account_id` to `i`. */
  readonly head: string;
  /** The vendor block's `mgmt` and `os_name` members, each after a comma. */
  readonly tail: string;
}

/** The process-level JSON of a post-pipeline line (what the pipeline derives from `src.process.*`). */
export interface SentinelOneProcessParts {
  readonly process: string;
  readonly related: string;
  /** The vendor block's `src.process`. */
  readonly src: string;
  readonly user: string;
}

/**
 * The cached fragments of a post-pipeline line for `op`'s process on `host` with this `endpoint.os`:
 * host parts (cached on the host), process parts (on the process; the first event of a process writes
 * them: {@link sentinelOneProcessParts}) and the account's JSON.
 */
export function sentinelOneParts(
  op: FileOp,
  host: Host,
  fleet: Fleet,
  endpointOs: string,
): { host: SentinelOneHostParts; process: SentinelOneProcessParts; account: { groupId: string; site: string } } {
  // Constant cache keys: a key made per event would be hashed and looked up in the string table each time.
  const hostKey = endpointOs === 'linux' ? 's1.host.linux' : `s1.host.${endpointOs}`;
  let hostParts = host.cache[hostKey] as SentinelOneHostParts | undefined;
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
  const p = op.process;
  const procKey = endpointOs === 'linux' ? 's1.proc.linux' : `s1.proc.${endpointOs}`;
  let procParts = p.cache[procKey] as SentinelOneProcessParts | undefined;
  if (procParts === undefined) {
    // The pipeline's process parts as JSON, written from the process (the same text as JSON.stringify of
    // pipelineProcessParts(raw): sentinel-one-process-parts.ts, tested against it).
    procParts = sentinelOneProcessParts(p, host, endpointOs);
    p.cache[procKey] = procParts;
  }
  return { host: hostParts, process: procParts, account: accountJson(fleet, host) };
}

/**
 * `event.action` and `event.type` after the pipeline for each raw `event.type` (EVENT_TYPES): its rules,
 * "creat" → creation, "delet" → deletion, "rename" → rename, else change, applied once here.
 */
export const PIPELINE_ACTIONS = Object.fromEntries(
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

/** `endpoint.os` of an event: `linux`, or an unlisted value for the os.type-missing variant. */
export function endpointOsOf(op: FileOp): string {
  // An unlisted endpoint.os is how a SentinelOne document ends up without host.os.type (CORPUS.md §3).
  return op.variant?.osType === null ? 'unknown' : 'linux';
}
