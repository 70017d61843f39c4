// Test stores: PGlite copied from an initialised template directory, or a fresh PostgreSQL schema
// per test file when TEST_DATABASE_URL is set. Plus the failure tools the fail-closed tests need:
// a store wrapper that can be switched off, and a TCP proxy in front of PostgreSQL that can be
// stopped like a server going down.
//
// Initialising a PGlite data directory takes seconds; copying an initialised, migrated one and
// opening it takes a fraction of that. The template lives in the OS temp directory, keyed by the
// migrations' content and the PGlite version, and is built once by whichever test worker gets
// there first (atomically: built aside, then renamed into place).
import { createHash, randomUUID } from 'node:crypto';
import { cpSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { loadMigrations, openStore } from '../../src/base/storage/open-store.ts';
import { LOCK_FILE } from '../../src/base/storage/pglite-store.ts';
import type { AccessRecord, ProcessingRecord, SubjectType } from '../../src/engine/protocol/types.ts';
import type { Queryable, QueryResult, SqlValue, Store, StoreKind, TransactionOptions } from '../../src/base/storage/store.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

/** Title for a PostgreSQL describe block: says why it is skipped when it is. */
export function postgresSuiteTitle(subject: string): string {
  return TEST_DATABASE_URL
    ? `${subject} on PostgreSQL`
    : `${subject} on PostgreSQL — SKIPPED: TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)`;
}

export interface TestStore {
  kind: StoreKind;
  store: Store;
  /**
   * Another Store on the same database, like a second facade instance: a second pool on the same
   * schema for PostgreSQL; for PGlite the same store (one process owns a PGlite directory).
   */
  openAnother(): Promise<Store>;
  /** PostgreSQL: the schema-scoped URL and the application_name of this file's pools. */
  databaseUrl?: string;
  applicationName?: string;
  /** PGlite: the data directory (a copy of the template). */
  dataDir?: string;
  /** Closes every store opened here and drops the schema / removes the directory. */
  close(): Promise<void>;
}

export interface BackendCase {
  name: StoreKind;
  open: () => Promise<TestStore>;
}

// -------------------------------------------------------------------------------------------
// PGlite

async function templateDir(): Promise<string> {
  const require = createRequire(import.meta.url);
  // The package exports no ./package.json: find it beside the resolved entry point (dist/…).
  const entry = require.resolve('@electric-sql/pglite');
  const pgliteVersion = (JSON.parse(
    await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'),
  ) as { version: string }).version;
  const migrations = await loadMigrations();
  const key = createHash('sha256')
    .update(pgliteVersion)
    .update(migrations.map((m) => `${m.file}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(tmpdir(), `facade-pglite-template-${key}`);
  try {
    await stat(path.join(dir, 'PG_VERSION'));
    return dir;
  } catch {
    // not built yet
  }
  const building = `${dir}.building-${process.pid}-${randomUUID()}`;
  const store = await openStore({ dataDir: building });
  await store.close();
  try {
    await rename(building, dir);
  } catch {
    // Another worker finished first; theirs is as good as ours.
    await rm(building, { recursive: true, force: true });
  }
  return dir;
}

export async function openPGliteTestStore(options: { worker?: boolean } = {}): Promise<TestStore> {
  const template = await templateDir();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facade-pglite-test-'));
  // cpSync: several times faster than the promise-based cp for a directory of ~1000 small files.
  cpSync(template, dataDir, { recursive: true, filter: (src) => path.basename(src) !== LOCK_FILE });
  const store = await openStore({ dataDir, worker: options.worker });
  return {
    kind: 'pglite',
    store,
    dataDir,
    openAnother: async () => store,
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// -------------------------------------------------------------------------------------------
// PostgreSQL

/** The URL with `search_path` pinned to one schema (libpq `options`). */
export function schemaUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export async function openPostgresTestStore(url = TEST_DATABASE_URL): Promise<TestStore> {
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const applicationName = `facade-${schema}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = schemaUrl(url, schema);
  const opened: Store[] = [];
  const open = async (): Promise<Store> => {
    const store = await openStore({ databaseUrl, applicationName });
    opened.push(store);
    return store;
  };
  const store = await open();
  return {
    kind: 'postgres',
    store,
    openAnother: open,
    databaseUrl,
    applicationName,
    async close() {
      await Promise.all(opened.map((s) => s.close()));
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Ends every server connection of this test file's pools, as a DBA or a failover would. */
export async function terminateConnections(applicationName: string, url = TEST_DATABASE_URL): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
      [applicationName],
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

/** The backends to run a suite against: PGlite always, PostgreSQL when configured. */
export const backends: { pglite: BackendCase; pgliteWorker: BackendCase; postgres: BackendCase } = {
  pglite: { name: 'pglite', open: () => openPGliteTestStore() },
  /** PGlite in a worker thread, as `npm start` runs it. */
  pgliteWorker: { name: 'pglite', open: () => openPGliteTestStore({ worker: true }) },
  postgres: { name: 'postgres', open: () => openPostgresTestStore() },
};

// -------------------------------------------------------------------------------------------
// Failure tools

export class SimulatedOutage extends Error {
  readonly code = 'ECONNREFUSED';
  constructor() {
    super('connection refused (simulated outage)');
  }
}

/**
 * Wraps a store to stage failures:
 * - `down = true`: every call fails as if the database were unreachable;
 * - `failWhen(sql)`: matching statements fail (inside a transaction: it rolls back);
 * - `hold(when)`: matching calls (every call when `when` is omitted; statements are matched by
 *   their SQL, a transaction by the text 'BEGIN') wait until the returned `release()`; `held`
 *   counts the calls waiting.
 */
export interface FlakyStore extends Store {
  down: boolean;
  failWhen?: (sql: string) => boolean;
  hold(when?: (sql: string) => boolean): { release(): void };
  readonly held: number;
}

export function flakyStore(inner: Store): FlakyStore {
  let holdWhen: ((sql: string) => boolean) | undefined;
  let waiters: (() => void)[] = [];
  const gate = async (sql: string): Promise<void> => {
    if (holdWhen?.(sql)) await new Promise<void>((resolve) => waiters.push(resolve));
    if (flaky.down) throw new SimulatedOutage();
  };
  const wrap = (q: Queryable): Queryable => ({
    async query<T>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>> {
      await gate(sql);
      if (flaky.failWhen?.(sql)) throw new Error('statement failed (simulated)');
      return q.query<T>(sql, params);
    },
    async exec(sql: string): Promise<void> {
      await gate(sql);
      return q.exec(sql);
    },
  });
  const flaky: FlakyStore = {
    kind: inner.kind,
    down: false,
    ...wrap(inner),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T> {
      await gate('BEGIN');
      return inner.transaction((tx) => fn(wrap(tx)), options);
    },
    async ping() {
      return !flaky.down && inner.ping();
    },
    close: () => inner.close(),
    hold(when = () => true) {
      holdWhen = when;
      return {
        release() {
          holdWhen = undefined;
          const wake = waiters;
          waiters = [];
          for (const w of wake) w();
        },
      };
    },
    get held() {
      return waiters.length;
    },
  };
  return flaky;
}

/** Resolves once `condition()` holds (polling), or rejects after `ms`. */
export async function waitFor(condition: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A TCP proxy in front of PostgreSQL. `stop()` closes the listener and cuts every connection
 * (the database "goes down"); `start()` listens again on the same port. `stallOpenConnections()`
 * makes every open connection pass no more data, in either direction, without closing it (a
 * stalled network path, a frozen NAT entry), while new connections work.
 */
export interface TcpProxy {
  port: number;
  url(databaseUrl: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  /** Returns how many connections it stalled. */
  stallOpenConnections(): number;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<{ stalled: boolean }>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      const pair = { stalled: false };
      pairs.add(pair);
      sockets.add(client);
      sockets.add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
        pairs.delete(pair);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      // Forwarded by hand rather than piped, so that a stalled pair can swallow what arrives.
      client.on('data', (chunk: Buffer) => void (pair.stalled || upstream.write(chunk)));
      upstream.on('data', (chunk: Buffer) => void (pair.stalled || client.write(chunk)));
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    get port() {
      return port;
    },
    url(databaseUrl: string) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    stop,
    start: listen,
    close: stop,
    stallOpenConnections() {
      let n = 0;
      for (const pair of pairs) if (!pair.stalled) (pair.stalled = true), n++;
      return n;
    },
  };
}

/** Host and port of a postgres URL. */
export function hostPort(databaseUrl: string): { host: string; port: number } {
  const u = new URL(databaseUrl);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}

// -------------------------------------------------------------------------------------------
// Protocol-log fixtures

export interface SampleRequest {
  access: AccessRecord;
  processing: ProcessingRecord[];
}

let traceCounter = 0;

/** One request's records: an access record and one processing record per subject. */
export function sampleRequest(
  options: {
    subjects?: string[];
    subjectType?: SubjectType;
    time?: Date;
    outcome?: AccessRecord['outcome'];
    principal?: AccessRecord['principal'];
    purpose?: string;
    processingActivity?: string;
    taskDescription?: string;
    fields?: string[];
    status?: ProcessingRecord['status'];
    reason?: string;
  } = {},
): SampleRequest {
  const operationId = randomUUID();
  const time = options.time ?? new Date();
  traceCounter += 1;
  const traceId = createHash('sha256').update(`${process.pid}:${traceCounter}`).digest('hex').slice(0, 32);
  const fields = options.fields ?? ['naam.voornamen', 'geboorte.datum'];
  return {
    access: {
      operationId,
      time,
      traceId,
      principal: options.principal ?? { kind: 'user', subject: 'medewerker-17', clientId: 'wmo-app', oin: '00000001001234567000' },
      purpose: options.purpose ?? 'wmo-aanvraag',
      processingActivity: options.processingActivity ?? 'VA-2026-017',
      taskDescription: options.taskDescription ?? 'Beoordelen WMO-aanvraag',
      operationName: 'PersoonOpvragen',
      documentHash: createHash('sha256').update(operationId).digest('hex'),
      fieldsRequested: [...fields, 'verblijfplaats.straat'],
      fieldsPruned: ['verblijfplaats.straat'],
      fieldsReturned: fields,
      outcome: options.outcome ?? 'ok',
    },
    processing: (options.subjects ?? ['999993653']).map((subjectId) => ({
      operationId,
      traceId,
      time,
      processingActivity: options.processingActivity ?? 'VA-2026-017',
      subjectType: options.subjectType ?? 'BSN',
      subjectId,
      fields: options.status === 'withheld' ? [] : fields,
      status: options.status ?? 'disclosed',
      reason: options.reason,
    })),
  };
}

const PROTOCOL_TABLES = ['protocol_access', 'protocol_processing', 'protocol_checkpoint', 'protocol_chain'];

/**
 * Runs `fn` as a DBA who bypasses the append-only triggers (the table owner disabling them), in
 * one transaction, re-enabling them at the end: the tampering the verifier must still catch.
 */
export async function asDba<T>(store: Store, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return store.transaction(async (tx) => {
    for (const t of PROTOCOL_TABLES) await tx.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    const result = await fn(tx);
    for (const t of PROTOCOL_TABLES) await tx.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    return result;
  });
}
