// The protocol log writer on both backends: records round-trip, group commit, concurrent writers,
// append-only triggers, and fail-closed behaviour with recovery.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/base/storage/open-store.ts';
import type { Store } from '../src/base/storage/store.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { ProtocolRecordInvalidError, ProtocolUnavailableError } from '../src/engine/protocol/types.ts';
import { GENESIS_HASH } from '../src/engine/protocol/hash-chain.ts';
import { verify } from '../src/engine/protocol/verify.ts';
import {
  TEST_DATABASE_URL,
  backends,
  flakyStore,
  hostPort,
  postgresSuiteTitle,
  sampleRequest,
  startTcpProxy,
  terminateConnections,
  waitFor,
  type BackendCase,
  type TestStore,
} from './support/store.ts';

let instanceCounter = 0;
/** A fresh instance id per test: its chains start empty whatever earlier tests wrote. */
const instance = (label: string): string => `${label}-${process.pid}-${(instanceCounter += 1)}`;

async function chainOk(store: Store, ...chainIds: string[]): Promise<void> {
  const result = await verify(store);
  const reports = result.chains.filter((c) => chainIds.includes(c.chainId));
  expect(reports).toHaveLength(chainIds.length);
  for (const r of reports) expect(r.break).toBeUndefined();
  expect(result.ok).toBe(true);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function logSuite(backend: BackendCase): void {
  let t: TestStore;
  const logs: ProtocolLog[] = [];
  const open = async (store: Store, label: string, extra: { writeTimeoutMs?: number; batchMaxRows?: number } = {}): Promise<ProtocolLog> => {
    const log = await createProtocolLog(store, { instanceId: instance(label), ...extra });
    logs.push(log);
    return log;
  };
  beforeAll(async () => {
    t = await backend.open();
  });
  afterAll(async () => {
    await Promise.all(logs.map((l) => l.close()));
    await t?.close();
  });

  it('stores an access record and its processing records as given, linked in two chains', async () => {
    const log = await open(t.store, 'roundtrip');
    const req = sampleRequest({ subjects: ['999993653', '999970239'], taskDescription: `${'x'.repeat(199)}😀tail` });
    req.access.operationId = req.access.operationId.toUpperCase();
    for (const p of req.processing) p.operationId = req.access.operationId;
    await log.record(req.access, req.processing);

    const { rows: access } = await t.store.query<Record<string, unknown>>(
      'SELECT * FROM protocol_access WHERE chain_id = $1',
      [log.chains.access],
    );
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      seq: 1,
      prev_hash: GENESIS_HASH,
      operation_id: req.access.operationId.toLowerCase(),
      occurred_at: req.access.time,
      trace_id: req.access.traceId,
      principal_kind: 'user',
      principal_subject: 'medewerker-17',
      client_id: 'wmo-app',
      actor: null,
      oin: '00000001001234567000',
      purpose: 'wmo-aanvraag',
      processing_activity: 'VA-2026-017',
      task_description: `${'x'.repeat(199)}😀`, // 200 characters, the emoji kept whole
      operation_name: 'PersoonOpvragen',
      document_hash: req.access.documentHash,
      fields_requested: req.access.fieldsRequested,
      fields_pruned: ['verblijfplaats.straat'],
      fields_returned: req.access.fieldsReturned,
      outcome: 'ok',
      reason: null,
      error_code: null,
    });
    expect(access[0].hash).toMatch(/^[0-9a-f]{64}$/);

    const { rows: processing } = await t.store.query<Record<string, unknown>>(
      'SELECT * FROM protocol_processing WHERE chain_id = $1 ORDER BY seq',
      [log.chains.processing],
    );
    expect(processing.map((p) => [p.seq, p.subject_id, p.status])).toEqual([
      [1, '999993653', 'disclosed'],
      [2, '999970239', 'disclosed'],
    ]);
    expect(processing[1].prev_hash).toBe(processing[0].hash);
    expect(processing[0]).toMatchObject({
      operation_id: req.access.operationId.toLowerCase(),
      subject_type: 'BSN',
      fields: ['naam.voornamen', 'geboorte.datum'],
      processing_activity: 'VA-2026-017',
    });
    const { rows: heads } = await t.store.query<{ chain_id: string; head_seq: number; head_hash: string }>(
      'SELECT chain_id, head_seq, head_hash FROM protocol_chain WHERE chain_id = ANY($1::text[]) ORDER BY chain_id',
      [[log.chains.access, log.chains.processing]],
    );
    expect(heads).toEqual([
      { chain_id: log.chains.access, head_seq: 1, head_hash: access[0].hash },
      { chain_id: log.chains.processing, head_seq: 2, head_hash: processing[1].hash },
    ]);
    await chainOk(t.store, log.chains.access, log.chains.processing);
  });

  it('records denied and failed requests, which disclose nothing', async () => {
    const log = await open(t.store, 'denied');
    const denied = sampleRequest({ outcome: 'denied' });
    denied.access.reason = 'PURPOSE_NOT_PERMITTED';
    const failed = sampleRequest({ outcome: 'error', principal: { kind: 'anonymous' } });
    failed.access.errorCode = 'UPSTREAM_UNAVAILABLE';
    await log.record(denied.access, []);
    await log.record(failed.access, []);
    const { rows } = await t.store.query<{ outcome: string; reason: string | null; error_code: string | null }>(
      'SELECT outcome, reason, error_code FROM protocol_access WHERE chain_id = $1 ORDER BY seq',
      [log.chains.access],
    );
    expect(rows).toEqual([
      { outcome: 'denied', reason: 'PURPOSE_NOT_PERMITTED', error_code: null },
      { outcome: 'error', reason: null, error_code: 'UPSTREAM_UNAVAILABLE' },
    ]);
    await chainOk(t.store, log.chains.access, log.chains.processing);
  });

  it('refuses a malformed record and writes nothing', async () => {
    const log = await open(t.store, 'invalid');
    const bad = sampleRequest();
    bad.access.operationId = 'not-a-uuid';
    const e1 = await rejection(log.record(bad.access, []));
    expect(e1).toBeInstanceOf(ProtocolRecordInvalidError);
    expect(e1).toMatchObject({ code: 'PROTOCOL_RECORD_INVALID' });

    const mismatched = sampleRequest();
    mismatched.processing[0].operationId = randomUUID();
    await expect(log.record(mismatched.access, mismatched.processing)).rejects.toMatchObject({
      code: 'PROTOCOL_RECORD_INVALID',
    });
    const { rows } = await t.store.query('SELECT 1 FROM protocol_access WHERE chain_id = $1', [log.chains.access]);
    expect(rows).toEqual([]);
  });

  it('caps a transaction by rows as well as requests, so a healthy batch stays short; a large request is never split', async () => {
    const log = await open(t.store, 'rows', { batchMaxRows: 1000 });
    const subjects = (n: number, k: number) => Array.from({ length: n }, (_, i) => `9${String(k).padStart(2, '0')}${String(i).padStart(6, '0')}`);
    const requests = [sampleRequest({ subjects: subjects(600, 1) }), sampleRequest({ subjects: subjects(600, 2) }), sampleRequest({ subjects: subjects(1500, 3) })];
    await Promise.all(requests.map((r) => log.record(r.access, r.processing)));
    // 601 + 601 rows exceed 1,000: three transactions, the 1,501-row request whole in one.
    expect(log.stats()).toMatchObject({ committed: 3, transactions: 3, largestBatch: 1 });
  });

  it('group-commits concurrent calls: fewer transactions than calls, every call acknowledged', async () => {
    const log = await open(t.store, 'group');
    const calls = 300;
    const requests = Array.from({ length: calls }, (_, i) => sampleRequest({ subjects: [`9999${String(i).padStart(5, '0')}`] }));
    await Promise.all(requests.map((r) => log.record(r.access, r.processing)));
    const stats = log.stats();
    expect(stats.committed).toBe(calls);
    expect(stats.transactions).toBeLessThan(calls / 10);
    expect(stats.largestBatch).toBeGreaterThan(1);
    const { rows } = await t.store.query<{ n: number }>(
      'SELECT count(*)::int8 AS n FROM protocol_processing WHERE chain_id = $1',
      [log.chains.processing],
    );
    expect(rows[0].n).toBe(calls);
    // Arrival order is chain order.
    const { rows: order } = await t.store.query<{ operation_id: string }>(
      'SELECT operation_id FROM protocol_access WHERE chain_id = $1 ORDER BY seq',
      [log.chains.access],
    );
    expect(order.map((r) => r.operation_id)).toEqual(requests.map((r) => r.access.operationId));
    await chainOk(t.store, log.chains.access, log.chains.processing);
  });

  it('lets several writers append concurrently without forking a chain — even two with one instance id', async () => {
    const other = await t.openAnother();
    const a = await open(t.store, 'writer-a');
    const b = await open(other, 'writer-b');
    // A misconfiguration: a second process with a's instance id. The head lock serialises them.
    const a2 = await createProtocolLog(other, { instanceId: a.instanceId, batchMaxSize: 7 });
    logs.push(a2);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 120; i += 1) {
      for (const log of [a, b, a2]) {
        const r = sampleRequest({ subjects: ['999993653', '999990378'] });
        writes.push(log.record(r.access, r.processing));
      }
    }
    await Promise.all(writes);
    const { rows } = await t.store.query<{ chain_id: string; n: number; max: number }>(
      `SELECT chain_id, count(*)::int8 AS n, max(seq) AS max FROM protocol_access
       WHERE chain_id = ANY($1::text[]) GROUP BY chain_id ORDER BY chain_id`,
      [[a.chains.access, b.chains.access]],
    );
    expect(rows).toEqual([
      { chain_id: a.chains.access, n: 240, max: 240 },
      { chain_id: b.chains.access, n: 120, max: 120 },
    ]);
    await chainOk(t.store, a.chains.access, a.chains.processing, b.chains.access, b.chains.processing);
  });

  it('fails closed while the store is down, and recovers by itself when it is back', async () => {
    const flaky = flakyStore(t.store);
    const log = await open(flaky, 'outage');
    const before = sampleRequest();
    await log.record(before.access, before.processing);

    flaky.down = true;
    const during = sampleRequest();
    const error = await rejection(log.record(during.access, during.processing));
    expect(error).toBeInstanceOf(ProtocolUnavailableError);
    expect(error).toMatchObject({ code: 'PROTOCOL_UNAVAILABLE', reason: 'store_unavailable' });
    expect(await log.ready()).toBe(false);

    flaky.down = false;
    expect(await log.ready()).toBe(true);
    const after = sampleRequest();
    await log.record(after.access, after.processing);
    const { rows } = await t.store.query<{ seq: number; operation_id: string }>(
      'SELECT seq, operation_id FROM protocol_access WHERE chain_id = $1 ORDER BY seq',
      [log.chains.access],
    );
    expect(rows).toEqual([
      { seq: 1, operation_id: before.access.operationId },
      { seq: 2, operation_id: after.access.operationId },
    ]);
    expect(log.stats().failedTransactions).toBe(1);
    await chainOk(t.store, log.chains.access, log.chains.processing);
  });

  it('leaves no half-written batch when a write fails inside the transaction', async () => {
    const flaky = flakyStore(t.store);
    const log = await open(flaky, 'halfway');
    const first = sampleRequest();
    await log.record(first.access, first.processing);

    flaky.failWhen = (sql) => sql.startsWith('INSERT INTO protocol_processing');
    const doomed = [sampleRequest(), sampleRequest()];
    const results = await Promise.allSettled(doomed.map((r) => log.record(r.access, r.processing)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'PROTOCOL_UNAVAILABLE', reason: 'write_failed' });
    const { rows: none } = await t.store.query('SELECT 1 FROM protocol_access WHERE operation_id = ANY($1::uuid[])', [
      doomed.map((r) => r.access.operationId),
    ]);
    expect(none).toEqual([]);

    flaky.failWhen = undefined;
    const next = sampleRequest();
    await log.record(next.access, next.processing);
    const { rows } = await t.store.query<{ seq: number }>(
      'SELECT seq FROM protocol_access WHERE chain_id = $1 ORDER BY seq',
      [log.chains.access],
    );
    expect(rows).toEqual([{ seq: 1 }, { seq: 2 }]);
    await chainOk(t.store, log.chains.access, log.chains.processing);
  });

  it('rejects a record that is not committed in time', async () => {
    const flaky = flakyStore(t.store);
    const log = await open(flaky, 'slow', { writeTimeoutMs: 150 });
    const gate = flaky.hold();
    const slow = sampleRequest();
    const started = Date.now();
    await expect(log.record(slow.access, slow.processing)).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    gate.release();
    const next = sampleRequest();
    await log.record(next.access, next.processing);
    await chainOk(t.store, log.chains.access, log.chains.processing);
  });

  it('writes queued records on close, then refuses new ones', async () => {
    const log = await open(t.store, 'closing');
    const queued = [sampleRequest(), sampleRequest(), sampleRequest()];
    const pending = queued.map((r) => log.record(r.access, r.processing));
    await log.close();
    await Promise.all(pending);
    const late = sampleRequest();
    await expect(log.record(late.access, late.processing)).rejects.toMatchObject({ code: 'PROTOCOL_UNAVAILABLE', reason: 'closed' });
    expect(await log.ready()).toBe(false);
  });

  it('is append-only for the application: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const log = await open(t.store, 'append-only');
    const r = sampleRequest();
    await log.record(r.access, r.processing);
    await expect(
      t.store.query("UPDATE protocol_access SET purpose = 'other' WHERE chain_id = $1", [log.chains.access]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.store.query('DELETE FROM protocol_processing WHERE chain_id = $1', [log.chains.processing]),
    ).rejects.toThrow(/append-only/);
    await expect(t.store.query('TRUNCATE protocol_access, protocol_processing')).rejects.toThrow(/append-only/);
    await expect(
      t.store.query('UPDATE protocol_chain SET head_seq = 0 WHERE chain_id = $1', [log.chains.access]),
    ).rejects.toThrow(/only move forward/);
    await expect(t.store.query('DELETE FROM protocol_chain WHERE chain_id = $1', [log.chains.access])).rejects.toThrow(
      /only move forward/,
    );
    await chainOk(t.store, log.chains.access, log.chains.processing);
  });
}

describe('protocol log on PGlite in a worker thread', () => logSuite(backends.pgliteWorker));

describe('protocol log on PGlite', () => {
  logSuite(backends.pglite);

  it('refuses records once the store is closed; a new store on the same directory continues the chain', async () => {
    const t = await backends.pglite.open();
    const dataDir = t.dataDir ?? '';
    const instanceId = instance('restart');
    const log = await createProtocolLog(t.store, { instanceId });
    const first = sampleRequest();
    await log.record(first.access, first.processing);
    await t.store.close();
    const lost = sampleRequest();
    await expect(log.record(lost.access, lost.processing)).rejects.toMatchObject({
      code: 'PROTOCOL_UNAVAILABLE',
      reason: 'store_unavailable',
    });
    await log.close();

    const reopened = await openStore({ dataDir });
    try {
      const again = await createProtocolLog(reopened, { instanceId });
      const next = sampleRequest();
      await again.record(next.access, next.processing);
      const { rows } = await reopened.query<{ seq: number }>(
        'SELECT seq FROM protocol_access WHERE chain_id = $1 ORDER BY seq',
        [again.chains.access],
      );
      expect(rows).toEqual([{ seq: 1 }, { seq: 2 }]);
      await chainOk(reopened, again.chains.access, again.chains.processing);
      await again.close();
    } finally {
      await reopened.close();
      await t.close();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('protocol log'), () => {
  logSuite(backends.postgres);

  it('fails closed when the server ends its connections mid-transaction (pg_terminate_backend), then recovers', async () => {
    const t = await backends.postgres.open();
    try {
      const flaky = flakyStore(t.store);
      const log = await createProtocolLog(flaky, { instanceId: instance('terminated') });
      const first = sampleRequest();
      await log.record(first.access, first.processing);

      // Pause the append inside its transaction, end every connection of this pool, resume.
      const gate = flaky.hold((sql) => sql.startsWith('INSERT INTO protocol_access'));
      const cut = sampleRequest();
      const cutWrite = log.record(cut.access, cut.processing);
      await waitFor(() => flaky.held === 1);
      expect(await terminateConnections(t.applicationName ?? '')).toBeGreaterThan(0);
      gate.release();
      await expect(cutWrite).rejects.toMatchObject({ code: 'PROTOCOL_UNAVAILABLE', reason: 'store_unavailable' });

      // The pool discards the dead connection; the next write opens a new one and continues.
      const next = sampleRequest();
      await log.record(next.access, next.processing);
      const { rows } = await t.store.query<{ seq: number; operation_id: string }>(
        'SELECT seq, operation_id FROM protocol_access WHERE chain_id = $1 ORDER BY seq',
        [log.chains.access],
      );
      expect(rows).toEqual([
        { seq: 1, operation_id: first.access.operationId },
        { seq: 2, operation_id: next.access.operationId },
      ]);
      await chainOk(t.store, log.chains.access, log.chains.processing);
      await log.close();
    } finally {
      await t.close();
    }
  });

  it('with the recommended grants, the application role appends but cannot alter, delete or disable triggers', async (ctx) => {
    const t = await backends.postgres.open();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const schema = new URL(t.databaseUrl ?? '').searchParams.get('options')?.split('=')[1] ?? '';
    const role = `app_${schema}`;
    try {
      try {
        await admin.query(`CREATE ROLE ${role} LOGIN`);
      } catch {
        ctx.skip(); // the test user may not create roles
      }
      await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
      await admin.query(
        `GRANT SELECT, INSERT ON ${schema}.protocol_access, ${schema}.protocol_processing,
           ${schema}.protocol_checkpoint, ${schema}.schema_migrations TO ${role}`,
      );
      await admin.query(`GRANT SELECT, INSERT, UPDATE ON ${schema}.protocol_chain TO ${role}`);
      const url = new URL(t.databaseUrl ?? '');
      url.username = role;
      // Opening runs the (already applied) migrations: that must work without DDL rights.
      const store = await openStore({ databaseUrl: url.toString() });
      try {
        const log = await createProtocolLog(store, { instanceId: instance('app-role') });
        const r = sampleRequest();
        await log.record(r.access, r.processing);
        await log.close();
        for (const sql of [
          "UPDATE protocol_access SET purpose = 'x'",
          'DELETE FROM protocol_processing',
          'TRUNCATE protocol_access',
          'ALTER TABLE protocol_access DISABLE TRIGGER USER',
        ]) {
          await expect(store.query(sql), sql).rejects.toThrow(/permission denied|must be owner/);
        }
        await chainOk(store, log.chains.access, log.chains.processing);
      } finally {
        await store.close();
      }
    } finally {
      await t.close();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });

  it('fails closed while the server is unreachable, and recovers when it is back', async () => {
    const t = await backends.postgres.open();
    const proxy = await startTcpProxy(hostPort(t.databaseUrl ?? ''));
    const store = await openStore({ databaseUrl: proxy.url(t.databaseUrl ?? ''), migrate: false });
    try {
      const log = await createProtocolLog(store, { instanceId: instance('unreachable') });
      const first = sampleRequest();
      await log.record(first.access, first.processing);

      await proxy.stop();
      const during = sampleRequest();
      await expect(log.record(during.access, during.processing)).rejects.toMatchObject({
        code: 'PROTOCOL_UNAVAILABLE',
        reason: 'store_unavailable',
      });
      expect(await log.ready()).toBe(false);

      await proxy.start();
      expect(await log.ready()).toBe(true);
      const after = sampleRequest();
      await log.record(after.access, after.processing);
      const { rows } = await t.store.query<{ seq: number }>(
        'SELECT seq FROM protocol_access WHERE chain_id = $1 ORDER BY seq',
        [log.chains.access],
      );
      expect(rows).toEqual([{ seq: 1 }, { seq: 2 }]);
      await chainOk(t.store, log.chains.access, log.chains.processing);
      await log.close();
    } finally {
      await store.close();
      await proxy.close();
      await t.close();
    }
  });
});
