/**
 * What a command may touch of the outside world, injected so that commands run in-process in tests
 * (STYLE.md §5). Only `cli/main.ts` builds the real one from `process`.
 */
import type { Readable, Writable } from 'node:stream';

/** The world a CLI command runs in. */
export interface CliContext {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  /** True when stderr is a terminal: progress output is shown only then. */
  readonly stderrIsTTY: boolean;
  /** Environment variables (credentials, server URLs); never read `process.env` elsewhere. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Wall clock in epoch milliseconds. */
  readonly now: () => number;
  /** Registers a handler for SIGINT; returns a function that removes it. */
  readonly onInterrupt: (handler: () => void) => () => void;
  /** Number of logical CPUs available to worker pools. */
  readonly cpus: number;
}

/** Writes a line to a stream. */
export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}
