/**
 * The HTTP side of the push (PUSH.md §1): a plain undici `Pool` per simulated agent — its own dispatcher,
 * never the global one — speaking `_bulk` with gzip, basic / ApiKey / Bearer auth and TLS options.
 * No `X-Elastic-Product` check and no versioned media types: the same requests work against
 * Elasticsearch 8/9 and OpenSearch 2.
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Pool } from 'undici';
import { PushHttpError, PushNetworkError } from './push-errors.js';
import { BULK_PATH } from './bulk-encode.js';
import { redactSecrets, redactUrl } from './redact.js';

const gzip = promisify(gzipCallback);

/** Credentials; exactly one kind. */
export type PushAuth =
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | { readonly kind: 'api-key'; readonly apiKey: string }
  | { readonly kind: 'bearer'; readonly token: string };

/** How to reach the server. */
export interface BulkClientOptions {
  /** `http(s)://host:port[/prefix]`; `user:pass@` in it is used as basic auth (and never printed). */
  readonly url: string;
  readonly auth?: PushAuth;
  /** PEM of the CA to trust (`--ca`). */
  readonly ca?: string | Buffer;
  /** Skip certificate verification (`--insecure`): explicit opt-out only. */
  readonly insecure?: boolean;
  /** gzip level 0-9; 0 sends plain bodies. */
  readonly compressionLevel: number;
  /** Connections of the pool (one per worker). */
  readonly connections: number;
  /** Headers and body timeout of one request (Agent: 90 s). */
  readonly requestTimeoutMs?: number;
}

/** One item's result as the server returned it (under its action key). */
export interface BulkItemResult {
  readonly status: number;
  readonly error?: { readonly type?: string; readonly reason?: string };
}

/** A `_bulk` answer. */
export interface BulkResponse {
  readonly statusCode: number;
  /** Parsed items for a 200 (in request order). */
  readonly items?: readonly BulkItemResult[];
  /** The server's own `took` (ms), when it sent one. */
  readonly tookMs?: number;
  /** The (redacted, truncated) body of a non-200 answer. */
  readonly errorText?: string;
  /** Bytes of the request body on the wire (after gzip). */
  readonly wireBytes: number;
}

/** A connection to one cluster. */
export interface BulkClient {
  /** Sends one `_bulk` body (uncompressed NDJSON); throws {@link PushNetworkError} on network failure. */
  bulk(body: Buffer, signal?: AbortSignal): Promise<BulkResponse>;
  /** A JSON request (`_refresh`, `_count`, `_search`); `body` is serialized. */
  requestJson(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ statusCode: number; json: unknown; text: string }>;
  /** The URL with credentials masked. */
  readonly displayUrl: string;
  /** Closes the pool (waits for in-flight requests). */
  close(): Promise<void>;
}

/**
 * Creates a client.
 * @throws PushHttpError (`ERR_PUSH_HTTP`) on an unusable URL
 */
export function createBulkClient(options: BulkClientOptions): BulkClient {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch (error) {
    throw new PushHttpError(`invalid --url ${redactUrl(options.url)}: expected http(s)://host:port`, { url: redactUrl(options.url) }, { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new PushHttpError(`invalid --url ${redactUrl(options.url)}: only http and https are supported`, { url: redactUrl(options.url) });
  }
  const displayUrl = redactUrl(options.url);
  let auth = options.auth;
  if (auth === undefined && (parsed.username !== '' || parsed.password !== '')) {
    auth = { kind: 'basic', user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  }
  const secrets = secretsOf(auth);
  const authorization = authorizationHeader(auth);
  const prefix = parsed.pathname.replace(/\/+$/, '');
  const timeout = options.requestTimeoutMs ?? 90_000;
  const pool = new Pool(parsed.origin, {
    connections: Math.max(1, options.connections),
    pipelining: 1,
    headersTimeout: timeout,
    bodyTimeout: timeout,
    connect: parsed.protocol === 'https:' ? { ca: options.ca, rejectUnauthorized: options.insecure !== true } : undefined,
  });
  const level = options.compressionLevel;

  const baseHeaders: Record<string, string> = { accept: 'application/json' };
  if (authorization !== undefined) baseHeaders['authorization'] = authorization;

  async function send(method: string, path: string, body: Buffer | string | undefined, headers: Record<string, string>, signal?: AbortSignal) {
    try {
      return await pool.request({
        method: method as 'POST',
        path: `${prefix}${path}`,
        headers: { ...baseHeaders, ...headers },
        body,
        signal,
      });
    } catch (error) {
      throw classifyNetworkError(error, displayUrl, secrets);
    }
  }

  return {
    displayUrl,
    async bulk(body, signal) {
      const wire = level > 0 ? await gzip(body, { level }) : body;
      const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
      if (level > 0) headers['content-encoding'] = 'gzip';
      const response = await send('POST', BULK_PATH, wire, headers, signal);
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw classifyNetworkError(error, displayUrl, secrets);
      }
      if (response.statusCode !== 200) {
        return { statusCode: response.statusCode, errorText: redactSecrets(text.slice(0, 2000), secrets), wireBytes: wire.length };
      }
      let json: { took?: unknown; items?: unknown };
      try {
        json = JSON.parse(text) as typeof json;
      } catch (error) {
        throw new PushHttpError(`the server at ${displayUrl} answered _bulk with a body that is not JSON: ${excerpt(text, secrets)}`, { url: displayUrl }, { cause: error });
      }
      const rawItems = Array.isArray(json.items) ? (json.items as Record<string, BulkItemResult>[]) : [];
      const items = rawItems.map((item) => {
        for (const key in item) return item[key]!;
        return { status: 0 };
      });
      return {
        statusCode: 200,
        items,
        ...(typeof json.took === 'number' ? { tookMs: json.took } : {}),
        wireBytes: wire.length,
      };
    },
    async requestJson(method, path, body) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const response = await send(method, path, payload, payload === undefined ? {} : { 'content-type': 'application/json' });
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw classifyNetworkError(error, displayUrl, secrets);
      }
      let json: unknown = undefined;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch (error) {
        // A non-JSON answer (a proxy's HTML error page) is kept as text for the caller's message.
        if (!(error instanceof SyntaxError)) throw error;
      }
      return { statusCode: response.statusCode, json, text: redactSecrets(text, secrets) };
    },
    async close() {
      await pool.close();
    },
  };
}

function authorizationHeader(auth: PushAuth | undefined): string | undefined {
  if (auth === undefined) return undefined;
  switch (auth.kind) {
    case 'basic':
      return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    case 'api-key':
      // Kibana shows the encoded key; `id:api_key` is accepted too and encoded here.
      return `ApiKey ${auth.apiKey.includes(':') ? Buffer.from(auth.apiKey).toString('base64') : auth.apiKey}`;
    case 'bearer':
      return `Bearer ${auth.token}`;
  }
}

function secretsOf(auth: PushAuth | undefined): string[] {
  if (auth === undefined) return [];
  switch (auth.kind) {
    case 'basic':
      return [auth.password, Buffer.from(`${auth.user}:${auth.password}`).toString('base64')];
    case 'api-key':
      return [auth.apiKey, Buffer.from(auth.apiKey).toString('base64')];
    case 'bearer':
      return [auth.token];
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** A TLS failure will not heal by retrying: it becomes a fatal error; everything else is retryable. */
function classifyNetworkError(error: unknown, displayUrl: string, secrets: readonly string[]): Error {
  const code = (error as { code?: string }).code ?? '';
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  if (TLS_CODES.has(code)) {
    return new PushHttpError(`TLS failure talking to ${displayUrl}: ${code} ${message} (use --ca FILE, or --insecure to skip verification)`, { url: displayUrl, code }, { cause: error });
  }
  if ((error as { name?: string }).name === 'AbortError') return new PushNetworkError(`aborted (${displayUrl})`, { cause: error });
  return new PushNetworkError(`${code === '' ? '' : `${code} `}${message} (${displayUrl})`, { cause: error });
}

function excerpt(text: string, secrets: readonly string[]): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return JSON.stringify(redactSecrets(cut, secrets));
}
