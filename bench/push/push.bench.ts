/**
 * Question: how many documents/s does `pushCorpus` get through on loopback against a sink that acks
 * everything, compared with the official `@elastic/elasticsearch` 9.4.3 `helpers.bulk` (its defaults:
 * 5 MB flushes, concurrency 5) reading the same NDJSON file and creating the same `_id`s?
 * Target (push brief): ≥ 2.5× the baseline, compression off.
 *
 * Usage: npm run bench:push [-- --events 300000 --rounds 5] [-- --quick]
 * The sink runs in a child process (fast-sink.ts), so the numbers are the client's. Client CPU per
 * document comes from process.cpuUsage() around each run. Each run is seconds long and end to end, so
 * instead of tinybench's back-to-back iterations the tasks are interleaved round by round (a round runs
 * every task once, in rotating order) and medians are compared: on a shared 2-core machine, load from
 * elsewhere then hits every task alike. Ratios against the baseline are the comparable numbers, with the
 * spread of the per-round ratios as their error; results go to bench/results/push.json (node, CPU, sha).
 */
import { fork } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@elastic/elasticsearch';
import { chunkCorpus } from '../../src/corpus/chunker.js';
import { computeDocumentId } from '../../src/push/document-id.js';
import { pushCorpus } from '../../src/push/push-corpus.js';
import { readAhead } from '../../src/push/push-input.js';
import type { PushProfileName } from '../../src/push/push-profiles.js';
import { flagOption, numberOption, writeBenchResult } from '../bench-environment.js';

const quick = flagOption('--quick');
const events = numberOption('--events', quick ? 30_000 : 300_000);
const rounds = numberOption('--rounds', quick ? 1 : 5);
const TARGET = 2.5;

/** Defend-like Linux file events (~1 KiB), deterministic. */
function corpusLines(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const ts = new Date(1_714_521_600_000 + i * 37).toISOString().replace('Z', '1234Z');
    lines.push(
      JSON.stringify({
        '@timestamp': ts,
        agent: { id: `b8a4c5c2-6d6f-4b8e-9a57-${String(i % 50).padStart(12, '0')}`, type: 'endpoint', version: '8.15.1' },
        data_stream: { dataset: 'endpoint.events.file', namespace: 'default', type: 'logs' },
        ecs: { version: '8.11.0' },
        event: { action: 'creation', category: ['file'], created: ts, dataset: 'endpoint.events.file', id: `NqA${i.toString(36)}`, kind: 'event', module: 'endpoint', outcome: 'unknown', sequence: 1_000_000 + i, type: ['creation'] },
        file: { extension: 'tmp', name: `tmp.${i}.tmp`, path: `/run/systemd/journal/streams/tmp.${i}.tmp`, size: 4096 + (i % 977), Ext: { entropy: 4.2, header_bytes: '0000000000000000' } },
        host: { architecture: 'x86_64', hostname: `web-${i % 50}`, id: `a1e4d9c3b2f34e8d9c7b6a5f4e${String(i % 50).padStart(6, '0')}`, name: `web-${i % 50}`, os: { family: 'debian', full: 'Debian 12.7', kernel: '6.1.0-25-cloud-amd64', name: 'Linux', platform: 'debian', type: 'linux', version: '12.7', Ext: { variant: 'Debian' } } },
        message: 'Endpoint file event',
        process: { entity_id: `ZjA4${(i * 7919).toString(36)}`, executable: '/usr/lib/systemd/systemd-journald', name: 'systemd-journald', pid: 300 + (i % 50) },
        user: { id: 0, name: 'root', Ext: { real: { id: 0, name: 'root' } } },
        group: { id: 0, name: 'root', Ext: { real: { id: 0, name: 'root' } } },
      }),
    );
  }
  return lines;
}

const dir = mkdtempSync(join(tmpdir(), 'eql-replay-bench-push-'));
const path = join(dir, 'defend.ndjson');
// Built and written, then dropped: a few hundred MB of live strings would slow every GC of the runs.
const corpusBytes = ((): number => {
  const text = `${corpusLines(events).join('\n')}\n`;
  writeFileSync(path, text);
  return Buffer.byteLength(text);
})();

const sink = fork(fileURLToPath(new URL('./fast-sink.js', import.meta.url)), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const port = await new Promise<number>((ok, fail) => {
  sink.stdout!.on('data', (d: Buffer) => {
    const m = /PORT (\d+)/.exec(d.toString());
    if (m !== null) ok(Number(m[1]));
  });
  sink.on('error', fail);
});
const url = `http://127.0.0.1:${port}`;
const cpuByTask = new Map<string, { userUs: number; systemUs: number; runs: number }>();

function measured(name: string, run: () => Promise<number>): () => Promise<void> {
  return async () => {
    const before = process.cpuUsage();
    const docs = await run();
    const used = process.cpuUsage(before);
    if (docs !== events) throw new Error(`${name}: ${docs} docs acked, expected ${events}`);
    const c = cpuByTask.get(name) ?? { userUs: 0, systemUs: 0, runs: 0 };
    cpuByTask.set(name, { userUs: c.userUs + used.user, systemUs: c.systemUs + used.system, runs: c.runs + 1 });
  };
}

const client = new Client({ node: url });
const BASELINE = 'baseline: @elastic/elasticsearch 9.4.3 helpers.bulk (defaults), readline over the file';
const ours = (profile: PushProfileName, routed: boolean): [string, () => Promise<void>] => {
  const name = `eql-replay pushCorpus, profile ${profile}${routed ? ', routed by each event\'s data_stream' : ', --index bench'}`;
  return [
    name,
    measured(name, async () => {
      const r = await pushCorpus({
        url,
        open: async function* () {
          for await (const c of readAhead(chunkCorpus(path, { format: 'ndjson' }))) yield { source: path, bytes: c.bytes, firstLine: c.firstLine };
        },
        sources: [{ path, bytes: corpusBytes }],
        profile,
        compressionLevel: 0,
        ...(routed ? {} : { target: { kind: 'index', name: 'bench' } as const }),
        deadLetterPath: join(dir, 'dead.ndjson'),
      });
      return r.acked;
    }),
  ];
};

const tasks: [string, () => Promise<void>][] = [
  [
    BASELINE,
    measured(BASELINE, async () => {
      const stats = await client.helpers.bulk<string>({
        datasource: createInterface({ input: createReadStream(path), crlfDelay: Infinity })[Symbol.asyncIterator](),
        onDocument: (doc) => ({ create: { _index: 'bench', _id: computeDocumentId(doc) } }),
      });
      return stats.successful;
    }),
  ],
  ours('balanced', false),
  ours('throughput', false),
  ours('throughput', true),
];
const samples = new Map<string, number[]>(tasks.map(([name]) => [name, []]));

try {
  // Warm-up: every task once (JIT, connections, page cache), not recorded.
  for (const [, run] of tasks) await run();
  cpuByTask.clear();
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < tasks.length; k += 1) {
      const [name, run] = tasks[(k + round) % tasks.length]!;
      const t0 = performance.now();
      await run();
      samples.get(name)!.push(events / ((performance.now() - t0) / 1000));
    }
    process.stderr.write(`round ${round + 1}/${rounds} done\n`);
  }
  const median = (xs: readonly number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const base = samples.get(BASELINE)!;
  const rows = tasks.map(([name]) => {
    const xs = samples.get(name)!;
    const perRoundRatios = xs.map((x, i) => x / base[i]!);
    const cpu = cpuByTask.get(name)!;
    return {
      task: name,
      medianDocsPerSec: Math.round(median(xs)),
      minDocsPerSec: Math.round(Math.min(...xs)),
      maxDocsPerSec: Math.round(Math.max(...xs)),
      ratioToBaseline: Number((median(xs) / median(base)).toFixed(2)),
      medianRoundRatio: Number(median(perRoundRatios).toFixed(2)),
      ratioRange: [Number(Math.min(...perRoundRatios).toFixed(2)), Number(Math.max(...perRoundRatios).toFixed(2))],
      clientCpuUsPerDoc: Number(((cpu.userUs + cpu.systemUs) / cpu.runs / events).toFixed(2)),
    };
  });
  console.table(rows.map((r) => ({ ...r, ratioRange: r.ratioRange.join('–') })));
  const throughput = rows.find((r) => r.task === 'eql-replay pushCorpus, profile throughput, --index bench')!;
  writeBenchResult(
    'push',
    {
      question: 'docs/s of pushCorpus vs @elastic/elasticsearch helpers.bulk on loopback, compression off, same file and ids',
      corpus: { events, bytes: corpusBytes, meanLineBytes: Math.round(corpusBytes / events) },
      rounds,
      quick,
      setup: 'sink in a child process answering 201 per item (X-Elastic-Product sent); client and sink share 2 cores; eql-replay: 1600 docs/bulk, 1 (balanced) or 4 (throughput) connections; helpers.bulk: 5 MB flushes, concurrency 5',
      rows,
    },
    [
      { label: 'push, throughput profile vs helpers.bulk, docs/s (median of rounds)', value: throughput.ratioToBaseline, unit: '×', target: `≥ ${TARGET}×`, met: throughput.ratioToBaseline >= TARGET },
      { label: 'push, client CPU per document: helpers.bulk / ours', value: Number((rows[0]!.clientCpuUsPerDoc / throughput.clientCpuUsPerDoc).toFixed(2)), unit: '×', target: null, met: null },
    ],
  );
} finally {
  await client.close();
  sink.disconnect();
  sink.kill();
  rmSync(dir, { recursive: true, force: true });
}
