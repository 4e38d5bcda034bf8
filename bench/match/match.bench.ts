/**
 * Question: how close is the compiled seed-rule predicate to a predicate a careful person writes by hand
 * for that one rule, on parsed events? Target: ≤ 1.5× the hand-written time. Also: the reference
 * interpreter's ratio (expected to be far slower — it is the oracle, not a path).
 *
 * Events: 600 realistic documents — Elastic Defend (nested ECS), Endgame-style and SentinelOne-style
 * (dotted keys, `event.action` arrays) Linux file events, with positives and near misses (wrong
 * executable, known_hosts.*, /tmp paths, Linux vs linux, process events) — parsed once before timing.
 *
 * Usage: npm run bench:match [-- --quick]. Writes JSON (node version, CPU, git sha, load) to bench/results/match.json.
 */
import { Bench } from 'tinybench';
import { normalizeQuery } from '../../src/eql/normalize.js';
import { parseEql } from '../../src/eql/parse.js';
import { compileQuery } from '../../src/match/compile.js';
import { interpretQuery } from '../../src/match/interpret.js';
import { DEFAULT_ECS_MAPPING } from '../../src/match/mapping.js';
import { flagOption, writeBenchResult } from '../bench-environment.js';
import { createSeededRandom } from '../../src/push/seeded-random.js';
import { ratioErrorPct, taskStats } from '../task-stats.js';

const quick = flagOption('--quick');
const TARGET = 1.5;

const SEED =
  'file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and ' +
  'process.executable == "/usr/bin/ssh-keygen" and file.path : ("/home/*/.ssh/*", "/root/.ssh/*", "/etc/ssh/*") and ' +
  'not file.name : "known_hosts.*"';

function events(count: number): unknown[] {
  const random = createSeededRandom(42);
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
const bench = new Bench({ name: 'seed rule over 600 parsed events', time: quick ? 300 : 1500, warmupTime: quick ? 100 : 300 });
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
const base = taskStats(bench.tasks[0]!);
const results = bench.tasks.map((task) => {
  const s = taskStats(task);
  return {
    task: task.name,
    eventsPerSec: Math.round(docs.length / (s.meanMs / 1000)),
    timeVsBaseline: Number((s.meanMs / base.meanMs).toFixed(2)),
    errorPct: Number(ratioErrorPct(s, base).toFixed(1)),
  };
});
console.table(results);
process.stderr.write(`matches per pass: ${expected} of ${docs.length} (sink ${sink})\n`);
const compiledRow = results.find((r) => r.task.startsWith('compiled'))!;
writeBenchResult(
  'match',
  { question: 'time of the compiled seed-rule predicate vs a hand-written one on 600 parsed events (lower is better)', events: docs.length, matchesPerPass: expected, target: `compiled timeVsBaseline <= ${TARGET}`, quick, results },
  [{ label: 'compiled seed rule, time vs hand-written predicate (lower is better)', value: compiledRow.timeVsBaseline, unit: '× time', errorPct: compiledRow.errorPct, target: `≤ ${TARGET}×`, met: compiledRow.timeVsBaseline <= TARGET }],
);
