/**
 * Question: how fast does the prefilter's chunk scanner find the candidate lines of the seed rule in raw
 * NDJSON, against (a) the ceiling — `Buffer.indexOf` of one needle over the same bytes — and (b) what it
 * saves — splitting lines and `JSON.parse`-ing every one? Also: what do its parts cost (line index,
 * case-insensitive and many-needle groups by one RegExp pass vs folding the chunk and one indexOf per
 * needle), and what does a corpus where every line has a backslash (raw SentinelOne messages) cost?
 *
 * Usage: npm run bench:prefilter [-- --size-mb 64 --iterations 8] [-- --quick]
 * Builds Elastic Defend-like Linux file events (~900 bytes a line, 1 in 10,000 an ssh-keygen positive, 2%
 * with a JSON escape), cut into 1 MiB newline-aligned chunks as replay gets them; 1 thread. Reports GB/s
 * and throughput ratios against the indexOf baseline (with their error), and writes JSON (node version,
 * CPU, git sha, load) to bench/results/match-prefilter.json.
 */
import { Bench } from 'tinybench';
import type { Cond } from '../../src/eql/ast.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { buildPrefilter, foldAsciiBytes, prefilterAccepts } from '../../src/match/prefilter.js';
import { indexLines } from '../../src/match/prefilter-lines.js';
import { createChunkScanner } from '../../src/match/prefilter-scanner.js';
import { flagOption, numberOption, writeBenchResult } from '../bench-environment.js';
import { createSeededRandom } from '../../src/push/seeded-random.js';
import { ratioErrorPct, taskStats } from '../task-stats.js';

const quick = flagOption('--quick');
const sizeBytes = numberOption('--size-mb', quick ? 8 : 64) * 1024 * 1024;
const iterations = numberOption('--iterations', quick ? 2 : 8);
const CHUNK_BYTES = 1 << 20;

/**
 * One Elastic Defend 8.15 Linux file event, shaped like the real ones in
 * ../shared/reference/samples/kibana__mock_file_events_query_results__linux_endpoint_8.15.1.json.
 */
function defendLine(random: () => number, i: number, options: { positive: boolean; escaped: boolean }): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const user = pick(['root', 'ubuntu', 'alice', 'bob', 'postgres']);
  const home = user === 'root' ? '/root' : `/home/${user}`;
  const exe = options.positive
    ? '/usr/bin/ssh-keygen'
    : pick(['/usr/lib/systemd/systemd-journald', '/usr/bin/bash', '/usr/bin/python3.11', '/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/cp', '/usr/bin/dpkg', '/usr/bin/vim.basic']);
  const dir = options.positive ? `${home}/.ssh` : pick([`${home}/.ssh`, '/tmp', '/var/log/journal', '/etc', `${home}/src/app`, '/run/systemd/units', '/var/lib/dpkg/info']);
  const name = options.positive ? pick(['id_ed25519', 'id_rsa.pub']) : `${pick(['known_hosts', 'config', 'data', 'invocation:gce.service', 'libssl', '.#8:5203253Z'])}${Math.floor(random() * 1000)}`;
  const pid = 100 + Math.floor(random() * 60000);
  const ts = new Date(1_729_076_772_000 + i * 13).toISOString().replace('Z', '1234Z');
  return JSON.stringify({
    agent: { id: 'f0531fa6-f25c-46d9-815a-9333b25ba728', type: 'endpoint', version: '8.15.1' },
    process: {
      name: exe.slice(exe.lastIndexOf('/') + 1),
      pid,
      entity_id: Buffer.from(`f0531fa6-f25c-46d9-815a-9333b25ba728-${pid}-1726484348`).toString('base64'),
      executable: exe,
      ...(options.escaped ? { command_line: `${exe} -c "echo ${i}"` } : {}),
    },
    message: 'Endpoint file event',
    '@timestamp': ts,
    file: { path: `${dir}/${name}`, name },
    ecs: { version: '8.10.0' },
    data_stream: { namespace: 'default', type: 'logs', dataset: 'endpoint.events.file' },
    host: {
      hostname: `endpoint-deb-${i % 50}`,
      os: { Ext: { variant: 'Debian' }, kernel: '6.1.0-25-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3', name: 'Linux', family: 'debian', type: 'linux', version: '12.7', platform: 'debian', full: 'Debian 12.7' },
      name: `endpoint-deb-${i % 50}`,
      id: '18a77774a51b4024813da8493f10c056',
    },
    event: {
      sequence: 2_524_790 + i,
      created: ts,
      kind: 'event',
      module: 'endpoint',
      action: pick(['creation', 'creation', 'rename', 'deletion']),
      id: `NiUEE6P7Pv00Sp1S++++${i.toString(36)}`,
      category: ['file'],
      type: ['creation'],
      dataset: 'endpoint.events.file',
      outcome: 'unknown',
    },
    user: { Ext: { real: { name: user, id: 0 } }, name: user, id: user === 'root' ? 0 : 1000 },
  });
}

/** The corpus as newline-aligned chunks of about CHUNK_BYTES. */
function buildChunks(bytes: number, seed: number, lineOptions: (i: number, random: () => number) => { positive: boolean; escaped: boolean }): { chunks: Buffer[]; lines: number; bytes: number } {
  const random = createSeededRandom(seed);
  const chunks: Buffer[] = [];
  let lines = 0;
  let total = 0;
  while (total < bytes) {
    const batch: string[] = [];
    let batchBytes = 0;
    while (batchBytes < CHUNK_BYTES) {
      const line = defendLine(random, lines, lineOptions(lines, random));
      lines++;
      batch.push(line);
      batchBytes += line.length + 1;
    }
    const chunk = Buffer.from(batch.join('\n') + '\n');
    chunks.push(chunk);
    total += chunk.length;
  }
  return { chunks, lines, bytes: total };
}

const term = (field: string, values: string[]): Cond => ({ kind: 'term', field, values, caseInsensitive: false, negated: false });
const wildcard = (field: string, patterns: string[], negated = false): Cond => ({ kind: 'wildcard', field, patterns, caseInsensitive: true, negated });
const SEED: Cond = {
  kind: 'and',
  items: [
    term('event.category', ['file']),
    term('host.os.type', ['linux']),
    term('event.action', ['creation', 'file_create_event']),
    term('process.executable', ['/usr/bin/ssh-keygen']),
    wildcard('file.path', ['/home/*/.ssh/*', '/root/.ssh/*', '/etc/ssh/*']),
    wildcard('file.name', ['known_hosts.*'], true),
  ],
};
/** A rule whose only literal is case-insensitive: `file where file.path : "/root/.ssh/*"`. */
const CI_ONLY: Cond = { kind: 'and', items: [term('event.category', ['file']), wildcard('file.path', ['/root/.ssh/*'])] };
/** A rule with a wide case-insensitive list, like Elastic's endpoint-tampering rules: `process.name in~ (…9 names)`. */
const CI_LIST: Cond = {
  kind: 'and',
  items: [
    term('event.category', ['file']),
    {
      kind: 'term',
      field: 'process.name',
      values: ['elastic-agent', 'elastic-endpoint', 'elasticendpoint', 'elastic agent', 'elastic-agent.exe', 'endpoint-security.exe', 'elastic-endpoint.exe', 'elastic-agent.service', 'com.apple.iokit.endpointsecurity'],
      caseInsensitive: true,
      negated: false,
    },
  ],
};

const seedPrefilter = buildPrefilter({ condition: SEED, pipes: [], categoryField: 'event.category' }, { mapping: DEFAULT_ECS_MAPPING });
const ciPrefilter = buildPrefilter({ condition: CI_ONLY, pipes: [], categoryField: 'event.category' }, { mapping: DEFAULT_ECS_MAPPING });
const seedScan = createChunkScanner(seedPrefilter);
const ciScan = createChunkScanner(ciPrefilter);
const ciListPrefilter = buildPrefilter({ condition: CI_LIST, pipes: [], categoryField: 'event.category' }, { mapping: DEFAULT_ECS_MAPPING });
const ciListScan = createChunkScanner(ciListPrefilter);

process.stderr.write(`building ${(sizeBytes / 2 ** 20).toFixed(0)} MiB of Defend lines…\n`);
const corpus = buildChunks(sizeBytes, 42, (i, random) => ({ positive: i % 10_000 === 5_000, escaped: random() < 0.02 }));
const escapedCorpus = buildChunks(sizeBytes / 4, 7, (i) => ({ positive: i % 10_000 === 5_000, escaped: true }));
const needle = Buffer.from('"/usr/bin/ssh-keygen"');
const ciNeedle = Buffer.from('"/root/.ssh/');
const sink = { n: 0 };

// Sanity: the scanner must agree with the per-line reference on the corpus before we time it.
{
  const chunk = corpus.chunks[0]!;
  const lines = indexLines(chunk);
  const expected: number[] = [];
  for (let i = 0; i < lines.count; i++) if (prefilterAccepts(seedPrefilter, chunk.subarray(lines.starts[i], lines.ends[i]))) expected.push(i);
  const got = [...seedScan(chunk).candidates];
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`scanner disagrees with prefilterAccepts: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
}

const bench = new Bench({ name: 'prefilter', iterations, time: 0, warmupIterations: 2, warmupTime: 0 });
bench
  .add('baseline: Buffer.indexOf of one needle, whole chunks', () => {
    for (const chunk of corpus.chunks) {
      for (let at = chunk.indexOf(needle); at !== -1; at = chunk.indexOf(needle, at + 1)) sink.n++;
    }
  })
  .add('indexLines (indexOf of \\n per line)', () => {
    for (const chunk of corpus.chunks) sink.n += indexLines(chunk).count;
  })
  .add('scanner, seed rule (builds its line index)', () => {
    for (const chunk of corpus.chunks) sink.n += seedScan(chunk).candidates.length;
  })
  .add('scanner, seed rule (line index given)', () => {
    // The index is built outside the loop body's timing only in spirit: built once per chunk up front.
    for (const chunk of corpus.chunks) sink.n += seedScan(chunk, lineIndexes.get(chunk)).candidates.length;
  })
  .add('scanner, one case-insensitive needle (RegExp /i over latin1)', () => {
    for (const chunk of corpus.chunks) sink.n += ciScan(chunk).candidates.length;
  })
  .add('scanner, nine case-insensitive needles (one RegExp pass)', () => {
    for (const chunk of corpus.chunks) sink.n += ciListScan(chunk).candidates.length;
  })
  .add('alternative: indexOf per needle, 9 lower-case needles on a folded copy', () => {
    for (const chunk of corpus.chunks) {
      const folded = Buffer.from(foldAsciiBytes(chunk).buffer);
      for (const n of ciListPrefilter.best ?? []) {
        for (let at = folded.indexOf(n.bytes); at !== -1; at = folded.indexOf(n.bytes, at + 1)) sink.n++;
      }
    }
  })
  .add('alternative ci: fold each chunk, then indexOf', () => {
    for (const chunk of corpus.chunks) {
      const folded = Buffer.from(foldAsciiBytes(chunk).buffer);
      for (let at = folded.indexOf(ciNeedle); at !== -1; at = folded.indexOf(ciNeedle, at + 1)) sink.n++;
    }
  })
  .add('scanner, seed rule, every line escaped (raw S1 worst case) [1/4 size]', () => {
    for (const chunk of escapedCorpus.chunks) sink.n += seedScan(chunk).candidates.length;
  })
  .add('per-line prefilterAccepts (reference)', () => {
    for (const chunk of corpus.chunks) {
      const lines = lineIndexes.get(chunk)!;
      for (let i = 0; i < lines.count; i++) if (prefilterAccepts(seedPrefilter, chunk.subarray(lines.starts[i], lines.ends[i]))) sink.n++;
    }
  })
  .add('split lines + JSON.parse every line', () => {
    for (const chunk of corpus.chunks) {
      const text = chunk.toString('utf8');
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        if (nl > start) sink.n += (JSON.parse(text.slice(start, nl)) as { event: { sequence: number } }).event.sequence & 1;
        start = nl + 1;
      }
    }
  });
const lineIndexes = new Map(corpus.chunks.map((chunk) => [chunk, indexLines(chunk)]));
await bench.run();

const base = taskStats(bench.tasks[0]!);
const rows = bench.tasks.map((task) => {
  const s = taskStats(task);
  const bytes = task.name.includes('[1/4 size]') ? escapedCorpus.bytes : corpus.bytes;
  const baseBytesPerMs = corpus.bytes / base.meanMs;
  const bytesPerMs = bytes / s.meanMs;
  return {
    task: task.name,
    meanMs: Number(s.meanMs.toFixed(1)),
    rmePct: Number(s.rmePct.toFixed(1)),
    gbPerSec: Number((bytesPerMs / 1e6).toFixed(3)),
    // Throughput ratio to the baseline.
    ratioToBaseline: Number((bytesPerMs / baseBytesPerMs).toFixed(3)),
    ratioErrorPct: Number(ratioErrorPct(s, base).toFixed(1)),
  };
});
const candidates = corpus.chunks.reduce((n, chunk) => n + seedScan(chunk).candidates.length, 0);
const scanner = rows.find((r) => r.task === 'scanner, seed rule (builds its line index)')!;
const parseAll = rows.find((r) => r.task === 'split lines + JSON.parse every line')!;
console.table(rows);
writeBenchResult(
  'match-prefilter',
  {
    question: 'chunk scanner GB/s for the seed rule vs Buffer.indexOf of one needle (ceiling) and vs split + JSON.parse (what it saves)',
    threads: 1,
    chunkBytes: CHUNK_BYTES,
    corpus: {
      bytes: corpus.bytes,
      lines: corpus.lines,
      meanLineBytes: Math.round(corpus.bytes / corpus.lines),
      seedCandidates: candidates,
      escapedCorpusBytes: escapedCorpus.bytes,
    },
    prefilter: {
      seedBest: seedPrefilter.best?.map((n) => n.text),
      ciBest: ciPrefilter.best?.map((n) => n.text),
      ciListBest: ciListPrefilter.best?.map((n) => n.text),
    },
    iterations,
    quick,
    note: 'in-memory chunks; 1 thread; shared 2-core machine: compare ratios, not absolute times',
    rows,
    checksum: sink.n,
  },
  [
    { label: 'prefilter scanner (seed rule) vs Buffer.indexOf of one needle, GB/s', value: scanner.ratioToBaseline, unit: '×', errorPct: scanner.ratioErrorPct, target: null, met: null },
    { label: 'prefilter scanner (seed rule) vs split + JSON.parse every line', value: Number((scanner.gbPerSec / parseAll.gbPerSec).toFixed(1)), unit: '×', target: null, met: null },
  ],
);
