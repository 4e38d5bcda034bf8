/**
 * Real search servers in tests: which ones a run was given (an injected environment, never read here
 * from `process.env`), who they are, and how to leave a data stream clean on every distribution the
 * project's `scripts/search-servers.sh` starts (OpenSearch 2, Elasticsearch 9, Elasticsearch 8) —
 * including Elasticsearch's integ-test zips, which have no `GET /` and no `_data_stream` API (both live
 * in modules those zips do not ship), and which say so differently in 8.x and 9.x
 * ({@link isMissingHandler}).
 */
import { request, type Dispatcher } from 'undici';

/** A search engine family the push path targets. */
export type SearchDistribution = 'opensearch' | 'elasticsearch';

/** The environment variables that point tests at servers (`bash scripts/search-servers.sh env`). */
export type SearchServerEnvVar = 'OPENSEARCH_URL' | 'ELASTICSEARCH_URL' | 'ELASTICSEARCH8_URL';

/** One server a test run was pointed at. */
export interface SearchServer {
  readonly distribution: SearchDistribution;
  /** Display name, unique per entry: `OpenSearch`, `Elasticsearch` or `Elasticsearch 8`. */
  readonly label: string;
  /** The environment variable that named it. */
  readonly envVar: SearchServerEnvVar;
  /**
   * The release major the variable promises (`ELASTICSEARCH8_URL`: 8), checked against what the server
   * reports; undefined when any release will do (`ELASTICSEARCH_URL` is 9.x from the script, but 8.x
   * where no Java 21 is installed, or any server a user points it at).
   */
  readonly major: number | undefined;
  /** Base URL without a trailing slash; undefined when the variable is unset or empty. */
  readonly url: string | undefined;
}

/**
 * Reads `OPENSEARCH_URL`, `ELASTICSEARCH_URL` and `ELASTICSEARCH8_URL` from `env`, in that order (the
 * servers `scripts/search-servers.sh start` runs). An unset or empty variable gives `url: undefined` (the
 * tests then skip visibly); a value that is not an http(s) URL throws, so that a typo fails loudly
 * instead of silently skipping the suite.
 */
export function readSearchServers(env: Readonly<Record<string, string | undefined>>): readonly SearchServer[] {
  const entry = (distribution: SearchDistribution, label: string, envVar: SearchServerEnvVar, major?: number): SearchServer => ({
    distribution,
    label,
    envVar,
    major,
    url: baseUrl(env, envVar),
  });
  return [
    entry('opensearch', 'OpenSearch', 'OPENSEARCH_URL'),
    entry('elasticsearch', 'Elasticsearch', 'ELASTICSEARCH_URL'),
    entry('elasticsearch', 'Elasticsearch 8', 'ELASTICSEARCH8_URL', 8),
  ];
}

/** Why a server's suite is skipped (its variable is unset), for the suite's name: `skipped: set X …`. */
export function skipReason(server: SearchServer): string {
  return `skipped: set ${server.envVar}, e.g. via bash scripts/search-servers.sh env`;
}

function baseUrl(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch (error) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not a URL`, { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`${name}=${JSON.stringify(raw)} is not an http(s) URL`);
  }
  return raw.replace(/\/+$/, '');
}

/** A response with its body read: parsed JSON when the server sent JSON, else the text. */
export interface ServerResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

/**
 * One HTTP exchange on `dispatcher` (a test's own Pool or Agent: never the global one). An object body
 * is sent as JSON; a string body as NDJSON (the `_bulk` wire format). The body is always consumed.
 */
export async function send(
  dispatcher: Dispatcher,
  method: Dispatcher.HttpMethod,
  url: string,
  body?: object | string,
): Promise<ServerResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: string | undefined;
  if (typeof body === 'string') {
    headers['content-type'] = 'application/x-ndjson';
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await request(url, { dispatcher, method, headers, body: payload });
  const text = await res.body.text();
  let parsed: unknown = text;
  if (String(res.headers['content-type'] ?? '').includes('json') && text !== '') {
    parsed = JSON.parse(text) as unknown;
  }
  return { status: res.statusCode, headers: res.headers, body: parsed };
}

/** Who a server says it is. */
export interface ServerIdentity {
  readonly distribution: SearchDistribution;
  /** The release, e.g. `2.19.6` or `9.4.3`. */
  readonly version: string;
  /** Where the answer came from: `GET /`, or the node info API when `GET /` is not installed. */
  readonly source: 'root' | 'nodes';
}

/**
 * Identifies a server from `GET /`: OpenSearch names itself in `version.distribution`; Elasticsearch has
 * no such field. Since Elasticsearch 8.9 `GET /` lives in the rest-root module, absent from the
 * integ-test zip (405, `Allow: DELETE`): then the `X-Elastic-Product` header names the product and
 * `GET /_nodes/_local` the version.
 */
export async function identifyServer(dispatcher: Dispatcher, url: string): Promise<ServerIdentity> {
  const root = await send(dispatcher, 'GET', `${url}/`);
  if (root.status === 200) {
    const version = (root.body as { version?: { number?: unknown; distribution?: unknown } }).version;
    if (typeof version?.number !== 'string') throw new Error(`GET ${url}/ has no version.number: ${JSON.stringify(root.body)}`);
    const distribution = version.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch';
    return { distribution, version: version.number, source: 'root' };
  }
  if (root.headers['x-elastic-product'] !== 'Elasticsearch') {
    throw new Error(`GET ${url}/ answered ${root.status} without X-Elastic-Product: ${JSON.stringify(root.body)}`);
  }
  const nodes = await send(dispatcher, 'GET', `${url}/_nodes/_local?filter_path=nodes.*.version`);
  const versions = Object.values((nodes.body as { nodes?: Record<string, { version?: unknown }> }).nodes ?? {});
  const version = versions[0]?.version;
  if (nodes.status !== 200 || typeof version !== 'string') {
    throw new Error(`GET ${url}/_nodes/_local answered ${nodes.status}: ${JSON.stringify(nodes.body)}`);
  }
  return { distribution: 'elasticsearch', version, source: 'nodes' };
}

/** What {@link removeDataStream} did. */
export type RemoveOutcome =
  /** Nothing by that name existed. */
  | 'absent'
  /** The data stream and its backing indices were deleted. */
  | 'deleted'
  /**
   * No `_data_stream` API (Elasticsearch integ-test zip): rolled over, then every earlier backing index
   * deleted. The data stream remains, empty; its index template stays in use and cannot be deleted.
   */
  | 'emptied'
  /** A plain index of that name (pushed to without a data-stream template) was deleted. */
  | 'deleted-index';

interface Resolved {
  indices?: { name: string }[];
  data_streams?: { name: string; backing_indices?: string[] }[];
}

/**
 * Leaves `name` without documents so that a test can count exactly what it wrote, on every server the
 * project runs. Throws with the server's answer on anything unexpected.
 */
export async function removeDataStream(dispatcher: Dispatcher, url: string, name: string): Promise<RemoveOutcome> {
  const target = encodeURIComponent(name);
  const resolved = await send(dispatcher, 'GET', `${url}/_resolve/index/${target}`);
  if (resolved.status === 404) return 'absent';
  expectStatus(resolved, 200, `GET /_resolve/index/${name}`);
  const { indices = [], data_streams: streams = [] } = resolved.body as Resolved;
  const stream = streams.find((s) => s.name === name);
  if (!stream) {
    if (!indices.some((i) => i.name === name)) return 'absent';
    expectStatus(await send(dispatcher, 'DELETE', `${url}/${target}`), 200, `DELETE /${name}`);
    return 'deleted-index';
  }
  const deleted = await send(dispatcher, 'DELETE', `${url}/_data_stream/${target}`);
  if (deleted.status === 200) return 'deleted';
  if (!isMissingHandler(deleted)) expectStatus(deleted, 200, `DELETE /_data_stream/${name}`);
  // A data stream's write index cannot be deleted, but after a rollover the old ones are ordinary
  // backing indices that can.
  expectStatus(await send(dispatcher, 'POST', `${url}/${target}/_rollover`), 200, `POST /${name}/_rollover`);
  const old = stream.backing_indices ?? [];
  if (old.length > 0) {
    const list = old.map(encodeURIComponent).join(',');
    expectStatus(await send(dispatcher, 'DELETE', `${url}/${list}`), 200, `DELETE /${old.join(',')}`);
  }
  return 'emptied';
}

/**
 * True when the server has no REST handler for the request (a module the distribution lacks).
 * Elasticsearch 9 says `no handler found for uri [...] and method [...]` (400 or 405). Elasticsearch 8
 * routes by path before method, so where another module's handler shares the path pattern it answers
 * 405 `Incorrect HTTP method for uri [...] and method [...], allowed: [...]` instead — e.g. the 8.19
 * integ-test zip on `DELETE /_data_stream/<name>` (only a `POST` is registered there).
 */
export function isMissingHandler(res: ServerResponse): boolean {
  const error = (res.body as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'string') return false;
  if (res.status === 405 && error.startsWith('Incorrect HTTP method for uri')) return true;
  return (res.status === 400 || res.status === 405) && error.startsWith('no handler found');
}

function expectStatus(res: ServerResponse, status: number, what: string): void {
  if (res.status !== status) {
    throw new Error(`${what} answered ${res.status}, expected ${status}: ${JSON.stringify(res.body)}`);
  }
}
