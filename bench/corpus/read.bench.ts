/**
 * Question: how fast do the corpus readers and the chunker go through an uncompressed corpus, against the
 * raw `fs.read` loop over the same file (the ceiling)? Target: the chunker ≥ 1 GB/s (it runs on the replay
 * engine's main thread, in front of the worker pool).
 *
 * Usage: npm run bench:read [-- --size-mb 256 --iterations 5]
 * Builds a file of Defend-like file events in a temp dir, reports GB/s and the ratio to the baseline (with
 * its error), and writes JSON (node version, CPU, git sha) to bench/results/corpus-read.json.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench, type Task } from 'tinybench';
import { chunkCorpus } from '../../src/corpus/chunker.js';
import { readCorpus, readCorpusBatches } from '../../src/corpus/read-corpus.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const sizeBytes = option('--size-mb', 256) * 1024 * 1024;
const iterations = option('--iterations', 5);

/** A deterministic PRNG (mulberry32): the same corpus on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One Elastic Defend-like Linux file event (ECS), about 1 KiB, as an NDJSON line. */
function defendLine(random: () => number, i: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const user = pick(['root', 'ubuntu', 'alice', 'bob', 'svc-backup']);
  const proc = pick(['bash', 'ssh-keygen', 'python3', 'cp', 'vim', 'systemd', 'sshd', 'tar']);
  const dir = pick([`/home/${user}/.ssh`, '/tmp', '/var/log', '/etc', `/home/${user}/projects/app`, '/usr/lib/x86_64-linux-gnu']);
  const name = `${pick(['id_ed25519', 'config', 'data', 'report', 'libssl', 'notes'])}${Math.floor(random() * 1000)}${pick(['', '.pub', '.txt', '.so.3', '.log'])}`;
  return JSON.stringify({
    '@timestamp': new Date(1_714_521_600_000 + i * 37).toISOString(),
    agent: { id: 'b8a4c5c2-6d6f-4b8e-9a57-2f2c1e3a9d10', type: 'endpoint', version: '8.14.0' },
    data_stream: { dataset: 'endpoint.events.file', namespace: 'default', type: 'logs' },
    ecs: { version: '8.10.0' },
    event: {
      action: pick(['creation', 'modification', 'deletion', 'rename', 'open']),
      category: ['file'],
      created: new Date(1_714_521_600_000 + i * 37).toISOString(),
      dataset: 'endpoint.events.file',
      id: `Nq${Math.floor(random() * 1e12).toString(36)}${i.toString(36)}`,
      kind: 'event',
      module: 'endpoint',
      outcome: 'success',
      sequence: 1_000_000 + i,
      type: [pick(['creation', 'change', 'deletion'])],
    },
    file: { extension: name.split('.').at(1) ?? '', name, path: `${dir}/${name}`, size: Math.floor(random() * 65536) },
    host: {
      architecture: 'x86_64',
      hostname: `web-${Math.floor(random() * 40)}`,
      id: 'a1e4d9c3b2f34e8d9c7b6a5f4e3d2c1b',
      name: `web-${Math.floor(random() * 40)}`,
      os: { family: 'ubuntu', full: 'Ubuntu 22.04.4', kernel: '5.15.0-105-generic', name: 'Linux', platform: 'ubuntu', type: 'linux', version: '22.04.4' },
    },
    message: 'Endpoint file event',
    process: {
      entity_id: `ZjA4${Math.floor(random() * 1e15).toString(36)}`,
      executable: `/usr/bin/${proc}`,
      name: proc,
      pid: 1000 + Math.floor(random() * 60000),
      args: [`/usr/bin/${proc}`, pick(['-t', '-f', '-c', '--quiet']), pick(['ed25519', `${dir}/${name}`, '/dev/null'])],
    },
    user: { id: user === 'root' ? '0' : String(1000 + Math.floor(random() * 5)), name: user, group: { id: '1000', name: user } },
  });
}

function buildCorpus(path: string, bytes: number): { lines: number; bytes: number } {
  const random = prng(42);
  const fd = openSync(path, 'w');
  let written = 0;
  let lines = 0;
  try {
    while (written < bytes) {
      const batch: string[] = [];
      for (let k = 0; k < 2000; k++) batch.push(defendLine(random, lines++));
      written += writeSync(fd, batch.join('\n') + '\n');
    }
  } finally {
    closeSync(fd);
  }
  return { lines, bytes: written };
}

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'eql-replay-bench-read-'));
const path = join(dir, 'defend.ndjson');
try {
  process.stderr.write(`building a ${(sizeBytes / 2 ** 20).toFixed(0)} MiB corpus in ${dir}…\n`);
  const corpus = buildCorpus(path, sizeBytes);
  const sink = { n: 0 };

  const bench = new Bench({ name: 'corpus read', iterations, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench
    .add('baseline: fs.read loop, 1 MiB reused buffer', () => {
      const fd = openSync(path, 'r');
      const buffer = Buffer.allocUnsafe(1 << 20);
      try {
        for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) sink.n += buffer[0]!;
      } finally {
        closeSync(fd);
      }
    })
    .add('chunkCorpus, 1 MiB chunks', async () => {
      for await (const c of chunkCorpus(path, { format: 'ndjson' })) sink.n += c.firstLine;
    })
    .add('chunkCorpus, 4 MiB chunks', async () => {
      for await (const c of chunkCorpus(path, { format: 'ndjson', chunkBytes: 4 << 20 })) sink.n += c.firstLine;
    })
    .add('readCorpusBatches (validates every line)', async () => {
      for await (const batch of readCorpusBatches(path)) sink.n += batch.length;
    })
    .add('readCorpus, one await per record', async () => {
      for await (const r of readCorpus(path)) sink.n += r.line;
    });
  await bench.run();

  const stats = (task: Task): { meanMs: number; rme: number } => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
    return { meanMs: r.latency.mean, rme: r.latency.rme };
  };
  const [baselineTask, ...others] = bench.tasks;
  const base = stats(baselineTask!);
  const rows = bench.tasks.map((task) => {
    const s = stats(task);
    const gbPerSec = corpus.bytes / 1e9 / (s.meanMs / 1000);
    // Ratio of throughputs = baseline time / task time; relative errors add in quadrature.
    const ratio = base.meanMs / s.meanMs;
    const ratioErrorPct = Math.sqrt(s.rme ** 2 + base.rme ** 2);
    const isReader = task.name.startsWith('read');
    return {
      task: task.name,
      meanMs: Number(s.meanMs.toFixed(1)),
      rmePct: Number(s.rme.toFixed(1)),
      gbPerSec: Number(gbPerSec.toFixed(3)),
      ratioToBaseline: Number(ratio.toFixed(3)),
      ratioErrorPct: Number(ratioErrorPct.toFixed(1)),
      ...(isReader ? { recordsPerSec: Math.round(corpus.lines / (s.meanMs / 1000)) } : {}),
    };
  });
  void others;
  const result = {
    bench: 'corpus/read',
    question: 'reader and chunker throughput on uncompressed NDJSON vs a raw fs.read loop (ratio)',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    gitSha: gitSha(),
    corpus: { bytes: corpus.bytes, lines: corpus.lines, meanLineBytes: Math.round(corpus.bytes / corpus.lines) },
    iterations,
    note: 'file in the page cache after the first pass; 1 thread; ratios are the comparable numbers (shared, noisy machine)',
    rows,
    checksum: sink.n,
  };
  console.table(rows);
  const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/corpus-read.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  process.stderr.write(`wrote ${out}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
