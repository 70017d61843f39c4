// BRP persons over GraphQL, black-box: real HTTP, tokens signed in the test,
// the requests the BRP mock received inspected.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.clearRequests());

const fieldsSent = () => h.upstreamRequests().map((r) => r.fields);

describe('persoon', () => {
  it('returns the selected fields and asks the upstream for exactly those plus burgerservicenummer', async () => {
    const res = await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen geslachtsnaam } geboorte { datum { langFormaat } } } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      persoon: { naam: { voornamen: 'Suzanne', geslachtsnaam: 'Moulin' }, geboorte: { datum: { langFormaat: '1 december 1985' } } },
    });
    expect(fieldsSent()).toEqual([['burgerservicenummer', 'geboorte.datum', 'naam.geslachtsnaam', 'naam.voornamen']]);
    expect(h.upstreamRequests()[0]).toMatchObject({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['999993653'] });
  });

  it('computes fields through fragments, inline fragments on interfaces, aliases and variables', async () => {
    const res = await h.query(
      `query Q($bsn: String!, $withNat: Boolean!) {
        p: persoon(burgerservicenummer: $bsn) {
          ...Naam
          woont: verblijfplaats {
            type
            ... on Adres { verblijfadres { straat: officieleStraatnaam postcode } }
            ... on VerblijfplaatsBuitenland { verblijfadres { regel1 } }
          }
          nationaliteiten @include(if: $withNat) { ... on Nationaliteit { nationaliteit { omschrijving } } }
          partners @skip(if: true) { naam { voornamen } }
        }
      }
      fragment Naam on Persoon { naam { volledigeNaam } }`,
      { variables: { bsn: '999993653', withNat: false } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      p: { naam: { volledigeNaam: 'Suzanne Moulin' }, woont: { type: 'Adres', verblijfadres: { straat: 'Boterdiep', postcode: '3077AW' } } },
    });
    expect(fieldsSent()).toEqual([
      [
        'burgerservicenummer',
        'naam.volledigeNaam',
        'verblijfplaats.type',
        'verblijfplaats.verblijfadres.officieleStraatnaam',
        'verblijfplaats.verblijfadres.postcode',
        'verblijfplaats.verblijfadres.regel1',
      ],
    ]);
  });

  it('requests a date or code table as a whole, and never the automatically delivered fields', async () => {
    const res = await h.query(`{ persoon(burgerservicenummer: "999990378") {
      geslacht { code } geboorte { datum { ... on Datum { datum } } inOnderzoek { datum } }
      geheimhoudingPersoonsgegevens opschortingBijhouding { reden { code } } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(fieldsSent()).toEqual([['burgerservicenummer', 'geboorte.datum', 'geslacht']]);
    expect(res.body.data?.persoon).toMatchObject({ geslacht: { code: 'M' }, geboorte: { datum: { datum: '1960-10-01' } } });
  });

  it('is null, without error, for a BSN the BRP does not know', async () => {
    const res = await h.query(`{ persoon(burgerservicenummer: "123456782") { burgerservicenummer } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ persoon: null });
  });

  it.each([
    ['12345678', 'must be 9 digits'],
    ['123456789', 'elfproef'],
    ['99999365a', 'must be 9 digits'],
  ])('refuses BSN %s before the upstream: BAD_USER_INPUT naming the argument', async (bsn, message) => {
    const res = await h.query(`{ persoon(burgerservicenummer: "${bsn}") { burgerservicenummer } }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'burgerservicenummer' });
    expect(res.body.errors?.[0].message).toContain(message);
    expect(h.mock.requests).toHaveLength(0);
  });
});

describe('personen', () => {
  it('leaves out BSNs the BRP does not return, in the order asked', async () => {
    const res = await h.query(`{ personen(burgerservicenummers: ["999990378", "123456782", "999993653"]) { burgerservicenummer } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ personen: [{ burgerservicenummer: '999990378' }, { burgerservicenummer: '999993653' }] });
  });

  it('refuses more than 100 BSNs and a bad BSN inside the list, naming the argument', async () => {
    const many = Array.from({ length: 101 }, () => '999993653');
    let res = await h.query(`query($b: [String!]!) { personen(burgerservicenummers: $b) { burgerservicenummer } }`, { variables: { b: many } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'burgerservicenummers' });
    res = await h.query(`{ personen(burgerservicenummers: ["999993653", "123"]) { burgerservicenummer } }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'burgerservicenummers[1]' });
    expect(h.mock.requests).toHaveLength(0);
  });
});

describe('zoekPersonen', () => {
  it('searches by geslachtsnaam and geboortedatum and returns the restricted person', async () => {
    const res = await h.query(`{ zoekPersonen(geslachtsnaamEnGeboortedatum: { geslachtsnaam: "Moulin", geboortedatum: "1985-12-01" }) {
      burgerservicenummer naam { volledigeNaam } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.zoekPersonen).toEqual([{ burgerservicenummer: '999993653', naam: { volledigeNaam: 'Suzanne Moulin' } }]);
    expect(h.upstreamRequests()[0]).toEqual({
      type: 'ZoekMetGeslachtsnaamEnGeboortedatum',
      geslachtsnaam: 'Moulin',
      geboortedatum: '1985-12-01',
      fields: ['burgerservicenummer', 'naam.volledigeNaam'],
    });
  });

  it.each([
    ['naamEnGemeenteVanInschrijving: { geslachtsnaam: "Moulin", voornamen: "Suzanne", gemeenteVanInschrijving: "0599" }', 'ZoekMetNaamEnGemeenteVanInschrijving'],
    ['postcodeEnHuisnummer: { postcode: "3077AW", huisnummer: 31 }', 'ZoekMetPostcodeEnHuisnummer'],
    ['straatHuisnummerEnGemeenteVanInschrijving: { straat: "Boterdiep", huisnummer: 31, gemeenteVanInschrijving: "0599" }', 'ZoekMetStraatHuisnummerEnGemeenteVanInschrijving'],
    ['nummeraanduidingIdentificatie: "0599200000219678"', 'ZoekMetNummeraanduidingIdentificatie'],
    ['adresseerbaarObjectIdentificatie: "0599010000208579"', 'ZoekMetAdresseerbaarObjectIdentificatie'],
  ])('covers %s', async (search, type) => {
    const res = await h.query(`{ zoekPersonen(${search}) { burgerservicenummer } }`);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data?.zoekPersonen as Array<{ burgerservicenummer: string }>).map((p) => p.burgerservicenummer)).toContain('999993653');
    expect(h.upstreamRequests()[0].type).toBe(type);
  });

  it('refuses a postcode of the wrong form, and zero or two searches at once', async () => {
    let res = await h.query(`{ zoekPersonen(postcodeEnHuisnummer: { postcode: "0077AW", huisnummer: 31 }) { burgerservicenummer } }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'postcodeEnHuisnummer.postcode' });
    res = await h.query(`{ zoekPersonen { burgerservicenummer } }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'zoekPersonen' });
    res = await h.query(`{ zoekPersonen(nummeraanduidingIdentificatie: "0599200000219678", adresseerbaarObjectIdentificatie: "0599010000208579") { burgerservicenummer } }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(h.mock.requests).toHaveLength(0);
  });

  it('maps the upstream tooManyResults to a BAD_USER_INPUT the caller can act on', async () => {
    // 2272BV 54 houses more than ten test persons: the upstream answers 400 tooManyResults.
    const res = await h.query(`{ zoekPersonen(postcodeEnHuisnummer: { postcode: "2272BV", huisnummer: 54 }) { burgerservicenummer } }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_RESULTS' });
    expect(res.body.data).toBeNull();
  });
});
