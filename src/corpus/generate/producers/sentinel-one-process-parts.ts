/**
 * The process-level JSON of a post-pipeline SentinelOne line, written directly from the process: the
 * same text as `JSON.stringify` of each part of `pipelineProcessParts(buildSentinelOneRaw(…))`
 * (sentinel-one-pipeline.ts, the pipeline's own rules; a test holds this to it for any process), without
 * building the ~120-key raw event, the pipeline's objects and their JSON per new process — that was
 * ~8 % of the generator's CPU, for the one process in six S1 events that is new.
 *
 * Key order and values follow `pipelineProcessParts` and `srcProcess` member by member; the raw fields
 * they read are those `buildSentinelOneRaw` sets (the process, its parent or itself when it has none, and
 * their `factsOf`). Strings from the process go through JSON.stringify; the vendor's constants are
 * written as their JSON.
 */
import type { Host } from '../fleet.js';
import type { ProcessInfo } from '../file-op.js';
import { factsOf } from './sentinel-one-ids.js';
import type { SentinelOneProcessParts } from './sentinel-one-renderer.js';

const q = JSON.stringify;

/** `process`, `related`, the vendor block's `src.process` and `user` as JSON, for events with this `endpoint.os`. */
export function sentinelOneProcessParts(p: ProcessInfo, host: Host, endpointOs: string): SentinelOneProcessParts {
  const parent = p.parent ?? p;
  const f = factsOf(p, host);
  const pf = factsOf(parent, host);
  const cmdline = q(p.commandLine);
  const parentCmdline = q(parent.commandLine);
  const exe = q(p.executable);
  const parentExe = q(parent.executable);
  const name = q(p.name);
  const parentName = q(parent.name);
  const user = q(p.user.name);
  const parentUser = q(parent.user.name);
  const uid = q(f.uid);
  const parentUid = q(pf.uid);
  const start = q(new Date(f.startMs).toISOString());
  const parentStart = q(new Date(pf.startMs).toISOString());
  const md5 = q(f.md5);
  const sha1 = q(f.sha1);
  const sha256 = q(f.sha256);
  const parentMd5 = q(pf.md5);
  const parentSha1 = q(pf.sha1);
  const parentSha256 = q(pf.sha256);
  const args = q(p.commandLine.split(' '));
  const argsCount = p.commandLine.split(' ').length;
  const parentArgs = q(parent.commandLine.split(' '));
  const parentArgsCount = parent.commandLine.split(' ').length;

  const process =
    `{"args":${args},"args_count":${argsCount},"code_signature":{"exists":false,"trusted":false},"command_line":${cmdline},` +
    `"entity_id":${uid},"executable":${exe},"hash":{"md5":${md5},"sha1":${sha1},"sha256":${sha256}},"name":${name},` +
    `"parent":{"args":${parentArgs},"args_count":${parentArgsCount},"command_line":${parentCmdline},"entity_id":${parentUid},` +
    `"executable":${parentExe},"hash":{"sha1":${parentSha1},"sha256":${parentSha256}},"name":${parentName},"pid":${parent.pid},` +
    `"start":${parentStart},"title":${parentName},"user":{"name":${parentUser}}},` +
    `"pid":${p.pid},"start":${start},"title":${name},"user":{"name":${user}}}`;
  // `[...new Set([user, parentUser])]`: one name when both are the same.
  const relatedUsers = p.user.name === parent.user.name ? `[${user}]` : `[${user},${parentUser}]`;
  const related =
    `{"hash":[${md5},${sha1},${sha256},${parentSha1},${parentSha256},${parentMd5}],` +
    `"hosts":[${q(host.hostname)},${q(endpointOs)},"server"],"user":${relatedUsers}}`;
  const src =
    `{"active_content":{"signed_status":"unsigned","type":"FILE"},"child_proc_count":0,"cmd_line":${cmdline},` +
    `"cross_process":{"count":0,"dup":{"remote_process_handle_count":0,"thread_handle_count":0},"open_process_count":0,` +
    `"out_of_storyline_count":0,"thread_create_count":0},"display_name":${name},"dns_count":0,` +
    `"image":{"binary_is_executable":true,"md5":${md5},"path":${exe},"sha1":${sha1},"sha256":${sha256}},` +
    `"indicator":{"boot_configuration_update_count":0,"evasion_count":0,"exploitation_count":0,"general_count":0,` +
    `"info_stealer_count":0,"injection_count":0,"persistence_count":0,"post_exploitation_count":0,"ransomware_count":0,` +
    `"reconnaissance_count":0},"integrity_level":"UNKNOWN","is_native_64_bit":true,"is_redirect_cmd_processor":false,` +
    `"is_storyline_root":false,"module_count":${f.modules},"name":${name},"net_conn":{"count":0,"in_count":0,"out_count":0},` +
    `"parent":{"cmd_line":${parentCmdline},"display_name":${parentName},"image":{"md5":${parentMd5},"path":${parentExe},` +
    `"sha1":${parentSha1},"sha256":${parentSha256}},"integrity_level":"UNKNOWN","is_native_64_bit":true,` +
    `"is_redirect_cmd_processor":false,"is_storyline_root":${parent.parent === undefined},"name":${parentName},` +
    `"pid":${parent.pid},"session_id":"0","signed_status":"unsigned","start_time":${parentStart},` +
    `"storyline_id":${q(pf.storyline)},"subsystem":"SYS_UNKNOWN","uid":${parentUid},"user":{"name":${parentUser}}},` +
    `"pid":${p.pid},"registry_change_count":0,"session_id":"0","signed_status":"unsigned","start_time":${start},` +
    `"storyline_id":${q(f.storyline)},"subsystem":"SYS_UNKNOWN","tgt_file":{"creation_count":${f.creations},` +
    `"deletion_count":${f.deletions},"modification_count":${f.modifications}},"uid":${uid},"user":{"name":${user}},` +
    `"verified_status":"unverified"}`;
  return { process, related, src, user: `{"domain":${user},"name":${user}}` };
}
