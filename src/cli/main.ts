#!/usr/bin/env node
/**
 * The executable entry: the only module that reads `process.env`, touches `process.std*` or exits.
 */
import { availableParallelism } from 'node:os';
import { runCli } from './program.js';
import type { CliContext } from './context.js';

const ctx: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  now: () => Date.now(),
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
  cpus: availableParallelism(),
};

// EPIPE on stdout (`eql-replay match … | head`) is a normal end, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), ctx);
process.exitCode = code;
