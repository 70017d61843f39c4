// The Edu-V registry on both backends: migration 002, the demo seed (what the layer tests rely
// on), idempotent seeding, the activation lifecycle with its append-only history, processing
// agreements by date, and the refusals with their codes. One store per backend for the whole file;
// tests that need their own participants or aanbieders create them, so order does not matter
// beyond the seed applied first.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, openStore } from '../src/base/storage/open-store.ts';
import { checkOin, kvkNumberOf } from '../src/domains/eduv/registry/oin.ts';
import {
  RegistryError,
  createEduvRegistry,
  dutchCalendarDay,
  type EduvRegistry,
  type EduvRegistryAdmin,
} from '../src/domains/eduv/registry/registry.ts';
import { applyEduvSeed, loadEduvSeed, type EduvSeed } from '../src/domains/eduv/registry/seed.ts';
import type { ActivationKey, Actor, Participant } from '../src/domains/eduv/registry/types.ts';
import { TEST_DATABASE_URL, backends, postgresSuiteTitle, type BackendCase, type TestStore } from './support/store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEMO_SEED = path.join(ROOT, 'data', 'eduv', 'registry-seed.yaml');

const SELF = '00000003123456780000';
const NOORDKAAP = '00000003876543210000';
const PENDING = '00000003111122220000';
const ZONDER_VO = '00000003333344440000';
const SMAL = '00000003555566660000';
const DASHBOARD = '00000003777788880000';

const BEHEERDER: Actor = { subject: 'beheerder-zeeweide-7', clientId: 'beheerportaal', acr: 'http://eidas.europa.eu/LoA/substantial' };

/** Rejects with a RegistryError of this code. */
async function expectCode(promise: Promise<unknown>, code: RegistryError['code']): Promise<void> {
  await expect(promise).rejects.toSatisfy((e: unknown) => e instanceof RegistryError && e.code === code);
}

function participant(oin: string, name: string, autoConfirmActivations: boolean): Participant {
  return {
    oin,
    name,
    referenceComponents: ['Leerplatform'],
    endpoints: { jwks: `https://${oin}.example/jwks.json` },
    contact: { email: `beheer@${oin}.example` },
    autoConfirmActivations,
  };
}

describe('OIN validation', () => {
  it.each([
    ['00000003123456780000', 'supplier: 00000003 + KvK 12345678 + 0000'],
    ['00000001001234567000', 'government (prefix 00000001): 20 digits are enough'],
    ['00000004123456789012', 'other prefix: 20 digits are enough'],
  ])('accepts %s (%s)', (oin) => {
    expect(checkOin(oin)).toEqual({ ok: true });
  });

  it.each([
    ['0000000312345678000', /exactly 20 digits, this one has 19/],
    ['000000031234567800001', /exactly 20 digits, this one has 21/],
    ['', /required/],
    ['0000000312345678000A', /digits only/],
    ['OIN00003123456780000', /digits only/],
    [' 0000003123456780000', /digits only/],
    ['00000003123456781234', /supplier OIN .* \+ 0000/],
    ['00000003000000000000', /KvK number/],
  ])('refuses %j', (oin, problem) => {
    const result = checkOin(oin);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it('reads the KvK number of a supplier OIN only', () => {
    expect(kvkNumberOf('00000003123456780000')).toBe('12345678');
    expect(kvkNumberOf('00000001001234567000')).toBeUndefined();
  });

  it('takes the calendar day in the Netherlands for agreement dates', () => {
    expect(dutchCalendarDay(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30'); // 23:59:59 CEST
    expect(dutchCalendarDay(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
    expect(dutchCalendarDay(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01'); // CET
  });
});

function registrySuite(backend: BackendCase): void {
  let t: TestStore;
  let registry: EduvRegistryAdmin;
  let seed: EduvSeed;

  const count = async (table: string): Promise<number> =>
    (await t.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const snapshot = async () => {
    const tables = ['eduv_participant', 'eduv_client', 'eduv_bestuur', 'eduv_aanbieder', 'eduv_activation', 'eduv_activation_event', 'eduv_processing_agreement'];
    const counts = Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await count(table)])));
    const { rows } = await t.store.query<{ at: Date }>(
      `SELECT max(updated_at) AS at FROM (SELECT updated_at FROM eduv_participant UNION ALL SELECT updated_at FROM eduv_client
       UNION ALL SELECT updated_at FROM eduv_bestuur UNION ALL SELECT updated_at FROM eduv_aanbieder UNION ALL SELECT updated_at FROM eduv_activation) u`,
    );
    return { counts, lastUpdate: rows[0].at?.toISOString() };
  };

  beforeAll(async () => {
    t = await backend.open();
    registry = createEduvRegistry(t.store);
    seed = loadEduvSeed(DEMO_SEED);
    await applyEduvSeed(registry, seed);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has migration 002 recorded after 001, with its tables', async () => {
    const { rows } = await t.store.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.slice(0, 2)).toEqual([
      { version: 1, name: 'protocol_log' },
      { version: 2, name: 'eduv_registry' },
    ]);
    const { rows: tables } = await t.store.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'eduv_%' ORDER BY 1`,
    );
    // Later migrations add Edu-V tables of their own (012 the activation notices' outbox).
    expect(tables.map((r) => r.name)).toEqual(expect.arrayContaining([
      'eduv_aanbieder', 'eduv_activation', 'eduv_activation_event', 'eduv_beheer_application', 'eduv_bestuur', 'eduv_client', 'eduv_participant', 'eduv_processing_agreement',
    ]));
  });

  it('the demo seed yields the participants, clients and organisations of the demo', async () => {
    expect(seed.self).toBe(SELF);
    const participants = await registry.participants();
    expect(participants.map((p) => [p.oin, p.name, p.autoConfirmActivations])).toEqual([
      [PENDING, 'Toetsbureau Pending', false],
      [SELF, 'Leerlingadministratie Zeeweide BV', true],
      [ZONDER_VO, 'Oefenplatform Zonder Overeenkomst', true],
      [SMAL, 'Catalogusdienst Smal', true],
      [DASHBOARD, 'Dashboarddienst Inzicht', true],
      [NOORDKAAP, 'Uitgeverij Noordkaap', true],
    ]);
    for (const p of participants) {
      expect(p.referenceComponents.length).toBeGreaterThan(0);
      for (const url of Object.values(p.endpoints)) expect(url).toMatch(/^https:\/\/[^/]+\.example\//);
      expect(p.contact.email).toMatch(/@[a-z.-]+\.example$/);
    }
    expect(await registry.client('lvs-uitgever')).toEqual({
      clientId: 'lvs-uitgever', participantOin: NOORDKAAP, application: 'Noordkaap Leerplatform',
      scopes: ['eduv.student.basic', 'eduv.education', 'eduv.catalogue', 'eduv.order', 'eduv.association'],
    });
    expect(await registry.client('dashboard-inzicht')).toMatchObject({ participantOin: DASHBOARD, scopes: ['eduv.student.basic', 'eduv.result'] });
    expect((await registry.client('toets-pending'))?.scopes).toEqual(['eduv.student.basic', 'eduv.education']);
    expect(await registry.client('oefen-zonder-vo')).toMatchObject({ participantOin: ZONDER_VO, scopes: ['eduv.student.basic'] });
    expect(await registry.client('catalogus-smal')).toMatchObject({ participantOin: SMAL, scopes: ['eduv.catalogue'] });
    expect(await registry.client('unknown-client')).toBeUndefined();

    // The mock upstream's organisations, with the same ids, names and OIE codes.
    const { buildOrganisations } = await import('../src/dev/mocks/eduv/organisations.ts');
    const mock = buildOrganisations();
    expect(await registry.besturen()).toEqual(
      mock.besturen.map((b) => ({ id: b.bestuurNumber, name: b.name })).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(await registry.aanbieders()).toEqual(
      mock.aanbieders.map((a) => ({ id: a.id, name: a.name, bestuurId: a.bestuurNumber, oieCode: a.oieCode })).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(await registry.aanbieder('110A133')).toEqual({ id: '110A133', name: 'Zeeweide College', bestuurId: '41821', oieCode: '06AB' });
  });

  it('the demo seed yields the activations and agreements of the demo', async () => {
    const key = (receiverOin: string, gegevensdienst: ActivationKey['gegevensdienst'] = 'students'): ActivationKey => ({
      gegevensdienst, onderwijsaanbieder: '110A133', senderOin: SELF, receiverOin,
    });
    expect(await registry.activation(key(NOORDKAAP))).toMatchObject({ status: 'active', subjectOfferingIds: ['110A133-2026-2027-H4-WB'] });
    expect(await registry.activation(key(NOORDKAAP, 'schoolvak'))).toMatchObject({ status: 'active', subjectOfferingIds: null });
    expect(await registry.activation(key(PENDING))).toMatchObject({ status: 'pending', subjectOfferingIds: null });
    expect(await registry.activation(key(ZONDER_VO))).toMatchObject({ status: 'active', subjectOfferingIds: null });
    expect(await registry.activation(key(SMAL))).toBeUndefined();
    expect(await registry.activation(key(NOORDKAAP, 'orders'))).toBeUndefined();
    expect(await registry.activation(key(NOORDKAAP, 'association'))).toMatchObject({ status: 'active', subjectOfferingIds: ['110A133-2026-2027-H4-WB'] });
    expect(await registry.activation(key(DASHBOARD, 'results'))).toMatchObject({ status: 'active', subjectOfferingIds: null });
    expect(await registry.activation(key(NOORDKAAP, 'employees'))).toBeUndefined();
    expect(await registry.activations({ onderwijsaanbieder: '110A133' })).toHaveLength(7);

    const a = await registry.activation(key(NOORDKAAP));
    expect(await registry.activationById(a?.id ?? '')).toEqual(a);
    expect(await registry.history(a?.id ?? '')).toMatchObject([{ action: 'activated', actor: 'seed', status: 'active', subjectOfferingIds: ['110A133-2026-2027-H4-WB'] }]);

    const on = new Date('2026-11-23T12:00:00Z');
    for (const oin of [SELF, NOORDKAAP, PENDING]) {
      expect(await registry.agreementsValidOn(oin, '41821', on)).toMatchObject([{ participantOin: oin, bestuurId: '41821', validFrom: '2025-08-01', validTo: '2027-07-31' }]);
    }
    expect(await registry.agreementsValidOn(ZONDER_VO, '41821', on)).toEqual([]);
    expect(await registry.agreementsValidOn(NOORDKAAP, '30457', on)).toEqual([]);
  });

  it('applying the seed again changes no row and writes no history', async () => {
    const before = await snapshot();
    const summary = await applyEduvSeed(registry, seed);
    expect(summary).toEqual({ participants: 6, clients: 5, beheerApplications: 1, besturen: 4, aanbieders: 6, agreementsAdded: 0, activationsChanged: 0, activationsDiffering: 0 });
    expect(await snapshot()).toEqual(before);
    expect(before.counts).toMatchObject({ eduv_participant: expect.any(Number), eduv_processing_agreement: expect.any(Number) });
  });

  it('applying the seed again keeps an activation changed since; with resetActivations it is set back, in its history', async () => {
    const key: ActivationKey = { gegevensdienst: 'students', onderwijsaanbieder: '110A133', senderOin: SELF, receiverOin: ZONDER_VO };
    const before = await registry.activation(key);
    await registry.deactivate(before?.id ?? '', BEHEERDER);
    // A facade applying its seed at start-up must not re-open what an applicatiebeheerder closed.
    expect(await applyEduvSeed(registry, seed)).toMatchObject({ activationsChanged: 0, activationsDiffering: 1 });
    expect(await registry.activation(key)).toMatchObject({ id: before?.id, status: 'inactive' });
    expect(await registry.history(before?.id ?? '')).toHaveLength(2);

    expect(await applyEduvSeed(registry, seed, { resetActivations: true })).toMatchObject({ activationsChanged: 1, activationsDiffering: 0 });
    const after = await registry.activation(key);
    expect(after).toMatchObject({ id: before?.id, status: 'active' });
    expect((await registry.history(after?.id ?? '')).map((e) => [e.action, e.actor, e.status])).toEqual([
      ['activated', 'seed', 'active'],
      ['deactivated', BEHEERDER.subject, 'inactive'],
      ['activated', 'seed', 'active'],
    ]);
  });

  it('applies a seed through the plain EduvRegistry operations too (a registry without the admin methods)', async () => {
    const key: ActivationKey = { gegevensdienst: 'students', onderwijsaanbieder: '110A133', senderOin: SELF, receiverOin: NOORDKAAP };
    const before = await registry.activation(key);
    await registry.activate(key, { subjectOfferingIds: null, actor: BEHEERDER }); // widened since
    const plain: EduvRegistry = {
      participant: registry.participant, participants: registry.participants, client: registry.client, aanbieder: registry.aanbieder,
      activation: registry.activation, activationById: registry.activationById, activations: registry.activations,
      activate: registry.activate, confirm: registry.confirm, deactivate: registry.deactivate, history: registry.history,
      agreementsValidOn: registry.agreementsValidOn, upsertParticipant: registry.upsertParticipant, upsertClient: registry.upsertClient,
      upsertBestuur: registry.upsertBestuur, upsertAanbieder: registry.upsertAanbieder, addAgreement: registry.addAgreement,
      removeClient: registry.removeClient, beheerApplication: registry.beheerApplication, upsertBeheerApplication: registry.upsertBeheerApplication,
    };
    expect(await applyEduvSeed(plain, seed)).toMatchObject({ agreementsAdded: 0, activationsChanged: 0, activationsDiffering: 1 });
    const summary = await applyEduvSeed(plain, seed, { resetActivations: true });
    expect(summary).toMatchObject({ agreementsAdded: 0, activationsChanged: 1 });
    expect(await registry.activation(key)).toMatchObject({ id: before?.id, status: 'active', subjectOfferingIds: ['110A133-2026-2027-H4-WB'] });
  });

  describe('activation lifecycle', () => {
    const AUTO = '00000003700000010000';
    const MANUAL = '00000003700000020000';
    const keyFor = (receiverOin: string): ActivationKey => ({ gegevensdienst: 'students', onderwijsaanbieder: '112C410', senderOin: SELF, receiverOin });

    beforeAll(async () => {
      await registry.upsertParticipant(participant(AUTO, 'Leerplatform Automatisch', true));
      await registry.upsertParticipant(participant(MANUAL, 'Leerplatform Handmatig', false));
    });

    it('activate towards an autoConfirm receiver → active', async () => {
      const activation = await registry.activate(keyFor(AUTO), { actor: BEHEERDER });
      expect(activation).toMatchObject({ ...keyFor(AUTO), status: 'active', subjectOfferingIds: null });
      expect(activation.createdAt).toBeInstanceOf(Date);
      expect(await registry.activation(keyFor(AUTO))).toEqual(activation);
    });

    it('activate towards another receiver → pending; confirm → active; deactivate → inactive; history in order', async () => {
      const started = Date.now();
      const pending = await registry.activate(keyFor(MANUAL), { subjectOfferingIds: ['112C410-2026-2027-M3-NE'], actor: BEHEERDER });
      expect(pending.status).toBe('pending');
      const receiver: Actor = { subject: 'functioneel-beheer-handmatig', clientId: 'handmatig-portal', acr: 'http://eidas.europa.eu/LoA/high' };
      const active = await registry.confirm(pending.id, receiver);
      expect(active).toMatchObject({ id: pending.id, status: 'active', subjectOfferingIds: ['112C410-2026-2027-M3-NE'] });
      await expectCode(registry.confirm(pending.id, receiver), 'NOT_PENDING');
      const inactive = await registry.deactivate(pending.id, { subject: 'beheerder-zeeweide-8' });
      expect(inactive.status).toBe('inactive');
      expect(inactive.updatedAt.getTime()).toBeGreaterThanOrEqual(active.updatedAt.getTime());
      await expectCode(registry.confirm(pending.id, receiver), 'NOT_PENDING');
      // Deactivating what is inactive changes nothing and records nothing.
      expect((await registry.deactivate(pending.id, BEHEERDER)).status).toBe('inactive');

      const history = await registry.history(pending.id);
      expect(history).toEqual([
        { activationId: pending.id, action: 'activated', actor: BEHEERDER.subject, actorClientId: BEHEERDER.clientId, acr: BEHEERDER.acr, at: expect.any(Date), status: 'pending', subjectOfferingIds: ['112C410-2026-2027-M3-NE'] },
        { activationId: pending.id, action: 'confirmed', actor: receiver.subject, actorClientId: receiver.clientId, acr: receiver.acr, at: expect.any(Date), status: 'active', subjectOfferingIds: ['112C410-2026-2027-M3-NE'] },
        { activationId: pending.id, action: 'deactivated', actor: 'beheerder-zeeweide-8', at: expect.any(Date), status: 'inactive', subjectOfferingIds: ['112C410-2026-2027-M3-NE'] },
      ]);
      const times = history.map((e) => e.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBeGreaterThanOrEqual(started - 1_000); // database and test clocks may differ slightly
      expect(times[2]).toBeLessThanOrEqual(Date.now() + 1_000);
    });

    it('re-activating keeps the id, replaces the narrowing, and waits for the receiver again', async () => {
      const first = await registry.activation(keyFor(MANUAL));
      const again = await registry.activate(keyFor(MANUAL), { subjectOfferingIds: ['112C410-2026-2027-M3-EN', '112C410-2026-2027-M3-EN', '112C410-2026-2027-M3-WI'], actor: BEHEERDER });
      expect(again).toMatchObject({ id: first?.id, status: 'pending', subjectOfferingIds: ['112C410-2026-2027-M3-EN', '112C410-2026-2027-M3-WI'] });
      const widened = await registry.activate(keyFor(AUTO), { subjectOfferingIds: null, actor: BEHEERDER });
      expect(widened).toMatchObject({ status: 'active', subjectOfferingIds: null });
      expect((await registry.activations({ onderwijsaanbieder: '112C410' })).map((a) => [a.receiverOin, a.status])).toEqual([
        [AUTO, 'active'],
        [MANUAL, 'pending'],
      ]);
      expect(await registry.activations({ onderwijsaanbieder: '112C410', status: 'pending' })).toHaveLength(1);
    });

    it('two activations of the same key at once leave one activation with two events', async () => {
      const key: ActivationKey = { gegevensdienst: 'orders', onderwijsaanbieder: '112C410', senderOin: SELF, receiverOin: AUTO };
      const [a, b] = await Promise.all([
        registry.activate(key, { actor: BEHEERDER }),
        registry.activate(key, { actor: { subject: 'beheerder-zeeweide-9' } }),
      ]);
      expect(a.id).toBe(b.id);
      expect(await registry.history(a.id)).toHaveLength(2);
    });

    it('history cannot be updated, deleted or truncated, and activations cannot be deleted', async () => {
      const { id } = (await registry.activation(keyFor(MANUAL))) ?? { id: '' };
      const events = await count('eduv_activation_event');
      await expect(t.store.query(`UPDATE eduv_activation_event SET actor = 'someone-else' WHERE activation_id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(t.store.query(`DELETE FROM eduv_activation_event WHERE activation_id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(t.store.query(`TRUNCATE eduv_activation_event`)).rejects.toThrow(/append-only/);
      await expect(t.store.query(`DELETE FROM eduv_activation WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      expect(await count('eduv_activation_event')).toBe(events);
    });

    it('refuses with stable codes', async () => {
      await expectCode(registry.activate({ ...keyFor(AUTO), onderwijsaanbieder: '199Z999' }, { actor: BEHEERDER }), 'UNKNOWN_AANBIEDER');
      await expectCode(registry.activate({ ...keyFor(AUTO), receiverOin: '00000003799999990000' }, { actor: BEHEERDER }), 'UNKNOWN_PARTICIPANT');
      await expectCode(registry.activate({ ...keyFor(AUTO), receiverOin: '123' }, { actor: BEHEERDER }), 'INVALID');
      await expectCode(registry.activate({ ...keyFor(AUTO), gegevensdienst: 'grades' as 'students' }, { actor: BEHEERDER }), 'INVALID');
      await expectCode(registry.activate(keyFor(AUTO), { subjectOfferingIds: [], actor: BEHEERDER }), 'INVALID');
      await expectCode(registry.activate(keyFor(AUTO), { actor: { subject: ' ' } }), 'INVALID');
      await expectCode(registry.confirm('6b0b7c43-55ad-4b0e-9d0e-2b5f0b7f0c11', BEHEERDER), 'NOT_FOUND');
      await expectCode(registry.deactivate('not-a-uuid', BEHEERDER), 'NOT_FOUND');
      expect(await registry.activationById('not-a-uuid')).toBeUndefined();
      expect(await registry.history('not-a-uuid')).toEqual([]);

      await expectCode(registry.upsertParticipant(participant('00000003123456781234', 'Fout', true)), 'INVALID');
      await expectCode(registry.upsertParticipant({ ...participant(AUTO, 'X', true), endpoints: { jwks: 'http://leerplatform.example/jwks' } }), 'INVALID');
      await expectCode(registry.upsertClient({ clientId: 'c1', participantOin: AUTO, application: 'App', scopes: ['eduv.student.everything'] }), 'INVALID');
      await expectCode(registry.upsertClient({ clientId: 'c1', participantOin: '00000003799999990000', application: 'App', scopes: ['eduv.catalogue'] }), 'UNKNOWN_PARTICIPANT');
      await expectCode(registry.upsertAanbieder({ id: '120A001', name: 'School', bestuurId: '99999' }), 'UNKNOWN_BESTUUR');
      await expectCode(registry.upsertAanbieder({ id: '12-A001', name: 'School', bestuurId: '41821' }), 'INVALID');
      await expectCode(registry.addAgreement({ participantOin: AUTO, bestuurId: '41821', validFrom: '2026-02-30', validTo: null }), 'INVALID');
      await expectCode(registry.addAgreement({ participantOin: AUTO, bestuurId: '41821', validFrom: '2026-08-01', validTo: '2026-07-31' }), 'INVALID');
      await expectCode(registry.removeClient('never-registered'), 'NOT_FOUND');
    });

    it('the database refuses what the application would have refused', async () => {
      await expect(t.store.query(`INSERT INTO eduv_participant (oin, name) VALUES ('0000000312345678', 'Kort')`)).rejects.toThrow(/check constraint/);
      await expect(t.store.query(`INSERT INTO eduv_participant (oin, name) VALUES ('00000003123456781234', 'Geen KvK-vorm')`)).rejects.toThrow(/check constraint/);
      await expect(
        t.store.query(`INSERT INTO eduv_activation (id, gegevensdienst, onderwijsaanbieder, sender_oin, receiver_oin, status) VALUES (gen_random_uuid(), 'students', '110A133', $1, $2, 'active')`, [SELF, NOORDKAAP]),
      ).rejects.toThrow(/eduv_activation_key|duplicate key/);
    });

    it('a client registration can be replaced and removed', async () => {
      await registry.upsertClient({ clientId: 'handmatig-portal', participantOin: MANUAL, application: 'Portaal', scopes: ['eduv.catalogue'] });
      await registry.upsertClient({ clientId: 'handmatig-portal', participantOin: MANUAL, application: 'Portaal 2', scopes: ['eduv.catalogue', 'eduv.education'] });
      expect(await registry.client('handmatig-portal')).toEqual({ clientId: 'handmatig-portal', participantOin: MANUAL, application: 'Portaal 2', scopes: ['eduv.catalogue', 'eduv.education'] });
      expect((await registry.clients({ participantOin: MANUAL })).map((c) => c.clientId)).toEqual(['handmatig-portal']);
      await registry.removeClient('handmatig-portal');
      expect(await registry.client('handmatig-portal')).toBeUndefined();
    });
  });

  describe('processing agreements', () => {
    const OIN = '00000003700000030000';
    beforeAll(async () => {
      await registry.upsertParticipant(participant(OIN, 'Verwerker Met Tijdvakken', true));
      await registry.addAgreement({ participantOin: OIN, bestuurId: '28113', validFrom: '2026-01-01', validTo: '2026-06-30', reference: 'VO-28113-A' });
      await registry.addAgreement({ participantOin: OIN, bestuurId: '28113', validFrom: '2026-09-01', validTo: null, reference: 'VO-28113-B' });
    });

    it.each([
      ['2025-12-31T12:00:00Z', []],
      ['2026-01-01T00:00:00Z', ['VO-28113-A']], // 01:00 in the Netherlands
      ['2026-06-30T12:00:00Z', ['VO-28113-A']],
      ['2026-06-30T22:30:00Z', []], // already 1 July in the Netherlands
      ['2026-07-01T12:00:00Z', []],
      ['2026-09-01T12:00:00Z', ['VO-28113-B']],
      ['2040-01-01T12:00:00Z', ['VO-28113-B']],
    ])('on %s: %j', async (at, references) => {
      const valid = await registry.agreementsValidOn(OIN, '28113', new Date(at));
      expect(valid.map((a) => a.reference)).toEqual(references);
    });

    it('only with that bestuur', async () => {
      expect(await registry.agreementsValidOn(OIN, '41821', new Date('2026-03-01T12:00:00Z'))).toEqual([]);
    });

    it('adding the same agreement again returns the stored one', async () => {
      const [stored] = await registry.agreementsValidOn(OIN, '28113', new Date('2026-03-01T12:00:00Z'));
      const again = await registry.addAgreement({ participantOin: OIN, bestuurId: '28113', validFrom: '2026-01-01', validTo: '2026-06-30', reference: 'VO-28113-A' });
      expect(again).toEqual(stored);
      expect(await registry.agreements({ participantOin: OIN })).toHaveLength(2);
    });
  });
}

describe('Edu-V registry on PGlite', () => registrySuite(backends.pglite));
describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('Edu-V registry'), () => {
  registrySuite(backends.postgres);

  it('migration 002 applies on top of a database at version 1', async () => {
    const only001 = await mkdtemp(path.join(tmpdir(), 'facade-migrations-'));
    const schema = `test_eduv_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await cp(MIGRATIONS_DIR, only001, { recursive: true });
      for (const file of await readdir(only001)) if (!file.startsWith('001_')) await rm(path.join(only001, file));
      await admin.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(TEST_DATABASE_URL ?? '');
      url.searchParams.set('options', `-c search_path=${schema}`);
      const store = await openStore({ databaseUrl: url.toString(), migrationsDir: only001 });
      try {
        expect((await store.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')).rows[0].v).toBe(1);
        const result = await migrate(store);
        expect(result.applied[0]?.file).toBe('002_eduv_registry.sql');
        expect(result.version).toBeGreaterThanOrEqual(2);
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
      await rm(only001, { recursive: true, force: true });
    }
  });
});

