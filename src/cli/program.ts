/**
 * Builds the commander program and runs it against an injected {@link CliContext}, returning the exit
 * code instead of exiting: the whole CLI can be driven in-process by tests.
 *
 * Exit codes (STYLE.md §4): 0 ok, 1 a user-facing failure (message, no stack), 2 usage. An internal bug
 * (anything that is not an {@link AppError}) prints its stack and exits 1.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { AppError } from '../errors.js';
import { COMMANDS } from './commands/index.js';
import { writeLine, type CliContext } from './context.js';

const VERSION = readVersion();

/** Creates the top-level program with every subcommand's summary; loads the full definition of `only`. */
export async function createProgram(ctx: CliContext, only?: string): Promise<Command> {
  const program = new Command('eql-replay')
    .description(
      'Replay Linux file-event corpora through Elastic EQL detection rules: how fast, how accurate, and ' +
        'whether a live Elasticsearch/OpenSearch takes the load (Elastic Agent-style _bulk push).',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    })
    .addHelpText('after', '\nExample:\n  $ eql-replay check --rule builtin:ssh-keygen\n  $ eql-replay help replay');

  for (const entry of COMMANDS) {
    if (entry.name === only) {
      const module = await entry.load();
      module.register(program, ctx);
    } else {
      program.command(entry.name).description(entry.summary);
    }
  }
  // Subcommands inherit the output routing and the throw-instead-of-exit behaviour.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    });
  }
  return program;
}

/**
 * Runs the CLI with `args` (without the node and script paths) and resolves to the exit code.
 * Never throws and never calls `process.exit`.
 */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<number> {
  const name = pickCommandName(args);
  try {
    const program = await createProgram(ctx, name);
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    return renderError(error, ctx);
  }
}

/** Renders a thrown value for a user and returns the exit code it deserves. */
export function renderError(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (help, version, or a usage error).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return 0;
    }
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof AppError) {
    writeLine(ctx.stderr, `${error.code}: ${error.message}`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  writeLine(ctx.stderr, `internal error (a bug in eql-replay, please report it):\n${stack}`);
  return 1;
}

function pickCommandName(args: readonly string[]): string | undefined {
  // `help <cmd>` needs <cmd> loaded too.
  const first = args.find((a) => !a.startsWith('-'));
  if (first === 'help') {
    const index = args.indexOf('help');
    return args.slice(index + 1).find((a) => !a.startsWith('-'));
  }
  return first;
}

function readVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  const fallback = new URL('../../package.json', import.meta.url);
  for (const candidate of [url, fallback]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'eql-replay' && typeof pkg.version === 'string') return pkg.version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return '0.0.0';
}
