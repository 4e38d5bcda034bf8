/**
 * Question: how fast does `generate` write a labelled corpus — single-threaded and with all cores —
 * against a baseline that JSON.stringify's one realistic (Elastic Defend-shaped, nested, as large as our
 * average line) document per event and writes it to a file? Aim (issue 3): ≥ 3× the baseline's events/s
 * with all cores.
 *
 * Usage: npm run bench:generate [-- --events 1000000 --rounds 3] [-- --quick]
 * Files go to /dev/shm when there is one: the question is generation, not the disk (both sides write the
 * same ~1.2 GB, which on a shared disk makes every ratio tend to 1).
 *
 * Method: every task is one whole run of `events` events (a fresh worker pool each time: its cold JIT and
 * empty host and process caches are part of the cost — about 0.35 s of CPU per worker, measured — which a
 * larger --events amortizes). The default is 1,000,000 events, the corpus `npm start` generates; at 500k
 * the warm-up is still ~20 % of a worker's CPU (`-- --events 500000` shows it); rounds are interleaved (each round runs every task
 * once, in rotating order, after one unrecorded warm-up round) because the machine is shared; a ratio is
 * taken per round against that round's baseline and reported as the median with its range. Beside
 * events/s and MB/s: CPU time per event (all threads of the process), which outside load disturbs less
 * than wall time — the all-cores ratio is at most (cores × the CPU-efficiency ratio).
 *
 * The baseline's fairness: its document is a real Defend 8.15.1 creation (full process ancestry, file
 * hashes, host block) of about our average line's size (both sizes are reported); its process entity ids
 * are computed once per process, as any generator — ours too — does, not base64-encoded per event (the
 * baseline before 2026-11-26 did that: a quarter of its time was Buffer.toString('base64'); kept as an
 * extra row so that older results stay comparable).
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCorpusWriter } from '../../src/corpus/corpus-writer.js';
import { DEFAULT_BLOCK_SIZE } from '../../src/corpus/generate/block-generator.js';
import { generateCorpus } from '../../src/corpus/generate/generate-corpus.js';
import { loadProfile } from '../../src/corpus/generate/profile-loader.js';
import { flagOption, numberOption, PROJECT_ROOT, writeBenchResult, type BenchHeadline } from '../bench-environment.js';
import { sampleStats } from '../sample-stats.js';

const quick = flagOption('--quick');
const events = numberOption('--events', quick ? 60_000 : 1_000_000);
const rounds = numberOption('--rounds', quick ? 1 : 3);
const allCores = availableParallelism();
const TARGET = 3;

/** Entity ids of the baseline's processes: base64 of `<agent.id>-<pid>-<start>` (CORPUS.md §1). */
const entity = (pid: number): string => Buffer.from(`f0531fa6-f25c-46d9-815a-9333b25ba728-${pid}-1726484345`).toString('base64');

/**
 * A realistic Elastic Defend creation (nested, ~2.5 kB serialized: about our average line), the
 * baseline's per-event object. `id(pid)` gives a process's entity id.
 */
function defendDocument(i: number, id: (pid: number) => string): Record<string, unknown> {
  const pid = 4242 + (i % 1000);
  return {
    agent: { id: 'f0531fa6-f25c-46d9-815a-9333b25ba728', type: 'endpoint', version: '8.15.1' },
    process: {
      parent: { entity_id: id(4200) },
      name: 'ssh-keygen',
      pid,
      entity_id: id(pid),
      executable: '/usr/bin/ssh-keygen',
      Ext: { ancestry: [id(4200), id(4100), id(4099), id(1122), id(1)] },
      entry_leader: { entity_id: id(4099), parent: { entity_id: id(1122) } },
      session_leader: { entity_id: id(4200) },
      group_leader: { entity_id: id(4242) },
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

interface Task {
  readonly name: string;
  readonly file: string;
  readonly threads: number | null;
  /** Runs once; returns the bytes written (the file's size). */
  readonly run: (path: string) => Promise<number>;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly bytes: number;
  readonly loadAvg: number;
}

const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'eql-replay-bench-generate-'));
try {
  const { profile } = await loadProfile('busy-server', { cwd: PROJECT_ROOT });
  // Entity ids once per process, as a generator keeps them (the baseline's pids: five ancestors and 1,000 children).
  const ids: string[] = [];
  for (const pid of [1, 1122, 4099, 4100, 4200]) ids[pid] = entity(pid);
  for (let pid = 4242; pid < 5242; pid++) ids[pid] = entity(pid);
  const cachedId = (pid: number): string => ids[pid]!;

  const baseline = (id: (pid: number) => string) => async (path: string) => {
    const fd = openSync(path, 'w');
    try {
      let batch: string[] = [];
      for (let i = 0; i < events; i++) {
        batch.push(JSON.stringify(defendDocument(i, id)));
        if (batch.length === DEFAULT_BLOCK_SIZE) {
          writeSync(fd, `${batch.join('\n')}\n`);
          batch = [];
        }
      }
      if (batch.length > 0) writeSync(fd, `${batch.join('\n')}\n`);
    } finally {
      closeSync(fd);
    }
    return statSync(path).size;
  };
  const generate = (threads: number, gzipLevel?: number) => async (path: string) => {
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
    return statSync(path).size;
  };
  const tasks: Task[] = [
    { name: 'baseline: JSON.stringify one nested Defend document per event, write to a file', file: 'baseline.ndjson', threads: 1, run: baseline(cachedId) },
    ...(quick ? [] : [{ name: 'baseline as before 2026-11-26 (entity ids base64-encoded per event)', file: 'baseline-old.ndjson', threads: 1, run: baseline(entity) }]),
    { name: 'generate, inline (1 thread, no worker)', file: 'inline.ndjson', threads: 0, run: generate(0) },
    { name: 'generate, 1 worker thread', file: 'one.ndjson', threads: 1, run: generate(1) },
    { name: `generate, ${allCores} worker threads (all cores)`, file: 'all.ndjson', threads: allCores, run: generate(allCores) },
    { name: `generate .gz (level 6), ${allCores} worker threads`, file: 'all.ndjson.gz', threads: allCores, run: generate(allCores, 6) },
  ];
  const measure = async (task: Task): Promise<Sample> => {
    const path = join(dir, task.file);
    const loadAvg = loadavg()[0] ?? 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const bytes = await task.run(path);
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    rmSync(path, { force: true });
    return { wallMs, cpuMs: (used.user + used.system) / 1000, bytes, loadAvg };
  };

  log(`warm-up round (${events.toLocaleString('en-US')} events per task, not recorded)…`);
  for (const task of tasks) await measure(task);
  const samples = new Map<Task, Sample[]>(tasks.map((t) => [t, []]));
  for (let round = 0; round < rounds; round++) {
    const order = tasks.map((_, k) => tasks[(k + round) % tasks.length]!);
    for (const task of order) {
      const s = await measure(task);
      samples.get(task)!.push(s);
      log(`round ${round + 1}/${rounds}  ${task.name.padEnd(80)} ${(s.wallMs / 1000).toFixed(2).padStart(6)} s  cpu ${(s.cpuMs / 1000).toFixed(2).padStart(6)} s  load ${s.loadAvg.toFixed(2)}`);
    }
  }

  const base = samples.get(tasks[0]!)!;
  const rows = tasks.map((task) => {
    const list = samples.get(task)!;
    const wall = sampleStats(list.map((s) => s.wallMs));
    const cpu = sampleStats(list.map((s) => s.cpuMs));
    // Per-round ratios: each against the baseline of its own round, so that load drifting between rounds cancels.
    const ratios = sampleStats(list.map((s, r) => base[r]!.wallMs / s.wallMs));
    const cpuRatios = sampleStats(list.map((s, r) => base[r]!.cpuMs / s.cpuMs));
    const bytes = list[0]!.bytes;
    return {
      task: task.name,
      threads: task.threads,
      rounds: list.length,
      medianWallMs: round1(wall.median),
      wallRmePct: round1(wall.rmePct),
      eventsPerSec: Math.round(events / (wall.median / 1000)),
      mbPerSec: round1(bytes / 1e6 / (wall.median / 1000)),
      bytesPerEvent: Math.round(bytes / events),
      cpuUsPerEvent: round2((cpu.median * 1000) / events),
      ratioToBaseline: round2(ratios.median),
      ratioRange: [round2(ratios.min), round2(ratios.max)],
      cpuEfficiencyToBaseline: round2(cpuRatios.median),
      meanLoadAvg1m: round2(list.reduce((sum, s) => sum + s.loadAvg, 0) / list.length),
    };
  });
  const row = (name: string) => rows.find((r) => r.task.startsWith(name))!;
  const all = row(`generate, ${allCores} worker`);
  const inline = row('generate, inline');
  const headlines: BenchHeadline[] = [
    { label: `generate, all cores (${allCores} threads) vs stringify baseline, events/s`, value: all.ratioToBaseline, unit: '×', target: `≥ ${TARGET}×`, met: all.ratioToBaseline >= TARGET },
    { label: 'generate, 1 thread (inline) vs stringify baseline, events/s', value: inline.ratioToBaseline, unit: '×', target: null, met: null },
    { label: 'generate, CPU per event: baseline / ours (inline)', value: inline.cpuEfficiencyToBaseline, unit: '×', target: null, met: null },
  ];
  console.table(rows.map((r) => ({ task: r.task, 'events/s': r.eventsPerSec, 'MB/s': r.mbPerSec, 'B/event': r.bytesPerEvent, 'cpu µs/event': r.cpuUsPerEvent, '× baseline': `${r.ratioToBaseline} (${r.ratioRange.join('–')})`, '× cpu': r.cpuEfficiencyToBaseline })));
  writeBenchResult(
    'corpus-generate',
    {
      question: `events/s of generate (inline, 1 worker, all cores, gzip) vs JSON.stringify of one nested Defend document per event written to a file (ratio; aim ≥ ${TARGET}x with all cores)`,
      events,
      blockSize: DEFAULT_BLOCK_SIZE,
      profile: 'busy-server',
      rounds,
      quick,
      note: `files written to ${dir.startsWith('/dev/shm') ? 'tmpfs (/dev/shm)' : 'the temp dir'}; ratios are per round (median, range) against the same round's baseline; shared ${allCores}-core machine: read them with meanLoadAvg1m`,
      rows,
    },
    headlines,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
