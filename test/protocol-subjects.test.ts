// Pseudonymised data subjects: after a query, no plain BSN is anywhere in the database — the
// processing log holds its keyed pseudonym and its encryption — yet protocol:query --bsn finds the
// person, verification needs no key, older plain records still verify and are found, and a key
// rotation keeps the older records found.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../src/base/storage/cli-support.ts';
import { openStore } from '../src/base/storage/open-store.ts';
import type { Store } from '../src/base/storage/store.ts';
import { HELP, main as queryCli } from '../src/engine/protocol/cli/query.ts';
import { createProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { ProtocolKeyring } from '../src/engine/protocol/keyring.ts';
import { verify } from '../src/engine/protocol/verify.ts';
import { startHarness } from './support/harness.ts';
import { sampleRequest } from './support/store.ts';

const BSN = '999993653';
const k1 = { id: 'k1', secret: randomBytes(32) };
const k2 = { id: 'k2', secret: randomBytes(32) };
const root = mkdtempSync(join(tmpdir(), 'facade-subjects-'));
let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: join(root, 'db') });
});
afterAll(async () => {
  await store?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Every row of every table of the database, as text: what a dump would hold. */
async function dump(s: Store): Promise<string> {
  const { rows: tables } = await s.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
  const parts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await s.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${name} t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('pseudonymised data subjects', () => {
  it('an older log with plain subjects, then a query through HTTP with the keyring: no plain BSN is stored any more, and both are found', async () => {
    // Before pseudonymisation: a plain record of another person.
    const plain = await createProtocolLog(store, { instanceId: 'before' });
    const older = sampleRequest({ subjects: ['999990019'] });
    await plain.record(older.access, older.processing);
    await plain.close();

    const keyring = new ProtocolKeyring([k1]);
    const log = await createProtocolLog(store, { instanceId: 'after', subjects: keyring });
    const h = await startHarness({ protocol: log, protocolReady: () => log.ready() });
    try {
      const res = await h.query(`{ persoon(burgerservicenummer: "${BSN}") { naam { voornamen } } }`);
      expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    } finally {
      await h.close();
      await log.close();
    }

    const text = await dump(store);
    expect(text).not.toContain(BSN);
    const { rows } = await store.query<{ subject_id: string; subject_sealed: string }>("SELECT subject_id, subject_sealed FROM protocol_processing WHERE chain_id = 'processing:after'");
    expect(rows).toHaveLength(1);
    expect(rows[0].subject_id).toMatch(/^hmac:k1:[0-9a-f]{64}$/);
    expect(keyring.open(rows[0].subject_id, rows[0].subject_sealed)).toEqual({ type: 'BSN', id: BSN });

    expect((await verify(store)).ok).toBe(true);
    const found = await queryBySubject(store, { subjectType: 'BSN', subjectId: BSN, keyring });
    expect(found.map((d) => [d.subjectId, d.status, d.purpose])).toEqual([[BSN, 'disclosed', 'brp-volledig']]);
    // What was asked is kept too, sealed (envelope encryption), and opened with the keys.
    const { rows: access } = await store.query<{ asked_sealed: string }>("SELECT asked_sealed FROM protocol_access WHERE chain_id = 'access:after'");
    expect(access[0].asked_sealed).toMatch(/^e1\.k1\./);
    expect(found[0].asked).toEqual([{ field: 'persoon', arguments: { burgerservicenummer: BSN } }]);
    expect(keyring.openEvidence('token', access[0].asked_sealed)).toBeUndefined();
    expect(await queryBySubject(store, { subjectType: 'BSN', subjectId: '999990019', keyring })).toHaveLength(1);
  });

  it('after a key rotation new records use the new key and records under the old one are still found', async () => {
    const rotated = new ProtocolKeyring([k2, k1]);
    const log = await createProtocolLog(store, { instanceId: 'rotated', subjects: rotated });
    const r = sampleRequest({ subjects: [BSN] });
    await log.record(r.access, r.processing);
    await log.close();
    const { rows } = await store.query<{ subject_id: string }>("SELECT subject_id FROM protocol_processing WHERE chain_id = 'processing:rotated'");
    expect(rows[0].subject_id).toMatch(/^hmac:k2:/);
    expect(await queryBySubject(store, { subjectType: 'BSN', subjectId: BSN, keyring: rotated })).toHaveLength(2);
    // Without the old key, its records are not found: the keys are what protects them.
    expect(await queryBySubject(store, { subjectType: 'BSN', subjectId: BSN, keyring: new ProtocolKeyring([k2]) })).toHaveLength(1);
    expect((await verify(store)).ok).toBe(true);
  });

  it('protocol:query --bsn finds the person with PROTOCOL_SUBJECT_KEYS, and refuses a malformed key', async () => {
    await store.close();
    const keys = `k2:${k2.secret.toString('base64')},k1:${k1.secret.toString('base64')}`;
    const run = async (env: Record<string, string>) => {
      const out: string[] = [];
      const code = await invoke(queryCli, ['--bsn', BSN, '--json'], { DATA_DIR: root, ...env }, { out: (l) => out.push(l), err: (l) => out.push(l) }, HELP);
      return { code, out: out.join('\n') };
    };
    try {
      const found = await run({ PROTOCOL_SUBJECT_KEYS: keys });
      expect(found.code).toBe(0);
      expect((JSON.parse(found.out) as unknown[]).length).toBe(2);
      const refused = await run({ PROTOCOL_SUBJECT_KEYS: 'k1:c2hvcnQ=' });
      expect(refused).toMatchObject({ code: 2 });
      expect(refused.out).toMatch(/PROTOCOL_SUBJECT_KEYS: key "k1" must be 32 bytes/);
    } finally {
      store = await openStore({ dataDir: join(root, 'db') });
    }
  });
});
