/**
 * Deterministic document ids (PUSH.md §2): every event is sent with `create` and an `_id` derived from
 * its bytes, so a re-sent event answers 409 instead of being stored twice — the property that makes every
 * retry, and a resumed run, safe.
 */
import { createHash, hash } from 'node:crypto';
import { readFieldPath } from './field-path.js';

/** Length of a content-hash id: 22 base64url characters = 132 bits of SHA-256. */
export const DOCUMENT_ID_LENGTH = 22;

/**
 * The `_id` of an event: SHA-256 of its corpus line (UTF-8 bytes, without the newline), base64url, first
 * 22 characters (132 bits: an accidental collision in any corpus is negligible). SHA-256 rather than a
 * shorter digest because CPUs with SHA extensions (most x86 since 2017-2019, ARMv8) run it faster than
 * MD5; it is a fingerprint, not a security measure.
 *
 * `iteration` > 0 (a `--loop`/`--duration` pass over the same corpus) salts the hash so each pass stores
 * new documents; pass 0 hashes the bytes alone, so ids do not depend on how the tool was run.
 * The bytes hashed are the corpus line as read, before `--retime`: a re-run with another retime still
 * recognizes what is already stored.
 */
export function computeDocumentId(line: Uint8Array | string, iteration = 0): string {
  if (iteration === 0) return hash('sha256', line, 'base64url').slice(0, DOCUMENT_ID_LENGTH);
  return createHash('sha256').update(line).update(`\n#${iteration}`).digest('base64url').slice(0, DOCUMENT_ID_LENGTH);
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
