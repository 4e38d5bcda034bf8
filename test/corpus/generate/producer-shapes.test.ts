/**
 * Every producer's documents look like the real thing: the documented Defend Linux-create field set, and
 * the same key paths and value types as the real samples in ../shared/reference/samples (modulo the
 * fields listed here, each with the reason).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildSentinelOneRaw, renderSentinelOne } from '../../../src/corpus/generate/producers/sentinel-one-renderer.js';
import { applyPipeline } from '../../../src/corpus/generate/producers/sentinel-one-pipeline.js';
import { createBlockGenerator } from '../../../src/corpus/generate/block-generator.js';
import { loadProfile } from '../../../src/corpus/generate/profile-loader.js';
import { generateInMemory, parseLines } from './support/generate-in-memory.js';

const SHARED = resolve(process.cwd(), '../shared/reference');
const hasShared = existsSync(SHARED);

type Doc = Record<string, unknown>;

/** Leaf key paths with their JSON type (`string`, `number`, `boolean`, `string[]`, …), dotted keys joined. */
function leafTypes(doc: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(doc as Doc)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) out.set(path, `${value.length === 0 ? 'unknown' : typeof value[0]}[]`);
    else if (typeof value === 'object' && value !== null) leafTypes(value, path, out);
    else out.set(path, typeof value);
  }
  return out;
}

/** The union of leaf paths/types over many documents. */
function unionTypes(docs: readonly Doc[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of docs) for (const [k, v] of leafTypes(doc)) out.set(k, v);
  return out;
}

const corpus = await generateInMemory({ events: 30_000, seed: 21, profile: 'accuracy' });
const docs = parseLines(corpus.bytes);
const defend = (version: string, action: string) =>
  docs.filter((d) => (d['agent'] as Doc | undefined)?.['type'] === 'endpoint' && (d['agent'] as Doc)['version'] === version && (d['event'] as Doc)['action'] === action && 'file' in d && !('file.path' in d));

describe.skipIf(!hasShared)('Elastic Defend (shared reference material: ../shared/reference)', () => {
  const yaml = hasShared ? readFileSync(resolve(SHARED, 'endpoint-package__linux_file_create.yaml'), 'utf8') : '';
  const documented = new Set([...yaml.matchAll(/^\s+- '?([@\w.]+)'?\s*$/gm)].map((m) => m[1]!).filter((f) => f.includes('.') || f === 'message' || f === '@timestamp'));

  test('the endpoint-package YAML lists 60 Linux-create fields (CORPUS.md says 63: the YAML has 60)', () => {
    expect(documented.size).toBe(60);
  });

  test('a creation by the latest agent (9.0.0) carries exactly the documented fields minus the 8.14+/8.18+ omissions', () => {
    const fields = new Set(unionTypes(defend('9.0.0', 'creation').filter((d) => 'parent' in (d['process'] as Doc) && 'extension' in (d['file'] as Doc))).keys());
    // 8.14+ drops process.command_line; 8.18+ trims host to id, name, os (CORPUS.md §1).
    const omitted = ['process.command_line', 'host.architecture', 'host.hostname', 'host.ip', 'host.mac'];
    expect([...fields].sort()).toEqual([...documented].filter((f) => !omitted.includes(f)).sort());
  });

  test('a creation by an 8.13 agent carries all 60 documented fields, command_line included', () => {
    const fields = new Set(unionTypes(defend('8.13.4', 'creation').filter((d) => 'parent' in (d['process'] as Doc) && 'extension' in (d['file'] as Doc))).keys());
    expect([...fields].sort()).toEqual([...documented].sort());
  });

  const sample = hasShared
    ? (JSON.parse(readFileSync(resolve(SHARED, 'samples/kibana__mock_file_events_query_results__linux_endpoint_8.15.1.json'), 'utf8')) as { hits: { _source: Doc }[] })
    : { hits: [] };
  // Added at ingest, not by the agent: this corpus is what the agent ships.
  const INGEST_ONLY = ['event.ingested', 'event.agent_id_status'];
  // Documented by the endpoint package (YAML) but absent from the trimmed Kibana mock.
  const DOCUMENTED_EXTRAS = [
    'process.Ext.ancestry', 'process.entry_leader.entity_id', 'process.entry_leader.parent.entity_id',
    'process.session_leader.entity_id', 'process.group_leader.entity_id', 'process.parent.entity_id',
    'file.Ext.entropy', 'file.Ext.header_bytes', 'file.size', 'file.hash.sha256', 'file.extension', 'file.Ext.original.extension',
  ];
  test.for([
    ['rename', 0],
    ['creation', 1],
    ['deletion', 3],
  ] as const)('8.15.1 %s: same key paths and value types as the real document', ([action, hit]) => {
    const real = leafTypes(sample.hits[hit]!._source);
    const ours = unionTypes(defend('8.15.1', action));
    for (const key of INGEST_ONLY) real.delete(key);
    for (const [key, type] of real) expect([key, ours.get(key)]).toEqual([key, type]);
    const extra = [...ours.keys()].filter((k) => !real.has(k) && !DOCUMENTED_EXTRAS.includes(k));
    expect(extra).toEqual([]);
  });
});

describe('Elastic Defend values (CORPUS.md §1)', () => {
  const all = docs.filter((d) => (d['agent'] as Doc | undefined)?.['type'] === 'endpoint');
  test('Linux Defend has no modification event; actions and types pair as observed', () => {
    const pairs = new Set(all.map((d) => `${(d['event'] as Doc)['action']}:${JSON.stringify((d['event'] as Doc)['type'])}`));
    expect([...pairs].sort()).toEqual(['Creation:["creation"]', 'creation:["creation"]', 'deletion:["deletion"]', 'rename:["change"]']);
  });
  test('process.entity_id is base64 of <agent.id>-<pid>-<start epoch seconds>', () => {
    for (const d of all.slice(0, 2000)) {
      const p = d['process'] as Doc;
      const decoded = Buffer.from(p['entity_id'] as string, 'base64').toString('utf8');
      const match = /^(.+)-(\d+)-(\d+)$/.exec(decoded);
      expect(match?.[1]).toBe((d['agent'] as Doc)['id']);
      expect(Number(match?.[2])).toBe(p['pid']);
      expect(Number(match?.[3]) * 1000).toBeLessThanOrEqual(Date.parse(d['@timestamp'] as string));
    }
  });
  test('event.sequence strictly increases per agent, @timestamp never decreases, event.id is 24 chars with a per-agent prefix', () => {
    const last = new Map<string, { sequence: number; prefix: string }>();
    let previous = '';
    for (const d of all) {
      const agent = (d['agent'] as Doc)['id'] as string;
      const event = d['event'] as Doc;
      const id = event['id'] as string;
      expect(id).toHaveLength(24);
      const seen = last.get(agent);
      if (seen !== undefined) {
        expect(event['sequence'] as number).toBeGreaterThan(seen.sequence);
        expect(id.slice(0, 16)).toBe(seen.prefix);
      }
      last.set(agent, { sequence: event['sequence'] as number, prefix: id.slice(0, 16) });
      const ts = d['@timestamp'] as string;
      expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$/);
      expect(event['created']).toBe(ts);
      expect(Date.parse(ts)).toBeGreaterThanOrEqual(Date.parse(previous || ts));
      previous = ts;
    }
    expect(last.size).toBeGreaterThan(10);
  });
  test('user.id and group.id are numbers; host.mac uses dashes; host.ip has v4 and v6; no extension for dot-only names', () => {
    for (const d of all) {
      expect(typeof (d['user'] as Doc)['id']).toBe('number');
      expect(typeof (d['group'] as Doc)['id']).toBe('number');
      const host = d['host'] as Doc;
      if ('mac' in host) {
        expect(host['mac']).toEqual([expect.stringMatching(/^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/)]);
        expect((host['ip'] as string[]).some((ip) => ip.includes(':'))).toBe(true);
        expect((host['ip'] as string[]).some((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip))).toBe(true);
      }
      const file = d['file'] as Doc | undefined;
      const name = file?.['name'];
      if (typeof name === 'string' && /^\.[^.]*$/.test(name)) expect(file).not.toHaveProperty('extension');
    }
  });
});

describe.skipIf(!hasShared)('SentinelOne Cloud Funnel (shared reference material)', () => {
  const expected = hasShared
    ? (JSON.parse(readFileSync(resolve(SHARED, 'samples/sentinel_one_cloud_funnel__test-file.log-expected.json'), 'utf8')) as { expected: Doc[] }).expected[0]!
    : {};
  const rawSample = hasShared ? (JSON.parse(readFileSync(resolve(SHARED, 'samples/sentinel_one_cloud_funnel__test-file.log'), 'utf8')) as Doc) : {};
  const s1 = docs.filter((d) => 'sentinel_one_cloud_funnel' in d && JSON.stringify((d['event'] as Doc)['action']) === '["creation"]');

  test('a creation after the pipeline has the sample\'s key paths and value types', () => {
    const real = leafTypes(expected);
    // event.original: preserve_original_event is not set; file.drive_letter: Windows only;
    // process.code_signature.subject_name and the vendor's src.process.publisher: Linux binaries carry
    // no publisher.
    for (const key of ['event.original', 'file.drive_letter', 'process.code_signature.subject_name', 'sentinel_one_cloud_funnel.event.src.process.publisher']) {
      real.delete(key);
    }
    const ours = unionTypes(s1);
    for (const [key, type] of real) expect([key, ours.get(key)]).toEqual([key, type]);
    // Present in a stored document but not in the pipeline test's input: data_stream.*, input.type.
    const extra = [...ours.keys()].filter((k) => !real.has(k));
    expect(extra.sort()).toEqual(['data_stream.dataset', 'data_stream.namespace', 'data_stream.type', 'event.dataset', 'input.type']);
  });

  test('the raw form has the sample line\'s keys and value types (publisher omitted: none on Linux)', async () => {
    const raw = await generateInMemory({ events: 3000, seed: 21, profile: 'accuracy', rawS1: true });
    const lines = parseLines(raw.bytes).filter((d) => typeof d['message'] === 'string');
    expect(lines.length).toBeGreaterThan(50);
    const vendor = JSON.parse(lines.find((d) => (d['message'] as string).includes('"File Creation"'))!['message'] as string) as Doc;
    const real = new Map(Object.entries(rawSample).map(([k, v]) => [k, typeof v]));
    real.delete('src.process.publisher');
    expect(new Map(Object.entries(vendor).filter(([k]) => real.has(k)).map(([k, v]) => [k, typeof v]))).toEqual(real);
    expect(Object.keys(vendor).filter((k) => !real.has(k))).toEqual([]);
  });

  test('the fast renderer is byte-for-byte JSON.stringify(applyPipeline(raw)) for every S1 event', async () => {
    const profile = (await loadProfile('accuracy', { cwd: process.cwd() })).profile;
    const generator = createBlockGenerator({ seed: 3, profile, blockSize: 4096, rawS1: false });
    const host = generator.fleet.byProducer.sentinelOne[0]!;
    const ops = [
      { action: 'creation', path: '/home/a/.ssh/id_rsa', process: host.daemons.sshd, positive: false },
      { action: 'rename', path: '/x', originalPath: '/y', process: host.daemons.systemd, positive: false },
      { action: 'modification', path: 'rel"ative\\path', process: host.daemons.cron, positive: false, variant: { osType: null } },
      { action: 'deletion', path: '/', process: host.daemons.journald, positive: false },
    ] as const;
    for (const op of ops) {
      const stamp = { timestamp: '', sequence: 1234567, eventId: 'x', epochMs: 1729076772123.4 };
      const fast = renderSentinelOne(op, host, generator.fleet, stamp);
      expect(fast).toBe(JSON.stringify(applyPipeline(buildSentinelOneRaw(op, host, generator.fleet, stamp))));
    }
    expect(s1.length).toBeGreaterThan(10);
  });
});

describe.skipIf(!hasShared)('Elastic Endgame (shared reference material)', () => {
  const demo = hasShared
    ? (JSON.parse(readFileSync(resolve(SHARED, 'samples/kibana__demo_endgame_ecs_file_events__windows.json'), 'utf8')) as Record<string, Doc>)
    : {};
  test('a creation has the demo document\'s fields (Kibana fields shape: every leaf an array) and types', () => {
    const ours = unionTypes(docs.filter((d) => (d['event'] as Doc)['module'] === 'endgame' && (d['event'] as Doc)['action'] === 'file_create_event'));
    const real = new Map([...leafTypes(demo['demoEndgameFileCreateEvent']), ...leafTypes(demo['demoEndgameFileDeleteEvent'])]);
    // _id and timestamp are Kibana's, not _source; user.domain is a Windows account domain.
    for (const key of ['_id', 'timestamp', 'user.domain']) real.delete(key);
    for (const [key, type] of real) {
      const unwrapped = key === 'host.ip' ? type : type.replace(/\[\]$/, '');
      expect([key, ours.get(key)]).toEqual([key, unwrapped]);
    }
    expect(ours.get('process.entity_id')).toBeUndefined();
    expect(ours.get('endgame.event_subtype_full')).toBe('string');
    expect(ours.get('observer.vendor')).toBe('string');
  });
});
