// Retention pruning: removes an old prefix behind a signed checkpoint and keeps the chain
// verifiable; forged, edited and foreign-key checkpoints are caught; a tampered chain is not pruned.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/base/storage/store.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { signCheckpoint, toSigningKey, type CheckpointFields } from '../src/engine/protocol/checkpoint.ts';
import { prune, retentionCutoff } from '../src/engine/protocol/prune.ts';
import { verify, type ChainReport } from '../src/engine/protocol/verify.ts';
import {
  TEST_DATABASE_URL,
  asDba,
  backends,
  postgresSuiteTitle,
  sampleRequest,
  type BackendCase,
  type TestStore,
} from './support/store.ts';

const signingKey = generateKeyPairSync('ed25519').privateKey;
const day = (n: number): Date => new Date(Date.UTC(2001, 0, 1 + n));
let counter = 0;

async function report(store: Store, chainId: string, trustedKeys: KeyObject[] = [signingKey]): Promise<ChainReport> {
  const result = await verify(store, { trustedKeys });
  const chain = result.chains.find((c) => c.chainId === chainId);
  if (!chain) throw new Error(`no chain ${chainId}`);
  return chain;
}

const CHECKPOINT_INSERT = `INSERT INTO protocol_checkpoint
  (chain_id, last_seq, first_seq, last_hash, removed_count, cutoff, created_at, public_key, key_fingerprint, signature)
  VALUES ($1, $2::int8, $3::int8, $4, $5::int8, $6::timestamptz, $7::timestamptz, $8, $9, $10)`;

function pruneSuite(backend: BackendCase): void {
  let t: TestStore;
  const logs: ProtocolLog[] = [];
  beforeAll(async () => {
    t = await backend.open();
  });
  afterAll(async () => {
    await Promise.all(logs.map((l) => l.close()));
    await t?.close();
  });

  /** Fresh chains with one request per day from 2001-01-01 (or at the given days). */
  async function chainOf(days: number[]): Promise<ProtocolLog & { ids: string[] }> {
    const log = await createProtocolLog(t.store, { instanceId: `prune-${process.pid}-${(counter += 1)}` });
    logs.push(log);
    for (const d of days) {
      const r = sampleRequest({ time: day(d), subjects: ['999993653'] });
      await log.record(r.access, r.processing);
    }
    return Object.assign(log, { ids: [log.chains.access, log.chains.processing] });
  }

  async function hashAt(chainId: string, seq: number): Promise<string> {
    const { rows } = await t.store.query<{ hash: string }>('SELECT hash FROM protocol_access WHERE chain_id = $1 AND seq = $2', [
      chainId,
      seq,
    ]);
    return rows[0].hash;
  }

  it('removes the old prefix behind a signed checkpoint, and the chain still verifies', async () => {
    const log = await chainOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const result = await prune(t.store, { olderThan: day(5), signingKey, chainIds: log.ids });
    expect(result.ok).toBe(true);
    expect(result.removed).toBe(10);
    expect(result.chains).toEqual([
      { chainId: log.chains.access, log: 'access', removed: 5, firstSeq: 1, lastSeq: 5 },
      { chainId: log.chains.processing, log: 'processing', removed: 5, firstSeq: 1, lastSeq: 5 },
    ]);
    const { rows } = await t.store.query<{ seq: number }>('SELECT seq FROM protocol_access WHERE chain_id = $1 ORDER BY seq', [
      log.chains.access,
    ]);
    expect(rows.map((r) => r.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(await report(t.store, log.chains.access)).toMatchObject({
      ok: true,
      firstSeq: 6,
      lastSeq: 10,
      prunedThrough: 5,
      checkpoints: 1,
    });
    expect((await report(t.store, log.chains.processing)).ok).toBe(true);

    // A later prune continues from the first checkpoint; new records continue the chain.
    await prune(t.store, { olderThan: day(8), signingKey, chainIds: log.ids });
    const r = sampleRequest();
    await log.record(r.access, r.processing);
    expect(await report(t.store, log.chains.access)).toMatchObject({ ok: true, firstSeq: 9, lastSeq: 11, checkpoints: 2 });
  });

  it('cuts a chain at one point only: a newer record stops the prefix', async () => {
    const log = await chainOf([0, 1, 30, 2, 3]);
    const result = await prune(t.store, { olderThan: day(10), signingKey, chainIds: [log.chains.access] });
    expect(result.chains[0]).toMatchObject({ removed: 2, lastSeq: 2 });
    expect((await report(t.store, log.chains.access)).ok).toBe(true);
  });

  it('can remove a whole chain and keep its head verifiable', async () => {
    const log = await chainOf([0, 1, 2]);
    await prune(t.store, { olderThan: day(100), signingKey, chainIds: log.ids });
    expect(await report(t.store, log.chains.access)).toMatchObject({ ok: true, records: 0, prunedThrough: 3, headSeq: 3 });
    const r = sampleRequest();
    await log.record(r.access, r.processing);
    expect(await report(t.store, log.chains.access)).toMatchObject({ ok: true, firstSeq: 4, lastSeq: 4 });
  });

  it('keeps each record for the retention of its own activity, and says what an earlier record holds back', async () => {
    const log = await createProtocolLog(t.store, { instanceId: `prune-${process.pid}-${(counter += 1)}` });
    logs.push(log);
    // Day 0 and 1: parking (short retention), day 2: Wmo (long), day 3 and 4: parking again.
    for (const [d, activity] of [[0, 'VA-PRK-002'], [1, 'VA-PRK-002'], [2, 'VA-WMO-003'], [3, 'VA-PRK-002'], [4, 'VA-PRK-002']] as const) {
      const r = sampleRequest({ time: day(d), processingActivity: activity });
      await log.record(r.access, r.processing);
    }
    const byActivity = new Map([['VA-PRK-002', day(10)], ['VA-WMO-003', day(1)]]);
    const result = await prune(t.store, { olderThan: day(0), olderThanByActivity: byActivity, signingKey, chainIds: [log.chains.processing] });
    // Parking records of day 0 and 1 are past; the Wmo record of day 2 is not, so days 3 and 4 wait behind it.
    expect(result.chains[0]).toMatchObject({ removed: 2, firstSeq: 1, lastSeq: 2, heldBack: 2 });
    expect(await report(t.store, log.chains.processing)).toMatchObject({ ok: true, records: 3, prunedThrough: 2 });
    // Once the Wmo retention has passed too, the rest goes.
    const later = await prune(t.store, { olderThan: day(0), olderThanByActivity: new Map([['VA-PRK-002', day(10)], ['VA-WMO-003', day(10)]]), signingKey, chainIds: [log.chains.processing] });
    expect(later.chains[0]).toMatchObject({ removed: 3, lastSeq: 5 });
    expect(later.chains[0].heldBack).toBeUndefined();
  });

  it('changes nothing in a dry run', async () => {
    const log = await chainOf([0, 1, 2]);
    const result = await prune(t.store, { olderThan: day(100), dryRun: true, chainIds: log.ids });
    expect(result).toMatchObject({ dryRun: true, removed: 6 });
    const { rows } = await t.store.query('SELECT 1 FROM protocol_checkpoint WHERE chain_id = ANY($1::text[])', [log.ids]);
    expect(rows).toEqual([]);
    expect(await report(t.store, log.chains.access)).toMatchObject({ records: 3, prunedThrough: 0 });
  });

  it('lets the application delete only what a checkpoint covers', async () => {
    const log = await chainOf([0, 1, 2, 3]);
    await prune(t.store, { olderThan: day(2), signingKey, chainIds: [log.chains.access] });
    await expect(
      t.store.query('DELETE FROM protocol_access WHERE chain_id = $1 AND seq = 3', [log.chains.access]),
    ).rejects.toThrow(/only delete records covered by a checkpoint/);
    await expect(
      t.store.query('UPDATE protocol_checkpoint SET removed_count = 1 WHERE chain_id = $1', [log.chains.access]),
    ).rejects.toThrow(/append-only/);
  });

  it('catches a forged checkpoint that was used to delete records', async () => {
    const log = await chainOf([0, 1, 2, 3]);
    const chain = log.chains.access;
    // The application role writes a checkpoint without the key (junk signature) and deletes 1..2.
    await t.store.query(CHECKPOINT_INSERT, [
      chain, 2, 1, await hashAt(chain, 2), 2, day(3).toISOString(), new Date().toISOString(),
      'AAAA', 'sha256:00', Buffer.from('not a signature').toString('base64'),
    ]);
    await t.store.query('DELETE FROM protocol_access WHERE chain_id = $1 AND seq <= 2', [chain]);
    expect((await report(t.store, chain)).break).toMatchObject({ seq: 2, kind: 'checkpoint_signature_invalid' });
  });

  it('catches an edited checkpoint', async () => {
    const log = await chainOf([0, 1, 2, 3]);
    await prune(t.store, { olderThan: day(2), signingKey, chainIds: [log.chains.access] });
    await asDba(t.store, (tx) =>
      tx.query('UPDATE protocol_checkpoint SET removed_count = 1, first_seq = 2 WHERE chain_id = $1', [log.chains.access]),
    );
    expect((await report(t.store, log.chains.access)).break).toMatchObject({ seq: 2, kind: 'checkpoint_signature_invalid' });
  });

  it('catches a checkpoint validly signed by a key that is not the trusted one', async () => {
    const log = await chainOf([0, 1, 2, 3]);
    const chain = log.chains.access;
    const intruder = generateKeyPairSync('ed25519').privateKey;
    const fields: CheckpointFields = {
      chain_id: chain,
      first_seq: 1,
      last_seq: 2,
      last_hash: await hashAt(chain, 2),
      removed_count: 2,
      cutoff: day(2),
      created_at: new Date(),
    };
    const signed = signCheckpoint(fields, intruder);
    await t.store.query(CHECKPOINT_INSERT, [
      chain, 2, 1, fields.last_hash, 2, fields.cutoff.toISOString(), fields.created_at.toISOString(),
      signed.public_key, signed.key_fingerprint, signed.signature,
    ]);
    await t.store.query('DELETE FROM protocol_access WHERE chain_id = $1 AND seq <= 2', [chain]);

    expect((await report(t.store, chain)).break).toMatchObject({ seq: 2, kind: 'checkpoint_untrusted_key' });
    // Unpinned, the signature itself is valid: the chain passes, and the verifier names the key.
    const unpinned = await verify(t.store);
    expect(unpinned.chains.find((c) => c.chainId === chain)?.ok).toBe(true);
    expect(unpinned.keysPinned).toBe(false);
    expect(unpinned.checkpointKeys.map((k) => k.fingerprint)).toContain(signed.key_fingerprint);
  });

  it('refuses to prune a chain that does not verify, and prunes the others', async () => {
    const log = await chainOf([0, 1, 2, 3]);
    await asDba(t.store, (tx) =>
      tx.query("UPDATE protocol_access SET task_description = 'rewritten' WHERE chain_id = $1 AND seq = 1", [log.chains.access]),
    );
    const result = await prune(t.store, { olderThan: day(3), signingKey, chainIds: log.ids });
    expect(result.ok).toBe(false);
    expect(result.chains).toEqual([
      expect.objectContaining({ chainId: log.chains.access, removed: 0, refused: expect.objectContaining({ kind: 'hash_mismatch', seq: 1 }) }),
      expect.objectContaining({ chainId: log.chains.processing, removed: 3 }),
    ]);
    const { rows } = await t.store.query('SELECT seq FROM protocol_access WHERE chain_id = $1', [log.chains.access]);
    expect(rows).toHaveLength(4);
  });
}

describe('protocol prune on PGlite', () => pruneSuite(backends.pglite));
describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('protocol prune'), () => pruneSuite(backends.postgres));

describe('prune keys and cutoff', () => {
  it('needs an Ed25519 private key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => toSigningKey(rsa)).toThrow(/Ed25519/);
    expect(() => toSigningKey('-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----')).toThrow(/PKCS8/);
  });

  it('refuses to prune without a key', async () => {
    const unused = {} as Store;
    await expect(prune(unused, { olderThan: day(1) })).rejects.toThrow(/signing key is required/);
  });

  it('computes the retention cutoff in calendar years', () => {
    expect(retentionCutoff(20, new Date('2026-03-15T10:00:00Z')).toISOString()).toBe('2006-03-15T10:00:00.000Z');
  });
});
