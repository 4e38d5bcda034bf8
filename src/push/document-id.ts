/**
 * Deterministic document ids (PUSH.md §2): every event is sent with `create` and an `_id` derived from
 * its bytes, so a re-sent event answers 409 instead of being stored twice — the property that makes every
 * retry, and a resumed run, safe.
 */
import { hash } from 'node:crypto';
import { readFieldPath } from './field-path.js';

/**
 * The `_id` of an event: the 128-bit MD5 of its corpus line (UTF-8) in base64url (22 characters).
 * MD5 is used as a fingerprint, not for security (as Logstash's fingerprint filter does): it is the
 * fastest 128-bit digest Node ships, and 128 bits make an accidental collision in any corpus negligible.
 *
 * `iteration` > 0 (a `--loop`/`--duration` pass over the same corpus) salts the hash so each pass stores
 * new documents; pass 0 hashes the bytes alone, so ids do not depend on how the tool was run.
 * The bytes hashed are the corpus line as read, before `--retime`: a re-run with another retime still
 * recognizes what is already stored.
 */
export function computeDocumentId(text: string, iteration = 0): string {
  return hash('md5', iteration === 0 ? text : `${text}\n#${iteration}`, 'base64url');
}

/**
 * The `_id` from a user-chosen field (`--id-field`): strings as they are, numbers in their JSON form.
 * Returns `undefined` when the field is missing, empty or not a scalar (the caller dead-letters the event).
 */
export function readDocumentIdField(doc: unknown, field: string): string | undefined {
  const value = readFieldPath(doc, field);
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
