// The privacy officer's view over GraphQL (schema/protocol.graphql): the protocol by subject, employee,
// purpose and period, paged, and the misuse signals — on the real protocol log (PGlite, pseudonymised
// subjects) with the synthetic history of test/support/misuse-history.ts beside lookups made through
// the facade. Only the oversight purpose held by an employee may ask; what it is shown is recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { parseProtocolKeys } from '../src/engine/protocol/keyring.ts';
import { createProtocolOversight } from '../src/engine/protocol/oversight/oversight.ts';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { verify } from '../src/engine/protocol/verify.ts';
import { examplePolicy, startHarness, type Harness } from './support/harness.ts';
import { backends, type TestStore } from './support/store.ts';
import { DAY_AFTER_EXAMINED, EXAMINED, EXPECTED_SIGNALS, writeMisuseHistory } from './support/misuse-history.ts';

const keyring = parseProtocolKeys(`t1:${Buffer.alloc(32, 7).toString('base64')}`);
const officer = { sub: 'privacy-officer-1', client_id: 'procesapp', roles: ['privacy-officer'] };
const burgerzaken = { sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] };
const BSN = '999993653';
const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

const ENTRIES = `query Entries($filter: ProtocolFilter!, $first: Int, $after: String) {
  protocolEntries(filter: $filter, first: $first, after: $after) {
    next
    entries { time status reason fields processingActivity purpose employee clientId principalKind accessRecordFound
      person { burgerservicenummer } student { eckId } }
  }
}`;

type Entry = { status: string; employee: string; purpose: string; processingActivity: string; fields: string[]; person: { burgerservicenummer: string } | null };
type Page = { protocolEntries: { next: string | null; entries: Entry[] } };

let ts: TestStore;
let log: ProtocolLog;
let h: Harness;

beforeAll(async () => {
  ts = await backends.pglite.open();
  log = await createProtocolLog(ts.store, { instanceId: 'oversight-test', subjects: keyring });
  await writeMisuseHistory(log);
  h = await startHarness({
    protocol: log,
    protocolReady: () => log.ready(),
    facade: { oversight: createProtocolOversight(ts.store, { keyring, thresholds: examplePolicy.misuseSignals }) },
  });
});
afterAll(async () => {
  await h?.close();
  await log?.close();
  await ts?.close();
});

const entries = async (filter: Record<string, unknown>, options: { first?: number; after?: string } = {}) =>
  h.query<Page>(ENTRIES, { token: await h.token(officer), variables: { filter, ...options } });

describe('the privacy officer\'s view of the protocol', () => {
  it('shows who saw a person, when and why — and records that the officer saw it', async () => {
    const lookup = await h.query(`{ persoon(burgerservicenummer: "${BSN}") { naam { volledigeNaam } } }`, { token: await h.token(burgerzaken) });
    expect(lookup.body.errors).toBeUndefined();

    const res = await entries({ burgerservicenummer: BSN, from: '2026-01-01', to: TOMORROW });
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data!.protocolEntries;
    expect(page.next).toBeNull();
    expect(page.entries).toEqual([
      expect.objectContaining({
        status: 'DISCLOSED',
        employee: 'medewerker-burgerzaken',
        principalKind: 'USER',
        clientId: 'procesapp',
        purpose: 'brp-volledig',
        processingActivity: 'VA-BZ-001',
        accessRecordFound: true,
        fields: expect.arrayContaining(['naam.volledigeNaam']),
        // Opened from its seal: stored, the subject is only its pseudonym.
        person: { burgerservicenummer: BSN },
        student: null,
      }),
    ]);

    // The officer's own look is a disclosure of that person under the oversight purpose's activity.
    const seen = await queryBySubject(ts.store, { subjectType: 'BSN', subjectId: BSN, keyring });
    expect(seen.at(-1)).toMatchObject({ purpose: 'protocoltoezicht', processingActivity: 'VA-FG-001', who: { kind: 'user', subject: 'privacy-officer-1' }, fields: ['burgerservicenummer'], status: 'disclosed' });
    expect((await verify(ts.store)).ok).toBe(true);
  });

  it('pages through an employee\'s lookups without losing or repeating one', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const res = await entries({ employee: 'medewerker-veel', from: EXAMINED.toISOString(), to: DAY_AFTER_EXAMINED.toISOString() }, { first: 30, after });
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data!.protocolEntries;
      expect(page.entries.length).toBeLessThanOrEqual(30);
      for (const e of page.entries) {
        expect(e).toMatchObject({ employee: 'medewerker-veel', purpose: 'wmo-aanvraag' });
        seen.push(e.person!.burgerservicenummer);
      }
      after = page.next ?? undefined;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(70);
    expect(new Set(seen).size).toBe(70);
  });

  it('filters by purpose and period together', async () => {
    const res = await entries({ purpose: 'parkeervergunning', from: '2026-11-01', to: '2026-12-01' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.protocolEntries.entries.map((e) => e.employee)).toEqual(['medewerker-ander-doel', 'medewerker-ander-doel', 'medewerker-ander-doel']);
    const before = await entries({ purpose: 'parkeervergunning', from: '2026-11-01', to: '2026-11-30' });
    expect(before.body.data!.protocolEntries.entries).toEqual([]);
  });

  it('gives the misuse signals: each pattern of the history flagged, the ordinary work not', async () => {
    const res = await h.query<{ misuseSignals: Array<{ kind: string; employee: string; day: string; count: number; detail: string }> }>(
      `{ misuseSignals(from: "2026-11-30", to: "2026-12-01") { kind employee day count detail } }`,
      { token: await h.token(officer) },
    );
    expect(res.body.errors).toBeUndefined();
    const kinds = { purpose: 'PURPOSE', 'secret-person': 'SECRET_PERSON', 'off-hours': 'OFF_HOURS', volume: 'VOLUME' } as const;
    expect(res.body.data!.misuseSignals.map((s) => [s.kind, s.employee, s.day, s.count])).toEqual(EXPECTED_SIGNALS.map(([k, ...rest]) => [kinds[k], ...rest]));
    expect(res.body.data!.misuseSignals.map((s) => s.employee)).not.toContain('medewerker-gewoon');
    const ordinaryWeek = await h.query<{ misuseSignals: unknown[] }>(`{ misuseSignals(from: "2026-11-23", to: "2026-11-28") { kind } }`, { token: await h.token(officer) });
    expect(ordinaryWeek.body.data!.misuseSignals).toEqual([]);
  });
});

describe('who may read the protocol', () => {
  it('refuses any other purpose, and records the refusal', async () => {
    const res = await h.query(ENTRIES, { token: await h.token(burgerzaken), variables: { filter: { burgerservicenummer: BSN, from: '2026-01-01', to: TOMORROW } } });
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OVERSIGHT_PURPOSE_REQUIRED' });
    const { rows } = await ts.store.query<{ outcome: string; reason: string; principal_subject: string }>(
      'SELECT outcome, reason, principal_subject FROM protocol_access ORDER BY occurred_at DESC, seq DESC LIMIT 1',
    );
    expect(rows[0]).toEqual({ outcome: 'denied', reason: 'OVERSIGHT_PURPOSE_REQUIRED', principal_subject: 'medewerker-burgerzaken' });
  });

  it('refuses an application on its own, even when its registration holds the purpose', async () => {
    const res = await h.query(`{ misuseSignals(from: "2026-11-30", to: "2026-12-01") { kind } }`, {
      token: await h.token({ sub: 'procesapp', client_id: 'procesapp', roles: undefined }),
      headers: { 'x-doelbinding': 'protocoltoezicht' },
    });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OVERSIGHT_BY_EMPLOYEE_ONLY' });
  });

  it('gives the privacy officer no BRP data: the oversight purpose has no fields', async () => {
    h.mock.clearRequests();
    const res = await h.query(`{ persoon(burgerservicenummer: "${BSN}") { naam { volledigeNaam } } }`, { token: await h.token(officer) });
    expect(res.body.data?.persoon ?? null).toBeNull();
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(h.upstreamRequests()).toEqual([]);
  });
});

describe('the view\'s input', () => {
  const cases: Array<[string, Record<string, unknown>, { first?: number; after?: string }, string]> = [
    ['no subject, employee or purpose', { from: '2026-11-01', to: '2026-12-01' }, {}, 'filter'],
    ['a BSN failing the elfproef', { burgerservicenummer: '123456789', from: '2026-11-01', to: '2026-12-01' }, {}, 'filter.burgerservicenummer'],
    ['a BSN and an ECK iD', { burgerservicenummer: BSN, eckId: 'https://ketenid.nl/201703/abc', from: '2026-11-01', to: '2026-12-01' }, {}, 'filter.eckId'],
    ['a period of more than a year', { employee: 'medewerker-veel', from: '2025-01-01', to: '2026-12-01' }, {}, 'filter.to'],
    ['an end before the start', { employee: 'medewerker-veel', from: '2026-12-01', to: '2026-11-01' }, {}, 'filter.to'],
    ['a time without its offset', { employee: 'medewerker-veel', from: '2026-11-01T10:00', to: '2026-12-01' }, {}, 'filter.from'],
    ['a page of more than 100', { employee: 'medewerker-veel', from: '2026-11-01', to: '2026-12-01' }, { first: 101 }, 'first'],
    ['a cursor it did not write', { employee: 'medewerker-veel', from: '2026-11-01', to: '2026-12-01' }, { after: 'WyJ4Il0' }, 'after'],
  ];
  it.each(cases)('refuses %s, naming the argument', async (_name, filter, options, argument) => {
    const res = await entries(filter, options);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: argument });
  });

  it('bounds the misuse signals to a month at a time', async () => {
    const res = await h.query(`{ misuseSignals(from: "2026-10-01", to: "2026-12-01") { kind } }`, { token: await h.token(officer) });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
  });
});
