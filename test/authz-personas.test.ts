// Field-level authorisation per example persona and purpose, through HTTP with
// tokens signed in the test: what comes back, and what the BRP was asked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { nonNullLeafPaths, selection } from './support/selection.ts';

const schema = buildFacadeSchema();
const FULL = selection(schema, 'Persoon');
const FULL_QUERY = `{ persoon(burgerservicenummer: "999993653") { ${FULL} } }`;

const persona = {
  burgerzaken: { sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] },
  wmo: { sub: 'medewerker-wmo', client_id: 'procesapp', roles: ['wmo-consulent'] },
  parkeren: { sub: 'medewerker-parkeren', client_id: 'procesapp', roles: ['parkeren'] },
  loket: { sub: 'medewerker-loket', client_id: 'procesapp', roles: ['wmo-en-parkeren'] },
  saasOwn: { sub: 'saas-zaaksysteem', client_id: 'saas-zaaksysteem' },
  saasForWmo: { sub: 'medewerker-wmo', client_id: 'saas-zaaksysteem', roles: ['wmo-consulent'], act: { sub: 'saas-zaaksysteem' } },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.clearRequests());

const as = async (claims: Record<string, unknown>) => h.token(claims);
const upstream = () => h.upstreamRequests();

describe('per persona and purpose: returned fields and upstream fields of 999993653', () => {
  it('burgerzaken (brp-volledig) gets every field the person has, nationwide', async () => {
    const res = await h.query(FULL_QUERY, { token: await as(persona.burgerzaken) });
    expect(res.body.errors).toBeUndefined();
    const returned = nonNullLeafPaths(res.body.data?.persoon);
    expect(returned).toEqual(expect.arrayContaining(['nationaliteiten.nationaliteit.omschrijving', 'partners.naam.voornamen', 'ouders.naam.voornamen', 'immigratie.landVanwaarIngeschreven.code', 'aNummer']));
    expect(upstream()).toHaveLength(1);
    expect(upstream()[0].gemeenteVanInschrijving).toBeUndefined();
    expect(upstream()[0].fields).toEqual(expect.arrayContaining(['nationaliteiten.nationaliteit', 'aNummer', 'partners.naam.voornamen', 'ouders.naam.voornamen']));
  });

  it('wmo-consulent (wmo-aanvraag) gets exactly the WMO set; nothing else is asked upstream', async () => {
    const res = await h.query(FULL_QUERY, { token: await as(persona.wmo) });
    const returned = nonNullLeafPaths(res.body.data?.persoon).sort();
    expect(returned).toEqual(
      [
        'adressering.adresregel1',
        'adressering.adresregel2',
        'adressering.aanhef',
        'adressering.aanschrijfwijze.naam',
        'adressering.gebruikInLopendeTekst',
        'adresseringBinnenland.aanhef',
        'adresseringBinnenland.aanschrijfwijze.naam',
        'adresseringBinnenland.adresregel1',
        'adresseringBinnenland.adresregel2',
        'adresseringBinnenland.gebruikInLopendeTekst',
        'burgerservicenummer',
        'geboorte.datum.datum',
        'geboorte.datum.langFormaat',
        'geboorte.datum.type',
        'geslacht.code',
        'geslacht.omschrijving',
        'leeftijd',
        'naam.aanduidingNaamgebruik.code',
        'naam.aanduidingNaamgebruik.omschrijving',
        'naam.geslachtsnaam',
        'naam.volledigeNaam',
        'naam.voorletters',
        'naam.voornamen',
        'partners.naam.geslachtsnaam',
        'partners.naam.voorletters',
        'partners.naam.voornamen',
        'verblijfplaats.adresseerbaarObjectIdentificatie',
        'verblijfplaats.datumVan.datum',
        'verblijfplaats.datumVan.langFormaat',
        'verblijfplaats.datumVan.type',
        'verblijfplaats.functieAdres.code',
        'verblijfplaats.functieAdres.omschrijving',
        'verblijfplaats.nummeraanduidingIdentificatie',
        'verblijfplaats.type',
        'verblijfplaats.verblijfadres.huisnummer',
        'verblijfplaats.verblijfadres.korteStraatnaam',
        'verblijfplaats.verblijfadres.officieleStraatnaam',
        'verblijfplaats.verblijfadres.postcode',
        'verblijfplaats.verblijfadres.woonplaats',
        'verblijfplaatsBinnenland.adresseerbaarObjectIdentificatie',
        'verblijfplaatsBinnenland.datumVan.datum',
        'verblijfplaatsBinnenland.datumVan.langFormaat',
        'verblijfplaatsBinnenland.datumVan.type',
        'verblijfplaatsBinnenland.functieAdres.code',
        'verblijfplaatsBinnenland.functieAdres.omschrijving',
        'verblijfplaatsBinnenland.nummeraanduidingIdentificatie',
        'verblijfplaatsBinnenland.type',
        'verblijfplaatsBinnenland.verblijfadres.huisnummer',
        'verblijfplaatsBinnenland.verblijfadres.korteStraatnaam',
        'verblijfplaatsBinnenland.verblijfadres.officieleStraatnaam',
        'verblijfplaatsBinnenland.verblijfadres.postcode',
        'verblijfplaatsBinnenland.verblijfadres.woonplaats',
      ].sort(),
    );
    const fields = upstream()[0].fields as string[];
    const wmo = ['burgerservicenummer', 'naam', 'geboorte.datum', 'leeftijd', 'geslacht', 'verblijfplaats', 'adressering', 'partners.naam', 'partners.burgerservicenummer'];
    const allowed = (f: string) => wmo.some((p) => f === p || f.startsWith(`${p}.`)) || f.startsWith('verblijfplaatsBinnenland') || f.startsWith('adresseringBinnenland');
    expect(fields.filter((f) => !allowed(f))).toEqual([]);
    expect(fields).toContain('naam.voornamen');
    expect(upstream()[0].gemeenteVanInschrijving).toBe('0599');
    // Denied fields are null with one FORBIDDEN error each.
    const denied = (res.body.errors ?? []).map((e) => `${e.path?.join('.')}:${String(e.extensions?.reason)}`);
    expect(denied).toEqual(expect.arrayContaining(['persoon.nationaliteiten:FIELD_NOT_IN_PURPOSE', 'persoon.aNummer:FIELD_NOT_IN_PURPOSE', 'persoon.ouders:FIELD_NOT_IN_PURPOSE']));
    expect(res.body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('wmo-consulent asking nationaliteiten: null + FORBIDDEN, and nationaliteiten is not asked upstream', async () => {
    const res = await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { volledigeNaam } nationaliteiten { type } } }`, { token: await as(persona.wmo) });
    expect(res.body.data).toEqual({ persoon: { naam: { volledigeNaam: 'Suzanne Moulin' }, nationaliteiten: null } });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['persoon', 'nationaliteiten'], extensions: { code: 'FORBIDDEN', reason: 'FIELD_NOT_IN_PURPOSE', rows: 1 } }),
    ]);
    expect(upstream()[0].fields).toEqual(['burgerservicenummer', 'naam.volledigeNaam']);
  });

  it('parkeren (parkeervergunning) gets volledigeNaam and the address only', async () => {
    const res = await h.query(FULL_QUERY, { token: await as(persona.parkeren) });
    expect(nonNullLeafPaths(res.body.data?.persoon).sort()).toEqual(
      [
        'burgerservicenummer',
        'naam.volledigeNaam',
        'verblijfplaats.adresseerbaarObjectIdentificatie',
        'verblijfplaats.type',
        'verblijfplaats.verblijfadres.huisnummer',
        'verblijfplaats.verblijfadres.korteStraatnaam',
        'verblijfplaats.verblijfadres.officieleStraatnaam',
        'verblijfplaats.verblijfadres.postcode',
        'verblijfplaats.verblijfadres.woonplaats',
        'verblijfplaatsBinnenland.adresseerbaarObjectIdentificatie',
        'verblijfplaatsBinnenland.type',
        'verblijfplaatsBinnenland.verblijfadres.huisnummer',
        'verblijfplaatsBinnenland.verblijfadres.korteStraatnaam',
        'verblijfplaatsBinnenland.verblijfadres.officieleStraatnaam',
        'verblijfplaatsBinnenland.verblijfadres.postcode',
        'verblijfplaatsBinnenland.verblijfadres.woonplaats',
      ].sort(),
    );
    const fields = upstream()[0].fields as string[];
    expect(fields.filter((f) => !['burgerservicenummer', 'naam.volledigeNaam'].includes(f) && !/^verblijfplaats(Binnenland)?\.(type$|verblijfadres|adresseerbaarObjectIdentificatie$)/.test(f))).toEqual([]);
  });
});

describe('purpose selection (x-doelbinding)', () => {
  const Q = `{ persoon(burgerservicenummer: "999993653") { naam { voornamen volledigeNaam } } }`;

  it('with several purposes and no header: PURPOSE_REQUIRED, nothing fetched', async () => {
    const res = await h.query(Q, { token: await as(persona.loket) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', permitted: ['wmo-aanvraag', 'parkeervergunning'] });
    expect(upstream()).toHaveLength(0);
  });

  it('the header chooses among the permitted purposes', async () => {
    const parkeren = await h.query(Q, { token: await as(persona.loket), headers: { 'x-doelbinding': 'parkeervergunning' } });
    expect(parkeren.body.data).toEqual({ persoon: { naam: { voornamen: null, volledigeNaam: 'Suzanne Moulin' } } });
    const wmo = await h.query(Q, { token: await as(persona.loket), headers: { 'x-doelbinding': 'wmo-aanvraag' } });
    expect(wmo.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne', volledigeNaam: 'Suzanne Moulin' } } });
  });

  it('never grants: a purpose the principal does not hold is PURPOSE_NOT_PERMITTED (403), nothing fetched', async () => {
    const res = await h.query(Q, { token: await as(persona.loket), headers: { 'x-doelbinding': 'brp-volledig' } });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0].extensions?.code).toBe('PURPOSE_NOT_PERMITTED');
    expect(upstream()).toHaveLength(0);
  });

  it('an unregistered client gets CLIENT_NOT_REGISTERED (403), nothing fetched', async () => {
    const res = await h.query(Q, { token: await as({ sub: 'medewerker-x', client_id: 'onbekende-app', roles: ['burgerzaken'] }) });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0].extensions?.code).toBe('CLIENT_NOT_REGISTERED');
    expect(upstream()).toHaveLength(0);
  });
});

describe('SaaS application (requiresUser)', () => {
  const Q = `{ persoon(burgerservicenummer: "999993653") { naam { voornamen } nationaliteiten { type } } }`;

  it('its own client-credentials token gets no personal data and causes no upstream call', async () => {
    const res = await h.query(Q, { token: await as(persona.saasOwn) });
    expect(res.body.data).toEqual({ persoon: null });
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'CLIENT_REQUIRES_USER', rows: 1 });
    expect(upstream()).toHaveLength(0);
  });

  it('a delegated token for a wmo-consulent gets the WMO set', async () => {
    const res = await h.query(Q, { token: await as(persona.saasForWmo) });
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' }, nationaliteiten: null } });
    expect(upstream()[0].fields).toEqual(['burgerservicenummer', 'naam.voornamen']);
  });

  it('a user token for the SaaS client without act gets nothing (no employee proven behind it)', async () => {
    const res = await h.query(Q, { token: await as({ sub: 'medewerker-wmo', client_id: 'saas-zaaksysteem', roles: ['wmo-consulent'] }) });
    expect(res.body.data).toEqual({ persoon: null });
    expect(upstream()).toHaveLength(0);
  });
});

describe('object rules: municipality, secret persons, deceased', () => {
  const Q = (bsn: string) => `{ persoon(burgerservicenummer: "${bsn}") { burgerservicenummer } }`;
  it.each([
    ['000009842', 'registered outside 0599'],
    ['999991036', 'secret (geheimhouding) in 0599'],
    ['999970847', 'deceased in 0599'],
    ['999970239', 'deceased outside 0599'],
  ])('%s (%s) is not returned to wmo-consulent but is to burgerzaken', async (bsn) => {
    const wmo = await h.query(Q(bsn), { token: await as(persona.wmo) });
    expect(wmo.body.errors).toBeUndefined();
    expect(wmo.body.data).toEqual({ persoon: null });
    const bz = await h.query(Q(bsn), { token: await as(persona.burgerzaken) });
    expect(bz.body.data).toEqual({ persoon: { burgerservicenummer: bsn } });
  });

  it('searches of a municipality-bound purpose carry the own municipality upstream', async () => {
    await h.query(`{ zoekPersonen(postcodeEnHuisnummer: { postcode: "3077AW", huisnummer: 31 }) { burgerservicenummer } }`, { token: await as(persona.wmo) });
    expect(upstream()[0]).toMatchObject({ type: 'ZoekMetPostcodeEnHuisnummer', gemeenteVanInschrijving: '0599' });
  });

  it('a search type outside the purpose is denied before the upstream', async () => {
    const res = await h.query(`{ zoekPersonen(nummeraanduidingIdentificatie: "0599200000219678") { burgerservicenummer } }`, { token: await as(persona.wmo) });
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'QUERY_NOT_IN_PURPOSE', rows: 1 });
    expect(upstream()).toHaveLength(0);
  });
});
