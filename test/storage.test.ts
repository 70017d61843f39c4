// The storage layer on both backends: migrations (idempotent, concurrent, atomic, tamper-evident),
// one set of JavaScript types for both, transactions, and the PGlite data-directory lock.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIGRATIONS_DIR,
  MigrationError,
  StoreClosedError,
  StoreLockedError,
  StoreNotFoundError,
  loadMigrations,
  migrate,
  openStore,
} from '../src/base/storage/open-store.ts';
import { LOCK_FILE } from '../src/base/storage/pglite-store.ts';
import {
  TEST_DATABASE_URL,
  backends,
  postgresSuiteTitle,
  type BackendCase,
  type TestStore,
} from './support/store.ts';

/** A migrations directory: the project's migrations plus extra files. */
async function migrationsWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'facade-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [file, sql] of Object.entries(extra)) await writeFile(path.join(dir, file), sql);
  return dir;
}

function storageSuite(backend: BackendCase): void {
  let t: TestStore;
  const dirs: string[] = [];
  beforeAll(async () => {
    t = await backend.open();
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it(`reports its kind (${backend.name})`, () => {
    expect(t.store.kind).toBe(backend.name);
  });

  it('applied the migrations at open, and applying them again changes nothing', async () => {
    const files = await loadMigrations();
    const { rows } = await t.store.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(files.map((m) => m.version));
    expect(rows[0]).toEqual({ version: 1, name: 'protocol_log' });

    const again = await migrate(t.store);
    expect(again.applied).toEqual([]);
    expect(again.version).toBe(Math.max(...files.map((m) => m.version)));
    const after = await t.store.query('SELECT version FROM schema_migrations');
    expect(after.rows).toHaveLength(rows.length);
  });

  it('two instances migrating at once apply a new migration exactly once', async () => {
    const dir = await migrationsWith({
      '950_storage_test.sql': 'CREATE TABLE storage_test_note (id integer PRIMARY KEY, note text NOT NULL);',
    });
    dirs.push(dir);
    const other = await t.openAnother();
    const results = await Promise.all([migrate(t.store, { dir }), migrate(other, { dir }), migrate(t.store, { dir })]);
    const applied = results.flatMap((r) => r.applied.map((m) => m.file));
    expect(applied).toEqual(['950_storage_test.sql']);
    const { rows } = await t.store.query('SELECT version FROM schema_migrations WHERE version = 950');
    expect(rows).toHaveLength(1);
    await t.store.query("INSERT INTO storage_test_note (id, note) VALUES (1, 'ok')");

    // The project's own directory does not know 950: a newer schema is left alone.
    await expect(migrate(t.store)).resolves.toMatchObject({ applied: [] });
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const dir = await migrationsWith({
      '950_storage_test.sql': 'CREATE TABLE storage_test_note (id integer PRIMARY KEY, note text);',
    });
    dirs.push(dir);
    await expect(migrate(t.store, { dir })).rejects.toThrow(/950_storage_test\.sql was changed after it was applied/);
  });

  it('rolls back every migration of a run when one fails', async () => {
    const dir = await migrationsWith({
      '950_storage_test.sql': 'CREATE TABLE storage_test_note (id integer PRIMARY KEY, note text NOT NULL);',
      '960_first.sql': 'CREATE TABLE storage_test_first (id integer);',
      '961_broken.sql': 'CREATE TABLE storage_test_broken (id integer;',
    });
    dirs.push(dir);
    const failure = migrate(t.store, { dir });
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(/961_broken\.sql failed/);
    const { rows } = await t.store.query("SELECT to_regclass('storage_test_first') AS t");
    expect(rows[0]).toEqual({ t: null });
    const recorded = await t.store.query('SELECT version FROM schema_migrations WHERE version >= 960');
    expect(recorded.rows).toEqual([]);
  });

  it('returns the same JavaScript types on both backends', async () => {
    const { rows } = await t.store.query(
      `SELECT 42::int8 AS big, 7::int4 AS small, 1.50::numeric AS exact, true AS flag, NULL::text AS nothing,
              '2026-03-01T12:34:56.789Z'::timestamptz AS instant, '2026-03-01'::date AS day,
              ARRAY['a', 'b,c', '"d"']::text[] AS list, '{}'::text[] AS empty,
              '{"k": [1, 2]}'::jsonb AS doc, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS id`,
    );
    expect(rows[0]).toEqual({
      big: 42,
      small: 7,
      exact: '1.50',
      flag: true,
      nothing: null,
      instant: new Date('2026-03-01T12:34:56.789Z'),
      day: '2026-03-01',
      list: ['a', 'b,c', '"d"'],
      empty: [],
      doc: { k: [1, 2] },
      id: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    });
    const bound = await t.store.query(
      'SELECT $1::text[] AS list, $2::timestamptz AS instant, $3::int8 AS n, $4::text AS s',
      [['x', 'y z'], new Date('2026-01-02T03:04:05.006Z'), 9_007_199_254_740_991, "it's"],
    );
    expect(bound.rows[0]).toEqual({
      list: ['x', 'y z'],
      instant: new Date('2026-01-02T03:04:05.006Z'),
      n: 9_007_199_254_740_991,
      s: "it's",
    });
    await expect(t.store.query("SELECT '9007199254740993'::int8 AS n")).rejects.toThrow(/safe integer/);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await t.store.exec('CREATE TABLE storage_test_tx (id integer PRIMARY KEY); CREATE INDEX ON storage_test_tx (id);');
    const value = await t.store.transaction(async (tx) => {
      await tx.query('INSERT INTO storage_test_tx VALUES ($1)', [1]);
      return 'done';
    });
    expect(value).toBe('done');
    await expect(
      t.store.transaction(async (tx) => {
        await tx.query('INSERT INTO storage_test_tx VALUES ($1)', [2]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows, rowCount } = await t.store.query<{ id: number }>('SELECT id FROM storage_test_tx');
    expect(rows).toEqual([{ id: 1 }]);
    expect(rowCount).toBe(1);
    const del = await t.store.query('DELETE FROM storage_test_tx');
    expect(del.rowCount).toBe(1);
  });

  it('runs a transaction at the requested isolation level', async () => {
    const level = await t.store.transaction(
      async (tx) => (await tx.query<{ l: string }>("SELECT current_setting('transaction_isolation') AS l")).rows[0]?.l,
      { isolation: 'repeatable read', readOnly: true },
    );
    expect(level).toBe('repeatable read');
  });

  it('pings while open; after close, ping is false and queries reject', async () => {
    const store = backend.name === 'postgres' ? await t.openAnother() : t.store;
    expect(await store.ping()).toBe(true);
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(store.query('SELECT 1')).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.transaction(async () => 1)).rejects.toBeInstanceOf(StoreClosedError);
    await store.close(); // idempotent
  });
}

describe('storage on PGlite', () => storageSuite(backends.pglite));
describe('storage on PGlite in a worker thread', () => storageSuite(backends.pgliteWorker));
describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('storage'), () => storageSuite(backends.postgres));

describe('migration files', () => {
  it('are named NNN_name.sql with unique versions', async () => {
    const bad = await mkdtemp(path.join(tmpdir(), 'facade-migrations-'));
    try {
      await writeFile(path.join(bad, 'create-things.sql'), 'SELECT 1;');
      await expect(loadMigrations(bad)).rejects.toThrow(/must be NNN_name\.sql: create-things\.sql/);
      await rm(path.join(bad, 'create-things.sql'));
      await writeFile(path.join(bad, '002_a.sql'), 'SELECT 1;');
      await writeFile(path.join(bad, '002_b.sql'), 'SELECT 1;');
      await expect(loadMigrations(bad)).rejects.toThrow(/two migrations share version 2/);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });

  it('of the project load in version order', async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect((await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql'))).toHaveLength(migrations.length);
  });
});

describe('PGlite data directory', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await backends.pglite.open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('cannot be opened twice (in this process, or while another live process holds it)', async () => {
    const dataDir = t.dataDir ?? '';
    await expect(openStore({ dataDir })).rejects.toBeInstanceOf(StoreLockedError);

    // A lock held by another live process on this host: here, our parent (vitest's main process).
    const scratch = await mkdtemp(path.join(tmpdir(), 'facade-lock-'));
    try {
      const { hostname } = await import('node:os');
      await writeFile(path.join(scratch, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname() }));
      await expect(openStore({ dataDir: scratch })).rejects.toThrow(/in use by process/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const { hostname } = await import('node:os');
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid ?? 0));
    });
    const store = t.store;
    await store.close();
    const dataDir = t.dataDir ?? '';
    await writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname() }));
    const reopened = await openStore({ dataDir });
    try {
      // The data written before is still there: the directory was reopened, not reinitialised.
      const { rows } = await reopened.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });

  it('is not created when createIfMissing is false', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'facade-empty-'));
    try {
      await expect(openStore({ dataDir: path.join(empty, 'db'), createIfMissing: false })).rejects.toBeInstanceOf(
        StoreNotFoundError,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
