/**
 * `file.name`, `file.extension` and `file.directory` as the producers derive them from a path.
 */

/** The last path component (`/home/u/.ssh` → `.ssh`; a relative path's last component too). */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Everything before the last `/` (empty for a bare name). */
export function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? (slash === 0 ? '/' : '') : path.slice(0, slash);
}

/**
 * The extension Elastic Defend reports: the text after the last dot, absent when the name has no dot,
 * only a leading dot (`.bash_history`, `.ssh` — CORPUS.md §1) or ends with the dot (`known_hosts.`).
 */
export function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? undefined : name.slice(dot + 1);
}
