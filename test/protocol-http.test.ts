// Protocollering end to end: queries through HTTP, the records in the real
// store (PGlite always; PostgreSQL when TEST_DATABASE_URL is set), the chain
// verified, and fail-closed behaviour with the store stopped mid-run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { verify } from '../src/engine/protocol/verify.ts';
import { backends, flakyStore, postgresSuiteTitle, TEST_DATABASE_URL, type FlakyStore, type TestStore } from './support/store.ts';
import { startHarness, type Harness } from './support/harness.ts';

const wmo = { sub: 'medewerker-wmo', client_id: 'procesapp', roles: ['wmo-consulent'] };
const burgerzaken = { sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] };

interface AccessRow {
  operation_id: string;
  trace_id: string;
  outcome: string;
  reason: string | null;
  error_code: string | null;
  purpose: string | null;
  principal_subject: string | null;
  client_id: string | null;
  fields_requested: string[];
  fields_pruned: string[];
  fields_returned: string[];
}

function suite(name: string, open: () => Promise<TestStore>) {
  describe(name, () => {
    let ts: TestStore;
    let flaky: FlakyStore;
    let log: ProtocolLog;
    let h: Harness;
    beforeAll(async () => {
      ts = await open();
      flaky = flakyStore(ts.store);
      log = await createProtocolLog(flaky, { instanceId: `http-${name.replace(/[^A-Za-z0-9]+/g, "-")}`, writeTimeoutMs: 2000 });
      h = await startHarness({ protocol: log, protocolReady: () => log.ready() });
    });
    afterAll(async () => {
      await h?.close();
      await log?.close();
      await ts?.close();
    });
    beforeEach(() => {
      flaky.down = false;
      h.mock.clearRequests();
    });

    const lastAccess = async (): Promise<AccessRow> =>
      (await ts.store.query<AccessRow>('SELECT * FROM protocol_access ORDER BY occurred_at DESC, seq DESC LIMIT 1')).rows[0];

    it('records who saw which fields of whom, for which purpose and task', async () => {
      const res = await h.query(
        `query Aanvraag { persoon(burgerservicenummer: "999993653") { naam { volledigeNaam } nationaliteiten { type } partners { persoon { naam { voornamen } } } } }`,
        { token: await h.token(wmo), headers: { 'x-verwerking': 'Wmo-aanvraag 2026-0042 huishoudelijke hulp' } },
      );
      expect(res.body.data?.persoon).toMatchObject({ naam: { volledigeNaam: 'Suzanne Moulin' }, nationaliteiten: null });
      const access = await lastAccess();
      expect(access).toMatchObject({
        outcome: 'ok',
        purpose: 'wmo-aanvraag',
        principal_subject: 'medewerker-wmo',
        client_id: 'procesapp',
        fields_pruned: ['nationaliteiten'],
        fields_returned: ['naam.volledigeNaam'],
      });
      expect(access.fields_requested).toEqual(expect.arrayContaining(['naam.volledigeNaam', 'nationaliteiten', 'partners.persoon']));
      const seen = await queryBySubject(ts.store, { subjectId: '999993653' });
      expect(seen.at(-1)).toMatchObject({
        status: 'disclosed',
        // Exactly what was delivered: the name — not the BSN, which was not selected, and no partner,
        // whose person the BRP does not deliver (the partners list came back without one).
        fields: ['naam.volledigeNaam'],
        processingActivity: 'VA-WMO-003',
        purpose: 'wmo-aanvraag',
        taskDescription: 'Wmo-aanvraag 2026-0042 huishoudelijke hulp',
        operationName: 'Aanvraag',
        who: { kind: 'user', subject: 'medewerker-wmo', clientId: 'procesapp' },
      });
      expect(seen.at(-1)?.operationId).toBe(access.operation_id);
    });

    it('records persons reached through partners { persoon } and withheld persons', async () => {
      // 999970239 is deceased and lives outside 0599; for burgerzaken her partner 999970240 is followed.
      await h.query(`{ persoon(burgerservicenummer: "999970239") { naam { voornamen } partners { persoon { naam { voornamen } } } } }`, { token: await h.token(burgerzaken) });
      const partner = await queryBySubject(ts.store, { subjectId: '999970240' });
      expect(partner.at(-1)).toMatchObject({ status: 'disclosed', purpose: 'brp-volledig', fields: ['naam.voornamen'] });
      // A secret person in 0599 is withheld from wmo-consulent, and the withholding is recorded.
      const res = await h.query(`{ persoon(burgerservicenummer: "999991036") { naam { voornamen } } }`, { token: await h.token(wmo) });
      expect(res.body.data).toEqual({ persoon: null });
      expect((await queryBySubject(ts.store, { subjectId: '999991036' })).at(-1)).toMatchObject({ status: 'withheld', reason: 'SECRET_PERSON', fields: [] });
    });

    it('records search hits, and a search with zero hits still leaves an access record', async () => {
      await h.query(`{ zoekPersonen(postcodeEnHuisnummer: { postcode: "3077AW", huisnummer: 31 }) { naam { volledigeNaam } } }`, { token: await h.token(wmo) });
      // A hit reveals what it was found by: the criteria's fields are part of each hit's record.
      expect((await queryBySubject(ts.store, { subjectId: '999993653' })).at(-1)).toMatchObject({
        fields: ['naam.volledigeNaam', 'verblijfplaats.verblijfadres.huisnummer', 'verblijfplaats.verblijfadres.postcode'],
      });
      await h.query(`{ zoekPersonen(postcodeEnHuisnummer: { postcode: "9999ZZ", huisnummer: 1 }) { naam { volledigeNaam } } }`, { token: await h.token(wmo) });
      const access = await lastAccess();
      expect(access).toMatchObject({ outcome: 'ok', fields_returned: [] });
      const { rows } = await ts.store.query<{ n: number }>('SELECT count(*)::int AS n FROM protocol_processing WHERE operation_id = $1', [access.operation_id]);
      expect(rows[0].n).toBe(0);
    });

    it('records denied and failed requests', async () => {
      await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, { token: await h.token(wmo), headers: { 'x-doelbinding': 'brp-volledig' } });
      expect(await lastAccess()).toMatchObject({ outcome: 'denied', reason: 'PURPOSE_NOT_PERMITTED', principal_subject: 'medewerker-wmo' });
      await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, { token: null });
      expect(await lastAccess()).toMatchObject({ outcome: 'denied', reason: 'UNAUTHENTICATED', principal_subject: null });
      h.mock.failNext({ status: 503 });
      await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, { token: await h.token(wmo) });
      expect(await lastAccess()).toMatchObject({ outcome: 'error', error_code: 'UPSTREAM_UNAVAILABLE' });
    });

    it('accepts a traceparent, passes it upstream, records it and answers with traceresponse', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, {
        token: await h.token(wmo),
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      });
      expect(res.headers.get('traceresponse')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(h.mock.requests[0].headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect((await lastAccess()).trace_id).toBe(traceId);
      // Without one, a new trace is started.
      const fresh = await h.query(`{ facadeVersion }`, { token: await h.token(wmo) });
      expect(fresh.headers.get('traceresponse')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    });

    it('fails closed: with the store down no personal data leaves, and it recovers by itself', async () => {
      const before = (await queryBySubject(ts.store, { subjectId: '999990378' })).length;
      flaky.down = true;
      const res = await h.query(`{ persoon(burgerservicenummer: "999990378") { naam { voornamen geslachtsnaam } } }`, { token: await h.token(wmo) });
      expect(res.status).toBe(503);
      expect(res.body.data).toBeNull();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'PROTOCOL_UNAVAILABLE' } })]);
      expect(JSON.stringify(res.body)).not.toMatch(/Martinus|Beer|999990378/);
      const ready = await fetch(`${h.facade.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { protocolStore: 'down' } });

      flaky.down = false;
      const again = await h.query(`{ persoon(burgerservicenummer: "999990378") { naam { voornamen } } }`, { token: await h.token(wmo) });
      expect(again.body.data).toEqual({ persoon: { naam: { voornamen: 'Martinus' } } });
      // Exactly one more disclosure recorded: the delivered one; the withheld response left no record claiming delivery.
      expect((await queryBySubject(ts.store, { subjectId: '999990378' })).length).toBe(before + 1);
    });

    it('leaves verifiable chains behind', async () => {
      const result = await verify(ts.store);
      expect(result.breaks).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.records).toBeGreaterThan(10);
    });
  });
}

suite('protocol over HTTP on PGlite', backends.pglite.open);
describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('protocol over HTTP'), () => {
  suite('postgres', backends.postgres.open);
});
