// PROTOCOL_TOKEN_EVIDENCE: the signed token behind each request is kept in its access record, sealed
// with the protocol's keys, and the issuer key that verified it is kept beside the witness — so the
// IdP's signature can be shown later, and a token forged into the record fails against that key.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerKeyWitness, readIssuerKeys, verifyTokenEvidence } from '../src/engine/protocol/issuer-keys.ts';
import { ProtocolKeyring } from '../src/engine/protocol/keyring.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { asDba, backends, type TestStore } from './support/store.ts';

const Q = '{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }';
const witness = mkdtempSync(join(tmpdir(), 'facade-token-evidence-'));
const keyring = new ProtocolKeyring([{ id: 'k1', secret: randomBytes(32) }]);

describe('kept tokens as evidence', () => {
  let t: TestStore;
  let log: ProtocolLog;
  let h: Harness;
  beforeAll(async () => {
    t = await backends.pglite.open();
    log = await createProtocolLog(t.store, { instanceId: 'token-evidence', subjects: keyring });
    h = await startHarness({ protocol: log, protocolReady: () => log.ready(), facade: { tokenEvidence: issuerKeyWitness(witness) } });
  });
  afterAll(async () => {
    await h?.close();
    await log?.close();
    await t?.close();
    rmSync(witness, { recursive: true, force: true });
  });

  const recordOf = async (traceId: string) =>
    (await t.store.query<{ seq: number; token_sealed: string | null }>('SELECT seq, token_sealed FROM protocol_access WHERE trace_id = $1', [traceId])).rows[0];

  it('keeps the token sealed and its issuer key outside the database; the signature verifies', async () => {
    const token = await h.token({ roles: ['wmo-consulent'] });
    const res = await h.query(Q, { token });
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    const row = await recordOf(res.headers.get('traceresponse')!.split('-')[1]);
    expect(row.token_sealed).toMatch(/^e1\.k1\./);
    expect(row.token_sealed).not.toContain(token.split('.')[1]);
    expect(keyring.openEvidence('token', row.token_sealed!)).toBe(token);
    const keys = await readIssuerKeys(witness);
    expect(keys).toEqual([expect.objectContaining({ issuer: h.issuer.issuer, kid: 'test-rsa-1', alg: 'RS256' })]);
    expect(await verifyTokenEvidence(t.store, keyring, keys)).toEqual({ tokens: 1, verified: 1, failures: [] });
  });

  it('a token forged into the record — same claims, another key — fails against the kept issuer key', async () => {
    const genuine = await h.token({ roles: ['wmo-consulent'] });
    const res = await h.query(Q, { token: genuine });
    const row = await recordOf(res.headers.get('traceresponse')!.split('-')[1]);
    const claims = JSON.parse(Buffer.from(genuine.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    const attacker = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['sign', 'verify'])).privateKey;
    const forged = await h.issuer.sign(claims, { key: attacker });
    await asDba(t.store, (tx) =>
      tx.query('UPDATE protocol_access SET token_sealed = $1, token_sha256 = $2 WHERE chain_id = $3 AND seq = $4', [
        keyring.sealEvidence('token', forged),
        createHash('sha256').update(forged).digest('hex'),
        log.chains.access,
        row.seq,
      ]),
    );
    const report = await verifyTokenEvidence(t.store, keyring, await readIssuerKeys(witness));
    expect(report.failures).toEqual([expect.objectContaining({ seq: Number(row.seq), problem: 'signature_invalid' })]);
    // Without the kept keys nothing can be shown at all.
    const none = await verifyTokenEvidence(t.store, keyring, []);
    expect(none.failures.map((f) => f.problem)).toEqual(['no_key', 'no_key']);
  });
});

describe('protocol:verify --evidence', () => {
  it('checks the kept tokens of a store against the issuer keys beside the witness, from the environment', async () => {
    const { openStore } = await import('../src/base/storage/open-store.ts');
    const { invoke } = await import('../src/base/storage/cli-support.ts');
    const { HELP, main } = await import('../src/engine/protocol/cli/verify.ts');
    const root = mkdtempSync(join(tmpdir(), 'facade-evidence-cli-'));
    const secret = randomBytes(32);
    const ring = new ProtocolKeyring([{ id: 'cli', secret }]);
    const store = await openStore({ dataDir: join(root, 'data', 'db') });
    const log = await createProtocolLog(store, { instanceId: 'evidence-cli', subjects: ring });
    const h = await startHarness({ protocol: log, protocolReady: () => log.ready(), facade: { tokenEvidence: issuerKeyWitness(join(root, 'witness')) } });
    try {
      expect((await h.query(Q, { token: await h.token({ roles: ['wmo-consulent'] }) })).status).toBe(200);
    } finally {
      await h.close();
      await log.close();
      await store.close();
    }
    const run = async (env: Record<string, string>) => {
      const out: string[] = [];
      const code = await invoke(main, ['--evidence'], { DATA_DIR: join(root, 'data'), PROTOCOL_WITNESS_DIR: join(root, 'witness'), ...env }, { out: (l) => out.push(l), err: (l) => out.push(l) }, HELP);
      return { code, out: out.join('\n') };
    };
    try {
      const ok = await run({ PROTOCOL_SUBJECT_KEYS: `cli:${secret.toString('base64')}` });
      expect(ok.out).toContain('evidence: 1 kept tokens, 1 verify with their issuer\'s kept key');
      expect(ok.code).toBe(0);
      // Another key cannot open the kept token: the run fails, naming why.
      const wrongKey = await run({ PROTOCOL_SUBJECT_KEYS: `cli:${randomBytes(32).toString('base64')}` });
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.out).toMatch(/FAILED {2}access:evidence-cli {2}at seq 1: cannot_open/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
