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

  it('what a request disclosed about an address (a count of its bewoners) is kept sealed only, and found with the person', async () => {
    const keyring = new ProtocolKeyring([k1]);
    const log = await createProtocolLog(store, { instanceId: 'addresses', subjects: keyring });
    const h = await startHarness({ protocol: log, protocolReady: () => log.ready() });
    try {
      const res = await h.query(`{ persoon(burgerservicenummer: "999991267") { verblijfplaats { ... on Adres { bewoning(peildatum: "2026-01-01") { aantalBewoners } } } } }`, { token: await h.token({ roles: ['parkeren'] }) });
      expect(res.body.errors).toBeUndefined();
    } finally {
      await h.close();
      await log.close();
    }
    const { rows } = await store.query<{ addresses_sealed: string }>("SELECT addresses_sealed FROM protocol_access WHERE chain_id = 'access:addresses'");
    expect(rows[0].addresses_sealed).toMatch(/^e1\.k1\./);
    expect(await dump(store)).not.toContain('0599010056000401');
    const [found] = await queryBySubject(store, { subjectType: 'BSN', subjectId: '999991267', keyring });
    expect(found.addresses).toEqual([expect.stringMatching(/^0599010056000401 aantalBewoners 2026-01-01\/2026-01-02: \d+$/)]);
    expect((await verify(store)).ok).toBe(true);
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

describe('a search through HTTP with the keyring', () => {
  it('keeps its criteria\'s values sealed only: they are in no table of a dump', async () => {
    const own = await openStore({ dataDir: join(root, 'search-db') });
    const log = await createProtocolLog(own, { instanceId: 'search', subjects: new ProtocolKeyring([k1]) });
    const h = await startHarness({ protocol: log, protocolReady: () => log.ready() });
    try {
      const search = await h.query('{ zoekPersonen(postcodeEnHuisnummer: { postcode: "3077AW", huisnummer: 31 }) { burgerservicenummer } }', { token: await h.token({ roles: ['wmo-consulent'] }) });
      expect(search.body.errors).toBeUndefined();
      const found = (search.body.data as { zoekPersonen: Array<{ burgerservicenummer: string }> }).zoekPersonen;
      expect(found.length).toBeGreaterThan(0);
      await log.close();
      const text = await dump(own);
      expect(text).not.toContain('3077AW');
      for (const person of found) expect(text).not.toContain(person.burgerservicenummer);
    } finally {
      await h.close();
      await log.close();
      await own.close();
    }
  });
});

describe('an old database (schema version 4) with plain records', () => {
  it('migrates forward, still verifies, and its persons are found beside the pseudonymised ones', async () => {
    const { cpSync, mkdirSync, readdirSync } = await import('node:fs');
    const { MIGRATIONS_DIR } = await import('../src/base/storage/migrate.ts');
    const oldMigrations = join(root, 'migrations-v4');
    mkdirSync(oldMigrations);
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => /^00[1-4]_/.test(f))) cpSync(join(MIGRATIONS_DIR, file), join(oldMigrations, file));
    const dataDir = join(root, 'old-db');

    // Written as the code of schema version 4 wrote it: its columns only, the same record hash.
    const old = await openStore({ dataDir, migrationsDir: oldMigrations });
    const { ACCESS_COLUMNS, PROCESSING_COLUMNS, accessValues, processingValues, normalizeAccess, normalizeProcessing, recordHash, GENESIS_HASH } = await import('../src/engine/protocol/hash-chain.ts');
    const r = sampleRequest({ subjects: [BSN] });
    const access = normalizeAccess(r.access);
    const processing = normalizeProcessing(r.processing[0]);
    const aLink = { chainId: 'access:v4', seq: 1, prevHash: GENESIS_HASH };
    const pLink = { chainId: 'processing:v4', seq: 1, prevHash: GENESIS_HASH };
    const aHash = recordHash('access', aLink, access);
    const pHash = recordHash('processing', pLink, processing);
    const insert = (table: string, columns: readonly string[], values: unknown[]) =>
      old.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, values as never);
    await old.query("INSERT INTO protocol_chain (chain_id, log, instance_id, head_hash) VALUES ('access:v4', 'access', 'v4', $1), ('processing:v4', 'processing', 'v4', $1)", [GENESIS_HASH]);
    await insert('protocol_access', ACCESS_COLUMNS.slice(0, 25), accessValues(aLink, aHash, access).slice(0, 25));
    await insert('protocol_processing', PROCESSING_COLUMNS.slice(0, 13), processingValues(pLink, pHash, processing).slice(0, 13));
    await old.query("UPDATE protocol_chain SET head_seq = 1, head_hash = CASE log WHEN 'access' THEN $1 ELSE $2 END", [aHash, pHash]);
    await old.close();

    const current = await openStore({ dataDir });
    try {
      const keyring = new ProtocolKeyring([k1]);
      const after = await createProtocolLog(current, { instanceId: 'v4', subjects: keyring });
      const again = sampleRequest({ subjects: [BSN] });
      await after.record(again.access, again.processing);
      await after.close();
      const { rows } = await current.query<{ subject_id: string }>('SELECT subject_id FROM protocol_processing ORDER BY seq');
      expect(rows.map((x) => x.subject_id.startsWith('hmac:k1:') ? 'pseudonym' : x.subject_id)).toEqual([BSN, 'pseudonym']);
      const result = await verify(current);
      expect(result.ok).toBe(true);
      expect(result.records).toBe(4);
      expect(await queryBySubject(current, { subjectType: 'BSN', subjectId: BSN, keyring })).toHaveLength(2);
    } finally {
      await current.close();
    }
  });
});
