/**
 * Generates one block of the corpus from (seed, profile, block index) alone — the unit of parallel work.
 *
 * The event index space is cut into blocks of `blockSize` events (a constant, never derived from the
 * thread count). A block:
 * 1. plans its scenarios from stream (seed, PLAN, block): for each keygen / near-miss / edge-case kind a
 *    Poisson count with mean `rate × blockSize / 1e6`, then background instances (by weight) until the
 *    block is exactly full — a background scenario that would overflow is replaced by a one-event filler;
 * 2. interleaves the instances (at most 3 running at once, each keeping its own event order);
 * 3. stamps event `j` (global index `i = block × blockSize + j`) with a timestamp from the block's
 *    timeline slot, `event.sequence = agent base + 4i + (0..3)` and an `event.id` counter
 *    `agent base + 3i + (0..2)`: both strictly increase per agent across blocks, because `i` does;
 * 4. renders each event with its host's producer and keeps the ground truth each scenario assigned.
 * The last block of a corpus is generated whole and cut, so a corpus of N events is a prefix of one of
 * M > N events with the same seed and profile.
 */
import { gzipSync } from 'node:zlib';
import { createFleet, type Fleet, type Host } from './fleet.js';
import { createFileOp, type FileOp, type ProcessInfo, type ScenarioInstance } from './file-op.js';
import { createHostPicker } from './host-picker.js';
import { createPrng, STREAM_EVENT, STREAM_PLAN, type Prng } from './prng.js';
import type { Profile } from './profile.js';
import type { ScenarioContext } from './processes.js';
import { renderDefend } from './producers/defend-renderer.js';
import { defendFragments, defendLineBound, writeDefendLine, type DefendLineStamp } from './producers/defend-writer.js';
import { renderEndgame } from './producers/endgame-renderer.js';
import { renderSentinelOne, renderSentinelOneRaw, type S1Stamp } from './producers/sentinel-one-renderer.js';
import { sentinelOneFragments, sentinelOneLineBound, writeSentinelOneLine } from './producers/sentinel-one-writer.js';
import { applyVariant } from './producers/apply-variant.js';
import {
  BACKGROUND_KINDS,
  SCENARIO_NAMES,
  type BackgroundKind,
  type EdgeCaseKind,
  type KeygenKind,
  type NearMissKind,
} from './scenario-catalog.js';
import { buildBackground, buildFiller } from './scenarios/background.js';
import { buildKeygen } from './scenarios/keygen.js';
import { buildNearMiss } from './scenarios/near-misses.js';
import { buildEdgeCase } from './scenarios/edge-cases.js';
import { sortable64 } from './sortable64.js';
import { TimestampFormatter } from './timeline.js';

/** Everything that determines a corpus's bytes (besides the event count). */
export interface GeneratorConfig {
  readonly seed: number;
  readonly profile: Profile;
  /** Events per block; part of the corpus's identity (the CLI uses {@link DEFAULT_BLOCK_SIZE}). */
  readonly blockSize: number;
  /** Emit SentinelOne events in their raw pre-pipeline form (vendor JSON in `message`). */
  readonly rawS1: boolean;
  /** gzip level 1–9 to compress each block as one gzip member; undefined = uncompressed NDJSON. */
  readonly gzipLevel?: number;
  /**
   * Write Defend and post-pipeline SentinelOne lines straight into the buffer (default true). False renders
   * every line through the string renderers: the same bytes, slower; tests compare the two.
   */
  readonly fastPaths?: boolean;
}

/** One block to generate. */
export interface BlockTask {
  readonly blockIndex: number;
  /** First tick of the block (sum of the previous blocks' durations). */
  readonly startTick: number;
  readonly durationTicks: number;
  /** Events to emit (≤ blockSize; fewer only for the last block). */
  readonly count: number;
  /**
   * Memory to write the block's NDJSON into: an earlier block's buffer, already written out and given
   * back (transferred to a worker with the task). Without it (or with gzip) the generator allocates.
   */
  readonly output?: ArrayBuffer;
}

/** A generated block. */
export interface BlockResult {
  readonly blockIndex: number;
  readonly events: number;
  /** NDJSON (or one gzip member of it). */
  readonly bytes: Uint8Array;
  /** 1-based corpus line numbers of the positives for the seed rule, ascending. */
  readonly positives: number[];
  /** Instances started in this block, indexed like {@link SCENARIO_NAMES}. */
  readonly counts: number[];
}

/** The block size the CLI uses: 4,096 events (~8 MB of NDJSON), small enough to keep threads busy. */
export const DEFAULT_BLOCK_SIZE = 4096;

const MAX_ACTIVE = 3;
const NON_ASCII = /[^\x00-\x7f]/;
const SCENARIO_INDEX = new Map(SCENARIO_NAMES.map((name, i) => [name, i]));
/**
 * `<group>.<kind>` for a scenario instance, one string per name, looked up by the kind (a profile key,
 * whose hash the engine keeps): the block loop counts instances by name in SCENARIO_INDEX, and a name
 * made per instance had its hash computed again each time.
 */
const SCENARIO_NAMES_BY_GROUP = new Map<string, Map<string, string>>();
for (const name of SCENARIO_NAMES) {
  const dot = name.indexOf('.');
  const group = name.slice(0, dot);
  let byKind = SCENARIO_NAMES_BY_GROUP.get(group);
  if (byKind === undefined) SCENARIO_NAMES_BY_GROUP.set(group, (byKind = new Map()));
  byKind.set(name.slice(dot + 1), name);
}
function scenarioName(group: string, kind: string): string {
  return SCENARIO_NAMES_BY_GROUP.get(group)?.get(kind) ?? `${group}.${kind}`;
}

/**
 * Bytes to give a block of `count` events to write into: ~2.6 kB per event (the busy-server average is
 * 2.4 kB) and a margin, so that a block rarely grows its buffer by doublings; a larger one still can.
 */
export function blockBufferBytes(count: number): number {
  return Math.ceil(count * 2600 * 1.15);
}

/** A reusable generator for one configuration (builds the fleet once). */
export interface BlockGenerator {
  readonly fleet: Fleet;
  generate(task: BlockTask): BlockResult;
}

/** Creates the generator for `config`; cheap to call once per worker. */
export function createBlockGenerator(config: GeneratorConfig): BlockGenerator {
  const { seed, profile, blockSize } = config;
  const fastDefend = config.fastPaths !== false;
  const fastS1 = config.fastPaths !== false && !config.rawS1;
  // Lines are written into memory that is already mapped: writing into fresh memory page-faults every
  // 4 KiB of ~10 MB per block, a tenth of the CPU (measured). Uncompressed, a block is written into the
  // buffer its task brings (one that an earlier block left in, recycled by generateCorpus once written
  // out) and leaves in it, uncopied; compressed, lines go to a scratch buffer kept across blocks and the
  // gzip member leaves. Only the first blocks (and one that outgrows its buffer) allocate.
  let scratch: Buffer = Buffer.allocUnsafeSlow(0);
  const startMs = Date.parse(profile.start);
  const fleet = createFleet(seed, profile, Math.floor(startMs / 1000));
  const background = Object.keys(BACKGROUND_KINDS).filter((k) => (profile.background[k as BackgroundKind] ?? 0) > 0) as BackgroundKind[];
  const cumulative: number[] = [];
  let sum = 0;
  for (const k of background) cumulative.push((sum += profile.background[k] ?? 0));

  function plan(prng: Prng, ctx: ScenarioContext): ScenarioInstance[] {
    const hosts = createHostPicker(fleet, prng);
    const instances: ScenarioInstance[] = [];
    const scale = blockSize / 1e6;
    for (const [kind, rate] of Object.entries(profile.keygen)) {
      for (let k = prng.poisson(rate * scale); k > 0; k--) {
        const host = hosts.linux();
        instances.push({ kind: scenarioName('keygen', kind), host, ops: buildKeygen(kind as KeygenKind, ctx, host).map(createFileOp) });
      }
    }
    for (const [kind, rate] of Object.entries(profile.nearMisses)) {
      for (let k = prng.poisson(rate * scale); k > 0; k--) {
        const built = buildNearMiss(kind as NearMissKind, ctx, hosts);
        if (built !== undefined) instances.push({ kind: scenarioName('near-miss', kind), host: built.host, ops: built.ops.map(createFileOp) });
      }
    }
    for (const [kind, rate] of Object.entries(profile.edgeCases)) {
      for (let k = prng.poisson(rate * scale); k > 0; k--) {
        const built = buildEdgeCase(kind as EdgeCaseKind, ctx, hosts);
        instances.push({ kind: scenarioName('edge', kind), host: built.host, ops: built.ops.map(createFileOp) });
      }
    }
    let total = instances.reduce((n, s) => n + s.ops.length, 0);
    while (total > blockSize) total -= (instances.pop() as ScenarioInstance).ops.length;
    while (total < blockSize) {
      const host = hosts.linux();
      const x = prng.float() * sum;
      let i = 0;
      while (i < cumulative.length - 1 && (cumulative[i] as number) <= x) i++;
      const kind = background[i] as BackgroundKind;
      let ops = buildBackground(kind, ctx, host);
      let name = scenarioName('background', kind);
      if (ops.length > blockSize - total) {
        ops = buildFiller(ctx, host);
        name = 'background.journald';
      }
      instances.push({ kind: name, host, ops });
      total += ops.length;
    }
    // Shuffle so that rare scenarios land anywhere in the block.
    for (let i = instances.length - 1; i > 0; i--) {
      const j = prng.int(i + 1);
      const swap = instances[i] as ScenarioInstance;
      instances[i] = instances[j] as ScenarioInstance;
      instances[j] = swap;
    }
    return instances;
  }

  function generate(task: BlockTask): BlockResult {
    const prng = createPrng(seed, STREAM_PLAN, task.blockIndex);
    const jitter = createPrng(seed, STREAM_EVENT, task.blockIndex);
    const fmt = new TimestampFormatter(startMs);
    const ctx: ScenarioContext = { prng, blockStartSec: fmt.epochSeconds(task.startTick) };
    const order = plan(prng, ctx);

    // Lines go straight into one buffer: the strings die young, which keeps the GC cheap.
    const firstGuess = blockBufferBytes(task.count);
    const compress = config.gzipLevel !== undefined;
    if (compress && scratch.length === 0) scratch = Buffer.allocUnsafeSlow(firstGuess);
    const out = compress ? scratch : task.output !== undefined ? Buffer.from(task.output) : Buffer.allocUnsafeSlow(firstGuess);
    const sink: LineSink = { out, used: 0 };
    const positives: number[] = [];
    const counts = new Array<number>(SCENARIO_NAMES.length).fill(0);
    const active: { instance: ScenarioInstance; next: number }[] = [];
    let queued = 0;
    const firstIndex = task.blockIndex * blockSize;
    const stamps: LineStamps = {
      timestamps: fmt,
      // One stamp object each for the block's Defend and SentinelOne lines (no allocation per event).
      defend: { timestamps: fmt, tick: 0, sequence: 0, idValue: 0 },
      // SentinelOne lines read only epochMs and sequence (sentinel-one-writer.ts).
      s1: { timestamp: '', sequence: 0, eventId: '', epochMs: 0 },
    };
    const rawS1 = config.rawS1;
    // The loop only picks events and stamps them; writing a line is writeLine's (a small loop keeps the
    // optimizing compiler's work per block small: it recompiled the whole loop with the writers inlined
    // whenever a rarely taken branch first ran).
    for (let j = 0; j < task.count; j++) {
      while (active.length < MAX_ACTIVE && queued < order.length) active.push({ instance: order[queued++] as ScenarioInstance, next: 0 });
      const slot = prng.int(active.length);
      const entry = active[slot] as { instance: ScenarioInstance; next: number };
      const op = entry.instance.ops[entry.next] as FileOp;
      if (entry.next === 0) counts[SCENARIO_INDEX.get(entry.instance.kind) as number]! += 1;
      entry.next++;
      if (entry.next === entry.instance.ops.length) active.splice(slot, 1);

      const i = firstIndex + j;
      const tick = task.startTick + Math.floor((task.durationTicks * (j + jitter.float())) / blockSize);
      const r = jitter.u32();
      const host = entry.instance.host;
      writeLine(sink, op, host, tick, host.seqBase + 4 * i + (r & 3), host.idBase + 3 * i + ((r >>> 2) % 3), stamps);
      // A raw SentinelOne line holds the event only inside `message`: it matches nothing until the
      // integration pipeline has parsed it, so it is never a positive as stored.
      if (op.positive && !(rawS1 && host.producer === 'sentinelOne')) positives.push(i + 1);
    }
    const raw = sink.out.subarray(0, sink.used);
    if (compress) scratch = sink.out;
    // Either way at offset 0 of an ArrayBuffer of its own (never a slice of Node's shared pool): the
    // worker transfers it to the writer, which gives it back for a later block.
    const bytes = compress ? gzipSync(raw, { level: config.gzipLevel }) : raw;
    return { blockIndex: task.blockIndex, events: task.count, bytes, positives, counts };
  }

  /**
   * Writes one event's line at `sink.used`: Defend and post-pipeline SentinelOne lines as bytes from
   * cached fragments; a writer answers -1 for what it cannot write that way (a non-ASCII path, say), which
   * then takes the string renderer.
   */
  function writeLine(sink: LineSink, op: FileOp, host: Host, tick: number, sequence: number, idValue: number, stamps: LineStamps): void {
    if (fastDefend && host.producer === 'defend' && op.variant === undefined) {
      const fragments = defendFragments(op.process, host);
      if (fragments !== undefined) {
        reserve(sink, defendLineBound(op, fragments));
        const stamp = stamps.defend;
        stamp.tick = tick;
        stamp.sequence = sequence;
        stamp.idValue = idValue;
        const end = writeDefendLine(sink.out, sink.used, op, fragments, stamp);
        if (end >= 0) {
          sink.used = end;
          return;
        }
      }
    } else if (fastS1 && host.producer === 'sentinelOne' && op.variant === undefined) {
      const stamp = stamps.s1;
      stamp.sequence = sequence;
      stamp.epochMs = stamps.timestamps.epochMs(tick);
      const fragments = sentinelOneFragments(op, host, fleet);
      if (fragments !== undefined) {
        reserve(sink, sentinelOneLineBound(op, fragments));
        const end = writeSentinelOneLine(sink.out, sink.used, op, host, stamp, fragments);
        if (end >= 0) {
          sink.used = end;
          return;
        }
      }
    }
    writeRendered(sink, op, host, tick, sequence, idValue, stamps.timestamps);
  }

  /** Renders the line as a string and encodes it (Endgame, raw S1, shape variants, non-ASCII events). */
  function writeRendered(sink: LineSink, op: FileOp, host: Host, tick: number, sequence: number, idValue: number, fmt: TimestampFormatter): void {
    const stamp: S1Stamp = {
      timestamp: host.producer === 'defend' ? fmt.defend(tick) : fmt.millis(tick),
      sequence,
      eventId: host.idPrefix + sortable64(idValue),
      epochMs: fmt.epochMs(tick),
    };
    // Hosts, users and the fleet's fixed strings are ASCII by construction; what a scenario chooses
    // (paths, processes, shape variants) is checked. ASCII lines need no UTF-8 encoder.
    const ascii = isAsciiOp(op);
    let line = render(op, host, stamp);
    if (op.variant !== undefined) line = applyVariant(line, op.variant, host.producer);
    // An ASCII line takes one byte per code unit; otherwise at most three.
    reserve(sink, ascii ? line.length + 1 : line.length * 3 + 1);
    sink.used += sink.out.write(line, sink.used, ascii ? 'latin1' : 'utf8');
    sink.out[sink.used++] = 10;
  }

  function render(op: FileOp, host: Host, stamp: S1Stamp): string {
    switch (host.producer) {
      case 'defend':
        return renderDefend(op, host, stamp);
      case 'endgame':
        return renderEndgame(op, host, stamp);
      case 'sentinelOne':
        return config.rawS1 ? renderSentinelOneRaw(op, host, fleet, stamp) : renderSentinelOne(op, host, fleet, stamp);
    }
  }

  return { fleet, generate };
}

/** Where a block's lines go: the buffer and the bytes used in it. */
interface LineSink {
  out: Buffer;
  used: number;
}

/** The block's timestamp formatter and its reused stamp objects. */
interface LineStamps {
  readonly timestamps: TimestampFormatter;
  readonly defend: { -readonly [K in keyof DefendLineStamp]: DefendLineStamp[K] };
  readonly s1: { -readonly [K in keyof S1Stamp]: S1Stamp[K] };
}

/** Makes room for `need` more bytes after `sink.used` (a bigger buffer keeps the bytes used). */
function reserve(sink: LineSink, need: number): void {
  if (sink.used + need <= sink.out.length) return;
  const bigger = Buffer.allocUnsafeSlow(Math.max(sink.out.length * 2, sink.used + need, 1 << 20));
  sink.out.copy(bigger, 0, 0, sink.used);
  sink.out = bigger;
}

/** True when everything a scenario chose for this event is ASCII (cached per process and its ancestry). */
function isAsciiOp(op: FileOp): boolean {
  if (op.variant !== undefined || NON_ASCII.test(op.path)) return false;
  if (op.originalPath !== undefined && NON_ASCII.test(op.originalPath)) return false;
  return isAsciiProcess(op.process);
}

function isAsciiProcess(p: ProcessInfo): boolean {
  let ascii = p.cache['ascii'] as boolean | undefined;
  if (ascii === undefined) {
    ascii =
      !NON_ASCII.test(p.executable) &&
      !NON_ASCII.test(p.commandLine) &&
      !NON_ASCII.test(p.user.name) &&
      (p.parent === undefined || isAsciiProcess(p.parent));
    p.cache['ascii'] = ascii;
  }
  return ascii;
}
