/**
 * Defend-like Linux file events for the push tests (a stand-in for the corpus generator where a test
 * needs exact control): unique lines, `data_stream.*` routing fields, per-host agent ids, and
 * `@timestamp`/`event.created` with Defend's 7 fractional digits.
 */
import { chunksFromLines, type PushInputChunk } from '../../src/push/push-input.js';

/** Options of {@link sampleEvents}. */
export interface SampleOptions {
  readonly hosts?: number;
  /** Every `poisonEvery`-th event gets `"poison": true` (the fault server can reject it for good). */
  readonly poisonEvery?: number;
  /** Every `matchEvery`-th event is an ssh-keygen key creation. */
  readonly matchEvery?: number;
  readonly startMs?: number;
  readonly stepMs?: number;
  readonly dataset?: string;
}

/** `count` JSON lines. */
export function sampleLines(count: number, options: SampleOptions = {}): string[] {
  const hosts = options.hosts ?? 5;
  const start = options.startMs ?? Date.UTC(2024, 9, 16, 11, 0, 0);
  const step = options.stepMs ?? 10;
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const host = i % hosts;
    const ms = start + i * step;
    const ts = `${new Date(ms).toISOString().slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}${String(i % 10000).padStart(4, '0')}Z`;
    const keygen = options.matchEvery !== undefined && i % options.matchEvery === 0;
    const doc: Record<string, unknown> = {
      '@timestamp': ts,
      agent: { id: `agent-${host}`, type: 'endpoint', version: '8.15.1' },
      data_stream: { type: 'logs', dataset: options.dataset ?? 'endpoint.events.file', namespace: 'default' },
      event: { action: 'creation', category: ['file'], type: ['creation'], kind: 'event', created: ts, sequence: i },
      file: keygen ? { path: `/home/u${host}/.ssh/id_rsa`, name: 'id_rsa' } : { path: `/run/systemd/tmp.${i}`, name: `tmp.${i}` },
      host: { id: `host-${host}`, name: `host-${host}`, os: { type: 'linux' } },
      process: { executable: keygen ? '/usr/bin/ssh-keygen' : '/usr/lib/systemd/systemd', name: keygen ? 'ssh-keygen' : 'systemd', pid: 100 + i },
      message: 'Endpoint file event',
    };
    if (options.poisonEvery !== undefined && i % options.poisonEvery === options.poisonEvery - 1) doc['poison'] = true;
    lines.push(JSON.stringify(doc));
  }
  return lines;
}

/** An `open()` for pushCorpus over in-memory lines (source `mem.ndjson`, 1-based lines, 100 per chunk). */
export function openLines(lines: readonly string[], source = 'mem.ndjson', perChunk = 100): () => AsyncIterable<PushInputChunk> {
  return async function* () {
    yield* chunksFromLines(lines, source, perChunk);
  };
}
