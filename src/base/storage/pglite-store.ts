// The embedded backend: PGlite (Postgres in WASM) in a data directory, or in memory for tests.
// It runs in this process on one connection, so its transactions are serialised by PGlite itself.
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { sharedParsers } from './type-parsers.ts';
import {
  StoreClosedError,
  StoreLockedError,
  transactionModeSql,
  type Queryable,
  type QueryResult,
  type SqlValue,
  type Store,
  type TransactionOptions,
} from './store.ts';

export const MEMORY_DATA_DIR = 'memory://';

/** The embedded database was expected to exist (a CLI on an existing install) but does not. */
export class StoreNotFoundError extends Error {
  readonly code = 'STORE_NOT_FOUND';
  constructor(dataDir: string) {
    super(`no database in ${dataDir}`);
    this.name = 'StoreNotFoundError';
  }
}

export interface PGliteStoreOptions {
  /** A directory (created if missing) or `memory://`. */
  dataDir: string;
  /** When false, a directory without a database is an error instead of being initialised. */
  createIfMissing?: boolean;
}

/** Name of the lock file inside the data directory; Postgres ignores files it does not know. */
export const LOCK_FILE = '.facade-store.lock';

type PGliteLike = Pick<Transaction, 'query' | 'exec'>;

function queryable(db: PGliteLike): Queryable {
  return {
    async query<T>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>> {
      const result = await db.query<T>(sql, params ? [...params] : undefined);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Data directories this process has open (resolved paths). */
const openInThisProcess = new Set<string>();

/**
 * PGlite has no postmaster.pid: two processes opening one directory (the running facade and a
 * `protocol:verify` run, say) would both write to it and corrupt it. An exclusive lock file
 * prevents that. A lock left by a process that died is taken over: one whose pid is gone on this
 * host, one whose pid is our own (a restarted container reuses pid 1), or one written on another
 * host (a data directory is never shared between hosts; a rescheduled pod has a new hostname).
 */
async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  // Within this process the pid check cannot tell our own lock from a stale one: keep a registry.
  if (openInThisProcess.has(dataDir)) throw new StoreLockedError(dataDir, 'this process');
  openInThisProcess.add(dataDir);
  try {
    const releaseFile = await acquireLockFile(dataDir);
    return async () => {
      openInThisProcess.delete(dataDir);
      await releaseFile();
    };
  } catch (error) {
    openInThisProcess.delete(dataDir);
    throw error;
  }
}

async function acquireLockFile(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    // Written aside, then hard-linked into place: the lock appears atomically with its content,
    // so another process never reads a half-written one.
    const aside = `${lockPath}.${me.pid}.${randomUUID()}`;
    await writeFile(aside, JSON.stringify(me), { flag: 'wx' });
    try {
      await link(aside, lockPath);
      return async () => {
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(aside, { force: true });
    }
    let holder: { pid?: unknown; host?: unknown } = {};
    try {
      holder = JSON.parse(await readFile(lockPath, 'utf8')) as typeof holder;
    } catch {
      // Unreadable lock (e.g. a damaged file): treat as stale.
    }
    const live =
      typeof holder.pid === 'number' && holder.host === me.host && holder.pid !== me.pid && processAlive(holder.pid);
    if (live) throw new StoreLockedError(dataDir, `process ${String(holder.pid)}`);
    await rm(lockPath, { force: true });
  }
  throw new StoreLockedError(dataDir, 'another process that is starting at the same moment');
}

export async function createPGliteStore(options: PGliteStoreOptions): Promise<Store> {
  const inMemory = options.dataDir === MEMORY_DATA_DIR;
  const dataDir = inMemory ? MEMORY_DATA_DIR : path.resolve(options.dataDir);
  let release: () => Promise<void> = async () => undefined;

  if (!inMemory) {
    if (options.createIfMissing === false && !(await exists(path.join(dataDir, 'PG_VERSION')))) {
      throw new StoreNotFoundError(dataDir);
    }
    await mkdir(dataDir, { recursive: true });
    release = await acquireLock(dataDir);
  }

  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { parsers: sharedParsers });
  } catch (error) {
    await release();
    throw error;
  }

  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new StoreClosedError();
  };
  const root = queryable(db);

  return {
    kind: 'pglite',

    async query<T>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>> {
      assertOpen();
      return root.query<T>(sql, params);
    },

    async exec(sql: string): Promise<void> {
      assertOpen();
      await root.exec(sql);
    },

    async transaction<T>(fn: (tx: Queryable) => Promise<T>, txOptions?: TransactionOptions): Promise<T> {
      assertOpen();
      return db.transaction(async (tx) => {
        const mode = transactionModeSql(txOptions);
        if (mode) await tx.query(mode);
        return fn(queryable(tx));
      });
    },

    async ping(): Promise<boolean> {
      if (closed) return false;
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        await release();
      }
    },
  };
}
