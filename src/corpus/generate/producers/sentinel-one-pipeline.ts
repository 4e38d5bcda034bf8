/**
 * What Elastic's `sentinel_one_cloud_funnel` integration pipeline makes of a raw Cloud Funnel file event
 * (the subset of its processors file events go through, CORPUS.md §3; shape of
 * reference/samples/…test-file.log-expected.json): `event.action` is `["creation"]` when the raw
 * `event.type` contains "creat" (lower-cased), `["deletion"]` for "delet", `["change"]` for
 * "change"/"modif", `["rename"]` for "rename"; `host.os.type` only when `endpoint.os` is exactly
 * linux/windows/macos/ios/android; `file.name`/`file.directory` split at the last separator;
 * `file.extension` only when `tgt.file.type` is "file" (never, for "UNKNOWN").
 */

/** `endpoint.os` values the pipeline copies to `host.os.type`. */
export const LISTED_OS: ReadonlySet<string> = new Set(['linux', 'windows', 'macos', 'ios', 'android']);
/** Tags of the stored documents: the vendor block is kept whole; no `event.original`. */
export const TAGS: readonly string[] = ['preserve_duplicate_custom_fields', 'forwarded', 'sentinel_one_cloud_funnel-event'];
/** The data stream S1 events land in. */
export const DATA_STREAM = { namespace: 'default', type: 'logs', dataset: 'sentinel_one_cloud_funnel.event' } as const;

/** The processed document for a raw file event. The renderer's fast path must equal its output (tested). */
export function applyPipeline(raw: Record<string, unknown>): Record<string, unknown> {
  const s = (key: string) => raw[key] as string;
  const n = (key: string) => raw[key] as number;
  const iso = (key: string) => new Date(n(key)).toISOString();
  const type = s('event.type').toLowerCase();
  const action = type.includes('creat') ? 'creation' : type.includes('delet') ? 'deletion' : type.includes('rename') ? 'rename' : 'change';
  const eventType = type.includes('creat') ? 'creation' : type.includes('delet') ? 'deletion' : 'change';
  const path = s('tgt.file.path');
  const endpointOs = s('endpoint.os');
  const os: Record<string, unknown> = { name: s('os.name'), platform: endpointOs };
  if (LISTED_OS.has(endpointOs)) os['type'] = endpointOs;
  const parts = pipelineProcessParts(raw);
  // The pipeline's script: split at the last "\\" (else "/"), only for paths longer than one character.
  const separator = path.lastIndexOf('\\') === -1 ? path.lastIndexOf('/') : path.lastIndexOf('\\');
  const file: Record<string, unknown> = { created: iso('tgt.file.creationTime') };
  if (path.length > 1 && separator > -1) file['directory'] = path.slice(0, separator);
  file['mtime'] = iso('tgt.file.modificationTime');
  if (path.length > 1 && separator > -1) file['name'] = path.slice(separator + 1);
  Object.assign(file, { path, size: n('tgt.file.size'), type: s('tgt.file.type') });
  const tgtFile: Record<string, unknown> = {
    creation_time: iso('tgt.file.creationTime'),
    id: s('tgt.file.id'),
    is_executable: raw['tgt.file.isExecutable'],
    location: s('tgt.file.location'),
    modification_time: iso('tgt.file.modificationTime'),
    path,
    size: n('tgt.file.size'),
    type: s('tgt.file.type'),
  };
  if (raw['tgt.file.oldPath'] !== undefined) tgtFile['old'] = { path: raw['tgt.file.oldPath'] };
  const clock = s('timestamp');
  return {
    '@timestamp': iso('event.time'),
    data_stream: DATA_STREAM,
    ecs: { version: '8.11.0' },
    event: { action: [action], category: ['file'], dataset: DATA_STREAM.dataset, id: s('event.id'), kind: 'event', type: [eventType] },
    file,
    group: { id: s('group.id') },
    host: { hostname: s('endpoint.name'), id: s('agent.uuid'), os, type: s('endpoint.type') },
    input: { type: 'aws-s3' },
    process: parts.process,
    related: parts.related,
    sentinel_one_cloud_funnel: { event: vendorBlock(raw, tgtFile, clock, parts.src) },
    tags: TAGS,
    user: parts.user,
  };
}

/** The parts of the processed document that depend on the process only (and its host). */
export interface PipelineProcessParts {
  readonly process: Record<string, unknown>;
  readonly related: Record<string, unknown>;
  /** `sentinel_one_cloud_funnel.event.src.process`. */
  readonly src: Record<string, unknown>;
  readonly user: Record<string, unknown>;
}

/**
 * `process`, `related`, the vendor block's `src.process` and `user` of the processed document: what the
 * pipeline derives from the raw event's `src.process.*` and `endpoint.*` fields, the same for every event
 * of a process on its host. The renderer caches them per process and needs no whole document for that.
 */
export function pipelineProcessParts(raw: Record<string, unknown>): PipelineProcessParts {
  const s = (key: string) => raw[key] as string;
  const n = (key: string) => raw[key] as number;
  const iso = (key: string) => new Date(n(key)).toISOString();
  const args = s('src.process.cmdline').split(' ');
  const parentArgs = s('src.process.parent.cmdline').split(' ');
  const user = s('src.process.user');
  const parentUser = s('src.process.parent.user');
  return {
    process: {
      args,
      args_count: args.length,
      code_signature: { exists: s('src.process.signedStatus') === 'signed', trusted: s('src.process.verifiedStatus') === 'verified' },
      command_line: s('src.process.cmdline'),
      entity_id: s('src.process.uid'),
      executable: s('src.process.image.path'),
      hash: { md5: s('src.process.image.md5'), sha1: s('src.process.image.sha1'), sha256: s('src.process.image.sha256') },
      name: s('src.process.name'),
      parent: {
        args: parentArgs,
        args_count: parentArgs.length,
        command_line: s('src.process.parent.cmdline'),
        entity_id: s('src.process.parent.uid'),
        executable: s('src.process.parent.image.path'),
        hash: { sha1: s('src.process.parent.image.sha1'), sha256: s('src.process.parent.image.sha256') },
        name: s('src.process.parent.name'),
        pid: n('src.process.parent.pid'),
        start: iso('src.process.parent.startTime'),
        title: s('src.process.parent.displayName'),
        user: { name: parentUser },
      },
      pid: n('src.process.pid'),
      start: iso('src.process.startTime'),
      title: s('src.process.displayName'),
      user: { name: user },
    },
    related: {
      hash: [s('src.process.image.md5'), s('src.process.image.sha1'), s('src.process.image.sha256'), s('src.process.parent.image.sha1'), s('src.process.parent.image.sha256'), s('src.process.parent.image.md5')],
      hosts: [s('endpoint.name'), s('endpoint.os'), s('endpoint.type')],
      user: [...new Set([user, parentUser])],
    },
    src: srcProcess(raw),
    // No "\" in a Linux user name: the pipeline copies process.user.name to both (see the sample's dissect).
    user: { domain: user, name: user },
  };
}

function vendorBlock(raw: Record<string, unknown>, tgtFile: Record<string, unknown>, clock: string, srcProcess: Record<string, unknown>): Record<string, unknown> {
  const s = (key: string) => raw[key] as string;
  const n = (key: string) => raw[key] as number;
  const iso = (key: string) => new Date(n(key)).toISOString();
  const year = iso('event.time').slice(0, 4);
  return {
    account_id: s('account.id'),
    agent: { uuid: s('agent.uuid'), version: s('agent.version') },
    category: s('event.category'),
    data_source: { category: s('dataSource.category'), name: s('dataSource.name') },
    endpoint: { name: s('endpoint.name'), os: s('endpoint.os'), type: s('endpoint.type') },
    group: { id: s('group.id') },
    i: { scheme: s('i.scheme'), version: s('i.version') },
    id: s('event.id'),
    meta_event_name: s('meta.event.name'),
    mgmt: { id: s('mgmt.id'), os_revision: s('mgmt.osRevision'), url: s('mgmt.url') },
    os_name: s('os.name'),
    packet_id: s('packet.id'),
    process_unique_key: s('process.unique.key'),
    // The pipeline parses sca:ingestTime (seconds) as epoch_millis: the sample shows a 1970 date.
    sca: { atlantis_ingest_time: iso('sca:atlantisIngestTime'), ingest_time: iso('sca:ingestTime') },
    site: { id: s('site.id'), name: s('site.name') },
    src: { process: srcProcess },
    task: { path: s('task.path') },
    tgt: { file: tgtFile },
    time: iso('event.time'),
    // A time-of-day-only "timestamp" parses into January 1st of the current year (as in the sample).
    timestamp: `${year}-01-01T${clock}Z`,
    trace_id: s('trace.id'),
    type: s('event.type'),
  };
}

function srcProcess(raw: Record<string, unknown>): Record<string, unknown> {
  const s = (key: string) => raw[`src.process.${key}`] as string;
  const n = (key: string) => raw[`src.process.${key}`] as number;
  const b = (key: string) => raw[`src.process.${key}`] as boolean;
  const iso = (key: string) => new Date(n(key)).toISOString();
  return {
    active_content: { signed_status: s('activeContent.signedStatus'), type: s('activeContentType') },
    child_proc_count: n('childProcCount'),
    cmd_line: s('cmdline'),
    cross_process: {
      count: n('crossProcessCount'),
      dup: { remote_process_handle_count: n('crossProcessDupRemoteProcessHandleCount'), thread_handle_count: n('crossProcessDupThreadHandleCount') },
      open_process_count: n('crossProcessOpenProcessCount'),
      out_of_storyline_count: n('crossProcessOutOfStorylineCount'),
      thread_create_count: n('crossProcessThreadCreateCount'),
    },
    display_name: s('displayName'),
    dns_count: n('dnsCount'),
    image: { binary_is_executable: b('image.binaryIsExecutable'), md5: s('image.md5'), path: s('image.path'), sha1: s('image.sha1'), sha256: s('image.sha256') },
    indicator: {
      boot_configuration_update_count: n('indicatorBootConfigurationUpdateCount'),
      evasion_count: n('indicatorEvasionCount'),
      exploitation_count: n('indicatorExploitationCount'),
      general_count: n('indicatorGeneralCount'),
      info_stealer_count: n('indicatorInfostealerCount'),
      injection_count: n('indicatorInjectionCount'),
      persistence_count: n('indicatorPersistenceCount'),
      post_exploitation_count: n('indicatorPostExploitationCount'),
      ransomware_count: n('indicatorRansomwareCount'),
      reconnaissance_count: n('indicatorReconnaissanceCount'),
    },
    integrity_level: s('integrityLevel'),
    is_native_64_bit: b('isNative64Bit'),
    is_redirect_cmd_processor: b('isRedirectCmdProcessor'),
    is_storyline_root: b('isStorylineRoot'),
    module_count: n('moduleCount'),
    name: s('name'),
    net_conn: { count: n('netConnCount'), in_count: n('netConnInCount'), out_count: n('netConnOutCount') },
    parent: {
      cmd_line: s('parent.cmdline'),
      display_name: s('parent.displayName'),
      image: { md5: s('parent.image.md5'), path: s('parent.image.path'), sha1: s('parent.image.sha1'), sha256: s('parent.image.sha256') },
      integrity_level: s('parent.integrityLevel'),
      is_native_64_bit: b('parent.isNative64Bit'),
      is_redirect_cmd_processor: b('parent.isRedirectCmdProcessor'),
      is_storyline_root: b('parent.isStorylineRoot'),
      name: s('parent.name'),
      pid: n('parent.pid'),
      session_id: String(n('parent.sessionId')),
      signed_status: s('parent.signedStatus'),
      start_time: iso('parent.startTime'),
      storyline_id: s('parent.storyline.id'),
      subsystem: s('parent.subsystem'),
      uid: s('parent.uid'),
      user: { name: s('parent.user') },
    },
    pid: n('pid'),
    registry_change_count: n('registryChangeCount'),
    session_id: String(n('sessionId')),
    signed_status: s('signedStatus'),
    start_time: iso('startTime'),
    storyline_id: s('storyline.id'),
    subsystem: s('subsystem'),
    tgt_file: { creation_count: n('tgtFileCreationCount'), deletion_count: n('tgtFileDeletionCount'), modification_count: n('tgtFileModificationCount') },
    uid: s('uid'),
    user: { name: s('user') },
    verified_status: s('verifiedStatus'),
  };
}

