/**
 * Elastic Endgame file events (`endgame-*`, CORPUS.md §2): ECS-shaped with Endgame values, an `endgame.*`
 * block and an `observer.*` block for the sensor, `file.{path,name,directory,extension}`, no
 * `process.entity_id`, ECS 1.x, millisecond timestamps. No public Linux Endgame document exists
 * (reference/README.md); the shape follows CORPUS.md §2 and Kibana's Endgame demo data. The opcode
 * numbers are an assumption (create 1, modify 2, delete 3, rename 4).
 */
import type { Host } from '../fleet.js';
import type { FileOp, ProcessInfo } from '../file-op.js';
import { directoryOf, extensionOf, fileNameOf } from './file-names.js';
import type { EventStamp } from './defend-renderer.js';

const q = JSON.stringify;

const ACTIONS = {
  creation: { action: 'file_create_event', type: 'creation', opcode: 1 },
  modification: { action: 'file_modify_event', type: 'change', opcode: 2 },
  deletion: { action: 'file_delete_event', type: 'deletion', opcode: 3 },
  rename: { action: 'file_rename_event', type: 'change', opcode: 4 },
} as const;

/**
 * Renders one Endgame file event as a JSON line: `JSON.stringify(endgameDocument(op, host, stamp))`, from
 * cached host and process fragments and per-event templates — no document objects and no whole-document
 * JSON.stringify per event (that was ~3 % of the generator's CPU for 3 % of its events).
 * `stamp.timestamp` has millisecond precision.
 */
export function renderEndgame(op: FileOp, host: Host, stamp: EventStamp): string {
  const a = ACTIONS[op.action];
  const h = hostParts(host);
  const p = processParts(op.process);
  const path = op.path;
  const qPath = q(path);
  const name = fileNameOf(path);
  const qName = q(name);
  const extension = extensionOf(name);
  const eventId = q(stamp.eventId);
  const sequence = num(stamp.sequence);
  return (
    `{"@timestamp":${q(stamp.timestamp)},${h.agent}"event":{"kind":"event","module":"endgame","dataset":"esensor","action":"${a.action}",` +
    `"category":"file","type":"${a.type}","sequence":${sequence},"id":${eventId}},${h.hostObserver}${p.processUser}` +
    `"file":{"path":${qPath},"name":${qName},"directory":${q(directoryOf(path))}` +
    (extension === undefined ? '' : `,"extension":${q(extension)}`) +
    (op.action === 'creation' && op.content !== undefined ? `,"size":${num(op.content.size)}` : '') +
    `},"endgame":{"event_type_full":"file_event","event_subtype_full":"${a.action}","opcode":${a.opcode},"serial_event_id":${sequence},` +
    `${p.endgame}"file_path":${qPath},"file_name":${qName},${h.metadata}${eventId}}` +
    (op.originalPath === undefined ? '' : `,"old_file_path":${q(op.originalPath)}`) +
    '}}'
  );
}

/** A number as JSON.stringify writes it (`null` for NaN and infinities). */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** The host's constant runs of a line (cached on the host). */
interface EndgameHostParts {
  /** `"agent":{…},"ecs":{…},` */
  readonly agent: string;
  /** `"host":{…},"observer":{…},"process":` */
  readonly hostObserver: string;
  /** `"metadata":{"type":"event","os_type":…,"version":…,"key":` */
  readonly metadata: string;
}

function hostParts(host: Host): EndgameHostParts {
  let parts = host.cache['endgame.host'] as EndgameHostParts | undefined;
  if (parts === undefined) {
    const d = host.distro;
    const hostname = q(host.hostname);
    const version = q(host.agentVersion);
    parts = {
      agent: `"agent":{"type":"endgame","version":${version},"id":${q(host.agentId)}},"ecs":{"version":"1.5.0"},`,
      hostObserver:
        `"host":{"hostname":${hostname},"name":${hostname},"id":${q(host.hostId)},"ip":${q(host.ips)},` +
        `"os":${q({ type: d.type, name: d.name, platform: d.type, family: d.family, version: d.version, full: d.full })}},` +
        `"observer":{"type":"endpoint","vendor":"Endgame","product":"Endgame Sensor","version":${version},"hostname":${hostname}},"process":`,
      metadata: `"metadata":{"type":"event","os_type":${q(d.type === 'macos' ? 'mac' : 'linux')},"version":${version},"key":`,
    };
    host.cache['endgame.host'] = parts;
  }
  return parts;
}

/** A process's constant runs of a line (cached on the process; a process belongs to one host). */
interface EndgameProcessParts {
  /** The `process` object, `,"user":{…},` */
  readonly processUser: string;
  /** `"process_name":…,"pid":…,"unique_pid":…,"user_name":…,` */
  readonly endgame: string;
}

function processParts(p: ProcessInfo): EndgameProcessParts {
  let parts = p.cache['endgame'] as EndgameProcessParts | undefined;
  if (parts === undefined) {
    const parent = p.parent;
    const name = q(p.name);
    const user = q(p.user.name);
    parts = {
      processUser:
        `{"pid":${num(p.pid)},"name":${name},"executable":${q(p.executable)},"args":${q(p.commandLine.split(' '))},"ppid":${num(parent?.pid ?? 0)}` +
        (parent === undefined ? '' : `,"parent":{"pid":${num(parent.pid)},"name":${q(parent.name)},"executable":${q(parent.executable)}}`) +
        `},"user":{"name":${user},"id":${q(String(p.user.uid))},"group":{"name":${q(p.user.group)},"id":${q(String(p.user.gid))}}},`,
      endgame: `"process_name":${name},"pid":${num(p.pid)},"unique_pid":${num(((p.startSec % 1_000_000) * 1000) + (p.pid % 1000))},"user_name":${user},`,
    };
    p.cache['endgame'] = parts;
  }
  return parts;
}

/**
 * One Endgame file event as a document: the definition of the line {@link renderEndgame} writes, which is
 * `JSON.stringify` of this (a test holds it to that).
 */
export function endgameDocument(op: FileOp, host: Host, stamp: EventStamp): Record<string, unknown> {
  const a = ACTIONS[op.action];
  const p = op.process;
  const name = fileNameOf(op.path);
  const extension = extensionOf(name);
  const file: Record<string, unknown> = { path: op.path, name, directory: directoryOf(op.path) };
  if (extension !== undefined) file['extension'] = extension;
  if (op.action === 'creation' && op.content !== undefined) file['size'] = op.content.size;
  const endgame: Record<string, unknown> = {
    event_type_full: 'file_event',
    event_subtype_full: a.action,
    opcode: a.opcode,
    serial_event_id: stamp.sequence,
    process_name: p.name,
    pid: p.pid,
    unique_pid: p.startSec % 1_000_000 * 1000 + (p.pid % 1000),
    user_name: p.user.name,
    file_path: op.path,
    file_name: name,
    metadata: { type: 'event', os_type: host.distro.type === 'macos' ? 'mac' : 'linux', version: host.agentVersion, key: stamp.eventId },
  };
  if (op.originalPath !== undefined) endgame['old_file_path'] = op.originalPath;
  const doc = {
    '@timestamp': stamp.timestamp,
    agent: { type: 'endgame', version: host.agentVersion, id: host.agentId },
    ecs: { version: '1.5.0' },
    event: { kind: 'event', module: 'endgame', dataset: 'esensor', action: a.action, category: 'file', type: a.type, sequence: stamp.sequence, id: stamp.eventId },
    host: {
      hostname: host.hostname,
      name: host.hostname,
      id: host.hostId,
      ip: host.ips,
      os: { type: host.distro.type, name: host.distro.name, platform: host.distro.type, family: host.distro.family, version: host.distro.version, full: host.distro.full },
    },
    observer: { type: 'endpoint', vendor: 'Endgame', product: 'Endgame Sensor', version: host.agentVersion, hostname: host.hostname },
    process: {
      pid: p.pid,
      name: p.name,
      executable: p.executable,
      args: p.commandLine.split(' '),
      ppid: p.parent?.pid ?? 0,
      parent: p.parent === undefined ? undefined : { pid: p.parent.pid, name: p.parent.name, executable: p.parent.executable },
    },
    user: { name: p.user.name, id: String(p.user.uid), group: { name: p.user.group, id: String(p.user.gid) } },
    file,
    endgame,
  };
  return doc;
}
