/**
 * What a push run reports back: its outcome, accounting, measurements and effective settings.
 */
import type { PushMetrics } from './push-metrics.js';
import type { TargetCounts } from './push-ledger.js';
import type { PushProfileName } from './push-profiles.js';
import type { ResumeState } from './resume-file.js';

/** A progress snapshot (about once a second). */
export interface PushProgress {
  readonly elapsedMs: number;
  readonly events: number;
  readonly acked: number;
  readonly duplicates: number;
  readonly deadLettered: number;
  readonly requests: number;
}

/** Ids of stored (acked or duplicate) events of one target, for `--verify`. */
export interface StoredIds {
  readonly ids: string[];
  /** Ids the local matcher flagged → `source:line`. */
  readonly matched: Map<string, string>;
  /** id → `source:line`, for examples. */
  readonly where: Map<string, string>;
}

/** How a run ended. */
export type PushStatus = 'complete' | 'interrupted' | 'failed';

/** Everything a run did and measured. */
export interface PushResult {
  readonly status: PushStatus;
  readonly fatal?: Error;
  readonly events: number;
  readonly acked: number;
  readonly duplicates: number;
  readonly deadLettered: number;
  /** Events that reached no outcome (`events − acked − duplicates − deadLettered`), first ones named. */
  readonly unaccounted: { readonly count: number; readonly examples: readonly string[] };
  /** Events skipped because a resume file said they were done. */
  readonly skippedByResume: number;
  readonly targets: ReadonlyMap<string, TargetCounts>;
  readonly metrics: PushMetrics;
  readonly elapsedMs: number;
  readonly scheduled: boolean;
  readonly settings: PushSettings;
  readonly deadLetterFile: string | null;
  readonly resumeState: ResumeState;
  readonly stored?: ReadonlyMap<string, StoredIds>;
}

/** The effective settings of a run (for the report). */
export interface PushSettings {
  readonly url: string;
  readonly profile: PushProfileName;
  readonly bulkMaxSize: number;
  readonly workers: number;
  readonly agents: number;
  readonly flushBytes: number;
  readonly flushTimeoutMs: number;
  readonly compressionLevel: number;
  readonly ratePerSec: number | null;
  readonly retryBudget: number;
}
