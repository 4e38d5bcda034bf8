/**
 * The ids and hashes SentinelOne derives for its Cloud Funnel events, derived here from stable inputs
 * (CORPUS.md §3): per process (`uid`, storyline, image hashes, counters) and per event (the trace ULID,
 * `event.id`, `packet.id`, `tgt.file.id`, by integer mixing — no string hashing per event).
 */
import type { Host } from '../fleet.js';
import type { FileOp, ProcessInfo } from '../file-op.js';
import { writeInteger } from './json-bytes.js';
import type { S1Stamp } from './sentinel-one-renderer.js';

const HEX_UPPER = '0123456789ABCDEF';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Per-process values the vendor derives. */
export interface ProcessFacts {
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

/** The vendor's values for `process` (cached on the process: a process belongs to one host). */
export function factsOf(process: ProcessInfo, host: Host): ProcessFacts {
  let facts = process.cache['s1.facts'] as ProcessFacts | undefined;
  if (facts === undefined) {
    const root = process.entryLeader ?? process;
    // The image hashes depend on the executable only: cached per host, in a Map (a property per
    // executable would turn the host's cache into a dictionary of ever-changing shape).
    let images = host.cache['s1.images'] as Map<string, { md5: string; sha1: string; sha256: string }> | undefined;
    if (images === undefined) {
      images = new Map();
      host.cache['s1.images'] = images;
    }
    let image = images.get(process.executable);
    if (image === undefined) {
      image = {
        md5: hashHex(`md5:${process.executable}`, 32),
        sha1: hashHex(`sha1:${process.executable}`, 40),
        sha256: hashHex(`sha256:${process.executable}`, 64),
      };
      images.set(process.executable, image);
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

/** The host's hash that seeds its events' ids (cached on the host). */
function hostHashOf(host: Host): number {
  let hostHash = host.cache['s1.hash'] as number | undefined;
  if (hostHash === undefined) {
    hostHash = fnv(host.agentId);
    host.cache['s1.hash'] = hostHash;
  }
  return hostHash;
}

/** Per-event ids: the trace ULID, `event.id`, `packet.id`, `tgt.file.id` (integer mixing, no string hashing). */
export function eventFacts(op: FileOp, host: Host, stamp: S1Stamp): { trace: string; id: string; packet: string; fileId: string } {
  const hostHash = hostHashOf(host);
  const seq = stamp.sequence;
  const trace = ulid(Math.floor(stamp.epochMs), hostHash ^ seq, Math.floor(seq / 4294967296));
  return {
    trace,
    id: `${trace}_${seq % 1000}`,
    packet: mixHex(hostHash + 0x7f4a7c15, seq, 32),
    fileId: mixHex(hostHash, fnv(op.path), 19),
  };
}

/** Where {@link writeEventId} wrote `event.id`: the trace ULID is its first {@link TRACE_LENGTH} bytes. */
export const TRACE_LENGTH = 26;

/**
 * Writes `eventFacts(op, host, stamp).id` (the trace ULID, `_`, the sequence's last three digits) as bytes
 * at `at` and returns the offset after it: the byte writer's form, with no string made per event.
 */
export function writeEventId(out: Uint8Array, at: number, host: Host, stamp: S1Stamp): number {
  const seq = stamp.sequence;
  writeUlid(out, at, Math.floor(stamp.epochMs), hostHashOf(host) ^ seq, Math.floor(seq / 4294967296));
  out[at + TRACE_LENGTH] = 0x5f; // _
  return writeInteger(out, at + TRACE_LENGTH + 1, seq % 1000);
}

/** Writes `eventFacts(…).packet` as bytes; returns the offset after it. */
export function writePacketId(out: Uint8Array, at: number, host: Host, stamp: S1Stamp): number {
  return writeMixHex(out, at, hostHashOf(host) + 0x7f4a7c15, stamp.sequence, 32);
}

/** Writes `eventFacts(op, …).fileId` as bytes; returns the offset after it. */
export function writeFileId(out: Uint8Array, at: number, op: FileOp, host: Host): number {
  return writeMixHex(out, at, hostHashOf(host), fnv(op.path), 19);
}

const CROCKFORD_CODES = [...CROCKFORD].map((c) => c.charCodeAt(0));
const HEX_UPPER_CODES = [...HEX_UPPER].map((c) => c.charCodeAt(0));

/** `length` upper-case hex digits mixed from two 32-bit integers, written at `at`; returns the offset after them. */
function writeMixHex(out: Uint8Array, at: number, a: number, b: number, length: number): number {
  let x = 0;
  for (let i = 0; i < length; i++) {
    if ((i & 7) === 0) x = mix(a, (b + Math.imul((i >>> 3) + 1, 0x9e3779b9)) | 0);
    out[at + i] = HEX_UPPER_CODES[x & 15]!;
    x >>>= 4;
  }
  return at + length;
}

/** A ULID — 10 Crockford base-32 characters of time, 16 derived from (a, b) — written at `at`. */
function writeUlid(out: Uint8Array, at: number, ms: number, a: number, b: number): void {
  let t = ms;
  for (let i = 9; i >= 0; i--) {
    out[at + i] = CROCKFORD_CODES[t % 32]!;
    t = Math.floor(t / 32);
  }
  let x = 0;
  for (let i = 10; i < TRACE_LENGTH; i++) {
    if ((i - 10) % 6 === 0) x = mix(a, b + i);
    out[at + i] = CROCKFORD_CODES[x & 31]!;
    x >>>= 5;
  }
}

/** {@link writeUlid} as a string (the string renderer's form). */
function ulid(ms: number, a: number, b: number): string {
  const bytes = Buffer.allocUnsafe(TRACE_LENGTH);
  writeUlid(bytes, 0, ms, a, b);
  return bytes.toString('latin1');
}

/** {@link writeMixHex} as a string (the string renderer's form). */
function mixHex(a: number, b: number, length: number): string {
  const bytes = Buffer.allocUnsafe(length);
  writeMixHex(bytes, 0, a, b, length);
  return bytes.toString('latin1');
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
