/**
 * Elastic Endgame file events (`endgame-*`, CORPUS.md §2): ECS-shaped with Endgame values, an `endgame.*`
 * block and an `observer.*` block for the sensor, `file.{path,name,directory,extension}`, no
 * `process.entity_id`, ECS 1.x, millisecond timestamps. No public Linux Endgame document exists
 * (reference/README.md); the shape follows CORPUS.md §2 and Kibana's Endgame demo data. The opcode
 * numbers are an assumption (create 1, modify 2, delete 3, rename 4).
 */
import type { Host } from '../fleet.js';
import type { FileOp } from '../file-op.js';
import { directoryOf, extensionOf, fileNameOf } from './file-names.js';
import type { EventStamp } from './defend-renderer.js';

const ACTIONS = {
  creation: { action: 'file_create_event', type: 'creation', opcode: 1 },
  modification: { action: 'file_modify_event', type: 'change', opcode: 2 },
  deletion: { action: 'file_delete_event', type: 'deletion', opcode: 3 },
  rename: { action: 'file_rename_event', type: 'change', opcode: 4 },
} as const;

/** Renders one Endgame file event as a JSON line. `stamp.timestamp` has millisecond precision. */
export function renderEndgame(op: FileOp, host: Host, stamp: EventStamp): string {
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
  return JSON.stringify(doc);
}
