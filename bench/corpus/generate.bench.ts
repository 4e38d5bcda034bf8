/**
 * Question: how fast does `generate` write a labelled corpus, single-threaded and with all cores, against
 * a baseline that JSON.stringify's one realistic (Defend-shaped, nested) document per event and writes it
 * to a file? Aim: ≥ 3x the baseline with all cores.
 *
 * Usage: npm run bench:generate [-- --events 500000 --iterations 3]   (files go to /dev/shm when present)
 * Reports events/s and the ratio to the baseline (with its error; same run, same machine), and writes
 * JSON (node version, CPU, git sha, events, block size, threads) to bench/results/corpus-generate.json.
 * Worker tasks load the built worker from dist/ (the npm script builds first); each run starts a fresh
 * pool (cold JIT), which a larger --events amortizes.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench, type Task } from 'tinybench';
import { openCorpusWriter } from '../../src/corpus/corpus-writer.js';
import { DEFAULT_BLOCK_SIZE } from '../../src/corpus/generate/block-generator.js';
import { generateCorpus } from '../../src/corpus/generate/generate-corpus.js';
import { loadProfile } from '../../src/corpus/generate/profile-loader.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const events = option('--events', 500_000);
const iterations = option('--iterations', 3);
const allCores = availableParallelism();

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** A realistic Elastic Defend creation (nested, ~1.9 kB serialized), as the baseline's per-event object. */
function defendDocument(i: number): Record<string, unknown> {
  const entity = (pid: number) => Buffer.from(`f0531fa6-f25c-46d9-815a-9333b25ba728-${pid}-1726484345`).toString('base64');
  return {
    agent: { id: 'f0531fa6-f25c-46d9-815a-9333b25ba728', type: 'endpoint', version: '8.15.1' },
    process: {
      parent: { entity_id: entity(4200) },
      name: 'ssh-keygen',
      pid: 4242 + (i % 1000),
      entity_id: entity(4242 + (i % 1000)),
      executable: '/usr/bin/ssh-keygen',
      Ext: { ancestry: [entity(4200), entity(4100), entity(4099), entity(1122), entity(1)] },
      entry_leader: { entity_id: entity(4099), parent: { entity_id: entity(1122) } },
      session_leader: { entity_id: entity(4200) },
      group_leader: { entity_id: entity(4242) },
    },
    message: 'Endpoint file event',
    '@timestamp': new Date(1_729_076_772_000 + i).toISOString(),
    file: {
      Ext: { entropy: 5.95123, header_bytes: '2d2d2d2d2d424547494e204f50454e53' },
      path: `/home/jdoe/.ssh/id_ed25519_${i}`,
      size: 411,
      name: `id_ed25519_${i}`,
      hash: { sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    },
    ecs: { version: '8.10.0' },
    data_stream: { namespace: 'default', type: 'logs', dataset: 'endpoint.events.file' },
    elastic: { agent: { id: 'f0531fa6-f25c-46d9-815a-9333b25ba728' } },
    host: {
      hostname: 'endpoint-complete-deb-gd-1',
      os: { Ext: { variant: 'Debian' }, kernel: '6.1.0-25-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3 (2024-08-26)', name: 'Linux', family: 'debian', type: 'linux', version: '12.7', platform: 'debian', full: 'Debian 12.7' },
      ip: ['127.0.0.1', '::1', '10.142.0.11', 'fe80::4001:aff:fe8e:b'],
      name: 'endpoint-complete-deb-gd-1',
      id: '18a77774a51b4024813da8493f10c056',
      mac: ['42-01-0a-8e-00-0b'],
      architecture: 'x86_64',
    },
    event: { sequence: 2_524_790 + i, created: new Date(1_729_076_772_000 + i).toISOString(), kind: 'event', module: 'endpoint', action: 'creation', id: `NiUEE6P7Pv00Sp1S${String(i).padStart(8, '+')}`, category: ['file'], type: ['creation'], dataset: 'endpoint.events.file', outcome: 'unknown' },
    user: { Ext: { real: { name: 'jdoe', id: 1000 } }, name: 'jdoe', id: 1000 },
    group: { Ext: { real: { name: 'jdoe', id: 1000 } }, name: 'jdoe', id: 1000 },
  };
}

// Files go to tmpfs when there is one: the question is generation, not the disk (both sides write the
// same ~500 MB, which on a shared disk makes every ratio tend to 1).
const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'eql-replay-bench-generate-'));
try {
  const { profile } = await loadProfile('busy-server', { cwd: process.cwd() });
  const sizes: Record<string, number> = {};
  const generateTo = (file: string, threads: number, gzipLevel?: number) => async () => {
    const path = join(dir, file);
    const writer = await openCorpusWriter(path);
    await generateCorpus({
      events,
      seed: 1,
      profile,
      profileName: 'busy-server',
      threads,
      ...(gzipLevel === undefined ? {} : { gzipLevel }),
      write: (chunk) => writer.write(chunk),
    });
    await writer.close();
    sizes[file] = statSync(path).size;
    rmSync(path);
  };
  const loadBefore = loadavg()[0];
  const bench = new Bench({ name: 'corpus generate', iterations, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench
    .add('baseline: JSON.stringify one nested Defend document per event, write to a file', () => {
      const path = join(dir, 'baseline.ndjson');
      const fd = openSync(path, 'w');
      try {
        let batch: string[] = [];
        for (let i = 0; i < events; i++) {
          batch.push(JSON.stringify(defendDocument(i)));
          if (batch.length === DEFAULT_BLOCK_SIZE) {
            writeSync(fd, `${batch.join('\n')}\n`);
            batch = [];
          }
        }
        if (batch.length > 0) writeSync(fd, `${batch.join('\n')}\n`);
      } finally {
        closeSync(fd);
      }
      sizes['baseline.ndjson'] = statSync(path).size;
      rmSync(path);
    })
    .add('generate, inline (1 thread, no worker)', generateTo('inline.ndjson', 0))
    .add('generate, 1 worker thread', generateTo('one.ndjson', 1))
    .add(`generate, ${allCores} worker threads (all cores)`, generateTo('all.ndjson', allCores))
    .add(`generate .gz (level 6), ${allCores} worker threads`, generateTo('all.ndjson.gz', allCores, 6));
  await bench.run();

  const stats = (task: Task): { meanMs: number; rme: number } => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
    return { meanMs: r.latency.mean, rme: r.latency.rme };
  };
  const base = stats(bench.tasks[0]!);
  const files = ['baseline.ndjson', 'inline.ndjson', 'one.ndjson', 'all.ndjson', 'all.ndjson.gz'];
  const rows = bench.tasks.map((task, k) => {
    const s = stats(task);
    return {
      task: task.name,
      meanMs: Number(s.meanMs.toFixed(1)),
      rmePct: Number(s.rme.toFixed(1)),
      eventsPerSec: Math.round(events / (s.meanMs / 1000)),
      bytesPerEvent: Math.round((sizes[files[k]!] ?? 0) / events),
      // Ratio of throughputs = baseline time / task time; relative errors add in quadrature.
      ratioToBaseline: Number((base.meanMs / s.meanMs).toFixed(2)),
      ratioErrorPct: Number(Math.sqrt(s.rme ** 2 + base.rme ** 2).toFixed(1)),
    };
  });
  const result = {
    bench: 'corpus/generate',
    question: 'events/s of generate (inline, 1 worker, all cores, gzip) vs JSON.stringify of one nested Defend document per event written to a file (ratio; aim ≥ 3x with all cores)',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    gitSha: gitSha(),
    events,
    blockSize: DEFAULT_BLOCK_SIZE,
    profile: 'busy-server',
    iterations,
    // Other processes on the machine take cores from the worker tasks: read the ratios with this.
    loadAverage1m: { before: Number(loadBefore?.toFixed(2)), after: Number(loadavg()[0]?.toFixed(2)) },
    note: `files written to ${dir.startsWith('/dev/shm') ? 'tmpfs (/dev/shm)' : 'the temp dir'}; ratios are the comparable numbers (shared, noisy machine)`,
    rows,
  };
  console.table(rows);
  const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/corpus-generate.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  process.stderr.write(`wrote ${out}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
