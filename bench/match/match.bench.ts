/**
 * Question: how close is the compiled seed-rule predicate to a predicate a careful person writes by hand
 * for that one rule, on parsed events? Target: ≤ 1.5× the hand-written time. Also: the reference
 * interpreter's ratio (expected to be far slower — it is the oracle, not a path).
 *
 * Events: 600 realistic documents — Elastic Defend (nested ECS), Endgame-style and SentinelOne-style
 * (dotted keys, `event.action` arrays) Linux file events, with positives and near misses (wrong
 * executable, known_hosts.*, /tmp paths, Linux vs linux, process events) — parsed once before timing.
 *
 * Usage: npm run bench:match. Writes JSON (node version, CPU, git sha) to bench/results/match.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench, type Task } from 'tinybench';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { compileQuery } from '../../src/match/compile.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';

const SEED =
  'file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and ' +
  'process.executable == "/usr/bin/ssh-keygen" and file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*") and ' +
  'not file.name : "known_hosts.*"';

/** A deterministic PRNG (mulberry32): the same events on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function events(count: number): unknown[] {
  const random = prng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const paths = ['/home/alice/.ssh/id_ed25519', '/root/.ssh/authorized_keys', '/etc/ssh/ssh_host_rsa_key', '/home/bob/.ssh/known_hosts.old', '/tmp/ssh-XXXX/agent', '/var/log/syslog', '/home/carol/.bashrc'];
  const executables = ['/usr/bin/ssh-keygen', '/usr/bin/ssh-keygen', '/usr/bin/vim', '/usr/sbin/sshd', '/usr/bin/bash'];
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const path = pick(paths);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const executable = pick(executables);
    const shape = random();
    const category = random() < 0.85 ? 'file' : 'process';
    const osType = random() < 0.95 ? 'linux' : 'Linux';
    if (shape < 0.6) {
      // Elastic Defend: nested ECS with the full field set.
      out.push({
        '@timestamp': '2024-05-01T10:00:00.000Z',
        agent: { id: 'f3c1', type: 'endpoint', version: '8.15.1' },
        data_stream: { dataset: 'endpoint.events.file', namespace: 'default', type: 'logs' },
        ecs: { version: '8.10.0' },
        event: { action: pick(['creation', 'deletion', 'rename']), category: [category], dataset: 'endpoint.events.file', id: `e${i}`, kind: 'event', module: 'endpoint', outcome: 'unknown', sequence: i, type: ['creation'] },
        file: { extension: name.includes('.') ? name.split('.').pop() : undefined, name, path, size: 411 },
        group: { id: '0', name: 'root' },
        host: { architecture: 'x86_64', hostname: 'web-1', id: 'h1', ip: ['10.0.0.5'], name: 'web-1', os: { family: 'debian', kernel: '6.1', name: 'Ubuntu', platform: 'ubuntu', type: osType, version: '22.04' } },
        message: 'Endpoint file event',
        process: { entity_id: `p${i}`, executable, name: executable.slice(executable.lastIndexOf('/') + 1), pid: 1000 + i },
        user: { id: 0, name: 'root' },
      });
    } else if (shape < 0.8) {
      // SentinelOne through Elastic's pipeline: `event.action` as an array.
      out.push({
        event: { category: [category], action: ['File Creation', pick(['file_create_event', 'creation', 'file_delete_event'])], type: ['creation'] },
        file: { path, name },
        host: { os: { type: osType }, name: 's1-host' },
        process: { executable, pid: 42 },
      });
    } else {
      // Dotted keys (as some shippers write them).
      out.push({ 'event.category': category, 'event.action': pick(['creation', 'modification']), 'host.os.type': osType, 'process.executable': executable, 'file.path': path, 'file.name': name });
    }
  }
  return out.map((e) => JSON.parse(JSON.stringify(e)) as unknown);
}

/** What a careful person writes by hand for the seed rule, nested and dotted shapes and arrays included. */
function handWritten(doc: Record<string, any>): boolean {
  const get = (path: string): unknown[] => {
    const direct = doc[path];
    if (direct !== undefined) return Array.isArray(direct) ? direct : [direct];
    let node: any = doc;
    for (const key of path.split('.')) {
      if (node === null || typeof node !== 'object') return [];
      node = node[key];
    }
    return node === undefined || node === null ? [] : Array.isArray(node) ? node : [node];
  };
  const has = (path: string, test: (s: string) => boolean): boolean => get(path).some((v) => typeof v === 'string' && v.length <= 1024 && test(v));
  const lower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return (
    has('event.category', (v) => v === 'file') &&
    has('host.os.type', (v) => v === 'linux') &&
    has('event.action', (v) => v === 'creation' || v === 'file_create_event') &&
    has('process.executable', (v) => v === '/usr/bin/ssh-keygen') &&
    has('file.path', (v) => {
      const p = lower(v);
      return (p.startsWith('/home/') && p.includes('/.ssh/', 6)) || p.startsWith('/root/.ssh/') || p.startsWith('/etc/ssh/');
    }) &&
    !has('file.name', (v) => lower(v).startsWith('known_hosts.'))
  );
}

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

const docs = events(600);
const query = normalizeQuery(parseEql(SEED));
const compiled = compileQuery(query, { mapping: DEFAULT_ECS_MAPPING }).predicate;
const interpreted = interpretQuery(query, { mapping: DEFAULT_ECS_MAPPING }).predicate;
const expected = docs.filter((d) => handWritten(d as Record<string, unknown>)).length;
for (const [name, p] of [['compiled', compiled], ['interpreter', interpreted]] as const) {
  const n = docs.filter((d) => p(d)).length;
  if (n !== expected) throw new Error(`${name} matched ${n} events, the hand-written predicate ${expected}`);
}

let sink = 0;
const bench = new Bench({ name: 'seed rule over 600 parsed events', time: 1500, warmupTime: 300 });
bench
  .add('baseline: hand-written predicate', () => {
    for (const d of docs) if (handWritten(d as Record<string, unknown>)) sink++;
  })
  .add('compiled predicate (compileQuery)', () => {
    for (const d of docs) if (compiled(d)) sink++;
  })
  .add('reference interpreter (interpretQuery)', () => {
    for (const d of docs) if (interpreted(d)) sink++;
  });
await bench.run();
const stat = (t: Task): { ms: number; rme: number } => {
  if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state}`);
  return { ms: t.result.latency.mean, rme: t.result.latency.rme };
};
const base = stat(bench.tasks[0]!);
const results = bench.tasks.map((task) => {
  const s = stat(task);
  return {
    task: task.name,
    eventsPerSec: Math.round(docs.length / (s.ms / 1000)),
    timeVsBaseline: Number((s.ms / base.ms).toFixed(2)),
    errorPct: Number(Math.sqrt(s.rme ** 2 + base.rme ** 2).toFixed(1)),
  };
});
console.table(results);
process.stderr.write(`matches per pass: ${expected} of ${docs.length} (sink ${sink})\n`);
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/match.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    { bench: 'match/match', date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, gitSha: gitSha(), events: docs.length, matchesPerPass: expected, target: 'compiled timeVsBaseline <= 1.5', results },
    null,
    2,
  ) + '\n',
);
process.stderr.write(`wrote ${out}\n`);
