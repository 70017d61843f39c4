// The privacy officer's query: per data subject, who saw what, when, why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { TEST_DATABASE_URL, backends, postgresSuiteTitle, sampleRequest, type BackendCase, type TestStore } from './support/store.ts';

const at = (iso: string): Date => new Date(iso);
const ECK_ID = 'https://ketenid.nl/201703/0a1b2c3d4e5f60718293a4b5c6d7e8f9';

function querySuite(backend: BackendCase): void {
  let t: TestStore;
  let log: ProtocolLog;
  const ops: Record<string, string> = {};

  beforeAll(async () => {
    t = await backend.open();
    log = await createProtocolLog(t.store, { instanceId: `query-${process.pid}` });
    const requests = {
      wmo: sampleRequest({
        time: at('2026-01-05T09:00:00Z'),
        subjects: ['999993653', '999970239'],
        principal: { kind: 'user', subject: 'medewerker-17', clientId: 'wmo-app', oin: '00000001001234567000' },
        purpose: 'wmo-aanvraag',
        taskDescription: 'Zaak 2026-0042',
      }),
      saas: sampleRequest({
        time: at('2026-02-10T14:30:00Z'),
        subjects: ['999993653'],
        principal: { kind: 'delegated', subject: 'medewerker-9', clientId: 'parkeren-saas', actor: 'parkeren-saas' },
        purpose: 'parkeervergunning',
        fields: ['verblijfplaats.straat'],
      }),
      secret: sampleRequest({
        time: at('2026-03-01T08:00:00Z'),
        subjects: ['999993653'],
        status: 'withheld',
        reason: 'SECRET_PERSON',
      }),
      school: sampleRequest({
        time: at('2026-02-01T10:00:00Z'),
        subjects: [ECK_ID],
        subjectType: 'ECK_ID',
        principal: { kind: 'client', clientId: 'leermiddelen-app', oin: '00000003123456780000' },
        purpose: 'eduv-leermiddelen',
        fields: ['givenName', 'familyName'],
      }),
    };
    // Written out of time order: the query orders by time.
    for (const key of ['saas', 'wmo', 'school', 'secret'] as const) {
      await log.record(requests[key].access, requests[key].processing);
      ops[key] = requests[key].access.operationId;
    }
  });
  afterAll(async () => {
    await log?.close();
    await t?.close();
  });

  it('lists every disclosure of one BSN with who, purpose, task and fields, oldest first', async () => {
    const rows = await queryBySubject(t.store, { subjectId: '999993653' });
    expect(rows).toEqual([
      {
        time: at('2026-01-05T09:00:00Z'),
        operationId: ops.wmo,
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        subjectType: 'BSN',
        subjectId: '999993653',
        status: 'disclosed',
        reason: undefined,
        fields: ['naam.voornamen', 'geboorte.datum'],
        processingActivity: 'VA-2026-017',
        accessRecordFound: true,
        who: { kind: 'user', subject: 'medewerker-17', clientId: 'wmo-app', actor: undefined, oin: '00000001001234567000' },
        purpose: 'wmo-aanvraag',
        taskDescription: 'Zaak 2026-0042',
        operationName: 'PersoonOpvragen',
        outcome: 'ok',
      },
      expect.objectContaining({
        time: at('2026-02-10T14:30:00Z'),
        operationId: ops.saas,
        who: { kind: 'delegated', subject: 'medewerker-9', clientId: 'parkeren-saas', actor: 'parkeren-saas', oin: undefined },
        purpose: 'parkeervergunning',
        fields: ['verblijfplaats.straat'],
        status: 'disclosed',
      }),
      expect.objectContaining({
        time: at('2026-03-01T08:00:00Z'),
        operationId: ops.secret,
        status: 'withheld',
        reason: 'SECRET_PERSON',
        fields: [],
      }),
    ]);
  });

  it('narrows to a period: from inclusive, to exclusive', async () => {
    const rows = await queryBySubject(t.store, {
      subjectId: '999993653',
      from: at('2026-01-05T09:00:00Z'),
      to: at('2026-03-01T08:00:00Z'),
    });
    expect(rows.map((r) => r.operationId)).toEqual([ops.wmo, ops.saas]);
  });

  it('finds a student by ECK iD, and a BSN query does not', async () => {
    const rows = await queryBySubject(t.store, { subjectId: ECK_ID, subjectType: 'ECK_ID' });
    expect(rows).toEqual([
      expect.objectContaining({
        operationId: ops.school,
        subjectType: 'ECK_ID',
        who: expect.objectContaining({ kind: 'client', clientId: 'leermiddelen-app', oin: '00000003123456780000' }),
        fields: ['givenName', 'familyName'],
      }),
    ]);
    expect(await queryBySubject(t.store, { subjectId: ECK_ID, subjectType: 'BSN' })).toEqual([]);
  });

  it('returns nothing for a person never disclosed', async () => {
    expect(await queryBySubject(t.store, { subjectId: '999990378' })).toEqual([]);
  });
}

describe('protocol query on PGlite', () => querySuite(backends.pglite));
describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('protocol query'), () => querySuite(backends.postgres));
