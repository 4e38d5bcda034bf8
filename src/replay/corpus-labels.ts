/**
 * Ground truth for a replayed corpus: the `F.labels.json` beside it (what `generate` writes), or a file
 * named explicitly, turned into per-rule expected lines and cut per chunk.
 */
import { readFile } from 'node:fs/promises';
import { parseLabels, type CorpusLabels } from '../corpus/generate/labels.js';
import { LabelsError } from '../corpus/generate/generate-errors.js';
import type { ChunkLabels } from './protocol.js';

/** Labels of one corpus, resolved against the replayed rules. */
export interface CorpusTruth {
  /** The labels file, as it is named in reports. */
  readonly path: string;
  readonly labels: CorpusLabels;
  /** Slot → ascending expected lines, for every replayed rule whose id the labels name. */
  readonly expected: ReadonlyMap<number, readonly number[]>;
}

/** The conventional labels path of a corpus: `F.labels.json`. */
export function labelsPathOf(corpus: string): string {
  return `${corpus}.labels.json`;
}

/**
 * Reads labels for a corpus: `explicit` when given (it must exist), otherwise `F.labels.json` beside the
 * corpus when it exists (never for stdin). `null` when there are none.
 *
 * @throws LabelsError (`ERR_CORPUS_LABELS`) for an unreadable or invalid labels file.
 */
export async function readCorpusLabels(
  corpus: string,
  explicit: string | undefined,
  ruleIds: readonly (string | null)[],
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<CorpusTruth | null> {
  const path = explicit ?? (corpus === '-' ? undefined : labelsPathOf(corpus));
  if (path === undefined) return null;
  let text: string;
  try {
    text = await read(path);
  } catch (error) {
    if (explicit === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new LabelsError(path, `cannot read: ${(error as Error).message}`, error);
  }
  const labels = parseLabels(text, path);
  const expected = new Map<number, readonly number[]>();
  ruleIds.forEach((id, slot) => {
    if (id === null) return;
    const lines = labels.expected[id];
    if (lines !== undefined) expected.set(slot, lines);
  });
  return { path, labels, expected };
}

/** The first index of ascending `lines` whose value is ≥ `line`. */
export function lowerBound(lines: readonly number[], line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]! < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The chunk fields the labels are cut by. */
export interface LabelledChunk {
  readonly firstLine: number;
  readonly bytes: Uint8Array;
  readonly lineNumbers?: Int32Array | undefined;
}

/**
 * Cuts a corpus's expected lines per chunk, chunks given in order. An NDJSON chunk of B bytes holds at
 * most B lines, so it gets the expected lines in `[firstLine, firstLine + B)` and keeps those that fall
 * in it (the main thread does not count the chunk's lines); a synthesized chunk (non-NDJSON corpus) gets
 * every expected line after the previous chunk's last document up to its own last, so that a label on a
 * line holding no document is still counted (as a false negative).
 */
export class ChunkLabeler {
  private covered = 0;

  constructor(private readonly truth: CorpusTruth) {}

  /** The labels of the next chunk. */
  labelsFor(chunk: LabelledChunk): ChunkLabels[] {
    const numbers = chunk.lineNumbers;
    const from = numbers === undefined ? chunk.firstLine : this.covered + 1;
    const to = numbers === undefined ? chunk.firstLine + chunk.bytes.byteLength - 1 : (numbers[numbers.length - 1] ?? this.covered);
    if (numbers !== undefined) this.covered = to;
    return [...this.truth.expected].map(([slot, lines]) => ({ slot, lines: lines.slice(lowerBound(lines, from), lowerBound(lines, to + 1)) }));
  }
}
