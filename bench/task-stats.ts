/**
 * The numbers a tinybench task is reported with, and how a ratio of two tasks carries their errors.
 */
import type { Task } from 'tinybench';

/** Mean latency of a completed task and its relative margin of error (95 %, percent). */
export interface TaskStats {
  readonly meanMs: number;
  readonly rmePct: number;
}

/** The stats of a task that completed; throws with the task's name and state (and error) otherwise. */
export function taskStats(task: Task): TaskStats {
  const r = task.result;
  if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
  return { meanMs: r.latency.mean, rmePct: r.latency.rme };
}

/** The relative error (percent) of a ratio of two measurements: relative errors add in quadrature. */
export function ratioErrorPct(a: TaskStats, b: TaskStats): number {
  return Math.sqrt(a.rmePct ** 2 + b.rmePct ** 2);
}
