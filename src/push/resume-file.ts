/**
 * The resume point of a push (PUSH.md §2): written when a run is interrupted, fails, or ends, and read by
 * `--resume F` to continue without sending again what is already accounted for.
 *
 * Events are numbered in read order (`seq`, across `--loop` passes). A resume file says "every event
 * below `nextSeq` is done, except `unsettled`" — a few numbers, whatever the corpus size. It also pins
 * what must not change between the runs (the corpus files and sizes, the id field, the target override)
 * and the retime shift, so a resumed corpus keeps one consistent timeline.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { IoError } from '../errors.js';
import { PushResumeError } from './push-errors.js';

/** One corpus file as pinned in a resume file. */
export interface ResumeSource {
  readonly path: string;
  /** Size in bytes at the first run (`null` for stdin, which cannot be resumed). */
  readonly bytes: number | null;
}

/** The content of a resume file. */
export interface ResumeState {
  readonly version: 1;
  readonly sources: readonly ResumeSource[];
  readonly idField: string | null;
  readonly target: string | null;
  readonly nextSeq: number;
  /** Sequence numbers below `nextSeq` that are not accounted for (sorted). */
  readonly unsettled: readonly number[];
  /** Cumulative over every run so far. */
  readonly totals: { readonly events: number; readonly acked: number; readonly duplicates: number; readonly deadLettered: number };
  /** The retime shift in ns as a decimal string (`now`/`shift`), so a resumed run keeps the same timeline. */
  readonly retimeDeltaNs: string | null;
  /** True when nothing is left to send. */
  readonly complete: boolean;
  readonly writtenAt: string;
}

/**
 * Reads a resume file; `undefined` when it does not exist (a first run with `--resume F`).
 * @throws PushResumeError (`ERR_PUSH_RESUME`) when it exists but is not a resume file of this tool
 */
export async function readResumeFile(path: string): Promise<ResumeState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IoError(path, 'read the resume file', error);
  }
  let state: ResumeState;
  try {
    state = JSON.parse(text) as ResumeState;
  } catch (error) {
    throw new PushResumeError(`${path} is not a resume file (not JSON)`, { path }, { cause: error });
  }
  if (
    state === null ||
    typeof state !== 'object' ||
    state.version !== 1 ||
    !Array.isArray(state.sources) ||
    !Array.isArray(state.unsettled) ||
    typeof state.nextSeq !== 'number' ||
    typeof state.totals !== 'object'
  ) {
    throw new PushResumeError(`${path} is not an eql-replay push resume file (version 1)`, { path });
  }
  return state;
}

/** Writes a resume file atomically (temporary file + rename: an interrupt never leaves half a file). */
export async function writeResumeFile(path: string, state: ResumeState): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
    await rename(tmp, path);
  } catch (error) {
    throw new IoError(path, 'write the resume file', error);
  }
}

/**
 * Checks that a resume file belongs to this run: same corpus files with the same sizes, same id field
 * and target.
 * @throws PushResumeError naming the first difference
 */
export function checkResumeFits(state: ResumeState, current: Pick<ResumeState, 'sources' | 'idField' | 'target'>, path: string): void {
  const was = state.sources.map((s) => `${s.path} (${s.bytes ?? 'stdin'} bytes)`).join(', ');
  const now = current.sources.map((s) => `${s.path} (${s.bytes ?? 'stdin'} bytes)`).join(', ');
  if (current.sources.some((s) => s.bytes === null)) {
    throw new PushResumeError(`cannot resume a push that reads stdin: its content cannot be checked (resume file ${path})`, { path });
  }
  if (was !== now) {
    throw new PushResumeError(`resume file ${path} was written for other corpus files: ${was}; this run reads ${now}`, { path, was, now });
  }
  if (state.idField !== current.idField) {
    throw new PushResumeError(`resume file ${path} was written with --id-field ${state.idField ?? '(none)'}, this run uses ${current.idField ?? '(none)'}`, { path });
  }
  if (state.target !== current.target) {
    throw new PushResumeError(`resume file ${path} was written for target ${state.target ?? '(data_stream fields)'}, this run uses ${current.target ?? '(data_stream fields)'}`, { path });
  }
}
