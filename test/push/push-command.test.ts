/**
 * `eql-replay push` in-process against the fault server: the table, `--json`, the HTML report, exit
 * codes, credentials from the environment (never printed), the resume file after an interrupt.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createMemoryCli } from '../support/cli-context.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { sampleLines } from './sample-events.js';

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function corpus(lines: readonly string[]): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'push-cli-'));
  const file = join(dir, 'corpus.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { dir, file };
}

describe('eql-replay push', () => {
  test('--json prints the accounting and the Rally metrics; the identity holds; exit 0', async () => {
    const s = await startFaultServer();
    servers.push(s);
    const { dir, file } = corpus(sampleLines(500));
    const cli = createMemoryCli({ cwd: dir });
    const code = await runCli(['push', '--url', s.url, '--bulk-max-size', '100', '--json', file], cli.ctx);
    expect(cli.stderr()).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(cli.stdout()) as Record<string, unknown>;
    expect(json).toMatchObject({ status: 'complete', events: 500, acked: 500, duplicates: 0, deadLettered: 0, requests: 5, retried: 0, resumeFile: null });
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['docsPerSec', 'bytesPerSec', 'latencyMs', 'serviceTimeMs', 'tookMs']));
    expect(json['serviceTimeMs']).toMatchObject({ count: 5 });
    expect(Object.keys(json['serviceTimeMs'] as object).filter((k) => k.startsWith('p'))).toEqual(['p50', 'p100']);
    expect(s.store.size).toBe(500);
  });

  test('the table is printed without --json and the HTML report is written', async () => {
    const s = await startFaultServer();
    servers.push(s);
    const { dir, file } = corpus(sampleLines(50));
    const cli = createMemoryCli({ cwd: dir });
    const code = await runCli(['push', '--url', s.url, '--report', 'r.html', file], cli.ctx);
    expect(code).toBe(0);
    expect(cli.stdout()).toMatch(/^\| Metric +\| +Value \| Unit +\|\n/);
    expect(cli.stdout()).toMatch(/\n\| Acked +\| +50 \| docs +\|\n/);
    expect(cli.stdout()).toContain('logs-endpoint.events.file-default: 50 acked, 0 duplicates, 0 dead-lettered');
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<svg id="throughput-chart"');
  });

  test('credentials from the environment are sent and appear in no output, even on failure', async () => {
    const s = await startFaultServer({ requireAuthorization: 'Basic nope' });
    servers.push(s);
    const { dir, file } = corpus(sampleLines(5));
    const cli = createMemoryCli({ cwd: dir, env: { EQL_REPLAY_URL: s.url, EQL_REPLAY_USER: 'elastic', EQL_REPLAY_PASSWORD: 'pa55word-xyz' } });
    const code = await runCli(['push', '--json', file], cli.ctx);
    expect(code).toBe(1);
    expect(s.headers[0]?.authorization).toBe(`Basic ${Buffer.from('elastic:pa55word-xyz').toString('base64')}`);
    const all = cli.stdout() + cli.stderr();
    expect(all).toContain('ERR_PUSH_HTTP');
    expect(all).toContain('HTTP 401');
    expect(all).not.toContain('pa55word-xyz');
    expect(all).not.toContain(Buffer.from('elastic:pa55word-xyz').toString('base64'));
  });

  test('an interrupt exits 1 with ERR_PUSH_INTERRUPTED and leaves a resume file; --resume finishes', async () => {
    const s = await startFaultServer({ slow: 1, slowMs: 30 });
    servers.push(s);
    const lines = sampleLines(2000);
    const { dir, file } = corpus(lines);
    const cli = createMemoryCli({ cwd: dir });
    const pending = runCli(['push', '--url', s.url, '--bulk-max-size', '50', '--json', file], cli.ctx);
    await new Promise((r) => setTimeout(r, 200));
    cli.interrupt();
    expect(await pending).toBe(1);
    expect(cli.stderr()).toContain('ERR_PUSH_INTERRUPTED: interrupted:');
    const resume = join(dir, 'eql-replay-push.resume.json');
    expect(existsSync(resume)).toBe(true);
    expect(s.store.size).toBeLessThan(2000);
    s.setFaults({});
    const again = createMemoryCli({ cwd: dir });
    expect(await runCli(['push', '--url', s.url, '--resume', resume, '--json', file], again.ctx)).toBe(0);
    const json = JSON.parse(again.stdout()) as { duplicates: number; skippedByResume: number };
    expect(json.duplicates).toBe(0);
    expect(s.store.size).toBe(2000);
  });

  test('on a terminal a progress line is redrawn on stderr; stdout keeps only the result', async () => {
    const s = await startFaultServer({ slow: 1, slowMs: 150 });
    servers.push(s);
    const { dir, file } = corpus(sampleLines(600));
    const cli = createMemoryCli({ cwd: dir, tty: true });
    expect(await runCli(['push', '--url', s.url, '--bulk-max-size', '50', '--json', file], cli.ctx)).toBe(0);
    expect(cli.stderr()).toMatch(/^\r +\d+ s {2}events [\d,]+ {2}acked [\d,]+ {2}dup 0 {2}dead 0 {2}[\d,]+ docs\/s/);
    expect(cli.stderr().endsWith('\n')).toBe(true);
    expect(JSON.parse(cli.stdout())).toMatchObject({ acked: 600 });
  });

  test('a second interrupt abandons the requests in flight; their events are named and go to the resume point', async () => {
    const s = await startFaultServer({ slow: 1, slowMs: 20_000 });
    servers.push(s);
    const { dir, file } = corpus(sampleLines(300));
    const cli = createMemoryCli({ cwd: dir });
    const pending = runCli(['push', '--url', s.url, '--bulk-max-size', '100', '--json', file], cli.ctx);
    await new Promise((r) => setTimeout(r, 300));
    cli.interrupt();
    cli.interrupt();
    expect(await pending).toBe(1);
    expect(cli.stderr()).toContain('interrupt: abandoning the requests in flight');
    const json = JSON.parse(cli.stdout()) as { status: string; events: number; acked: number; unaccounted: { count: number; examples: string[] } };
    expect(json.status).toBe('interrupted');
    expect(json.acked).toBe(0);
    expect(json.unaccounted.count).toBe(json.events);
    expect(json.unaccounted.examples[0]).toMatch(/corpus\.ndjson:1$/);
    const resume = JSON.parse(readFileSync(join(dir, 'eql-replay-push.resume.json'), 'utf8')) as { unsettled: number[]; complete: boolean };
    expect(resume.complete).toBe(false);
    expect(resume.unsettled.length).toBe(json.events);
  });

  test('a corpus that breaks mid-way ends the run with its error after accounting for what was sent', async () => {
    const s = await startFaultServer();
    servers.push(s);
    const dir = mkdtempSync(join(tmpdir(), 'push-cli-'));
    const whole = gzipSync(Buffer.from(`${sampleLines(20000).join('\n')}\n`));
    writeFileSync(join(dir, 'c.ndjson.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const cli = createMemoryCli({ cwd: dir });
    expect(await runCli(['push', '--url', s.url, '--json', 'c.ndjson.gz'], cli.ctx)).toBe(1);
    const json = JSON.parse(cli.stdout()) as { status: string; events: number; acked: number; error: string };
    expect(json.status).toBe('failed');
    expect(json.error).toMatch(/gzip|truncated|unexpected end/i);
    expect(json.acked).toBe(json.events);
    expect(s.store.size).toBe(json.acked);
    expect(cli.stderr()).toMatch(/^ERR_CORPUS_COMPRESSION: /m);
  });

  test.for([
    [['--rate', '0'], '--rate must be a number > 0'],
    [['--compression', '10'], '--compression must be 0-9'],
    [['--retime', 'later'], 'invalid value for --retime'],
    [['--duration', '5'], '--duration'],
  ] as const)('bad option %j is a usage error (exit 2)', async ([args, message]) => {
    const cli = createMemoryCli();
    const code = await runCli(['push', '--url', 'http://127.0.0.1:1', ...args, 'x.ndjson'], cli.ctx);
    expect(code).toBe(2);
    expect(cli.stderr()).toContain(message);
  });

  test('a missing --url is a usage error naming the environment variable', async () => {
    const cli = createMemoryCli();
    expect(await runCli(['push', 'x.ndjson'], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain('--url is required (or set EQL_REPLAY_URL)');
  });
});
