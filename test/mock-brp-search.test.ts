// Query types of the mock BRP upstream on the official test data: each finds a known person,
// searches leave deceased persons out by default, more than 10 hits is tooManyResults, and
// gemeenteVanInschrijving restricts every type to one municipality (binnengemeentelijk-zoeken).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrpMock, type BrpMock } from '../src/dev/mocks/brp/server.ts';
import { personen, postPersonen, problem } from './support/mock-brp-client.ts';

let mock: BrpMock;
beforeAll(async () => {
  mock = await startBrpMock({ port: 0 });
});
afterAll(async () => mock?.close());

async function bsns(body: Record<string, unknown>): Promise<string[]> {
  const list = personen(await postPersonen(mock.url, { fields: ['burgerservicenummer'], ...body }));
  return list.map((p) => String(p.burgerservicenummer));
}

// 999993653: Suzanne Moulin, born 1985-12-01, Boterdiep 31, 3077AW Rotterdam (0599).
const MOULIN = '999993653';

describe('RaadpleegMetBurgerservicenummer', () => {
  it('returns the requested persons in request order, deceased included, unknown BSNs absent', async () => {
    expect(await bsns({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['999970239', '999999999', MOULIN, MOULIN] }))
      .toEqual(['999970239', MOULIN]);
  });

  it('returns type and an empty list when nothing is found', async () => {
    const res = await postPersonen(mock.url, { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['000000024'], fields: ['burgerservicenummer'] });
    expect(res.body).toEqual({ type: 'RaadpleegMetBurgerservicenummer', personen: [] });
  });
});

describe('each search type finds a known person', () => {
  it.each([
    ['ZoekMetGeslachtsnaamEnGeboortedatum', { geslachtsnaam: 'Moulin', geboortedatum: '1985-12-01' }],
    ['ZoekMetGeslachtsnaamEnGeboortedatum (case-insensitive, wildcard, optional filters)',
      { geslachtsnaam: 'mOU*', geboortedatum: '1985-12-01', geslacht: 'v', voornamen: 'suz*' }],
    ['ZoekMetNaamEnGemeenteVanInschrijving', { geslachtsnaam: 'Moulin', voornamen: 'Suzanne', gemeenteVanInschrijving: '0599' }],
    ['ZoekMetPostcodeEnHuisnummer', { postcode: '3077 aw', huisnummer: 31 }],
    ['ZoekMetPostcodeEnHuisnummer (with geslachtsnaam and geboortedatum)', { postcode: '3077AW', huisnummer: 31, geslachtsnaam: 'moulin', geboortedatum: '1985-12-01' }],
    ['ZoekMetStraatHuisnummerEnGemeenteVanInschrijving', { straat: 'boterdiep', huisnummer: 31, gemeenteVanInschrijving: '0599' }],
    ['ZoekMetStraatHuisnummerEnGemeenteVanInschrijving (wildcard)', { straat: 'Boterdi*', huisnummer: 31, gemeenteVanInschrijving: '0599' }],
    ['ZoekMetNummeraanduidingIdentificatie', { nummeraanduidingIdentificatie: '0599200000219678' }],
    ['ZoekMetAdresseerbaarObjectIdentificatie', { adresseerbaarObjectIdentificatie: '0599010000208579' }],
  ])('%s', async (name, params) => {
    const type = name.split(' ')[0];
    expect(await bsns({ type, ...params })).toEqual([MOULIN]);
  });

  it('a non-matching optional criterion excludes the person', async () => {
    expect(await bsns({ type: 'ZoekMetGeslachtsnaamEnGeboortedatum', geslachtsnaam: 'Moulin', geboortedatum: '1985-12-01', geslacht: 'M' })).toEqual([]);
    expect(await bsns({ type: 'ZoekMetPostcodeEnHuisnummer', postcode: '3077AW', huisnummer: 31, huisletter: 'B' })).toEqual([]);
    expect(await bsns({ type: 'ZoekMetGeslachtsnaamEnGeboortedatum', geslachtsnaam: 'Moul', geboortedatum: '1985-12-01' })).toEqual([]);
  });

  it('ZoekMetAdresseerbaarObjectIdentificatie delivers gezag (GezagPersoonBeperkt)', async () => {
    // A family at one address: 999970057 shares authority over 999970070 with 999970069
    // (stored as 'TweehoofdigOuderlijkGezag', the spec's GezamenlijkOuderlijkGezag).
    const list = personen(await postPersonen(mock.url, {
      type: 'ZoekMetAdresseerbaarObjectIdentificatie', adresseerbaarObjectIdentificatie: '0518010000583565', fields: ['burgerservicenummer', 'gezag'],
    }));
    const moeder = list.find((p) => p.burgerservicenummer === '999970057');
    expect(moeder?.gezag).toContainEqual({
      type: 'GezamenlijkOuderlijkGezag',
      minderjarige: { burgerservicenummer: '999970070', naam: { volledigeNaam: 'Nicolas van Nimwegen' }, leeftijd: expect.any(Number) },
      ouders: [
        { burgerservicenummer: '999970057', naam: { volledigeNaam: 'Nicolette Nooitgedacht' } },
        { burgerservicenummer: '999970069', naam: { volledigeNaam: 'Nicodemus van Nimwegen' } },
      ],
    });
  });
});

describe('deceased persons', () => {
  // 999970239: Simone Saasveld, born 1998-12-01, died 2020-08-01.
  it('are left out of searches unless inclusiefOverledenPersonen is true', async () => {
    const zoek = { type: 'ZoekMetGeslachtsnaamEnGeboortedatum', geslachtsnaam: 'Saasveld', geboortedatum: '1998-12-01' };
    expect(await bsns(zoek)).toEqual([]);
    expect(await bsns({ ...zoek, inclusiefOverledenPersonen: false })).toEqual([]);
    expect(await bsns({ ...zoek, inclusiefOverledenPersonen: true })).toEqual(['999970239']);
  });
});

describe('at most 10 search results', () => {
  const TOO_MANY = {
    type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1',
    title: 'Teveel zoekresultaten.',
    status: 400,
    detail: 'Meer dan maximum van 10 zoekresultaten gevonden. Verfijn de zoekopdracht.',
    instance: '/haalcentraal/api/brp/personen',
    code: 'tooManyResults',
  };

  it('more than 10 hits is 400 tooManyResults', async () => {
    const res = await postPersonen(mock.url, { type: 'ZoekMetPostcodeEnHuisnummer', postcode: '2596TW', huisnummer: 1, fields: ['burgerservicenummer'] });
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/problem+json');
    expect(res.body).toEqual(TOO_MANY);
  });

  it('exactly 10 living persons is fine; with the deceased one it is too many', async () => {
    // 2511CA 79: ten living residents and one deceased, like maximaal-aantal-zoekresultaten-gba.feature.
    const zoek = { type: 'ZoekMetPostcodeEnHuisnummer', postcode: '2511CA', huisnummer: 79 };
    expect(await bsns(zoek)).toHaveLength(10);
    const res = await postPersonen(mock.url, { ...zoek, inclusiefOverledenPersonen: true, fields: ['burgerservicenummer'] });
    expect(res.status).toBe(400);
    expect(problem(res).code).toBe('tooManyResults');
  });
});

describe('gemeenteVanInschrijving restricts every query type to that municipality', () => {
  it.each([
    ['RaadpleegMetBurgerservicenummer', { burgerservicenummer: [MOULIN] }],
    ['ZoekMetGeslachtsnaamEnGeboortedatum', { geslachtsnaam: 'Moulin', geboortedatum: '1985-12-01' }],
    ['ZoekMetPostcodeEnHuisnummer', { postcode: '3077AW', huisnummer: 31 }],
    ['ZoekMetNummeraanduidingIdentificatie', { nummeraanduidingIdentificatie: '0599200000219678' }],
    ['ZoekMetAdresseerbaarObjectIdentificatie', { adresseerbaarObjectIdentificatie: '0599010000208579' }],
    ['ZoekMetNaamEnGemeenteVanInschrijving', { geslachtsnaam: 'Moulin', voornamen: 'Suzanne' }],
    ['ZoekMetStraatHuisnummerEnGemeenteVanInschrijving', { straat: 'Boterdiep', huisnummer: 31 }],
  ])('%s', async (type, params) => {
    expect(await bsns({ type, ...params, gemeenteVanInschrijving: '0599' })).toEqual([MOULIN]);
    expect(await bsns({ type, ...params, gemeenteVanInschrijving: '0518' })).toEqual([]);
  });
});
