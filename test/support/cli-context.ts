/**
 * An in-memory {@link CliContext} for running the CLI in-process: captured stdout/stderr, a fixed
 * environment, a fake interrupt hook that a test can fire.
 */
import { PassThrough, Readable } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';

export interface MemoryCli {
  readonly ctx: CliContext;
  stdout(): string;
  stderr(): string;
  /** Fires every registered SIGINT handler. */
  interrupt(): void;
}

export function createMemoryCli(options: { env?: Record<string, string>; stdin?: string; cwd?: string; tty?: boolean } = {}): MemoryCli {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const handlers = new Set<() => void>();
  const ctx: CliContext = {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stderrIsTTY: options.tty ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    now: () => Date.now(),
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    cpus: 2,
  };
  return {
    ctx,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    interrupt: () => {
      for (const handler of handlers) handler();
    },
  };
}
