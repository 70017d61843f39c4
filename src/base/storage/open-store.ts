// Opens the facade's database: PostgreSQL when a URL is given, else embedded PGlite in a data
// directory. Migrations are applied at open, so a store handed out is always on the current schema.
import { migrate } from './migrate.ts';
import { createPGliteWorkerStore } from './pglite-worker-store.ts';
import { createPGliteStore } from './pglite-store.ts';
import { BATCH_TIMEOUTS, createPostgresStore, ONLINE_TIMEOUTS, type PostgresTimeouts } from './postgres-store.ts';
import type { Store } from './store.ts';

export type { Queryable, QueryResult, SqlValue, Store, StoreKind, TransactionOptions } from './store.ts';
export { StoreClosedError, StoreLockedError } from './store.ts';
export { StoreNotFoundError, MEMORY_DATA_DIR } from './pglite-store.ts';
export { MigrationError, migrate, loadMigrations, MIGRATIONS_DIR } from './migrate.ts';

export interface OpenStoreOptions {
  /** `postgres://…`; when set, PostgreSQL is used and `dataDir` is ignored. */
  databaseUrl?: string;
  /** PGlite data directory (created if missing), or `memory://`. Default `./data/db`. */
  dataDir?: string;
  /** Apply pending migrations at open. Default true; read-only tools pass false. */
  migrate?: boolean;
  /** Other migrations directory (tests). */
  migrationsDir?: string;
  /** PGlite only: run the database in a worker thread, off the caller's event loop (what `npm start` does). */
  worker?: boolean;
  /** PGlite only: when false, a missing database is an error rather than initialised. Default true. */
  createIfMissing?: boolean;
  /** PostgreSQL only: pool size and the application_name shown in pg_stat_activity. */
  maxConnections?: number;
  applicationName?: string;
  /**
   * PostgreSQL only: `online` (default) for the facade, whose writes must fail within seconds;
   * `batch` for the day-two CLIs, whose statements may run long. Migrations always run as batch.
   */
  workload?: 'online' | 'batch';
}

export const DEFAULT_DATA_DIR = './data/db';

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const postgres = (timeouts: PostgresTimeouts) =>
      createPostgresStore({ databaseUrl: options.databaseUrl!, maxConnections: options.maxConnections, applicationName: options.applicationName, timeouts });
    // A migration may rewrite a large table: on a connection of its own, without the online limits.
    if (options.migrate !== false) {
      const admin = postgres(BATCH_TIMEOUTS);
      try {
        await migrate(admin, { dir: options.migrationsDir });
      } finally {
        await admin.close();
      }
    }
    return postgres(options.workload === 'batch' ? BATCH_TIMEOUTS : ONLINE_TIMEOUTS);
  }
  const store = await (options.worker ? createPGliteWorkerStore : createPGliteStore)({
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    createIfMissing: options.createIfMissing,
  });
  if (options.migrate !== false) {
    try {
      await migrate(store, { dir: options.migrationsDir });
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }
  return store;
}
