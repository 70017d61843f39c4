// The embedded PGlite store, run in a worker thread (pglite-worker.ts). Same
// Store interface, same SQL; every call is one message. Why: PGlite executes
// on the thread that calls it, so in-process it competes with the facade for
// one event loop; in a worker the protocol log's writes run on the other core.
// Used by `npm start`; tests mostly use the in-process store (same code inside).
import { Worker } from 'node:worker_threads';
import type { PGliteStoreOptions } from './pglite-store.ts';
import { StoreClosedError, StoreLockedError, type QueryResult, type Queryable, type SqlValue, type Store, type TransactionOptions } from './store.ts';
import type { WorkerRequest, WorkerResponse } from './pglite-worker.ts';

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Errors cross the thread boundary as plain data; the ones callers test for come back as their class. */
function revive(error: { name: string; message: string; code?: string }): Error {
  if (error.name === 'StoreClosedError') return new StoreClosedError();
  const revived = new Error(error.message) as Error & { code?: string };
  revived.name = error.name;
  if (error.code) revived.code = error.code;
  return revived;
}

// From source (tsx), the worker thread registers tsx for itself first (pglite-worker-entry.mjs);
// in the build (`npm run build`), this file is .js and the worker runs the compiled module directly.
const WORKER_ENTRY = import.meta.url.endsWith('.ts') ? './pglite-worker-entry.mjs' : './pglite-worker.js';

export async function createPGliteWorkerStore(options: PGliteStoreOptions): Promise<Store> {
  const worker = new Worker(new URL(WORKER_ENTRY, import.meta.url), { workerData: options });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;

  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: boolean }) => {
      if (message.ready) {
        worker.off('error', onError);
        resolve();
      }
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error.name === 'StoreLockedError' ? new StoreLockedError(options.dataDir, 'another process') : error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });

  worker.on('message', (response: WorkerResponse) => {
    const waiting = pending.get(response.id);
    if (!waiting) return;
    pending.delete(response.id);
    if (response.ok) waiting.resolve(response.value);
    else waiting.reject(revive(response.error));
  });
  const failAll = (error: Error) => {
    closed = true;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('error', (error) => failAll(error));
  worker.on('exit', () => failAll(new StoreClosedError()));

  function call<T>(body: RequestBody): Promise<T> {
    if (closed) return Promise.reject(new StoreClosedError());
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...body, id });
    });
  }

  const queryable = (txId?: number): Queryable => ({
    query: <T>(sql: string, params?: readonly SqlValue[]) => call<QueryResult<T>>({ op: 'query', sql, params, txId }),
    exec: (sql: string) => call<void>({ op: 'exec', sql, txId }),
  });
  const root = queryable();

  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, txOptions?: TransactionOptions): Promise<T> {
      const txId = await call<number>({ op: 'begin', options: txOptions });
      let result: T;
      try {
        result = await fn(queryable(txId));
      } catch (error) {
        await call({ op: 'rollback', txId }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'commit', txId });
      return result;
    },
    async ping() {
      if (closed) return false;
      return call<boolean>({ op: 'ping' }).catch(() => false);
    },
    async close() {
      if (closed) return;
      await call({ op: 'close' }).catch(() => undefined);
      closed = true;
      await worker.terminate();
    },
  };
}
