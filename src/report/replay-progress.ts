/**
 * The one-line progress of a replay run on a terminal (shown only when stderr is a TTY): events/s, the
 * share of the input done and an ETA when the input size is known (plain files), bytes read otherwise
 * (stdin, gzip — whose decompressed size is unknown until the end).
 */

/** Where a run is. */
export interface ReplayProgress {
  /** Decompressed bytes replayed so far. */
  readonly bytes: number;
  /** The total, when known in the same units (uncompressed files only); `null` otherwise. */
  readonly totalBytes: number | null;
  readonly events: number;
  readonly elapsedMs: number;
  /** The corpus being read and its position in the list (1-based), for several files. */
  readonly source: string;
  readonly file: number;
  readonly files: number;
}

/** Formats `progress` as one line (no `\r`, no newline). */
export function formatReplayProgress(progress: ReplayProgress): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(progress.events / seconds) : 0;
  const parts = [`replay ${progress.files > 1 ? `[${progress.file}/${progress.files}] ` : ''}${progress.source}`];
  if (progress.totalBytes !== null && progress.totalBytes > 0) {
    const share = Math.min(1, progress.bytes / progress.totalBytes);
    parts.push(`${formatBytes(progress.bytes)} / ${formatBytes(progress.totalBytes)} (${(100 * share).toFixed(1)} %)`);
    parts.push(`${rate.toLocaleString('en-US')} events/s`);
    const bytesPerSec = seconds > 0 ? progress.bytes / seconds : 0;
    parts.push(`ETA ${bytesPerSec > 0 ? formatDuration((progress.totalBytes - progress.bytes) / bytesPerSec) : '?'}`);
  } else {
    parts.push(`${formatBytes(progress.bytes)} read`);
    parts.push(`${rate.toLocaleString('en-US')} events/s`);
  }
  return parts.join('  ');
}

/** Bytes in decimal units with one decimal (`1.2 GB`, `512.0 MB`, `3.4 kB`, `12 B`). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** `m:ss` (or `h:mm:ss`) for a number of seconds. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
