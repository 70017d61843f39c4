// The verifier against a DBA who bypasses the append-only triggers: every kind of tampering is
// caught and the first broken link is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable, Store } from '../src/base/storage/store.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import {
  ACCESS_COLUMNS,
  PROCESSING_COLUMNS,
  accessFromRow,
  accessValues,
  normalizeProcessing,
  processingValues,
  recordHash,
  type AccessRow,
} from '../src/engine/protocol/hash-chain.ts';
import { verify, type BrokenLink } from '../src/engine/protocol/verify.ts';
import {
  TEST_DATABASE_URL,
  asDba,
  backends,
  postgresSuiteTitle,
  sampleRequest,
  type BackendCase,
  type TestStore,
} from './support/store.ts';

let counter = 0;

async function brokenLink(store: Store, chainId: string): Promise<BrokenLink | undefined> {
  const result = await verify(store);
  const chain = result.chains.find((c) => c.chainId === chainId);
  expect(chain).toBeDefined();
  if (chain?.break) expect(result.ok).toBe(false);
  return chain?.break;
}

async function accessRow(tx: Queryable, chainId: string, seq: number): Promise<AccessRow> {
  const { rows } = await tx.query<AccessRow>(
    `SELECT ${ACCESS_COLUMNS.join(', ')} FROM protocol_access WHERE chain_id = $1 AND seq = $2`,
    [chainId, seq],
  );
  return rows[0];
}

function verifySuite(backend: BackendCase): void {
  let t: TestStore;
  const logs: ProtocolLog[] = [];
  beforeAll(async () => {
    t = await backend.open();
  });
  afterAll(async () => {
    await Promise.all(logs.map((l) => l.close()));
    await t?.close();
  });

  /** A fresh pair of chains with `n` requests (one subject each). */
  async function chainOf(n: number): Promise<ProtocolLog> {
    const log = await createProtocolLog(t.store, { instanceId: `verify-${process.pid}-${(counter += 1)}` });
    logs.push(log);
    for (let i = 0; i < n; i += 1) {
      const r = sampleRequest({ subjects: [`99999${String(i).padStart(4, '0')}`] });
      await log.record(r.access, r.processing);
    }
    return log;
  }

  it('passes untouched chains and counts their records', async () => {
    const log = await chainOf(5);
    const result = await verify(t.store);
    expect(result.ok).toBe(true);
    expect(result.breaks).toEqual([]);
    const access = result.chains.find((c) => c.chainId === log.chains.access);
    expect(access).toMatchObject({ ok: true, records: 5, firstSeq: 1, lastSeq: 5, headSeq: 5, prunedThrough: 0 });
  });

  it('catches an edited record: hash mismatch at that seq', async () => {
    const log = await chainOf(5);
    await asDba(t.store, (tx) =>
      tx.query("UPDATE protocol_processing SET fields = '{geslachtsaanduiding}' WHERE chain_id = $1 AND seq = 3", [
        log.chains.processing,
      ]),
    );
    expect(await brokenLink(t.store, log.chains.processing)).toMatchObject({
      chainId: log.chains.processing,
      log: 'processing',
      seq: 3,
      kind: 'hash_mismatch',
    });
    expect(await brokenLink(t.store, log.chains.access)).toBeUndefined();
  });

  it('catches an edit whose hash was recomputed: the successor no longer links to it', async () => {
    const log = await chainOf(5);
    await asDba(t.store, async (tx) => {
      const row = await accessRow(tx, log.chains.access, 2);
      const forged = { ...accessFromRow(row), purpose: 'a-purpose-that-was-not-used' };
      const hash = recordHash('access', { chainId: row.chain_id, seq: 2, prevHash: row.prev_hash }, forged);
      await tx.query('UPDATE protocol_access SET purpose = $1, hash = $2 WHERE chain_id = $3 AND seq = 2', [
        forged.purpose,
        hash,
        log.chains.access,
      ]);
    });
    expect(await brokenLink(t.store, log.chains.access)).toMatchObject({ seq: 3, kind: 'prev_hash_mismatch' });
  });

  it('catches an edited link (prev_hash)', async () => {
    const log = await chainOf(4);
    await asDba(t.store, (tx) =>
      tx.query("UPDATE protocol_access SET prev_hash = repeat('a', 64) WHERE chain_id = $1 AND seq = 3", [log.chains.access]),
    );
    expect(await brokenLink(t.store, log.chains.access)).toMatchObject({ seq: 3, kind: 'prev_hash_mismatch' });
  });

  it('catches a deleted record: missing seq', async () => {
    const log = await chainOf(5);
    await asDba(t.store, (tx) => tx.query('DELETE FROM protocol_access WHERE chain_id = $1 AND seq = 3', [log.chains.access]));
    const link = await brokenLink(t.store, log.chains.access);
    expect(link).toMatchObject({ seq: 3, kind: 'missing_seq' });
    expect(link?.detail).toMatch(/records 3\.\.3 are missing/);
  });

  it('catches deleted records at the start and at the end of a chain', async () => {
    const head = await chainOf(4);
    await asDba(t.store, (tx) =>
      tx.query('DELETE FROM protocol_processing WHERE chain_id = $1 AND seq <= 2', [head.chains.processing]),
    );
    expect(await brokenLink(t.store, head.chains.processing)).toMatchObject({ seq: 1, kind: 'missing_seq' });

    const tail = await chainOf(4);
    await asDba(t.store, (tx) => tx.query('DELETE FROM protocol_access WHERE chain_id = $1 AND seq = 4', [tail.chains.access]));
    expect(await brokenLink(t.store, tail.chains.access)).toMatchObject({ seq: 4, kind: 'missing_seq' });
  });

  it('catches reordered records (two seqs swapped)', async () => {
    const log = await chainOf(5);
    await asDba(t.store, async (tx) => {
      const chain = log.chains.access;
      await tx.query('UPDATE protocol_access SET seq = 1000 WHERE chain_id = $1 AND seq = 2', [chain]);
      await tx.query('UPDATE protocol_access SET seq = 2 WHERE chain_id = $1 AND seq = 3', [chain]);
      await tx.query('UPDATE protocol_access SET seq = 3 WHERE chain_id = $1 AND seq = 1000', [chain]);
    });
    expect(await brokenLink(t.store, log.chains.access)).toMatchObject({ seq: 2, kind: 'reordered' });
  });

  it('catches a record inserted in the middle, even with a correct hash and a moved head', async () => {
    const log = await chainOf(5);
    await asDba(t.store, async (tx) => {
      const chain = log.chains.processing;
      // Make room at seq 3, then forge a record there that links properly to seq 2.
      await tx.query('UPDATE protocol_processing SET seq = seq + 1000 WHERE chain_id = $1 AND seq >= 3', [chain]);
      await tx.query('UPDATE protocol_processing SET seq = seq - 999 WHERE chain_id = $1 AND seq >= 1000', [chain]);
      const { rows } = await tx.query<{ hash: string }>('SELECT hash FROM protocol_processing WHERE chain_id = $1 AND seq = 2', [chain]);
      const forged = normalizeProcessing(sampleRequest({ subjects: ['999993653'] }).processing[0]);
      const link = { chainId: chain, seq: 3, prevHash: rows[0].hash };
      const values = processingValues(link, recordHash('processing', link, forged), forged);
      await tx.query(
        `INSERT INTO protocol_processing (${PROCESSING_COLUMNS.join(', ')})
         VALUES (${PROCESSING_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        values,
      );
      await tx.query('UPDATE protocol_chain SET head_seq = head_seq + 1 WHERE chain_id = $1', [chain]);
    });
    expect(await brokenLink(t.store, log.chains.processing)).toMatchObject({ seq: 3, kind: 'inserted' });
  });

  it('catches a record appended behind the writer’s back (beyond the chain head)', async () => {
    const log = await chainOf(3);
    await asDba(t.store, async (tx) => {
      const last = await accessRow(tx, log.chains.access, 3);
      const forged = accessFromRow(last);
      const link = { chainId: log.chains.access, seq: 4, prevHash: last.hash };
      const values = accessValues(link, recordHash('access', link, forged), forged);
      await tx.query(
        `INSERT INTO protocol_access (${ACCESS_COLUMNS.join(', ')})
         VALUES (${ACCESS_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        values,
      );
    });
    expect(await brokenLink(t.store, log.chains.access)).toMatchObject({ seq: 4, kind: 'inserted' });
  });

  it('catches a chain head that was moved', async () => {
    const log = await chainOf(3);
    await asDba(t.store, (tx) =>
      tx.query("UPDATE protocol_chain SET head_hash = repeat('b', 64) WHERE chain_id = $1", [log.chains.access]),
    );
    expect(await brokenLink(t.store, log.chains.access)).toMatchObject({ seq: 3, kind: 'head_mismatch' });
  });

  it('reads one snapshot: records appended while it runs are not mistaken for insertions', async () => {
    const log = await chainOf(1);
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const r = sampleRequest();
        await log.record(r.access, r.processing);
      }
    })();
    try {
      for (let i = 0; i < 5; i += 1) {
        const result = await verify(t.store, { pageSize: 3 });
        const mine = result.chains.filter((c) => c.chainId === log.chains.access || c.chainId === log.chains.processing);
        for (const chain of mine) expect(chain.break).toBeUndefined();
      }
    } finally {
      stop = true;
      await writer;
    }
  });
}

describe('protocol verify on PGlite', () => verifySuite(backends.pglite));
describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('protocol verify'), () => verifySuite(backends.postgres));
