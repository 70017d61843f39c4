// The PostgreSQL backend: a `pg` Pool. Used in production (`DATABASE_URL`), where several facade
// instances share one database.
import pg from 'pg';
import type { PoolClient } from 'pg';
import { sharedParsers } from './type-parsers.ts';
import {
  StoreClosedError,
  transactionModeSql,
  type Queryable,
  type QueryResult,
  type SqlValue,
  type Store,
  type TransactionOptions,
} from './store.ts';

export interface PostgresStoreOptions {
  databaseUrl: string;
  /** Pool size per process. */
  maxConnections?: number;
  /** Shown in pg_stat_activity; lets an operator (or a test) find this pool's connections. */
  applicationName?: string;
  /** How long to wait for a connection before failing; the protocol log fails closed on it. */
  connectionTimeoutMs?: number;
  /** Client-side limit per statement, so a hung server cannot hang a request forever. */
  queryTimeoutMs?: number;
}

const pgTypes = pg.types;

// Per-pool parsers (not pg.types.setTypeParser): other code in the process keeps pg's defaults.
const customTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    const parser = format === 'binary' ? undefined : sharedParsers[oid];
    return parser ?? pgTypes.getTypeParser(oid, format);
  }) as typeof pgTypes.getTypeParser,
};

const PING_TIMEOUT_MS = 2_000;

/** Rejects when `promise` has not settled within `ms`; the timer never keeps the process alive. */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function toResult<T>(result: { rows: unknown[]; rowCount: number | null }): QueryResult<T> {
  return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
}

function clientQueryable(client: PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>> {
      return toResult<T>(await client.query(sql, params ? [...params] : undefined));
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

export function createPostgresStore(options: PostgresStoreOptions): Store {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'brp-eduv-facade',
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    query_timeout: options.queryTimeoutMs ?? 30_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    types: customTypes,
  });
  // An idle connection that the server drops (restart, pg_terminate_backend, network) is reported
  // as an 'error' event on the pool. Without a listener Node would crash the process; the pool
  // already discards the broken client, and the next query opens a fresh one.
  pool.on('error', () => undefined);
  let closed = false;

  const assertOpen = (): void => {
    if (closed) throw new StoreClosedError();
  };

  return {
    kind: 'postgres',

    async query<T>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>> {
      assertOpen();
      return toResult<T>(await pool.query(sql, params ? [...params] : undefined));
    },

    async exec(sql: string): Promise<void> {
      assertOpen();
      await pool.query(sql);
    },

    async transaction<T>(fn: (tx: Queryable) => Promise<T>, txOptions?: TransactionOptions): Promise<T> {
      assertOpen();
      const client = await pool.connect();
      let broken: Error | undefined;
      // While checked out, a client's connection errors (server shutdown, pg_terminate_backend)
      // are emitted on the client, not the pool: unhandled, they would crash the process. The
      // transaction's next statement fails anyway; remember the error so the client is discarded.
      const onError = (error: Error): void => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const mode = transactionModeSql(txOptions);
        if (mode) await client.query(mode);
        const result = await fn(clientQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection itself is gone or unusable: do not return it to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },

    async ping(): Promise<boolean> {
      if (closed) return false;
      return withDeadline(pool.query('SELECT 1').then(() => true), PING_TIMEOUT_MS).catch(() => false);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
