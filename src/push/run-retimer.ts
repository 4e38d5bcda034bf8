/**
 * The retimer of one run (PUSH.md §3): built from `--retime`, the resume file (a resumed run keeps the
 * first run's shift) and, for `now`, a first reading pass that finds the corpus's last `@timestamp`.
 */
import { readFieldPath } from './field-path.js';
import type { PushInputChunk } from './push-input.js';
import { forEachLine } from './push-input.js';
import type { ResumeState } from './resume-file.js';
import { createRetimer, timestampToMs, type RetimeSpec, type Retimer } from './retime.js';

/**
 * Builds the run's retimer, or `undefined` without `--retime`.
 * @throws InvalidOptionError (`ERR_INVALID_OPTION`) for `now` over a corpus without any `@timestamp`
 */
export async function createRunRetimer(
  options: { readonly retime?: RetimeSpec; readonly open: () => AsyncIterable<PushInputChunk> },
  runStartWallMs: number,
  previous: ResumeState | undefined,
): Promise<Retimer | undefined> {
  const spec = options.retime;
  if (spec === undefined) return undefined;
  if (spec.kind !== 'speed' && previous?.retimeDeltaNs != null) {
    // A resumed run keeps the first run's shift: the corpus stays one timeline.
    const deltaMs = Number(BigInt(previous.retimeDeltaNs) / 1_000_000n);
    return createRetimer({ spec: { kind: 'shift', deltaMs }, runStartWallMs });
  }
  if (spec.kind !== 'now') return createRetimer({ spec, runStartWallMs });
  // `now` needs the corpus's last timestamp: one reading pass before sending.
  let max: number | undefined;
  for await (const chunk of options.open()) {
    forEachLine(chunk, (bytes, start, end) => {
      let doc: unknown;
      try {
        doc = JSON.parse(bytes.toString('utf8', start, end));
      } catch (error) {
        if (error instanceof SyntaxError) return; // dead-lettered (and counted) in the sending pass
        throw error;
      }
      const ms = timestampToMs(readFieldPath(doc, '@timestamp'));
      if (ms !== undefined && (max === undefined || ms > max)) max = ms;
    });
  }
  return createRetimer({ spec, runStartWallMs, ...(max === undefined ? {} : { corpusMaxMs: max }) });
}
