// The one SQL interface the rest of the facade uses. Two backends implement it — embedded PGlite
// (Postgres compiled to WASM, for `npm start` and tests) and PostgreSQL through a `pg` Pool (for
// production) — so that every query, migration and trigger is written once and runs on both.
//
// Both backends are configured to return the same JavaScript types for the same SQL types
// (see `type-parsers.ts`); code above this layer never needs to know which one it talks to.

/** A value that may be bound to a `$n` placeholder. Arrays bind to Postgres arrays. */
export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | null
  | readonly string[]
  | readonly number[];

export interface QueryResult<T> {
  rows: T[];
  /** Rows affected (INSERT/UPDATE/DELETE) or returned (SELECT). */
  rowCount: number;
}

/** What can run SQL: the store itself, or a transaction handed to `Store.transaction`. */
export interface Queryable {
  /**
   * One statement with `$1..$n` placeholders (extended protocol). `T` is the caller's assertion
   * of the row shape; the store does not check it.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>>;
  /** Several statements without parameters (simple protocol): migration files. */
  exec(sql: string): Promise<void>;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  readOnly?: boolean;
}

export type StoreKind = 'pglite' | 'postgres';

export interface Store extends Queryable {
  readonly kind: StoreKind;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws (the error is
   * rethrown). Inside `fn` use only the `tx` handed in: on PGlite the store itself is locked for
   * the duration of the transaction, so a query on the store from inside `fn` would deadlock.
   * Not re-entrant.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** True when the database answers a trivial query within a short time; never throws. */
  ping(): Promise<boolean>;
  /** Releases connections / the embedded database. Further calls reject with StoreClosedError. */
  close(): Promise<void>;
}

/** Thrown by a store after `close()`. */
export class StoreClosedError extends Error {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}

/** Another process holds the embedded data directory. */
export class StoreLockedError extends Error {
  readonly code = 'STORE_LOCKED';
  constructor(dataDir: string, holder: string) {
    super(
      `the data directory ${dataDir} is in use by ${holder}; ` +
        'stop that process first, or use DATABASE_URL (PostgreSQL) to share a database between processes',
    );
    this.name = 'StoreLockedError';
  }
}

/** `SET TRANSACTION …` for the options, or undefined when the defaults apply. */
export function transactionModeSql(options: TransactionOptions | undefined): string | undefined {
  if (!options || (options.isolation === undefined && options.readOnly === undefined)) return undefined;
  const parts: string[] = [];
  if (options.isolation) parts.push(`ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
  if (options.readOnly !== undefined) parts.push(options.readOnly ? 'READ ONLY' : 'READ WRITE');
  return `SET TRANSACTION ${parts.join(' ')}`;
}
