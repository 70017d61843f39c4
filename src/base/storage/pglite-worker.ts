// The worker thread side of the PGlite worker store (pglite-worker-store.ts):
// owns the embedded database and answers the main thread's messages. PGlite is
// Postgres compiled to WASM and runs on the thread that calls it; here it runs
// beside the facade's event loop instead of on it, on the machine's other core.
import { parentPort, workerData } from 'node:worker_threads';
import { createPGliteStore, type PGliteStoreOptions } from './pglite-store.ts';
import type { Queryable, SqlValue, Store, TransactionOptions } from './store.ts';

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params?: readonly SqlValue[]; txId?: number }
  | { id: number; op: 'exec'; sql: string; txId?: number }
  | { id: number; op: 'begin'; options?: TransactionOptions }
  | { id: number; op: 'commit' | 'rollback'; txId: number }
  | { id: number; op: 'ping' | 'close' };

export type WorkerResponse = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: { name: string; message: string; code?: string } };

interface OpenTransaction {
  tx: Queryable;
  finish(commit: boolean): void;
  /** Settles when the transaction has committed or rolled back. */
  done: Promise<void>;
}

const port = parentPort;
if (!port) throw new Error('pglite-worker must run in a worker thread');

const store: Store = await createPGliteStore(workerData as PGliteStoreOptions);
const transactions = new Map<number, OpenTransaction>();
let nextTxId = 1;

function reply(response: WorkerResponse): void {
  port!.postMessage(response);
}

function failure(id: number, error: unknown): WorkerResponse {
  const e = error as { name?: string; message?: string; code?: string };
  return { id, ok: false, error: { name: e.name ?? 'Error', message: e.message ?? String(error), code: typeof e.code === 'string' ? e.code : undefined } };
}

function target(txId: number | undefined): Queryable {
  if (txId === undefined) return store;
  const open = transactions.get(txId);
  if (!open) throw new Error(`no open transaction ${txId}`);
  return open.tx;
}

/** Opens a transaction that stays open until the main thread commits or rolls it back. */
function begin(options: TransactionOptions | undefined): Promise<number> {
  return new Promise((opened, failedToOpen) => {
    const txId = nextTxId++;
    let finish!: (commit: boolean) => void;
    const done = store
      .transaction(
        (tx) =>
          new Promise<void>((commit, rollback) => {
            finish = (ok) => (ok ? commit() : rollback(new Error('rolled back')));
            transactions.set(txId, { tx, finish, done });
            opened(txId);
          }),
        options,
      )
      .finally(() => transactions.delete(txId));
    // A transaction that could not even begin.
    done.catch((error: unknown) => {
      if (!transactions.has(txId)) failedToOpen(error);
    });
  });
}

port.on('message', (request: WorkerRequest) => {
  void (async () => {
    try {
      switch (request.op) {
        case 'query':
          reply({ id: request.id, ok: true, value: await target(request.txId).query(request.sql, request.params) });
          return;
        case 'exec':
          await target(request.txId).exec(request.sql);
          reply({ id: request.id, ok: true });
          return;
        case 'begin':
          reply({ id: request.id, ok: true, value: await begin(request.options) });
          return;
        case 'commit':
        case 'rollback': {
          const open = transactions.get(request.txId);
          if (!open) throw new Error(`no open transaction ${request.txId}`);
          open.finish(request.op === 'commit');
          try {
            await open.done;
            reply({ id: request.id, ok: true });
          } catch (error) {
            if (request.op === 'rollback') reply({ id: request.id, ok: true });
            else reply(failure(request.id, error));
          }
          return;
        }
        case 'ping':
          reply({ id: request.id, ok: true, value: await store.ping() });
          return;
        case 'close':
          await store.close();
          reply({ id: request.id, ok: true });
          port!.close();
          return;
      }
    } catch (error) {
      reply(failure(request.id, error));
    }
  })();
});

port.postMessage({ ready: true });
