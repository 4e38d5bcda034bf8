/**
 * A fault-injecting `_bulk` server for the push tests (PUSH.md §7): node:http on 127.0.0.1, port 0.
 *
 * It implements enough of Elasticsearch to be honest about exactly-once: a real in-memory store keyed by
 * index + `_id` with `create` semantics (a second create of the same id answers 409), gzip bodies,
 * `filter_path`-shaped answers, `_refresh`, `_count` / `_search` over `ids` (and any query a test gives an
 * evaluator for), and `GET /`. Faults are seeded, so a failing test replays exactly:
 * item 429 / 500, permanent per-document 400 (a predicate), request 429 / 503, 413 over a size limit,
 * slow answers, and dropped connections — before the body is read, or after the documents were stored
 * but before the answer (the client sees a network error for a write that happened).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createSeededRandom } from '../../src/push/seeded-random.js';

/** Probabilities (0-1) and switches of the injected faults. All default to off. */
export interface Faults {
  /** Per item of a `_bulk`: answer 429 / 500 instead of storing. */
  item429?: number;
  item500?: number;
  /** Per request: answer 429 / 503 without storing anything. */
  request429?: number;
  request503?: number;
  /** Per request: destroy the socket before reading the body (nothing stored). */
  dropBeforeBody?: number;
  /** Per request: store the documents, then destroy the socket without answering. */
  dropAfterStore?: number;
  /** Per request: delay the answer by `slowMs`. */
  slow?: number;
  slowMs?: number;
  /** Raw request bodies larger than this answer 413 (Elasticsearch's `http.max_content_length`). */
  maxContentLength?: number;
  /** Every `_bulk` answers this status (e.g. 503 to exhaust the retry budget). */
  alwaysStatus?: number;
}

/** Server options. */
export interface FaultServerOptions extends Faults {
  seed?: number;
  /** Permanent rejection of a document (→ 400 with this error), checked before storing. */
  reject?: (source: Record<string, unknown>, index: string) => { type: string; reason: string } | undefined;
  /** When set, requests without exactly this `authorization` header get 401. */
  requireAuthorization?: string;
  /** Evaluates a non-`ids` query leaf for `_count`/`_search` (tests emulate the server-side DSL). */
  evaluate?: (query: Record<string, unknown>, source: Record<string, unknown>) => boolean;
  /** Send `X-Elastic-Product: Elasticsearch` (the official client insists on it). */
  productHeader?: boolean;
  /** Called when a `_bulk` request arrives, with its item count (tests read their clock here). */
  onBulk?: (items: number) => void;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

/** A stored document. */
export interface StoredDoc {
  readonly index: string;
  readonly id: string;
  readonly text: string;
}

/** Counters of what the server saw and did. */
export interface FaultStats {
  requests: number;
  bulkRequests: number;
  itemsStored: number;
  items409: number;
  items429: number;
  items500: number;
  items400: number;
  requests429: number;
  requests503: number;
  requests413: number;
  droppedBeforeBody: number;
  droppedAfterStore: number;
  slow: number;
}

/** A running fault server. */
export interface FaultServer {
  readonly url: string;
  /** index + "\0" + id → document. */
  readonly store: Map<string, StoredDoc>;
  readonly stats: FaultStats;
  /** Every request's headers, in arrival order. */
  readonly headers: IncomingHttpHeaders[];
  /** Changes faults from now on. */
  setFaults(faults: Faults): void;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 and a free port. */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const random = createSeededRandom(options.seed ?? 42);
  let faults: Faults = { ...options };
  const store = new Map<string, StoredDoc>();
  const headers: IncomingHttpHeaders[] = [];
  const stats: FaultStats = {
    requests: 0, bulkRequests: 0, itemsStored: 0, items409: 0, items429: 0, items500: 0, items400: 0,
    requests429: 0, requests503: 0, requests413: 0, droppedBeforeBody: 0, droppedAfterStore: 0, slow: 0,
  };
  const chance = (p: number | undefined): boolean => p !== undefined && p > 0 && random() < p;

  const listener: RequestListener = (req, res) => {
    stats.requests += 1;
    headers.push(req.headers);
    if (options.productHeader === true) res.setHeader('x-elastic-product', 'Elasticsearch');
    if (options.requireAuthorization !== undefined && req.headers.authorization !== options.requireAuthorization) {
      req.resume();
      send(res, 401, { error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const isBulk = url.pathname.endsWith('/_bulk');
    if (isBulk && chance(faults.dropBeforeBody)) {
      stats.droppedBeforeBody += 1;
      req.socket.destroy();
      return;
    }
    readBody(req).then(
      (raw) => handle(req, res, url, raw),
      () => req.socket.destroy(),
    );
  };
  const server = options.tls === undefined ? createServer(listener) : createTlsServer({ key: options.tls.key, cert: options.tls.cert }, listener);

  function handle(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): void {
    const path = url.pathname;
    if (req.method === 'GET' && path === '/') {
      send(res, 200, { name: 'fault-server', cluster_name: 'test', version: { number: '8.17.0' }, tagline: 'You Know, for Search' });
      return;
    }
    if (path.endsWith('/_bulk')) {
      handleBulk(req, res, url, raw);
      return;
    }
    if (path.endsWith('/_refresh')) {
      send(res, 200, { _shards: { total: 1, successful: 1, failed: 0 } });
      return;
    }
    if (path.endsWith('/_count') || path.endsWith('/_search')) {
      const index = path.split('/')[1] ?? '';
      const body = raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as { query?: Record<string, unknown>; size?: number });
      const hits = [...store.values()].filter((doc) => indexMatches(index, doc.index) && evaluate(body.query ?? { match_all: {} }, doc));
      if (path.endsWith('/_count')) send(res, 200, { count: hits.length });
      else send(res, 200, { hits: { total: { value: hits.length }, hits: hits.slice(0, body.size ?? 10).map((h) => ({ _index: h.index, _id: h.id })) } });
      return;
    }
    send(res, 404, { error: { type: 'not_found', reason: `no handler for ${req.method} ${path}` }, status: 404 });
  }

  function evaluate(query: Record<string, unknown>, doc: StoredDoc): boolean {
    const [kind, arg] = Object.entries(query)[0] ?? ['match_all', {}];
    if (kind === 'match_all') return true;
    if (kind === 'ids') return ((arg as { values: string[] }).values ?? []).includes(doc.id);
    if (kind === 'bool') {
      const b = arg as { filter?: unknown[]; must?: unknown[] };
      return [...(b.filter ?? []), ...(b.must ?? [])].every((q) => evaluate(q as Record<string, unknown>, doc));
    }
    if (options.evaluate === undefined) throw new Error(`fault server: no evaluator for query ${kind}`);
    return options.evaluate(query, JSON.parse(doc.text) as Record<string, unknown>);
  }

  function handleBulk(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): void {
    stats.bulkRequests += 1;
    if (faults.alwaysStatus !== undefined) {
      send(res, faults.alwaysStatus, { error: { type: 'injected', reason: `injected ${faults.alwaysStatus}` }, status: faults.alwaysStatus });
      return;
    }
    if (faults.maxContentLength !== undefined && raw.length > faults.maxContentLength) {
      stats.requests413 += 1;
      send(res, 413, { error: { type: 'content_too_long', reason: 'request too large' }, status: 413 });
      return;
    }
    if (chance(faults.request429)) {
      stats.requests429 += 1;
      send(res, 429, { error: { type: 'es_rejected_execution_exception', reason: 'injected request 429' }, status: 429 });
      return;
    }
    if (chance(faults.request503)) {
      stats.requests503 += 1;
      send(res, 503, { error: { type: 'unavailable_shards_exception', reason: 'injected request 503' }, status: 503 });
      return;
    }
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const lines = body.toString('utf8').split('\n');
    if (lines[lines.length - 1] !== '') {
      send(res, 400, { error: { type: 'illegal_argument_exception', reason: 'The bulk request must be terminated by a newline [\\n]' }, status: 400 });
      return;
    }
    options.onBulk?.((lines.length - 1) >> 1);
    const items: unknown[] = [];
    let errors = false;
    const filtered = url.searchParams.has('filter_path');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const action = JSON.parse(lines[i]!) as { create?: { _index?: string; _id?: string } };
      const meta = action.create;
      if (meta === undefined) throw new Error(`fault server: only create is supported, got ${lines[i]}`);
      const index = meta._index ?? url.pathname.split('/')[1] ?? '';
      const id = meta._id ?? `auto-${stats.itemsStored}`;
      const text = lines[i + 1]!;
      let status = 201;
      let error: { type: string; reason: string } | undefined;
      if (chance(faults.item429)) {
        status = 429;
        error = { type: 'es_rejected_execution_exception', reason: 'injected item 429' };
        stats.items429 += 1;
      } else if (chance(faults.item500)) {
        status = 500;
        error = { type: 'internal_server_error', reason: 'injected item 500' };
        stats.items500 += 1;
      } else {
        const rejected = options.reject?.(JSON.parse(text) as Record<string, unknown>, index);
        if (rejected !== undefined) {
          status = 400;
          error = rejected;
          stats.items400 += 1;
        } else if (store.has(`${index}\0${id}`)) {
          status = 409;
          error = { type: 'version_conflict_engine_exception', reason: `[${id}]: version conflict, document already exists` };
          stats.items409 += 1;
        } else {
          store.set(`${index}\0${id}`, { index, id, text });
          stats.itemsStored += 1;
        }
      }
      if (status >= 300) errors = true;
      items.push({
        create: filtered
          ? { status, ...(error === undefined ? {} : { error }) }
          : { _index: index, _id: id, _version: 1, result: status === 201 ? 'created' : undefined, status, ...(error === undefined ? {} : { error }) },
      });
    }
    if (chance(faults.dropAfterStore)) {
      stats.droppedAfterStore += 1;
      req.socket.destroy();
      return;
    }
    const answer = { took: 1, errors, items };
    if (chance(faults.slow)) {
      stats.slow += 1;
      setTimeout(() => send(res, 200, answer), faults.slowMs ?? 50);
      return;
    }
    send(res, 200, answer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    store,
    stats,
    headers,
    setFaults(next) {
      faults = { ...next };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function indexMatches(pattern: string, index: string): boolean {
  return pattern.split(',').some((p) => {
    if (p === '_all' || p === '*' || p === '') return true;
    const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(index);
  });
}
