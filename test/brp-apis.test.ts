// BRP Verblijfplaatshistorie and Reisdocumenten through HTTP, under the same policy and protocol as
// Personen: a purpose without an API's fields gets FORBIDDEN and no call is made; a permitted query
// returns exactly the purpose's fields and records exactly what it delivered, for the person whose
// history or documents they are; object rules decide before any of these calls; Reisdocumenten gets
// exactly the permitted `fields`; one call per person and question per request.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../rules/policy.ts';
import { REISDOCUMENT_FIELDS } from '../src/dev/mocks/reisdocumenten/server.ts';
import { askableReisdocumentFields, MAX_REISDOCUMENT_FIELDS } from '../src/domains/brp/reisdocumenten/fields.ts';
import { startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

const SUZANNE = '999993653'; // Rotterdam (0599): Boterdiep 31 since 2015-08-08, Vredesplein 7 before
const HOLDER = '999995078'; // Rotterdam: passport NT77B2FL7, valid until 2030-12-03
const OUTSIDE = '999991723'; // registered in 1810: outside the facade's municipality

let h: Harness;
const rec = () => h.protocol as RecordingProtocol;
const lastRecord = () => {
  const access = rec().access.at(-1)!;
  return { access, processing: rec().processing.filter((p) => p.operationId === access.operationId) };
};
const historieCalls = () => h.historie.requests.map((r) => r.body as Record<string, unknown>);
const reisdocumentCalls = () => h.reisdocumenten.requests.map((r) => r.body as Record<string, unknown>);
const clear = () => {
  h.mock.clearRequests();
  h.historie.clearRequests();
  h.reisdocumenten.clearRequests();
};
const as = async (roles: string[], purpose?: string) => ({ token: await h.token({ roles }), headers: (purpose ? { 'x-doelbinding': purpose } : {}) as Record<string, string> });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const PERIOD_QUERY = `{ persoon(burgerservicenummer: "${SUZANNE}") {
  naam { volledigeNaam }
  verblijfplaatshistorie(datumVan: "2010-01-01", datumTot: "2030-01-01") {
    type datumVan { ... on Datum { datum } } datumTot { ... on Datum { datum } }
    ... on AdresVoorkomen { verblijfadres { officieleStraatnaam huisnummer woonplaats } functieAdres { code } }
  } } }`;

describe('Verblijfplaatshistorie', () => {
  it('a permitted period: exactly the purpose\'s fields, newest first, one call, recorded for the person', async () => {
    clear();
    const res = await h.query(PERIOD_QUERY, await as(['wmo-woonhistorie']));
    expect(res.status).toBe(200);
    const historie = (res.body.data as { persoon: { verblijfplaatshistorie: Array<Record<string, any>> } }).persoon.verblijfplaatshistorie;
    expect(historie.map((v) => v.verblijfadres?.officieleStraatnaam)).toEqual(['Boterdiep', 'Vredesplein']);
    expect(historie[0].datumTot).toBeNull();
    expect(historie[1].datumTot).toEqual(historie[0].datumVan);
    // functieAdres is not in wmo-woonhistorie: denied, per voorkomen.
    expect(historie.every((v) => v.functieAdres === null)).toBe(true);
    expect(res.body.errors?.map((e) => e.extensions?.reason)).toEqual(expect.arrayContaining(['FIELD_NOT_IN_PURPOSE']));
    expect(historieCalls()).toEqual([{ type: 'RaadpleegMetPeriode', burgerservicenummer: SUZANNE, datumVan: '2010-01-01', datumTot: '2030-01-01' }]);
    const { access, processing } = lastRecord();
    expect(access).toMatchObject({ outcome: 'ok', purpose: 'wmo-woonhistorie', processingActivity: 'VA-WMO-004' });
    expect(processing).toHaveLength(1);
    expect(processing[0]).toMatchObject({ subjectId: SUZANNE, status: 'disclosed', processingActivity: 'VA-WMO-004' });
    expect(processing[0].fields).toEqual([
      'naam.volledigeNaam',
      'verblijfplaatshistorie.datumTot',
      'verblijfplaatshistorie.datumVan',
      'verblijfplaatshistorie.type',
      'verblijfplaatshistorie.verblijfadres.huisnummer',
      'verblijfplaatshistorie.verblijfadres.officieleStraatnaam',
      'verblijfplaatshistorie.verblijfadres.woonplaats',
    ]);
    expect(access.fieldsPruned).toContain('verblijfplaatshistorie.functieAdres');
  });

  it('the root query on a peildatum: the person is screened through Personen first, then the period covering the day', async () => {
    clear();
    const res = await h.query(`{ verblijfplaatshistorie(burgerservicenummer: "${SUZANNE}", peildatum: "2014-06-01") {
      burgerservicenummer verblijfplaatshistorie { datumVan { ... on Datum { datum } } datumTot { ... on Datum { datum } } ... on AdresVoorkomen { verblijfadres { officieleStraatnaam } } } } }`, await as(['wmo-woonhistorie']));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      verblijfplaatshistorie: {
        burgerservicenummer: SUZANNE,
        verblijfplaatshistorie: [{ datumVan: { datum: '2013-11-02' }, datumTot: { datum: '2015-08-08' }, verblijfadres: { officieleStraatnaam: 'Vredesplein' } }],
      },
    });
    // Personen was asked nothing but the BSN (the object rules read what comes with it), in the own municipality.
    expect(h.upstreamRequests()).toEqual([expect.objectContaining({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [SUZANNE], fields: ['burgerservicenummer'], gemeenteVanInschrijving: '0599' })]);
    expect(historieCalls()).toEqual([{ type: 'RaadpleegMetPeildatum', burgerservicenummer: SUZANNE, peildatum: '2014-06-01' }]);
    expect(lastRecord().processing.map((p) => p.fields)).toEqual([['burgerservicenummer', 'verblijfplaatshistorie.datumTot', 'verblijfplaatshistorie.datumVan', 'verblijfplaatshistorie.verblijfadres.officieleStraatnaam']]);
  });

  it('a purpose without any verblijfplaatshistorie field gets FORBIDDEN, and no call is made', async () => {
    clear();
    const linked = await h.query(PERIOD_QUERY.replace('naam { volledigeNaam }', 'naam { voornamen }'), await as(['wmo-consulent']));
    expect(linked.status).toBe(200);
    expect((linked.body.data as { persoon: Record<string, unknown> }).persoon.verblijfplaatshistorie).toBeNull();
    expect(linked.body.errors).toEqual([expect.objectContaining({ path: ['persoon', 'verblijfplaatshistorie'], extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'FIELD_NOT_IN_PURPOSE' }) })]);
    const root = await h.query(`{ verblijfplaatshistorie(burgerservicenummer: "${SUZANNE}", peildatum: "2014-06-01") { verblijfplaatshistorie { type } } }`, await as(['wmo-consulent']));
    expect(root.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'QUERY_NOT_IN_PURPOSE' });
    expect(historieCalls()).toEqual([]);
    expect(lastRecord().processing).toEqual([]);
  });

  it('a purpose without the query type is refused before the call', async () => {
    clear();
    // parkeervergunning names no verblijfplaatshistorie query type (nor field).
    const res = await h.query(`{ verblijfplaatshistorie(burgerservicenummer: "${SUZANNE}", peildatum: "2014-06-01") { burgerservicenummer } }`, await as(['parkeren']));
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'QUERY_NOT_IN_PURPOSE' });
    expect(historieCalls()).toEqual([]);
  });

  it('object rules first: a person outside the municipality is not looked up in the history', async () => {
    clear();
    const res = await h.query(`{ verblijfplaatshistorie(burgerservicenummer: "${OUTSIDE}", peildatum: "2014-06-01") { burgerservicenummer } }`, await as(['wmo-woonhistorie']));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ verblijfplaatshistorie: null });
    expect(historieCalls()).toEqual([]);
  });

  it('bad arguments are refused naming the argument, before any call', async () => {
    clear();
    for (const [args, argumentName] of [
      ['peildatum: "2014-06-01", datumVan: "2010-01-01", datumTot: "2011-01-01"', 'peildatum'],
      ['datumVan: "2010-01-01"', 'datumTot'],
      ['peildatum: "2014-13-01"', 'peildatum'],
      ['datumVan: "2012-01-01", datumTot: "2011-01-01"', 'datumTot'],
      ['', 'datumVan'],
    ] as const) {
      const res = await h.query(`{ verblijfplaatshistorie(burgerservicenummer: "${SUZANNE}"${args ? `, ${args}` : ''}) { burgerservicenummer } }`, await as(['wmo-woonhistorie']));
      expect(res.body.errors?.[0].extensions, args).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    }
    expect(historieCalls()).toEqual([]);
  });

  it('two aliases with different questions are decided each: a period under a purpose of peildata only is refused', async () => {
    const policy = parsePolicy(readFileSync('rules/policy.yaml', 'utf8').replace('      - RaadpleegMetPeildatum\n      - RaadpleegMetPeriode\n    nationwide: false', '      - RaadpleegMetPeildatum\n    nationwide: false'));
    expect(policy.purposes.get('wmo-woonhistorie')!.queries.has('RaadpleegMetPeriode')).toBe(false);
    const p = await startHarness({ facade: { policy } });
    try {
      const res = await p.query(`{ persoon(burgerservicenummer: "${SUZANNE}") {
        a: verblijfplaatshistorie(peildatum: "2014-06-01") { type }
        b: verblijfplaatshistorie(datumVan: "2000-01-01", datumTot: "2030-01-01") { type } } }`, { token: await p.token({ roles: ['wmo-woonhistorie'] }) });
      expect((res.body.data as { persoon: Record<string, unknown> }).persoon).toEqual({ a: [{ type: 'Adres' }], b: null });
      expect(res.body.errors).toEqual([expect.objectContaining({ path: ['persoon', 'b'], extensions: expect.objectContaining({ reason: 'QUERY_NOT_IN_PURPOSE' }) })]);
      expect(p.historie.requests.map((r) => (r.body as { type: string }).type)).toEqual(['RaadpleegMetPeildatum']);
    } finally {
      await p.close();
    }
  });

  it('the root query asks the history only when something of it is selected', async () => {
    clear();
    const res = await h.query(`{ verblijfplaatshistorie(burgerservicenummer: "${SUZANNE}", peildatum: "2014-06-01") { burgerservicenummer } }`, await as(['wmo-woonhistorie']));
    expect(res.body.data).toEqual({ verblijfplaatshistorie: { burgerservicenummer: SUZANNE } });
    expect(historieCalls()).toEqual([]);
  });

  it('one call per person and question, however often it is asked; relatives of one level at once', async () => {
    clear();
    const res = await h.query(`{ persoon(burgerservicenummer: "${SUZANNE}") {
      a: verblijfplaatshistorie(peildatum: "2014-06-01") { type }
      b: verblijfplaatshistorie(peildatum: "2014-06-01") { datumVan { ... on Datum { datum } } }
      c: verblijfplaatshistorie(peildatum: "2016-06-01") { type }
      partners { persoon { verblijfplaatshistorie(peildatum: "2016-06-01") { type } } }
    } }`, await as(['burgerzaken']));
    expect(res.body.errors).toBeUndefined();
    const keys = historieCalls().map((b) => `${b.burgerservicenummer}@${b.peildatum}`);
    expect(keys.filter((k) => k.startsWith(SUZANNE)).sort()).toEqual([`${SUZANNE}@2014-06-01`, `${SUZANNE}@2016-06-01`]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('Reisdocumenten', () => {
  it('the facade asks only what the API accepts: its askable fields are the mock\'s (from the features)', () => {
    expect(askableReisdocumentFields().sort()).toEqual([...REISDOCUMENT_FIELDS].sort());
  });

  it('everything asked: every askable value once, dates and code tables whole, nothing automatic, within the spec\'s 25', async () => {
    clear();
    const res = await h.query(`{ persoon(burgerservicenummer: "${HOLDER}") { reisdocumenten {
      reisdocumentnummer soort { code omschrijving } datumEindeGeldigheid { type langFormaat ... on Datum { datum } }
      inhoudingOfVermissing { datum { langFormaat } aanduiding { code } inOnderzoek { aanduiding } }
      houder { burgerservicenummer geheimhoudingPersoonsgegevens opschortingBijhouding { reden { code } } inOnderzoek { burgerservicenummer } }
      inOnderzoek { soort } } } }`, await as(['burgerzaken']));
    expect(res.body.errors).toBeUndefined();
    const [call] = reisdocumentCalls();
    expect(call.fields).toEqual(['datumEindeGeldigheid', 'houder.burgerservicenummer', 'inhoudingOfVermissing.aanduiding', 'inhoudingOfVermissing.datum', 'reisdocumentnummer', 'soort']);
    expect((call.fields as string[]).length).toBeLessThanOrEqual(MAX_REISDOCUMENT_FIELDS);
  });

  it('a permitted query: `fields` from the plan, exactly the purpose\'s fields back, recorded for the holder', async () => {
    clear();
    const res = await h.query(`{ persoon(burgerservicenummer: "${HOLDER}") { reisdocumenten { reisdocumentnummer soort { code } datumEindeGeldigheid { ... on Datum { datum } } } } }`, await as(['burgerzaken']));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ persoon: { reisdocumenten: [{ reisdocumentnummer: 'NT77B2FL7', soort: { code: 'PN' }, datumEindeGeldigheid: { datum: '2030-12-03' } }] } });
    expect(reisdocumentCalls()).toEqual([{ type: 'ZoekMetBurgerservicenummer', burgerservicenummer: HOLDER, fields: ['datumEindeGeldigheid', 'houder.burgerservicenummer', 'reisdocumentnummer', 'soort'] }]);
    const { processing } = lastRecord();
    expect(processing).toEqual([expect.objectContaining({ subjectId: HOLDER, status: 'disclosed', fields: ['reisdocumenten.datumEindeGeldigheid', 'reisdocumenten.reisdocumentnummer', 'reisdocumenten.soort'] })]);
  });

  it('by document number: the holder first (BSN only), screened, then the permitted fields; the record is the holder\'s', async () => {
    clear();
    const res = await h.query(`{ reisdocument(reisdocumentnummer: "NT77B2FL7") { burgerservicenummer reisdocumenten { soort { code } } } }`, await as(['burgerzaken']));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ reisdocument: { burgerservicenummer: HOLDER, reisdocumenten: [{ soort: { code: 'PN' } }] } });
    expect(reisdocumentCalls()).toEqual([
      { type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: ['NT77B2FL7'], fields: ['houder.burgerservicenummer'] },
      { type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: ['NT77B2FL7'], fields: ['houder.burgerservicenummer', 'soort'] },
    ]);
    expect(lastRecord().processing).toEqual([expect.objectContaining({ subjectId: HOLDER, fields: ['burgerservicenummer', 'reisdocumenten.soort'] })]);
  });

  it('a purpose without reisdocumenten fields gets FORBIDDEN and no call', async () => {
    clear();
    const res = await h.query(`{ persoon(burgerservicenummer: "${SUZANNE}") { naam { volledigeNaam } reisdocumenten { soort { code } } } }`, await as(['wmo-woonhistorie']));
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['persoon', 'reisdocumenten'], extensions: expect.objectContaining({ reason: 'FIELD_NOT_IN_PURPOSE' }) })]);
    const root = await h.query(`{ reisdocumenten(burgerservicenummer: "${HOLDER}") { burgerservicenummer } }`, await as(['wmo-woonhistorie']));
    expect(root.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'QUERY_NOT_IN_PURPOSE' });
    expect(reisdocumentCalls()).toEqual([]);
  });

  it('a list whose items deliver nothing recordable is recorded itself: its length is disclosed', async () => {
    clear();
    const res = await h.query(`{ persoon(burgerservicenummer: "${HOLDER}") { reisdocumenten { __typename } } }`, await as(['burgerzaken']));
    expect(res.body.data).toEqual({ persoon: { reisdocumenten: [{ __typename: 'Reisdocument' }] } });
    expect(lastRecord().processing).toEqual([expect.objectContaining({ subjectId: HOLDER, fields: ['reisdocumenten'] })]);
  });

  it('by document number only for nationwide purposes: the holder is unknown until the upstream names them', async () => {
    const policy = parsePolicy(readFileSync('rules/policy.yaml', 'utf8').replace("fields: ['*', 'verblijfplaatshistorie.*', 'reisdocumenten.*']", "fields: ['*', 'verblijfplaatshistorie.*', 'reisdocumenten.*']\n    nationwide: false").replace('    nationwide: true\n    includeDeceased: true', '    includeDeceased: true'));
    const p = await startHarness({ facade: { policy } });
    try {
      const res = await p.query(`{ reisdocument(reisdocumentnummer: "NT77B2FL7") { burgerservicenummer } }`, { token: await p.token({ roles: ['burgerzaken'] }) });
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NATIONWIDE_ONLY' });
      expect(p.reisdocumenten.requests).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('a malformed document number is refused naming the argument, before any call', async () => {
    clear();
    const res = await h.query(`{ reisdocument(reisdocumentnummer: "nt77") { burgerservicenummer } }`, await as(['burgerzaken']));
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'reisdocumentnummer' });
    expect(reisdocumentCalls()).toEqual([]);
  });
});
