import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createMemoryCli } from '../support/cli-context.js';

describe('the CLI frame', () => {
  test('--help lists every registered command and exits 0', async () => {
    const cli = createMemoryCli();
    expect(await runCli(['--help'], cli.ctx)).toBe(0);
    expect(cli.stdout()).toContain('Usage: eql-replay');
    expect(cli.stdout()).toMatch(/^\s+servers\s/m);
  });

  test('--version prints the package version', async () => {
    const cli = createMemoryCli();
    expect(await runCli(['--version'], cli.ctx)).toBe(0);
    expect(cli.stdout().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('an unknown command is a usage error: exit 2', async () => {
    const cli = createMemoryCli();
    expect(await runCli(['no-such-command'], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain("unknown command 'no-such-command'");
  });

  test('an unknown option is a usage error: exit 2', async () => {
    const cli = createMemoryCli();
    expect(await runCli(['servers', '--nope'], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain("unknown option '--nope'");
  });
});
