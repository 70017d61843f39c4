// Anchored chain heads: the protocol log signs its chains' heads every N records and keeps them in
// a witness directory outside the database; protocol:verify with the witness finds a chain whose
// tail was rewritten together with its head — which the chain alone cannot show.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../src/base/storage/cli-support.ts';
import { openStore } from '../src/base/storage/open-store.ts';
import { HELP, main as verifyCli } from '../src/engine/protocol/cli/verify.ts';
import { accessFromRow, recordHash, type AccessRow } from '../src/engine/protocol/hash-chain.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { verify } from '../src/engine/protocol/verify.ts';
import { directoryWitness } from '../src/engine/protocol/witness.ts';
import { asDba, openPGliteTestStore, sampleRequest, type TestStore } from './support/store.ts';

const root = mkdtempSync(join(tmpdir(), 'facade-witness-'));
const { privateKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
let t: TestStore;
let counter = 0;
afterAll(async () => {
  await t?.close();
  rmSync(root, { recursive: true, force: true });
});
beforeAll(async () => {
  t = await openPGliteTestStore();
});

/** A log anchored every `every` records into a fresh witness directory, with `n` requests, closed. */
async function anchoredChain(n: number, every: number): Promise<{ log: ProtocolLog; dir: string }> {
  const dir = join(root, `witness-${(counter += 1)}`);
  const log = await createProtocolLog(t.store, {
    instanceId: `witness-${process.pid}-${counter}`,
    anchor: { witness: directoryWitness(dir), signingKey: privateKey, everyRecords: every, everyMs: 3_600_000 },
  });
  for (let i = 0; i < n; i += 1) {
    const r = sampleRequest({ subjects: [`99999${String(i).padStart(4, '0')}`] });
    await log.record(r.access, r.processing);
  }
  await log.close();
  return { log, dir };
}

/** Rewrites the access chain from `fromSeq` to its end with recomputed hashes, and its head: the attack the chain alone cannot show. */
async function rewriteTail(chainId: string, fromSeq: number): Promise<void> {
  await asDba(t.store, async (tx) => {
    const { rows } = await tx.query<AccessRow>('SELECT * FROM protocol_access WHERE chain_id = $1 AND seq >= $2 ORDER BY seq', [chainId, fromSeq]);
    let prev = rows[0].prev_hash;
    for (const row of rows) {
      const forged = { ...accessFromRow(row), purpose: 'a-purpose-that-was-not-used' };
      const hash = recordHash('access', { chainId, seq: Number(row.seq), prevHash: prev }, forged);
      await tx.query('UPDATE protocol_access SET purpose = $1, prev_hash = $2, hash = $3 WHERE chain_id = $4 AND seq = $5', [forged.purpose, prev, hash, chainId, row.seq]);
      prev = hash;
    }
    await tx.query('UPDATE protocol_chain SET head_hash = $1 WHERE chain_id = $2', [prev, chainId]);
  });
}

const trustedKeys = [privateKey];
const chainReport = (result: Awaited<ReturnType<typeof verify>>, chainId: string) => result.chains.find((c) => c.chainId === chainId);

describe('anchored chain heads', () => {
  it('are signed every N records and at close, one write-once file per head', async () => {
    const { log, dir } = await anchoredChain(5, 2);
    const accessHeads = readdirSync(join(dir, encodeURIComponent(log.chains.access))).sort();
    // After records 2 and 4, and the last one at close.
    expect(accessHeads).toEqual(['00000000000000000002.json', '00000000000000000004.json', '00000000000000000005.json']);
    expect(log.stats()).toMatchObject({ anchorFailures: 0 });
    const result = await verify(t.store, { trustedKeys, witness: await directoryWitness(dir).read() });
    expect(chainReport(result, log.chains.access)?.ok).toBe(true);
    expect(result.witness).toMatchObject({ heads: 6, confirmed: 6, unreadable: 0 });
  });

  it('a tail rewritten together with its head passes the chain alone, and fails against the witness', async () => {
    const { log, dir } = await anchoredChain(6, 2);
    await rewriteTail(log.chains.access, 3);
    const alone = await verify(t.store, { trustedKeys });
    expect(chainReport(alone, log.chains.access)?.ok).toBe(true);
    const witnessed = await verify(t.store, { trustedKeys, witness: await directoryWitness(dir).read() });
    expect(chainReport(witnessed, log.chains.access)?.break).toMatchObject({ seq: 4, kind: 'witness_mismatch' });
    expect(witnessed.ok).toBe(false);
  });

  it('a forged head, a head signed by another key and an unreadable entry fail; so does a chain cut short', async () => {
    const { log, dir } = await anchoredChain(4, 2);
    const chainDir = join(dir, encodeURIComponent(log.chains.access));
    const file = join(chainDir, '00000000000000000004.json');
    const head = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    chmodSync(file, 0o644);
    writeFileSync(file, JSON.stringify({ ...head, hash: 'f'.repeat(64) }));
    const forged = await verify(t.store, { trustedKeys, witness: await directoryWitness(dir).read() });
    expect(chainReport(forged, log.chains.access)?.break).toMatchObject({ seq: 4, kind: 'witness_signature_invalid' });

    const untrusted = await verify(t.store, { trustedKeys: [other.publicKey], witness: await directoryWitness(dir).read() });
    expect(chainReport(untrusted, log.chains.access)?.break).toMatchObject({ seq: 2, kind: 'witness_untrusted_key' });

    writeFileSync(join(chainDir, '00000000000000000009.json'), 'not json');
    expect((await verify(t.store, { trustedKeys, witness: await directoryWitness(dir).read() })).witness?.unreadable).toBe(1);

    // The witness saw seq 4; the tail is removed and the head moved back.
    writeFileSync(file, JSON.stringify(head));
    rmSync(join(chainDir, '00000000000000000009.json'));
    await asDba(t.store, async (tx) => {
      const { rows } = await tx.query<{ hash: string }>('SELECT hash FROM protocol_access WHERE chain_id = $1 AND seq = 3', [log.chains.access]);
      await tx.query('DELETE FROM protocol_access WHERE chain_id = $1 AND seq = 4', [log.chains.access]);
      await tx.query('UPDATE protocol_chain SET head_seq = 3, head_hash = $1 WHERE chain_id = $2', [rows[0].hash, log.chains.access]);
    });
    const cut = await verify(t.store, { trustedKeys, witness: await directoryWitness(dir).read() });
    expect(chainReport(cut, log.chains.access)?.break).toMatchObject({ seq: 4, kind: 'witness_ahead' });
  });

  it('protocol:verify reads the witness from PROTOCOL_WITNESS_DIR and exits 1 on a rewritten tail', async () => {
    // A store of its own that the CLI opens after this test closed it (one process holds a PGlite directory).
    const dataRoot = join(root, 'cli');
    const dir = join(root, 'cli-witness');
    const store = await openStore({ dataDir: join(dataRoot, 'db') });
    const log = await createProtocolLog(store, { instanceId: 'cli', anchor: { witness: directoryWitness(dir), signingKey: privateKey, everyRecords: 2 } });
    for (let i = 0; i < 4; i += 1) {
      const r = sampleRequest();
      await log.record(r.access, r.processing);
    }
    await log.close();
    const run = async () => {
      const out: string[] = [];
      const code = await invoke(verifyCli, [], { DATA_DIR: dataRoot, PROTOCOL_WITNESS_DIR: dir }, { out: (l) => out.push(l), err: (l) => out.push(l) }, HELP);
      return { code, out: out.join('\n') };
    };
    await store.close();
    const intact = await run();
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/witness: 4 signed heads kept, 4 found in their chains/);

    const again = await openStore({ dataDir: join(dataRoot, 'db') });
    const original = t;
    t = { ...t, store: again };
    try {
      await rewriteTail(log.chains.access, 2);
    } finally {
      t = original;
      await again.close();
    }
    const rewritten = await run();
    expect(rewritten.code).toBe(1);
    expect(rewritten.out).toMatch(/BROKEN {2}access:cli {2}at seq 2: witness_mismatch/);
  });
});
