import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { AppError, InvalidOptionError, deserializeError, isSerializedError, serializeError } from '../src/errors.js';

function throughWorker(kind: 'app' | 'internal'): Promise<unknown> {
  const worker = new Worker(new URL('./fixtures/error-worker.mjs', import.meta.url), { workerData: { kind } });
  return new Promise((resolve, reject) => {
    worker.once('message', (message) => {
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', reject);
  });
}

describe('errors crossing a worker thread', () => {
  test('an AppError keeps its code, message and data through a real worker', async () => {
    const message = await throughWorker('app');
    expect(isSerializedError(message)).toBe(true);
    const error = deserializeError(message as never);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ERR_CORPUS_MALFORMED');
    expect(error.message).toBe('bad line 7 of x.ndjson');
    expect((error as AppError).data).toEqual({ file: 'x.ndjson', line: 7, offset: 123 });
    expect((error as AppError).exitCode).toBe(1);
  });

  test('a non-AppError stays an internal error with the worker stack', async () => {
    const message = await throughWorker('internal');
    const error = deserializeError(message as never);
    expect(error).not.toBeInstanceOf(AppError);
    expect(error.name).toBe('TypeError');
    expect(error.message).toBe('boom');
    expect(error.stack).toContain('error-worker.mjs');
  });
});

describe('AppError', () => {
  test('usage errors exit 2, others exit 1', () => {
    expect(new InvalidOptionError('--threads', 'x', 'a positive integer').exitCode).toBe(2);
    expect(new AppError('ERR_EQL_SYNTAX', 'x').exitCode).toBe(1);
  });

  test('InvalidOptionError names the option and the value', () => {
    const error = new InvalidOptionError('--threads', 'zero', 'a positive integer');
    expect(error.message).toBe('invalid value for --threads: "zero" (expected a positive integer)');
    expect(error.data).toEqual({ option: '--threads', value: '"zero"', expected: 'a positive integer' });
  });

  test('serialized data is plain JSON even when data holds non-cloneable values', () => {
    const error = new AppError('ERR_IO', 'x', { fn: () => 1, n: 2 } as never);
    expect(serializeError(error).data).toEqual({ n: 2 });
  });

  test('an unknown code from a worker is not trusted as an AppError', () => {
    const error = deserializeError({ name: 'X', code: 'ERR_NOPE' as never, message: 'm', data: {} });
    expect(error).not.toBeInstanceOf(AppError);
  });
});
