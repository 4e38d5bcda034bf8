/**
 * TLS (PUSH.md §1): a server with a self-signed certificate is refused (a clear, non-retried error
 * pointing at --ca / --insecure), trusted with its CA, or reached with the explicit --insecure opt-out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createVirtualClock } from '../../src/push/push-clock.js';
import { pushCorpus, type PushCorpusOptions } from '../../src/push/push-corpus.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { openLines, sampleLines } from './sample-events.js';

const OPENSSL = '/usr/bin/openssl';

describe.skipIf(!existsSync(OPENSSL))(`push over https (needs ${OPENSSL}; skipped when absent)`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'push-tls-'));
  let server: FaultServer;
  let cert: Buffer;
  beforeAll(async () => {
    execFileSync(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    server = await startFaultServer({ tls: { key: readFileSync(join(dir, 'key.pem')), cert } });
  });
  afterAll(async () => {
    await server.close();
  });
  const run = (extra: Partial<PushCorpusOptions>) =>
    pushCorpus({ url: server.url, open: openLines(sampleLines(20)), sources: [], clock: createVirtualClock(), deadLetterPath: join(dir, 'dead.ndjson'), ...extra });

  test('an unknown CA fails at once, without retries, and says how to fix it', async () => {
    const result = await run({});
    expect(result.status).toBe('failed');
    expect(result.fatal?.message).toMatch(/^TLS failure talking to https:\/\/127\.0\.0\.1:\d+\/: DEPTH_ZERO_SELF_SIGNED_CERT .*\(use --ca FILE, or --insecure to skip verification\)$/);
    expect(result.metrics.requests).toBe(1);
    expect(result.unaccounted.count).toBe(20);
  });

  test('--ca trusts the certificate', async () => {
    const result = await run({ ca: cert });
    expect(result.status).toBe('complete');
    expect(result.acked).toBe(20);
  });

  test('--insecure skips verification', async () => {
    const result = await run({ insecure: true });
    expect(result.status).toBe('complete');
    expect(result.duplicates).toBe(20);
  });
});
