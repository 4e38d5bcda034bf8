/**
 * Applies a near miss's or edge case's shape deviation ({@link DocVariant}) to a rendered document.
 * Rare by construction, so it parses and re-serializes (key order is kept, new keys go last).
 */
import type { DocVariant } from '../file-op.js';
import type { Producer } from '../profile.js';

type Doc = Record<string, unknown>;

/** Returns `line` with `variant` applied. A raw SentinelOne line (`message` only) is returned unchanged. */
export function applyVariant(line: string, variant: DocVariant, producer: Producer): string {
  const doc = JSON.parse(line) as Doc;
  const file = doc['file'] as Doc | undefined;
  if (file === undefined) return line;
  const host = doc['host'] as Doc;
  const os = host['os'] as Doc;
  const event = doc['event'] as Doc;
  const process = doc['process'] as Doc;
  if (variant.osType === null) delete os['type'];
  else if (variant.osType !== undefined) os['type'] = variant.osType;
  if (variant.osTypeArray === true && typeof os['type'] === 'string') os['type'] = [os['type']];
  if (variant.category !== undefined) event['category'] = producer === 'endgame' ? variant.category[0] : [...variant.category];
  if (variant.action !== undefined) event['action'] = producer === 'sentinelOne' ? [variant.action] : variant.action;
  if (variant.pathArray !== undefined) file['path'] = [...variant.pathArray];
  if (variant.nameArray !== undefined) file['name'] = [...variant.nameArray];
  if (variant.omitName === true) delete file['name'];
  if (variant.dotted === true) {
    // {"file.path": …} is the same field as {"file": {"path": …}} (EQL-SEMANTICS.md §3).
    for (const key of ['path', 'name'] as const) {
      if (key in file) {
        doc[`file.${key}`] = file[key];
        delete file[key];
      }
    }
    doc['process.executable'] = process['executable'];
    delete process['executable'];
  }
  return JSON.stringify(doc);
}
