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

/**
 * How long anything may take, on both ends of a connection. A connection that stops passing data
 * (a stalled network path, a frozen NAT entry) must cost seconds, not the minutes TCP would wait:
 * the client gives up on a statement after `queryMs` and destroys that connection, and the server
 * ends a session left idle in a transaction after `idleInTransactionMs` — releasing the protocol
 * chain's head lock it may hold — so the next transaction, on a fresh connection, goes through.
 */
export interface PostgresTimeouts {
  /** Waiting for a connection from the pool (or for a new one). */
  connectMs: number;
  /** Client side, per statement (pg `query_timeout`); the connection is destroyed when it fires. 0: none. */
  queryMs: number;
  /** Server side `statement_timeout`. 0: none. */
  statementMs: number;
  /** Server side `lock_timeout`: waiting for a row lock (a chain head). 0: none. */
  lockMs: number;
  /** Server side `idle_in_transaction_session_timeout`. 0: none. */
  idleInTransactionMs: number;
}

/** Requests: the protocol log writes within its own 5 s write timeout, or fails closed. */
export const ONLINE_TIMEOUTS: PostgresTimeouts = { connectMs: 5_000, queryMs: 6_000, statementMs: 5_000, lockMs: 5_000, idleInTransactionMs: 5_000 };
/** Migrations and the day-two CLIs (verify, prune, query over a whole log): long, but never unbounded. */
export const BATCH_TIMEOUTS: PostgresTimeouts = { connectMs: 10_000, queryMs: 3_600_000, statementMs: 0, lockMs: 60_000, idleInTransactionMs: 60_000 };

export interface PostgresStoreOptions {
  databaseUrl: string;
  /** Pool size per process. */
  maxConnections?: number;
  /** Shown in pg_stat_activity; lets an operator (or a test) find this pool's connections. */
  applicationName?: string;
  /** Default ONLINE_TIMEOUTS. */
  timeouts?: PostgresTimeouts;
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
const CLOSE_TIMEOUT_MS = 5_000;
const BEGIN_TIMEOUT_MS = 1_000;

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

const SOCKET_ERRORS = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * A statement that failed because its connection did — pg's own statement timeout, a connection
 * ended or reset — rather than with an answer of the server (a DatabaseError, with its SQLSTATE)
 * or an error of the caller's code: the connection is in an unknown state and must not be used
 * again, not even for a ROLLBACK (which would wait on a dead socket for another timeout). Waiting
 * for a free connection of a busy pool is not such a failure.
 */
function connectionFailed(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof pg.DatabaseError) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_ERRORS.has(code)) return true;
  return /^(Query read timeout|Connection terminated|Client has encountered a connection error)/.test(error.message);
}

export function createPostgresStore(options: PostgresStoreOptions): Store {
  const t = options.timeouts ?? ONLINE_TIMEOUTS;
  let closed = false;
  const newPool = (): pg.Pool => {
    const created = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName ?? 'brp-eduv-facade',
      connectionTimeoutMillis: t.connectMs,
      ...(t.queryMs ? { query_timeout: t.queryMs } : {}),
      statement_timeout: t.statementMs,
      lock_timeout: t.lockMs,
      idle_in_transaction_session_timeout: t.idleInTransactionMs,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      types: customTypes,
    });
    // An idle connection that the server drops (restart, pg_terminate_backend, network) is reported
    // as an 'error' event on the pool. Without a listener Node would crash the process; the pool
    // already discards the broken client, and the next query opens a fresh one.
    created.on('error', () => undefined);
    return created;
  };
  let pool = newPool();
  const retired = new Set<Promise<void>>();
  /**
   * A connection of the current pool broke on the client's side (its own timeout, a reset): the
   * pool's other connections are suspect too — the same stalled path, a failed-over server — and
   * would each cost a timeout to find out. The pool is replaced at once, so the next statement
   * opens a fresh connection; the old pool ends in the background, bounded (a stalled connection
   * never answers its Terminate), its connections in use finishing or failing on their own.
   */
  const replace = (broken: pg.Pool): void => {
    if (broken !== pool || closed) return;
    pool = newPool();
    const ending = withDeadline(broken.end(), CLOSE_TIMEOUT_MS).catch(() => undefined);
    retired.add(ending);
    void ending.then(() => retired.delete(ending));
  };
  const failedOn = (used: pg.Pool) => (error: unknown): never => {
    if (connectionFailed(error)) replace(used);
    throw error;
  };


  const assertOpen = (): void => {
    if (closed) throw new StoreClosedError();
  };

  return {
    kind: 'postgres',

    async query<T>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>> {
      assertOpen();
      const used = pool;
      return toResult<T>(await used.query(sql, params ? [...params] : undefined).catch(failedOn(used)));
    },

    async exec(sql: string): Promise<void> {
      assertOpen();
      const used = pool;
      await used.query(sql).catch(failedOn(used));
    },

    async transaction<T>(fn: (tx: Queryable) => Promise<T>, txOptions?: TransactionOptions): Promise<T> {
      assertOpen();
      const used = pool;
      const client = await used.connect().catch(failedOn(used));
      let broken: Error | undefined;
      // While checked out, a client's connection errors (server shutdown, pg_terminate_backend)
      // are emitted on the client, not the pool: unhandled, they would crash the process. The
      // transaction's next statement fails anyway; remember the error so the client is discarded.
      const onError = (error: Error): void => {
        broken = error;
      };
      client.on('error', onError);
      try {
        // BEGIN answers at once on a working connection: a short limit finds a stalled one quickly.
        await client.query({ text: 'BEGIN', query_timeout: Math.min(BEGIN_TIMEOUT_MS, t.queryMs || BEGIN_TIMEOUT_MS) } as pg.QueryConfig);
        const mode = transactionModeSql(txOptions);
        if (mode) await client.query(mode);
        const result = await fn(clientQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (broken || connectionFailed(error)) {
          // Destroyed on release; the server rolls the transaction back when the session ends.
          broken ??= error instanceof Error ? error : new Error(String(error));
          replace(used);
          throw error;
        }
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
      // A stalled connection never answers its Terminate: closing must not wait for it.
      await Promise.all([withDeadline(pool.end(), CLOSE_TIMEOUT_MS).catch(() => undefined), ...retired]);
    },
  };
}
