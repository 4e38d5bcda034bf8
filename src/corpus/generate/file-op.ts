/**
 * The producer-neutral description of one file event: what a scenario decides (who did what to which
 * path, and whether it is a positive for the seed rule) before a producer renders it in its own shape.
 */
import type { Host } from './fleet.js';

/** A local account. */
export interface UserAccount {
  readonly name: string;
  readonly uid: number;
  readonly group: string;
  readonly gid: number;
  readonly home: string;
}

/** A process as the producers describe it. Long-lived daemons are shared by many events. */
export interface ProcessInfo {
  readonly pid: number;
  /** Start time, epoch seconds (part of Defend's `process.entity_id`). */
  readonly startSec: number;
  readonly executable: string;
  readonly name: string;
  readonly commandLine: string;
  readonly user: UserAccount;
  readonly parent?: ProcessInfo;
  /** The session's entry process (sshd session, or the daemon itself). */
  readonly entryLeader?: ProcessInfo;
  readonly sessionLeader?: ProcessInfo;
  readonly groupLeader?: ProcessInfo;
  /** Rendered fragments and derived ids, filled lazily by the producers (per worker, never shared). */
  readonly cache: Record<string, unknown>;
}

/** What a file event does. Linux Defend has no `modification` (CORPUS.md §1): only Endgame/S1 emit it. */
export type FileAction = 'creation' | 'rename' | 'deletion' | 'modification';

/** The content of a created file, for Defend's `file.size`, `file.hash.sha256`, `file.Ext.*`. */
export interface FileContent {
  readonly size: number;
  readonly entropy: number;
  /** First 16 bytes, lower-case hex. */
  readonly headerHex: string;
  readonly sha256: string;
}

/**
 * A deliberate deviation from the producer's normal document shape (near misses and edge cases,
 * EQL-SEMANTICS.md §3). Applied to the rendered document, so every producer gets the same deviation.
 */
export interface DocVariant {
  /** Replace `host.os.type` with this value; `null` removes it. */
  readonly osType?: string | null;
  /** `host.os.type` as a one-element array. */
  readonly osTypeArray?: boolean;
  /** Replace `event.category` (arrays for Defend/S1, the first value for Endgame). */
  readonly category?: readonly string[];
  /** Replace `event.action` with this literal (an array for S1). */
  readonly action?: string;
  /** `file.path` as this array. */
  readonly pathArray?: readonly string[];
  /** `file.name` as this array. */
  readonly nameArray?: readonly string[];
  /** Remove `file.name`. */
  readonly omitName?: boolean;
  /** Write `file.path`, `file.name` and `process.executable` as dotted top-level keys. */
  readonly dotted?: boolean;
}

/** One file event to emit. */
export interface FileOp {
  readonly action: FileAction;
  readonly path: string;
  /** The path before a rename. */
  readonly originalPath?: string;
  readonly process: ProcessInfo;
  /** Ground truth for the seed rule (EQL-SEMANTICS.md §8), decided by the scenario. */
  readonly positive: boolean;
  readonly content?: FileContent;
  readonly variant?: DocVariant;
}

/**
 * A file event with every field present, in one order (absent ones undefined): all events then share one
 * object shape, which keeps the block loop's and the writers' property reads monomorphic (a spread of
 * optional fields made a shape per combination, and the hot code megamorphic).
 */
export function createFileOp(fields: FileOp): FileOp {
  return {
    action: fields.action,
    path: fields.path,
    originalPath: fields.originalPath,
    process: fields.process,
    positive: fields.positive,
    content: fields.content,
    variant: fields.variant,
  };
}

/** A run of one scenario on one host: its events in order. */
export interface ScenarioInstance {
  /** `<group>.<name>`, as counted in the labels (`keygen.interactive`). */
  readonly kind: string;
  readonly host: Host;
  readonly ops: readonly FileOp[];
}
