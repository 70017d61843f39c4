// Versioned schema migrations: plain SQL files `migrations/NNN_name.sql`, applied in version order,
// each recorded in `schema_migrations` with a checksum of its text.
//
// - Idempotent: applied versions are skipped, so running at every start is cheap.
// - Concurrency-safe: all pending migrations run in one transaction that first takes a
//   transaction-scoped advisory lock. A second instance starting at the same moment waits on the
//   lock, then sees the versions the first one recorded and applies nothing. The lock key includes
//   the current schema, so separate schemas in one database (tests) do not wait on each other.
// - Atomic: one failing migration rolls back every migration of that run (Postgres DDL is
//   transactional), so a database is never left between two versions.
// - Tamper-evident: editing a migration after it was applied is refused (checksum mismatch);
//   fix forward with a new file instead.
// - Forward-compatible: versions in the database that this code does not know (a newer release
//   already migrated, during a rolling deploy) are left alone.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './store.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const FILE_NAME = /^(\d{3,})_([a-z0-9][a-z0-9_]*)\.sql$/;

/** An arbitrary constant: the advisory-lock namespace of this application's migrations. */
const LOCK_CLASS = 0x4d494752; // "MIGR"

export interface Migration {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  const seen = new Map<number, string>();
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new MigrationError(`migration file name must be NNN_name.sql: ${file}`);
    const version = Number(match[1]);
    const other = seen.get(version);
    if (other) throw new MigrationError(`two migrations share version ${version}: ${other} and ${file}`);
    seen.set(version, file);
    // Line endings normalised so a checkout with CRLF does not look like an edited migration.
    const sql = (await readFile(path.join(dir, file), 'utf8')).replace(/\r\n/g, '\n');
    const checksum = createHash('sha256').update(sql).digest('hex');
    migrations.push({ version, name: match[2], file, sql, checksum });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: Migration[];
  /** Highest version now recorded in the database. */
  version: number;
}

export async function migrate(store: Store, options: { dir?: string } = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(options.dir);
  return store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::int4, hashtext(current_schema()))', [LOCK_CLASS]);
    // Checked first rather than CREATE … IF NOT EXISTS: that needs CREATE on the schema even when
    // the table exists, and an up-to-date database must open for a role without DDL rights.
    const { rows: exists } = await tx.query<{ present: boolean }>(
      "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
    );
    if (!exists[0]?.present) {
      await tx.exec(`CREATE TABLE schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    }
    const { rows } = await tx.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations ORDER BY version',
    );
    const recorded = new Map(rows.map((r) => [r.version, r.checksum]));
    const applied: Migration[] = [];
    for (const migration of migrations) {
      const checksum = recorded.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.file} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`migration ${migration.file} failed: ${reason}`, { cause: error });
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      applied.push(migration);
    }
    const versions = [...recorded.keys(), ...applied.map((m) => m.version)];
    return { applied, version: versions.length ? Math.max(...versions) : 0 };
  });
}
